/**
 * The web frame over the fake mesh: every route of the web service belongs to a registration whose
 * test file (one for each module of an area) checks a handler test for each of its routes; the page
 * wrapper turns each service refusal into its page; forms need the session's own form token.
 */

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Router } from "express";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, textOf, titleOf } from "../../testing/page-reading";
import { routesOf, webRouteKeys } from "../../testing/page-tests";
import { registerSessionPages, type SessionPagesOptions } from "../account/session-pages";
import { registerSignInPages, type SignInOptions } from "../account/sign-in";
import { registerAssessmentContributionPages } from "../assessments/contribution";
import { registerContributionReviewPages } from "../assessments/contribution-review";
import { registerCycleListPages, registerCyclePage } from "../assessments/cycles";
import { registerEditionListPage, registerEditionPages } from "../assessments/editions";
import { registerAgreementPage } from "../combinations/agreement";
import { registerAgreementDecisionPages } from "../combinations/decisions";
import { registerAgreementDocumentPages } from "../combinations/documents";
import { registerLineagePage } from "../combinations/lineage";
import { registerCombinationListPage } from "../combinations/list";
import { registerProposalPages } from "../combinations/proposal";
import { registerApplicationPage } from "../grants/application-page";
import { registerApplicationPages } from "../grants/applications";
import { registerAwardMonitoringPages } from "../grants/award-monitoring";
import { registerAwardVariationPages } from "../grants/award-variations";
import { registerAwardPage } from "../grants/awards";
import { registerPlanFormPages } from "../grants/plan-form";
import { registerPlanPage } from "../grants/plans";
import { registerProgrammeFormPages } from "../grants/programme-form";
import { registerProgrammeListPage, registerProgrammePages } from "../grants/programmes";
import { registerRegisterPages } from "../grants/register";
import { registerSummaryPage } from "../grants/summary";
import { registerHome } from "../home/home";
import { registerActionPages } from "../meetings/actions";
import { registerAgendaPages } from "../meetings/agenda";
import { registerCalendarFeedPages } from "../meetings/calendar-feed";
import { registerMeetingPage } from "../meetings/meeting-page";
import { registerMeetingListPages } from "../meetings/meetings";
import { registerMeetingRecordPages } from "../meetings/record";
import { registerAnswerPages } from "../requests/answers";
import { registerCreateRequestPages } from "../requests/create";
import { registerRequestList } from "../requests/list";
import { registerReportPages } from "../requests/report";
import { registerRequestPages } from "../requests/request-page";
import { registerVersionPages } from "../requests/versions";
import { registerEmailSettingsPages } from "../settings/email-settings";
import type { WebArea } from "./area";

const WEB = path.resolve(__dirname, "..");

type Register = (r: Router, a: WebArea) => void;
const signIn: Register = (r, a) => registerSignInPages(r, a, {} as SignInOptions);
const sessionPages: Register = (r, a) => registerSessionPages(r, a, {} as SessionPagesOptions);

/**
 * Each registration of the web service's routes, by the test file that has a handler test for each
 * of its routes (that file checks its table against `routesOf(<these registrations>)`): one file for
 * each module of an area, so every route is in exactly one file's table.
 */
