/** The grants pages over the fake mesh: the programme list, one programme for each role, opening and closing, a plan. */
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import {
  calledOf,
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  tokensOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerPlanPage } from "./plans";
import { registerProgrammeListPage, registerProgrammePages } from "./programmes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const called = () => calledOf(mesh);
const ts = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });
const plan = {
  name: "plans/mks",
  title: "Making Kent Safer",
  period: "2025-2029",
  objectives: [
    { code: "VAWG", title: "Violence against women and girls", description: "", name: "plans/mks/objectives/VAWG" },
  ],
  latestVersion: 2,
  versions: [
    {
      version: 1,
      title: "Making Kent Safer",
      period: "2025-2029",
      objectives: [],
      publishedBy: "people/x",
      publishTime: ts("2025-04-01T09:00:00Z"),
      sha256: "a",
    },
    {
      version: 2,
      title: "Making Kent Safer",
      period: "2025-2029",
      objectives: [{ code: "VAWG", title: "V", description: "", name: "" }],
      publishedBy: "people/x",
      publishTime: ts("2026-04-01T09:00:00Z"),
      sha256: "b",
    },
  ],
  etag: "e1",
};
const programme = (state = "PROGRAMME_STATE_DRAFT", over: Record<string, unknown> = {}) => ({
  name: "programmes/crg-2027-28",
  year: "2027/28",
  title: "Crime Reduction Grant 2027/28",
  description: "Each partnership's grant",
  kind: "PROGRAMME_KIND_ALLOCATION",
  state,
  budgetPence: "7600000",
  objectives: ["plans/mks/objectives/VAWG"],
  windowOpenTime: ts("2027-01-04T09:00:00Z"),
  windowCloseTime: ts("2027-03-31T16:00:00Z"),
  allocations: [
    { partner: "partners/csp-dover", amountPence: "3600000", partnerName: "Dover CSP" },
    { partner: "partners/csp-maidstone", amountPence: "3966100", partnerName: "Maidstone CSP" },
  ],
  projectMaxPence: "0",
  countyWideMaxPence: "0",
  questions: [],
  conditions: [{ code: "PURPOSE", text: "The grant is used only for the purposes approved." }],
  tranches: [
    { numerator: 2, denominator: 3, trigger: "TRANCHE_TRIGGER_ON_AGREEMENT" },
    { numerator: 1, denominator: 3, trigger: "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN" },
  ],
  classification: "CLASSIFICATION_OFFICIAL",
  unallocatedPence: "33900",
  etag: "p1",
  ...over,
});
const notFor = async (roles: string[], method: "GET" | "POST", path: string, malformed?: string) =>
  expect(await refusalsOf(mesh, roles, method, path, malformed)).toEqual(notFoundTo(roles, Boolean(malformed)));

