/** The OPCC's review of a partnership's contribution over the fake mesh: reading it, accepting or returning it, and responses to its priorities. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import {
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerContributionReviewPages } from "./contribution-review";
import { answerCycle, contribution, DOVER, ID } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerCycle(mesh));

const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** A page for some roles only: the others (and a malformed id) are "page not found", nothing asked. */
const notFor = async (roles: string[], method: "GET" | "POST", path: string, malformed?: string) =>
  expect(await refusalsOf(mesh, roles, method, path, malformed)).toEqual(notFoundTo(roles, Boolean(malformed)));

const routes: PageTests = {
  "GET /assessments/:id/contributions/:partner": {
    "the latest version in full, its review, and recording a s.10 response to a priority": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({
          responses: [
            {
              priorityKey: "VIOLENCE",
              priorityTitle: "Serious violence",
              response: "Objective 2 funds knife arches",
              planObjective: "Objective 2",
              recordedBy: "",
              recordTime: null,
              objective: "",
              objectiveTitle: "",
            },
          ],
        }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contributions/csp-dover`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Dover CSP");
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: DOVER }]);
      expect(summaryRows(page.text)).toEqual([
        ["Status", "Submitted"],
        ["Version", "1, submitted 10am on 1 June 2027 by Sam Patel"],
        ["SHA-256", "1".repeat(64)],
        ["Priority 1", "Serious violence: Knife crime up 20%"],
        ["Priority 2", "County lines (emerging issue): New routes seen"],
        ["Knife crime rate", "4.2 (2026/27, Kent Police)"],
        ["Population", "115000"],
        ["Community views", "Residents fear the harbour at night"],
        ["Summary", "Violence dominates the year."],
      ]);
      expect(page.text).toContain(`action="/assessments/${ID}/contributions/csp-dover/return"`);
      expect(page.text).toContain(`formaction="/assessments/${ID}/contributions/csp-dover/accept"`);
      expect(page.text).toContain('<input type="hidden" name="version" value="1">');
      expect(textOf(page.text)).toContain("Serious violence (answered)");
      expect(tables(page.text)[0]?.rows).toEqual([
        ["Serious violence", "Objective 2 funds knife arches", "Objective 2"],
      ]);
    },
    "nothing submitted yet: says so, nothing to review": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({ versions: [], state: "CONTRIBUTION_STATE_DRAFT" }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contributions/csp-dover`, { as: "opcc" });
      expect(summaryRows(page.text)).toEqual([["Status", "Nothing submitted yet"]]);
      expect(page.text).not.toContain("/return");
    },
    "only the OPCC, only a partnership's id": () =>
      notFor(
        ["officer", "panel"],
        "GET",
        `/assessments/${ID}/contributions/csp-dover`,
        `/assessments/${ID}/contributions/-dover`,
      ),
  },

  "POST /assessments/:id/contributions/:partner/accept": {
    "accepts the version reviewed, and back to the contribution": async () => {
      mesh.downstream.on("assessments", "AcceptContribution", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/accept`, {
        as: "opcc",
        form: { version: "1", reasons: "" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contributions/csp-dover`]);
      expect(mesh.downstream.requests("assessments", "AcceptContribution")).toEqual([
        { name: DOVER, version: 1, requestId },
      ]);
    },
    "a newer version came in meanwhile (FAILED_PRECONDITION): 409": async () => {
      mesh.downstream.on("assessments", "AcceptContribution", () => {
        throw grpcError("FAILED_PRECONDITION", "version 1 is not the latest");
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/accept`, {
        as: "opcc",
        form: { version: "1" },
      });
      expect(page.status).toBe(409);
      expect(textOf(page.text)).toContain("version 1 is not the latest");
    },
    "only the OPCC": () => notFor(["officer", "panel"], "POST", `/assessments/${ID}/contributions/csp-dover/accept`),
  },

  "POST /assessments/:id/contributions/:partner/return": {
    "returns the version with the reasons": async () => {
      mesh.downstream.on("assessments", "ReturnContribution", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/return`, {
        as: "opcc",
        form: { version: "1", reasons: "Add the Q4 figures please" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contributions/csp-dover`]);
      expect(mesh.downstream.requests("assessments", "ReturnContribution")).toEqual([
        { name: DOVER, version: 1, reasons: "Add the Q4 figures please", requestId },
      ]);
    },
    "reasons the service refuses: the review page with 400, the reasons named and kept": async () => {
      mesh.downstream.on("assessments", "ReturnContribution", () => {
        throw refusedFields("too short", [{ field: "reasons", description: "must be 10 characters or more" }]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/return`, {
        as: "opcc",
        form: { version: "1", reasons: "No" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Give the reasons for returning it, in 10 characters or more", href: "#reasons" },
      ]);
      expect(fieldValue(page.text, "reasons")).toBe("No");
    },
    "only the OPCC": () => notFor(["officer"], "POST", `/assessments/${ID}/contributions/csp-dover/return`),
  },

  "POST /assessments/:id/contributions/:partner/responses": {
    "records the response to the priority chosen": async () => {
      mesh.downstream.on("assessments", "RecordPriorityResponse", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/responses`, {
        as: "opcc",
        form: { priority: "em-county-lines", response: "Funded in objective 3", objective: "Objective 3" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contributions/csp-dover`]);
      expect(mesh.downstream.requests("assessments", "RecordPriorityResponse")).toEqual([
        {
          name: DOVER,
          priorityKey: "em-county-lines",
          response: "Funded in objective 3",
          planObjective: "Objective 3",
          objective: "",
          requestId,
        },
      ]);
    },
    "with the plan as data: the objective chosen is sent by its name, and shown by its title": async () => {
      mesh.downstream.on("plans", "ListPlans", {
        plans: [
          {
            name: "plans/mks",
            title: "Making Kent Safer",
            objectives: [{ code: "VAWG", title: "Tackle VAWG", description: "", name: "plans/mks/objectives/VAWG" }],
          },
        ],
        nextPageToken: "",
      });
      const page = await mesh.send("GET", `/assessments/${ID}/contributions/csp-dover`, { as: "opcc" });
      expect(page.text).toContain('<option value="plans/mks/objectives/VAWG">Tackle VAWG (Making Kent Safer)</option>');
      mesh.downstream.on("assessments", "RecordPriorityResponse", contribution());
      await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/responses`, {
        as: "opcc",
        form: {
          priority: "em-county-lines",
          response: "Funded in objective 3",
          objective: "plans/mks/objectives/VAWG",
        },
      });
      expect(mesh.downstream.requests("assessments", "RecordPriorityResponse")[0]).toMatchObject({
        objective: "plans/mks/objectives/VAWG",
        planObjective: "",
      });
    },
    "an objective the plan does not have: 400 naming the objective field": async () => {
      mesh.downstream.on("assessments", "RecordPriorityResponse", () => {
        throw refusedFields("unknown plan objectives: objective", [
          { field: "objective", description: "plans/mks has no objective NOPE" },
        ]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/responses`, {
        as: "opcc",
        form: {
          priority: "em-county-lines",
          response: "Funded in objective 3",
          objective: "plans/mks/objectives/NOPE",
        },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Plan objective: plans/mks has no objective NOPE", href: "#objective" },
      ]);
    },
    "a response the service refuses: 400 naming it, the choice kept": async () => {
      mesh.downstream.on("assessments", "RecordPriorityResponse", () => {
        throw refusedFields("too short", [{ field: "response", description: "must be 10 characters or more" }]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/responses`, {
        as: "opcc",
        form: { priority: "em-county-lines", response: "Yes" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Say how the plan took the priority into account, in 10 characters or more", href: "#response" },
      ]);
      expect(chosen(page.text, "priority")).toEqual(["em-county-lines"]);
    },
    "only the OPCC": () => notFor(["officer", "panel"], "POST", `/assessments/${ID}/contributions/csp-dover/responses`),
  },
};

describe("the OPCC's review of a contribution over the fake mesh", () => {
  test("every route of the review pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerContributionReviewPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