const TESTED_BY: Record<string, [string, Register][]> = {
  "account/account.test.ts": [
    ["registerSignInPages", signIn],
    ["registerSessionPages", sessionPages],
  ],
  "home/routes.test.ts": [["registerHome", registerHome]],
  "requests/list.test.ts": [["registerRequestList", registerRequestList]],
  "requests/create.test.ts": [["registerCreateRequestPages", registerCreateRequestPages]],
  "requests/request-page.test.ts": [["registerRequestPages", registerRequestPages]],
  "requests/report.test.ts": [["registerReportPages", registerReportPages]],
  "requests/versions.test.ts": [["registerVersionPages", registerVersionPages]],
  "requests/answers-page.test.ts": [["registerAnswerPages", registerAnswerPages]],
  "meetings/meetings.test.ts": [["registerMeetingListPages", registerMeetingListPages]],
  "meetings/meeting-page.test.ts": [["registerMeetingPage", registerMeetingPage]],
  "meetings/record.test.ts": [["registerMeetingRecordPages", registerMeetingRecordPages]],
  "meetings/agenda.test.ts": [["registerAgendaPages", registerAgendaPages]],
  "meetings/actions.test.ts": [["registerActionPages", registerActionPages]],
  "meetings/calendar-feed.test.ts": [["registerCalendarFeedPages", registerCalendarFeedPages]],
  "assessments/cycles.test.ts": [
    ["registerCycleListPages", registerCycleListPages],
    ["registerCyclePage", registerCyclePage],
  ],
  "assessments/editions.test.ts": [
    ["registerEditionListPage", registerEditionListPage],
    ["registerEditionPages", registerEditionPages],
  ],
  "assessments/contribution.test.ts": [["registerAssessmentContributionPages", registerAssessmentContributionPages]],
  "assessments/contribution-review.test.ts": [["registerContributionReviewPages", registerContributionReviewPages]],
  "grants/grants.test.ts": [
    ["registerProgrammeListPage", registerProgrammeListPage],
    ["registerProgrammePages", registerProgrammePages],
    ["registerPlanPage", registerPlanPage],
  ],
  "grants/programme-form.test.ts": [["registerProgrammeFormPages", registerProgrammeFormPages]],
  "grants/applications.test.ts": [["registerApplicationPages", registerApplicationPages]],
  "grants/application-page.test.ts": [["registerApplicationPage", registerApplicationPage]],
  "grants/awards.test.ts": [["registerAwardPage", registerAwardPage]],
  "grants/award-monitoring.test.ts": [["registerAwardMonitoringPages", registerAwardMonitoringPages]],
  "grants/award-variations.test.ts": [["registerAwardVariationPages", registerAwardVariationPages]],
  "grants/summary.test.ts": [["registerSummaryPage", registerSummaryPage]],
  "grants/plan-form.test.ts": [["registerPlanFormPages", registerPlanFormPages]],
  "grants/register.test.ts": [["registerRegisterPages", registerRegisterPages]],
  "combinations/list.test.ts": [["registerCombinationListPage", registerCombinationListPage]],
  "combinations/proposal.test.ts": [["registerProposalPages", registerProposalPages]],
  "combinations/agreement.test.ts": [["registerAgreementPage", registerAgreementPage]],
  "combinations/decisions.test.ts": [["registerAgreementDecisionPages", registerAgreementDecisionPages]],
  "combinations/documents.test.ts": [["registerAgreementDocumentPages", registerAgreementDocumentPages]],
  "combinations/lineage.test.ts": [["registerLineagePage", registerLineagePage]],
  "settings/email-settings.test.ts": [["registerEmailSettingsPages", registerEmailSettingsPages]],
};

