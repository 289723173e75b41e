/**
 * What people and partner systems read most, timed as they reach it: ListReportRequests over gRPC
 * as the OPCC, a CSP officer and by state, and the web pages over HTTP signed in as the OPCC, an
 * officer and a panel member. Measured once with the demo's volume and once with years of data, so
 * `growth` shows whether a read's cost follows the data (it must not).
 */
import { bearer, unary } from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import { summarise } from "./stats";

export interface PageTargets {
  reports: Client;
  identity: Client;
  meetings: Client;
  assessments: Client;
  audit: Client;
  grants: Client;
  /** The gateway's base URL, e.g. http://127.0.0.1:9080. */
  web: string;
}

type Probe = () => Promise<void>;

async function token(identity: Client, person: string): Promise<string> {
  return (await unary<unknown, { accessToken: string }>(identity, "DevSignIn", { person: `people/${person}` }))
    .accessToken;
}

/** Signs in on the web as a seeded person (development sign-in) and gives the session's cookie. */
export async function webSession(base: string, person: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`, { redirect: "manual" });
  const cookies = new Map<string, string>();
  const take = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const [k = "", ...v] = pair.split("=");
      cookies.set(k.trim(), v.join("="));
    }
  };
  take(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    headers: { cookie: header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: csrf, person }).toString(),
    redirect: "manual",
  });
  take(res);
  if (res.status !== 303) throw new Error(`web sign-in as ${person} answered ${res.status}`);
  return header();
}

async function probes(t: PageTargets): Promise<Record<string, Probe>> {
  const [opcc, officer, admin, panel] = await Promise.all([
    token(t.identity, "opcc-staff-1"),
    token(t.identity, "dover-officer"),
    token(t.identity, "opcc-admin-1"),
    token(t.identity, "panel-member-1"),
  ]);
  const opccWeb = await webSession(t.web, "opcc-staff-1");
  const officerWeb = await webSession(t.web, "dover-officer");
  const panelWeb = await webSession(t.web, "panel-member-1");
  const list = (tok: string, body: object) => async () => {
    await unary(t.reports, "ListReportRequests", { pageSize: 50, ...body }, bearer(tok));
  };
  const rpc =
    (client: Client, method: string, tok: string, body: object = {}) =>
    async () => {
      await unary(client, method, { pageSize: 50, ...body }, bearer(tok));
    };
  const get = (cookie: string, path: string) => async () => {
    const res = await fetch(`${t.web}${path}`, { headers: { cookie }, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  };
  return {
    requestsListOpcc: list(opcc, {}),
    requestsListOfficer: list(officer, {}),
    requestsByStateOpcc: list(opcc, { state: "ADDRESSEE_STATE_SUBMITTED" }),
    requestsOverdueOpcc: list(opcc, { overdueOnly: true }),
    requestsNewestOpcc: list(opcc, { orderBy: "create_time desc" }),
    requestsByTitleOfficer: list(officer, { orderBy: "title" }),
    homeOpcc: get(opccWeb, "/"),
    homeOfficer: get(officerWeb, "/"),
    homePanel: get(panelWeb, "/"),
    requestsPageOpcc: get(opccWeb, "/requests"),
    requestsPageOfficer: get(officerWeb, "/requests"),
    meetingsListOpcc: rpc(t.meetings, "ListMeetings", opcc),
    meetingsListOfficer: rpc(t.meetings, "ListMeetings", officer),
    meetingsPageOpcc: get(opccWeb, "/meetings"),
    actionsListOpcc: rpc(t.meetings, "ListActions", opcc),
    actionsListOfficer: rpc(t.meetings, "ListActions", officer),
    assessmentCyclesOpcc: rpc(t.assessments, "ListCycles", opcc),
    auditRecordsAdmin: rpc(t.audit, "ListAuditRecords", admin),
    auditRecordsByTypeAdmin: rpc(t.audit, "ListAuditRecords", admin, { type: "report.submitted" }),
    ...homePanelCalls(t, { opcc, officer, panel }),
  };
}

/**
 * Each call a home page makes, as the page makes it (pages of ten), so a home page's growth can be
 * traced to the panel that grows (figures, not judged). A role's request panels are one
 * BatchListReportRequests (`panel.<role>.requests`); each of its lists is also timed alone.
 */
function homePanelCalls(t: PageTargets, tok: { opcc: string; officer: string; panel: string }): Record<string, Probe> {
  const call = (client: Client, method: string, token: string, body: object) => async () => {
    await unary(client, method, { pageSize: 10, ...body }, bearer(token));
  };
  const batch = (token: string, lists: object[]) => async () => {
    await unary(
      t.reports,
      "BatchListReportRequests",
      { requests: lists.map((l) => ({ pageSize: 10, ...l })) },
      bearer(token),
    );
  };
  const week = () => {
    const now = Date.now();
    const ts = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: 0 });
    return { dueAfter: ts(now), dueBefore: ts(now + 7 * 86_400_000), awaitingPartner: true };
  };
  return {
    "panel.opcc.requests": () =>
      batch(tok.opcc, [
        { state: "ADDRESSEE_STATE_SUBMITTED" },
        { overdueOnly: true },
        week(),
        { state: "ADDRESSEE_STATE_RETURNED" },
      ])(),
    "panel.opcc.submitted": call(t.reports, "ListReportRequests", tok.opcc, { state: "ADDRESSEE_STATE_SUBMITTED" }),
    "panel.opcc.overdue": call(t.reports, "ListReportRequests", tok.opcc, { overdueOnly: true }),
    "panel.opcc.dueSoon": () => call(t.reports, "ListReportRequests", tok.opcc, week())(),
    "panel.opcc.returned": call(t.reports, "ListReportRequests", tok.opcc, { state: "ADDRESSEE_STATE_RETURNED" }),
    "panel.opcc.contributions": call(t.assessments, "ListContributions", tok.opcc, {
      cycle: "assessments/-",
      state: "CONTRIBUTION_STATE_SUBMITTED",
    }),
    "panel.opcc.businessCases": call(t.grants, "ListApplications", tok.opcc, {
      programme: "programmes/-",
      state: "APPLICATION_STATE_SUBMITTED",
    }),
    "panel.officer.requests": batch(tok.officer, [
      { awaitingPartner: true },
      { state: "ADDRESSEE_STATE_RETURNED" },
      { state: "ADDRESSEE_STATE_ACCEPTED", orderBy: "due_time desc", pageSize: 5 },
    ]),
    "panel.officer.awaiting": call(t.reports, "ListReportRequests", tok.officer, { awaitingPartner: true }),
    "panel.officer.returned": call(t.reports, "ListReportRequests", tok.officer, { state: "ADDRESSEE_STATE_RETURNED" }),
    "panel.officer.accepted": call(t.reports, "ListReportRequests", tok.officer, {
      state: "ADDRESSEE_STATE_ACCEPTED",
      orderBy: "due_time desc",
      pageSize: 5,
    }),
    "panel.officer.cycles": call(t.assessments, "ListCycles", tok.officer, { withOwnContributions: true }),
    "panel.panel.published": call(t.reports, "ListPublishedReports", tok.panel, {}),
    "panel.panel.editions": call(t.assessments, "ListEditions", tok.panel, {}),
  };
}

/** Each read `samples` times, one after another (its own cost, not contention). */
export async function timePages(t: PageTargets, samples: number) {
  const out: Record<string, ReturnType<typeof summarise>> = {};
  for (const [name, probe] of Object.entries(await probes(t))) {
    await probe(); // warm: connections, sessions, caches of partner names
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      await probe();
      times.push(performance.now() - t0);
    }
    out[name] = summarise(times);
  }
  return out;
}

/** `scale.pages.<name>` as the acceptance reads it. */
export function comparePages(
  small: Record<string, ReturnType<typeof summarise>>,
  large: Record<string, ReturnType<typeof summarise>>,
) {
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return Object.fromEntries(
    Object.entries(large).map(([name, l]) => {
      const s = small[name] ?? l;
      return [name, { smallP50Ms: s.p50, largeP50Ms: l.p50, largeP95Ms: l.p95, growth: round2(l.p50 / s.p50) }];
    }),
  );
}