const routes: PageTests = {
  "GET /grants": {
    "programmes newest year first with budgets in pounds, and the plans": async () => {
      mesh.downstream.on("grants", "ListProgrammes", {
        programmes: [programme("PROGRAMME_STATE_OPEN")],
        nextPageToken: "",
      });
      mesh.downstream.on("plans", "ListPlans", { plans: [plan], nextPageToken: "" });
      const page = await mesh.send("GET", "/grants", { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Grants");
      expect(tables(page.text)).toEqual([
        {
          caption: "Programmes, newest year first",
          head: ["Programme", "Year", "Kind", "State", "Budget"],
          rows: [
            ["Crime Reduction Grant 2027/28", "2027/28", "Allocation to named partnerships", "Open", "£76,000.00"],
          ],
        },
        {
          caption: "Police and Crime Plans",
          head: ["Plan", "Period", "Version"],
          rows: [["Making Kent Safer", "2025-2029", "2"]],
        },
      ]);
      expect(page.text).toContain('href="/grants/programmes/crg-2027-28"');
      expect(page.text).toContain('href="/grants/plans/mks"');
      expect(tokensOf(mesh)).toEqual(["token-officer"]);
      expect(mesh.downstream.requests("grants", "ListProgrammes")).toEqual([{ pageSize: 100 }]);
    },
    "nothing yet: says so": async () => {
      mesh.downstream.on("grants", "ListProgrammes", { programmes: [], nextPageToken: "" });
      mesh.downstream.on("plans", "ListPlans", { plans: [], nextPageToken: "" });
      const page = await mesh.send("GET", "/grants", { as: "panel" });
      expect(textOf(page.text)).toContain("There are no programmes yet.");
      expect(textOf(page.text)).toContain("No plan has been published yet.");
    },
    "the grants service away: a 503 page, not an error": async () => {
      mesh.downstream.on("grants", "ListProgrammes", () => {
        throw grpcError("UNAVAILABLE", "grants is not configured on this gateway");
      });
      mesh.downstream.on("plans", "ListPlans", { plans: [], nextPageToken: "" });
      expect((await mesh.send("GET", "/grants", { as: "opcc" })).status).toBe(503);
    },
  },
  "GET /grants/programmes/:id": {
    "the OPCC's draft: terms, allocations in pounds, objectives by title, conditions, and opening offered":
      async () => {
        mesh.downstream.on("grants", "GetProgramme", programme());
        mesh.downstream.on("plans", "GetPlan", plan);
        const page = await mesh.send("GET", "/grants/programmes/crg-2027-28", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Crime Reduction Grant 2027/28");
        expect(summaryRows(page.text)).toEqual([
          ["State", "Draft"],
          ["Kind", "Allocation to named partnerships"],
          ["Budget", "£76,000.00"],
          ["Not allocated", "£339.00"],
          ["Applications", "4 January 2027 to 31 March 2027"],
          ["Paid", "2/3 when the grant agreement is accepted; 1/3 when the mid-year monitoring return is accepted"],
        ]);
        expect(tables(page.text)).toEqual([
          {
            caption: "Allocations",
            head: ["Partnership", "Amount"],
            rows: [
              ["Dover CSP", "£36,000.00"],
              ["Maidstone CSP", "£39,661.00"],
            ],
          },
          {
            caption: "Police and Crime Plan objectives it serves",
            head: ["Objective"],
            rows: [["Violence against women and girls (Making Kent Safer)"]],
          },
          {
            caption: "Conditions of every grant",
            head: ["Condition"],
            rows: [["The grant is used only for the purposes approved."]],
          },
        ]);
        expect(page.text).toContain('action="/grants/programmes/crg-2027-28/open"');
        expect(page.text).toContain('name="etag" value="p1"');
        expect(mesh.downstream.requests("plans", "GetPlan")).toEqual([{ name: "plans/mks" }]);
      },
    "an open round's limits; a partnership reads it, may start a business case, and is offered no OPCC action":
      async () => {
        mesh.downstream.on(
          "grants",
          "GetProgramme",
          programme("PROGRAMME_STATE_OPEN", {
            kind: "PROGRAMME_KIND_OPEN_ROUND",
            allocations: [],
            projectMaxPence: "1000000",
            countyWideMaxPence: "2000000",
          }),
        );
        mesh.downstream.on("plans", "GetPlan", () => {
          throw grpcError("NOT_FOUND", "no plan");
        });
        mesh.downstream.on("grants", "GetApplication", () => {
          throw grpcError("NOT_FOUND", "no application yet");
        });
        const page = await mesh.send("GET", "/grants/programmes/crg-2027-28", { as: "officer" });
        expect(mesh.downstream.requests("grants", "GetApplication")).toEqual([
          { name: "programmes/crg-2027-28/applications/csp-dover" },
        ]);
        expect(page.text).toContain('href="/grants/programmes/crg-2027-28/apply"');
        expect(textOf(page.text)).toContain("Start your business case");
        expect(summaryRows(page.text).slice(0, 5)).toEqual([
          ["State", "Open"],
          ["Kind", "Open round"],
          ["Budget", "£76,000.00"],
          ["Most for one project", "£10,000.00"],
          ["Most for a county-wide project", "£20,000.00"],
        ]);
        // A plan that cannot be read: the objective shows by its code.
        expect(tables(page.text)[0]?.rows).toEqual([["VAWG"]]);
        expect(page.text).not.toContain('/open"');
        expect(page.text).not.toContain('/close"');
      },
    "a programme the person may not see is page not found; so is a malformed id": async () => {
      mesh.downstream.on("grants", "GetProgramme", () => {
        throw grpcError("NOT_FOUND", "programme not found");
      });
      expect((await mesh.send("GET", "/grants/programmes/crg-2027-28", { as: "panel" })).status).toBe(404);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/grants/programmes/NOT_AN_ID", { as: "opcc" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },
  "POST /grants/programmes/:id/open": {
    "the OPCC opens it with the etag as read, and is taken back to it": async () => {
      mesh.downstream.on("grants", "OpenProgramme", programme("PROGRAMME_STATE_OPEN"));
      const sent = await mesh.send("POST", "/grants/programmes/crg-2027-28/open", { as: "opcc", form: { etag: "p1" } });
      expect([sent.status, sent.location]).toEqual([303, "/grants/programmes/crg-2027-28"]);
      expect(mesh.downstream.requests("grants", "OpenProgramme")).toEqual([
        { name: "programmes/crg-2027-28", etag: "p1", requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
    },
    "anyone else: page not found, nothing asked": () =>
      notFor(["officer", "panel"], "POST", "/grants/programmes/crg-2027-28/open", "/grants/programmes/BAD/open"),
    "already opened by someone else: the service's refusal is shown as a conflict page": async () => {
      mesh.downstream.on("grants", "OpenProgramme", () => {
        throw grpcError("FAILED_PRECONDITION", "a open programme cannot be opened");
      });
      const page = await mesh.send("POST", "/grants/programmes/crg-2027-28/open", { as: "opcc", form: { etag: "p1" } });
      expect(page.status).toBe(409);
    },
  },
  "POST /grants/programmes/:id/close": {
    "the OPCC closes an open programme": async () => {
      mesh.downstream.on("grants", "CloseProgramme", programme("PROGRAMME_STATE_CLOSED"));
      const sent = await mesh.send("POST", "/grants/programmes/crg-2027-28/close", {
        as: "opcc",
        form: { etag: "p2" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/grants/programmes/crg-2027-28"]);
      expect(mesh.downstream.requests("grants", "CloseProgramme")).toEqual([
        { name: "programmes/crg-2027-28", etag: "p2", requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
    },
    "anyone else: page not found": () => notFor(["officer", "panel"], "POST", "/grants/programmes/crg-2027-28/close"),
  },
  "GET /grants/plans/:id": {
    "the plan's objectives by code and its versions, newest first": async () => {
      mesh.downstream.on("plans", "GetPlan", plan);
      const page = await mesh.send("GET", "/grants/plans/mks", { as: "panel" });
      expect(headingOf(page.text)).toBe("Making Kent Safer");
      expect(tables(page.text)).toEqual([
        {
          caption: "Objectives (version 2)",
          head: ["Code", "Objective"],
          rows: [["VAWG", "Violence against women and girls"]],
        },
        {
          caption: "Versions",
          head: ["Version", "Published", "Objectives"],
          rows: [
            ["2", "1 April 2026", "1"],
            ["1", "1 April 2025", "0"],
          ],
        },
      ]);
      expect(mesh.downstream.requests("plans", "GetPlan")).toEqual([{ name: "plans/mks" }]);
    },
    "a malformed id is page not found, nothing asked": async () => {
      expect((await mesh.send("GET", "/grants/plans/Not_Valid", { as: "opcc" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },
};

describe("grants pages over the fake mesh", () => {
  test("every route of the grants pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerProgrammeListPage, registerProgrammePages, registerPlanPage), routes)).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
