import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, refusedFields, rest, ts } from "../testing";
import { grantRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const objective = {
  code: "VAWG",
  title: "Violence against women and girls",
  description: "",
  name: "plans/mks/objectives/VAWG",
};
const plan = {
  name: "plans/mks",
  title: "Making Kent Safer",
  period: "2025-2029",
  objectives: [objective],
  latestVersion: 1,
  versions: [],
  createTime: ts("2026-04-01T09:00:00Z"),
  updateTime: ts("2026-04-01T09:00:00Z"),
  etag: "e1",
};
/** A programme as the grants service answers (int64 pence as strings). */
const programme = (state = "PROGRAMME_STATE_DRAFT") => ({
  name: "programmes/crg-2027-28",
  year: "2027/28",
  title: "Crime Reduction Grant 2027/28",
  description: "",
  kind: "PROGRAMME_KIND_ALLOCATION",
  state,
  budgetPence: "7600000",
  objectives: ["plans/mks/objectives/VAWG"],
  windowOpenTime: ts("2027-01-01T00:00:00Z"),
  windowCloseTime: ts("2027-03-31T00:00:00Z"),
  allocations: [{ partner: "partners/csp-dover", amountPence: "3600000", partnerName: "Dover CSP" }],
  projectMaxPence: "0",
  countyWideMaxPence: "0",
  questions: [],
  conditions: [{ code: "PURPOSE", text: "Only for the approved purposes." }],
  tranches: [{ numerator: 1, denominator: 1, trigger: "TRANCHE_TRIGGER_ON_AGREEMENT" }],
  classification: "CLASSIFICATION_OFFICIAL",
  unallocatedPence: "4000000",
  createdBy: "people/opcc-staff-1",
  createTime: ts("2026-12-01T09:00:00Z"),
  updateTime: ts("2026-12-01T09:00:00Z"),
  etag: "p1",
});
/** The same as the REST API gives it: pence as JSON integers. */
const programmeJson = (state = "PROGRAMME_STATE_DRAFT") => ({
  ...programme(state),
  budgetPence: 7_600_000,
  projectMaxPence: 0,
  countyWideMaxPence: 0,
  unallocatedPence: 4_000_000,
  allocations: [{ partner: "partners/csp-dover", amountPence: 3_600_000, partnerName: "Dover CSP" }],
});
const body = {
  programmeId: "crg-2027-28",
  programme: {
    year: "2027/28",
    title: "Crime Reduction Grant 2027/28",
    kind: "PROGRAMME_KIND_ALLOCATION",
    budgetPence: 7_600_000,
    objectives: ["plans/mks/objectives/VAWG"],
    windowOpenTime: "2027-01-01T00:00:00Z",
    windowCloseTime: "2027-03-31T00:00:00+00:00",
    allocations: [{ partner: "csp-dover", amountPence: 3_600_000 }],
  },
};

const routes: RouteTests = {
  "GET /v1/plans": {
    "lists plans with the caller's token and paging": async () => {
      mesh.downstream.on("plans", "ListPlans", { plans: [plan], nextPageToken: "" });
      const r = await rest(mesh, "GET", "/v1/plans?pageSize=5", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, { plans: [plan], nextPageToken: "" }]);
      expect(mesh.downstream.requests("plans", "ListPlans")).toEqual([{ pageSize: 5, pageToken: "" }]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
  },
  "POST /v1/plans": {
    "creates a plan (201) as sent": async () => {
      mesh.downstream.on("plans", "CreatePlan", plan);
      const sent = {
        planId: "mks",
        plan: { title: "Making Kent Safer", period: "2025-2029", objectives: [{ code: "VAWG", title: "VAWG" }] },
      };
      const r = await rest(mesh, "POST", "/v1/plans", { body: sent });
      expect([r.status, r.json]).toEqual([201, plan]);
      expect(mesh.downstream.requests("plans", "CreatePlan")).toEqual([
        {
          planId: "mks",
          plan: { ...sent.plan, objectives: [{ code: "VAWG", title: "VAWG", description: "" }] },
          requestId: "",
          validateOnly: false,
        },
      ]);
    },
    "an objective code in lower case is 400 naming it, and nothing is asked": async () => {
      const r = await rest(mesh, "POST", "/v1/plans", {
        body: { planId: "mks", plan: { title: "P", period: "2025-2029", objectives: [{ code: "vawg", title: "x" }] } },
      });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "plan.objectives[0].code" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/plans/{id}": {
    "gets the plan by its name": async () => {
      mesh.downstream.on("plans", "GetPlan", plan);
      const r = await rest(mesh, "GET", "/v1/plans/mks");
      expect([r.status, r.json]).toEqual([200, plan]);
      expect(mesh.downstream.requests("plans", "GetPlan")).toEqual([{ name: "plans/mks" }]);
    },
    "NOT_FOUND is 404": async () => {
      mesh.downstream.on("plans", "GetPlan", () => {
        throw grpcError("NOT_FOUND", "plan plans/none not found");
      });
      expect((await rest(mesh, "GET", "/v1/plans/none")).status).toBe(404);
    },
  },
  "POST /v1/plans/{id}/versions": {
    "publishes the next version with the etag as read; a refused version is 422 naming the field": async () => {
      mesh.downstream.on("plans", "PublishPlanVersion", plan);
      const sent = {
        plan: { title: "P", period: "2025-2029", objectives: [{ code: "VAWG", title: "x" }] },
        etag: "e1",
      };
      const r = await rest(mesh, "POST", "/v1/plans/mks/versions", { body: sent });
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("plans", "PublishPlanVersion")).toEqual([
        {
          name: "plans/mks",
          plan: { ...sent.plan, objectives: [{ code: "VAWG", title: "x", description: "" }] },
          etag: "e1",
          requestId: "",
          validateOnly: false,
        },
      ]);
      mesh.downstream.on("plans", "PublishPlanVersion", () => {
        throw refusedFields("invalid plan: plan.objectives", [
          { field: "plan.objectives", description: "objective ASB is in the earlier version" },
        ]);
      });
      const refused = await rest(mesh, "POST", "/v1/plans/mks/versions", { body: sent });
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({ errors: [{ field: "plan.objectives" }] });
    },
  },
  "GET /v1/grant-programmes": {
    "lists programmes, a state filter passed on, pence as integers": async () => {
      mesh.downstream.on("grants", "ListProgrammes", {
        programmes: [programme("PROGRAMME_STATE_OPEN")],
        nextPageToken: "t2",
      });
      const r = await rest(mesh, "GET", "/v1/grant-programmes?state=PROGRAMME_STATE_OPEN", { as: "officer" });
      expect([r.status, r.json]).toEqual([
        200,
        { programmes: [programmeJson("PROGRAMME_STATE_OPEN")], nextPageToken: "t2" },
      ]);
      await rest(mesh, "GET", "/v1/grant-programmes");
      expect(mesh.downstream.requests("grants", "ListProgrammes")).toEqual([
        { pageSize: 0, pageToken: "", state: "PROGRAMME_STATE_OPEN" },
        { pageSize: 0, pageToken: "", state: "PROGRAMME_STATE_UNSPECIFIED" },
      ]);
    },
    "an unknown state is 400 and nothing is asked": async () => {
      const r = await rest(mesh, "GET", "/v1/grant-programmes?state=OPENISH");
      expect(r.status).toBe(400);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/grant-programmes": {
    "drafts a programme: times as timestamps, partners as names, conditions as codes; 201 with integer pence":
      async () => {
        mesh.downstream.on("grants", "CreateProgramme", programme());
        const r = await rest(mesh, "POST", "/v1/grant-programmes", { body: { ...body, requestId: "r-1" } });
        expect([r.status, r.json]).toEqual([201, programmeJson()]);
        expect(mesh.downstream.requests("grants", "CreateProgramme")).toEqual([
          {
            programmeId: "crg-2027-28",
            requestId: "r-1",
            validateOnly: false,
            programme: {
              ...body.programme,
              description: "",
              windowOpenTime: ts("2027-01-01T00:00:00Z"),
              windowCloseTime: ts("2027-03-31T00:00:00Z"),
              allocations: [{ partner: "partners/csp-dover", amountPence: 3_600_000 }],
              projectMaxPence: 0,
              countyWideMaxPence: 0,
              questions: [],
              conditions: [],
              tranches: [],
              rubric: [],
              minScorers: 0,
            },
          },
        ]);
      },
    "negative, fractional, 13-digit and 1e308 amounts are 400 naming the field; nothing is asked": async () => {
      for (const bad of [-1, 10.5, 1e13, 1e308]) {
        const r = await rest(mesh, "POST", "/v1/grant-programmes", {
          body: { ...body, programme: { ...body.programme, budgetPence: bad } },
        });
        expect([bad, r.status]).toEqual([bad, 400]);
        expect(r.json).toMatchObject({
          errors: [
            { field: "programme.budget_pence", description: "must be a whole number of pence from 0 to 999999999999" },
          ],
        });
        expect((r.json as { errors: unknown[] }).errors).toHaveLength(1);
      }
      const text = await rest(mesh, "POST", "/v1/grant-programmes", {
        body: {
          ...body,
          programme: { ...body.programme, allocations: [{ partner: "csp-dover", amountPence: "£1,0.00" }] },
        },
      });
      expect(text.json).toMatchObject({ errors: [{ field: "programme.allocations[0].amount_pence" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "the service's refusals (an unknown objective, allocations above the budget) are 422 with every field":
      async () => {
        mesh.downstream.on("grants", "CreateProgramme", () => {
          throw refusedFields("invalid programme", [
            { field: "programme.objectives[0]", description: "plans/mks has no objective NOPE" },
            { field: "programme.allocations", description: "the allocations add up to more than the budget" },
          ]);
        });
        const r = await rest(mesh, "POST", "/v1/grant-programmes", { body });
        expect(r.status).toBe(422);
        expect(r.json).toMatchObject({
          errors: [{ field: "programme.objectives[0]" }, { field: "programme.allocations" }],
        });
      },
  },
  "GET /v1/grant-programmes/{id}": {
    "gets the programme with integer pence; a panel member's NOT_FOUND is 404": async () => {
      mesh.downstream.on("grants", "GetProgramme", programme());
      const r = await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28");
      expect([r.status, r.json]).toEqual([200, programmeJson()]);
      expect(mesh.downstream.requests("grants", "GetProgramme")).toEqual([{ name: "programmes/crg-2027-28" }]);
      mesh.downstream.on("grants", "GetProgramme", () => {
        throw grpcError("NOT_FOUND", "programme not found");
      });
      expect((await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28", { as: "panel" })).status).toBe(404);
    },
  },
  "POST /v1/grant-programmes/{id}/open": {
    "opens the programme with the etag as read": async () => {
      mesh.downstream.on("grants", "OpenProgramme", programme("PROGRAMME_STATE_OPEN"));
      const r = await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/open", { body: { etag: "p1" } });
      expect([r.status, r.json]).toEqual([200, programmeJson("PROGRAMME_STATE_OPEN")]);
      expect(mesh.downstream.requests("grants", "OpenProgramme")).toEqual([
        { name: "programmes/crg-2027-28", etag: "p1", requestId: "" },
      ]);
    },
    "an officer's PERMISSION_DENIED is 403; a programme already open is 409": async () => {
      mesh.downstream.on("grants", "OpenProgramme", () => {
        throw grpcError("PERMISSION_DENIED", "you may not update programme");
      });
      expect(
        (await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/open", { as: "officer", body: {} })).status,
      ).toBe(403);
      mesh.downstream.on("grants", "OpenProgramme", () => {
        throw grpcError("FAILED_PRECONDITION", "a open programme cannot be opened");
      });
      expect((await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/open", { body: {} })).status).toBe(409);
    },
  },
  "POST /v1/grant-programmes/{id}/close": {
    "closes the programme": async () => {
      mesh.downstream.on("grants", "CloseProgramme", programme("PROGRAMME_STATE_CLOSED"));
      const r = await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/close", { body: { requestId: "c-1" } });
      expect([r.status, r.json]).toEqual([200, programmeJson("PROGRAMME_STATE_CLOSED")]);
      expect(mesh.downstream.requests("grants", "CloseProgramme")).toEqual([
        { name: "programmes/crg-2027-28", etag: "", requestId: "c-1" },
      ]);
    },
  },
};

describe("grants REST routes over a fake grants service", () => {
  test("every grants route has a test, and every test names a route", () => {
    expect(coverage(grantRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