describe("the web service's routes", () => {
  test("every route the app registers comes from a registration whose test file covers it", () => {
    const covered = Object.values(TESTED_BY).flatMap((registers) => routesOf(...registers.map(([, r]) => r)));
    const all = webRouteKeys();
    expect(all.length).toBeGreaterThan(60);
    expect([...covered].sort()).toEqual([...all].sort());
    // No route is registered twice (the second would never be reached).
    expect(new Set(all).size).toBe(all.length);
  });

  test("each of those test files checks its table against exactly those registrations", () => {
    for (const [file, registers] of Object.entries(TESTED_BY)) {
      const source = existsSync(path.join(WEB, file)) ? readFileSync(path.join(WEB, file), "utf8") : "";
      expect([file, /webCoverage\(\s*routesOf\(/.test(source)]).toEqual([file, true]);
      const from = source.indexOf("webCoverage(");
      const call = source.slice(from, source.indexOf(".toEqual(", from));
      // The registrations the call names are these, no more and no fewer.
      const named = [...new Set(call.match(/\bregister[A-Z]\w*/g))].sort();
      expect([file, named]).toEqual([file, registers.map(([name]) => name).sort()]);
    }
  });
});

describe("the page wrapper and the form token", () => {
  let mesh: FakeMesh;
  beforeAll(async () => {
    mesh = await startFakeMesh();
  });
  afterAll(() => mesh.close());
  beforeEach(() => mesh.downstream.calls.splice(0));

  const settings = {
    name: "people/opcc-staff-1/notificationSettings",
    emailDelivery: "EMAIL_DELIVERY_IMMEDIATE",
    email: "",
  };
  const refusing = (code: Parameters<typeof grpcError>[0], details: string) =>
    mesh.downstream.on("notificationSettings", "GetNotificationSettings", () => {
      throw grpcError(code, details);
    });

  test.each([
    ["NOT_FOUND", 404, "Page not found", "You may not have access to this page."],
    ["PERMISSION_DENIED", 403, "You cannot do that", "only the person themselves may read their settings"],
    ["FAILED_PRECONDITION", 409, "That is not possible now", "only the person themselves may read their settings"],
    ["ABORTED", 409, "That is not possible now", "only the person themselves may read their settings"],
    ["UNAVAILABLE", 503, "Sorry, the service is unavailable", "Nothing you sent has been lost or half-saved."],
    ["DEADLINE_EXCEEDED", 503, "Sorry, the service is unavailable", "Try again in a few minutes."],
  ] as const)("a service's %s is a %i page: %s", async (code, status, heading, says) => {
    refusing(code, "only the person themselves may read their settings");
    const page = await mesh.send("GET", "/email-settings", { as: "officer" });
    expect(page.status).toBe(status);
    expect(headingOf(page.text)).toBe(heading);
    expect(titleOf(page.text)).toBe(`${heading} - Community safety partnership work`);
    expect(textOf(page.text)).toContain(says);
    // Still the signed-in person's page, with their navigation.
    expect(textOf(page.text)).toContain("Signed in as people/dover-officer for Dover CSP");
  });

  test("a refusal that cannot go on (FAILED_PRECONDITION) links back up a level", async () => {
    refusing("FAILED_PRECONDITION", "the meeting was cancelled");
    const page = await mesh.send("GET", "/email-settings", { as: "opcc" });
    expect(page.status).toBe(409);
    expect(page.text).toContain('<a class="govuk-link" href="/">Go back</a>');
  });

  test("an ended token (UNAUTHENTICATED) sends the person to sign in; anything else is the 500 page, never a trace", async () => {
    refusing("UNAUTHENTICATED", "token expired");
    const ended = await mesh.send("GET", "/email-settings", { as: "opcc" });
    expect([ended.status, ended.location]).toEqual([303, "/sign-in"]);
    refusing("INVALID_ARGUMENT", "name is malformed");
    const invalid = await mesh.send("GET", "/email-settings", { as: "opcc" });
    expect(invalid.status).toBe(500);
    expect(headingOf(invalid.text)).toBe("Sorry, there is a problem with the service");
    expect(invalid.text).not.toContain("name is malformed");
    mesh.downstream.on("notificationSettings", "GetNotificationSettings", () => {
      throw new TypeError("cannot read properties of undefined");
    });
    const broken = await mesh.send("GET", "/email-settings", { as: "opcc" });
    expect(broken.status).toBe(500);
    expect(broken.text).not.toContain("cannot read properties");
  });

  test("without a session a page asks nothing and sends the person to sign in; so does an unknown session", async () => {
    for (const as of [undefined, "someone-else"]) {
      const page = await mesh.send("GET", "/email-settings", { as });
      expect([page.status, page.location]).toEqual([303, "/sign-in"]);
    }
    expect(mesh.downstream.calls).toEqual([]);
  });

  test("every route but signing in, the session's two calls, the calendar feed and the register of grants sends a person without a session to sign in", async () => {
    const open: string[] = [];
    for (const key of webRouteKeys()) {
      const [method, route] = key.split(" ") as ["GET" | "POST", string];
      const path = route.replace(/:format/, "csv").replace(/:(\w+)/g, "p-1");
      const reply = await mesh.send(method, path, method === "POST" ? { form: { typed: "kept" } } : {});
      // A form posted without a session is kept for when the person signs in again.
      const signIn = method === "POST" ? "/sign-in?kept=1" : "/sign-in";
      if (reply.status !== 303 || reply.location !== signIn) open.push(key);
    }
    expect(open).toEqual([
      "GET /sign-in",
      "POST /sign-in",
      "GET /session/status",
      "POST /session/keep-alive",
      "GET /feeds/meetings/:secret.ics",
      "GET /grants/register",
      "GET /grants/register.csv",
      "GET /grants/register.json",
    ]);
    expect(mesh.downstream.calls.map((c) => c.method)).toEqual([
      "ReadCalendarFeed",
      "ListPublishedGrants",
      "ListPublishedGrants",
      "ListPublishedGrants",
    ]);
  });

  test("a path nobody registered is the 404 page", async () => {
    const page = await mesh.send("GET", "/no-such-page", { as: "opcc" });
    expect(page.status).toBe(404);
    expect(headingOf(page.text)).toBe("Page not found");
    expect(mesh.downstream.calls).toEqual([]);
  });

  test("a form page's hidden token is the one in the session's cookie, and posting it is accepted", async () => {
    mesh.downstream.on("notificationSettings", "GetNotificationSettings", settings);
    mesh.downstream.on("notificationSettings", "UpdateNotificationSettings", (req) => req.notificationSettings ?? {});
    const form = await mesh.send("GET", "/email-settings", { as: "opcc" });
    const hidden = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    expect(hidden).toBeDefined();
    expect(form.cookies["csp.x-csrf"]).toBe(hidden);
    const sent = await mesh.send("POST", "/email-settings", {
      as: "opcc",
      form: { delivery: "EMAIL_DELIVERY_DAILY_DIGEST" },
      csrf: hidden,
    });
    expect([sent.status, sent.location]).toEqual([303, "/email-settings?saved=1"]);
  });

  test("a form without its token, or with another session's, is refused before anything is asked", async () => {
    const none = await mesh.send("POST", "/email-settings", {
      as: "opcc",
      form: { delivery: "EMAIL_DELIVERY_DAILY_DIGEST" },
      csrf: false,
    });
    expect(none.status).toBe(403);
    expect(headingOf(none.text)).toBe("Your form has expired");
    const officers = await mesh.csrfToken("officer");
    const theirs = await mesh.send("POST", "/email-settings", {
      as: "opcc",
      form: { delivery: "EMAIL_DELIVERY_DAILY_DIGEST" },
      csrf: officers,
    });
    expect(theirs.status).toBe(403);
    expect(mesh.downstream.calls).toEqual([]);
  });
});
