import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, refusedFields, rest, ts } from "../testing";
import { applicationRoutes } from "./application-routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const VAWG = "plans/mks/objectives/VAWG";
const JSA = "assessments/jsa-2026/priorities/VAWG";
/** Content as the grants service answers it: int64 pence as strings. */
const content = {
  projects: [
    {
      title: "Street pastors",
      summary: "Night-time economy.",
      countyWide: false,
      lines: [{ description: "Coordinator", amountPence: "1200000" }],
      measures: [{ title: "Repeat victims", unit: "MEASURE_UNIT_COUNT", baseline: 40, target: 30 }],
      objectives: [VAWG],
      jsaPriorities: [JSA],
      requestedPence: "1200000",
    },
  ],
  answers: [{ code: "conflicts", answer: "No" }],
  declarations: { conflictOfInterest: false, conflictDetails: "", policeStaffInvolved: false, policeStaffDetails: "" },
  narrative: "One project.",
  requestedPence: "1200000",
};
const contentJson = {
  ...content,
  projects: [
    {
      ...content.projects[0],
      lines: [{ description: "Coordinator", amountPence: 1_200_000 }],
      requestedPence: 1_200_000,
    },
  ],
  requestedPence: 1_200_000,
};
const application = (state = "APPLICATION_STATE_SUBMITTED") => ({
  name: "programmes/crg-2027-28/applications/csp-dover",
  programme: "programmes/crg-2027-28",
  partner: "partners/csp-dover",
  partnerDisplayName: "Dover CSP",
  state,
  draft: content,
  unsubmittedChanges: false,
  versions: [
    {
      version: 1,
      sha256: "ab".repeat(32),
      author: "people/dover-officer",
      authorDisplayName: "Dover officer",
      submitTime: ts("2027-01-15T10:00:00Z"),
      content,
      outcome: state,
      returnReasons: "",
      reviewedBy: "",
      reviewTime: null,
    },
  ],
  requestedPence: "1200000",
  classification: "CLASSIFICATION_OFFICIAL",
  createTime: ts("2027-01-10T10:00:00Z"),
  updateTime: ts("2027-01-15T10:00:00Z"),
  etag: "a1",
  assessment: null,
  decision: null,
});
const applicationJson = (state = "APPLICATION_STATE_SUBMITTED") => {
  const a = application(state);
  return {
    ...a,
    draft: contentJson,
    versions: [{ ...a.versions[0], content: contentJson }],
    requestedPence: 1_200_000,
  };
};
/** A business case as a partner system sends it. */
const sent = {
  projects: [
    {
      title: "Street pastors",
      summary: "Night-time economy.",
      lines: [{ description: "Coordinator", amountPence: 1_200_000 }],
      measures: [{ title: "Repeat victims", unit: "MEASURE_UNIT_COUNT", baseline: 40, target: 30 }],
      objectives: [VAWG],
      jsaPriorities: [JSA],
    },
  ],
  answers: [{ code: "conflicts", answer: "No" }],
  narrative: "One project.",
};
/** The same with the defaults the gateway fills in. */
const asked = {
  ...sent,
  projects: [{ ...sent.projects[0], countyWide: false }],
  declarations: { conflictOfInterest: false, conflictDetails: "", policeStaffInvolved: false, policeStaffDetails: "" },
};

const routes: RouteTests = {
  "PUT /v1/grant-programmes/{id}/draft": {
    "saves the working copy for the programme with the caller's token; pence out as integers": async () => {
      mesh.downstream.on("grants", "SaveApplicationDraft", application("APPLICATION_STATE_DRAFT"));
      const r = await rest(mesh, "PUT", "/v1/grant-programmes/crg-2027-28/draft", {
        as: "officer",
        body: { content: sent, etag: "a0" },
      });
      expect([r.status, r.json]).toEqual([200, applicationJson("APPLICATION_STATE_DRAFT")]);
      expect(mesh.downstream.requests("grants", "SaveApplicationDraft")).toEqual([
        { programme: "programmes/crg-2027-28", content: asked, etag: "a0", requestId: "", validateOnly: false },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "a fractional, negative, 13-digit or 1e308 amount, or a malformed JSA priority, is 400 naming it; nothing is asked":
      async () => {
        for (const bad of [10.5, -1, 1e13, 1e308]) {
          const projects = [{ ...sent.projects[0], lines: [{ description: "x", amountPence: bad }] }];
          const r = await rest(mesh, "PUT", "/v1/grant-programmes/crg-2027-28/draft", {
            as: "officer",
            body: { content: { ...sent, projects } },
          });
          expect([bad, r.status]).toEqual([bad, 400]);
          expect(r.json).toMatchObject({ errors: [{ field: "content.projects[0].lines[0].amount_pence" }] });
        }
        const projects = [{ ...sent.projects[0], jsaPriorities: ["assessments/jsa-2026/VAWG"] }];
        const r = await rest(mesh, "PUT", "/v1/grant-programmes/crg-2027-28/draft", {
          as: "officer",
          body: { content: { ...sent, projects } },
        });
        expect(r.json).toMatchObject({ errors: [{ field: "content.projects[0].jsa_priorities[0]" }] });
        expect(mesh.downstream.calls).toEqual([]);
      },
  },
  "POST /v1/grant-programmes/{id}/submit": {
    "submits the working copy (content null), or the content given; the service's refusals are 422 with every field":
      async () => {
        mesh.downstream.on("grants", "SubmitApplication", application());
        const r = await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/submit", {
          as: "officer",
          body: { requestId: "s-1" },
        });
        expect([r.status, r.json]).toEqual([200, applicationJson()]);
        await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/submit", {
          as: "officer",
          body: { content: sent, validateOnly: true },
        });
        expect(mesh.downstream.requests("grants", "SubmitApplication")).toEqual([
          { programme: "programmes/crg-2027-28", content: null, requestId: "s-1", validateOnly: false },
          { programme: "programmes/crg-2027-28", content: asked, requestId: "", validateOnly: true },
        ]);
        mesh.downstream.on("grants", "SubmitApplication", () => {
          throw refusedFields("invalid application", [
            { field: "programme", description: "applications closed on 5pm on 31 March 2027" },
            { field: "content.projects[0].jsa_priorities[0]", description: "assessments/jsa-2026 has no priority X" },
          ]);
        });
        const refused = await rest(mesh, "POST", "/v1/grant-programmes/crg-2027-28/submit", {
          as: "officer",
          body: {},
        });
        expect(refused.status).toBe(422);
        expect(refused.json).toMatchObject({
          errors: [{ field: "programme" }, { field: "content.projects[0].jsa_priorities[0]" }],
        });
      },
  },
  "GET /v1/grant-programmes/{id}/applications": {
    "lists the programme's applications with a state filter and the total": async () => {
      mesh.downstream.on("grants", "ListApplications", {
        applications: [application()],
        nextPageToken: "",
        totalSize: 1,
      });
      const r = await rest(
        mesh,
        "GET",
        "/v1/grant-programmes/crg-2027-28/applications?state=APPLICATION_STATE_SUBMITTED",
      );
      expect([r.status, r.json]).toEqual([200, { applications: [applicationJson()], nextPageToken: "", totalSize: 1 }]);
      expect(mesh.downstream.requests("grants", "ListApplications")).toEqual([
        { programme: "programmes/crg-2027-28", state: "APPLICATION_STATE_SUBMITTED", pageSize: 0, pageToken: "" },
      ]);
    },
  },
  "GET /v1/grant-applications": {
    "lists every programme's applications (programmes/-); an unknown state is 400 and nothing is asked": async () => {
      mesh.downstream.on("grants", "ListApplications", { applications: [], nextPageToken: "", totalSize: 0 });
      expect((await rest(mesh, "GET", "/v1/grant-applications")).status).toBe(200);
      expect(mesh.downstream.requests("grants", "ListApplications")).toEqual([
        { programme: "programmes/-", state: "APPLICATION_STATE_UNSPECIFIED", pageSize: 0, pageToken: "" },
      ]);
      mesh.downstream.calls.splice(0);
      expect((await rest(mesh, "GET", "/v1/grant-applications?state=PENDING")).status).toBe(400);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/grant-programmes/{id}/applications/{partner}": {
    "gets the application by its name; another partnership's is 404": async () => {
      mesh.downstream.on("grants", "GetApplication", application());
      const r = await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28/applications/csp-dover");
      expect([r.status, r.json]).toEqual([200, applicationJson()]);
      expect(mesh.downstream.requests("grants", "GetApplication")).toEqual([
        { name: "programmes/crg-2027-28/applications/csp-dover" },
      ]);
      mesh.downstream.on("grants", "GetApplication", () => {
        throw grpcError("NOT_FOUND", "application not found");
      });
      expect((await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28/applications/csp-dover")).status).toBe(404);
    },
  },
  "POST /v1/grant-programmes/{id}/applications/{partner}/return": {
    "returns the version with reasons; short reasons are 400 naming them": async () => {
      mesh.downstream.on("grants", "ReturnApplication", application("APPLICATION_STATE_RETURNED"));
      const path = "/v1/grant-programmes/crg-2027-28/applications/csp-dover/return";
      const r = await rest(mesh, "POST", path, { body: { version: 1, reasons: "Cost the coordinator's hours." } });
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("grants", "ReturnApplication")).toEqual([
        {
          name: "programmes/crg-2027-28/applications/csp-dover",
          version: 1,
          reasons: "Cost the coordinator's hours.",
          requestId: "",
        },
      ]);
      const short = await rest(mesh, "POST", path, { body: { version: 1, reasons: "No" } });
      expect(short.status).toBe(400);
      expect(short.json).toMatchObject({ errors: [{ field: "reasons" }] });
    },
  },
  "POST /v1/grant-programmes/{id}/applications/{partner}/interest": {
    "declares a conflict with its details; none is sent as conflict false": async () => {
      mesh.downstream.on("grants", "DeclareInterest", application("APPLICATION_STATE_ACCEPTED"));
      const path = "/v1/grant-programmes/crg-2027-28/applications/csp-dover/interest";
      expect((await rest(mesh, "POST", path, { body: { conflict: true, details: "Chairs the charity" } })).status).toBe(
        200,
      );
      await rest(mesh, "POST", path, { body: { conflict: false } });
      expect(mesh.downstream.requests("grants", "DeclareInterest")).toEqual([
        {
          name: "programmes/crg-2027-28/applications/csp-dover",
          conflict: true,
          details: "Chairs the charity",
          requestId: "",
        },
        { name: "programmes/crg-2027-28/applications/csp-dover", conflict: false, details: "", requestId: "" },
      ]);
      expect((await rest(mesh, "POST", path, { body: {} })).status).toBe(400);
    },
  },
  "POST /v1/grant-programmes/{id}/applications/{partner}/score": {
    "scores each criterion 0 to 5; a 6 is 400 naming it; a conflicted scorer's PERMISSION_DENIED is 403": async () => {
      mesh.downstream.on("grants", "ScoreApplication", application("APPLICATION_STATE_ACCEPTED"));
      const path = "/v1/grant-programmes/crg-2027-28/applications/csp-dover/score";
      const scores = [{ code: "NEED", score: 4 }];
      expect((await rest(mesh, "POST", path, { body: { version: 1, scores } })).status).toBe(200);
      expect(mesh.downstream.requests("grants", "ScoreApplication")).toEqual([
        { name: "programmes/crg-2027-28/applications/csp-dover", version: 1, scores, comment: "", requestId: "" },
      ]);
      const six = await rest(mesh, "POST", path, { body: { version: 1, scores: [{ code: "NEED", score: 6 }] } });
      expect([six.status, six.json]).toMatchObject([400, { errors: [{ field: "scores[0].score" }] }]);
      mesh.downstream.on("grants", "ScoreApplication", () => {
        throw grpcError("PERMISSION_DENIED", "you declared a conflict of interest in this application");
      });
      expect((await rest(mesh, "POST", path, { body: { version: 1, scores } })).status).toBe(403);
    },
  },
  "POST /v1/grant-programmes/{id}/applications/{partner}/decide": {
    "awards whole pence with reasons; the decision comes back with integer pence; over the budget is 422 naming amount_pence":
      async () => {
        const decided = {
          ...application("APPLICATION_STATE_AWARDED"),
          decision: {
            decision: "DECISION_AWARD",
            amountPence: "1000000",
            reasons: "A strong case",
            decidedBy: "people/opcc-staff-1",
            decidedByDisplayName: "Priya Shah",
            decideTime: ts("2027-02-01T10:00:00Z"),
            award: "awards/crg-2027-28-csp-dover",
          },
        };
        mesh.downstream.on("grants", "DecideApplication", decided);
        const path = "/v1/grant-programmes/crg-2027-28/applications/csp-dover/decide";
        const body = { decision: "DECISION_AWARD", amountPence: 1_000_000, reasons: "A strong case" };
        const r = await rest(mesh, "POST", path, { body });
        expect([r.status, (r.json as { decision: unknown }).decision]).toEqual([
          200,
          { ...decided.decision, amountPence: 1_000_000 },
        ]);
        expect(mesh.downstream.requests("grants", "DecideApplication")).toEqual([
          { name: "programmes/crg-2027-28/applications/csp-dover", ...body, requestId: "", validateOnly: false },
        ]);
        mesh.downstream.on("grants", "DecideApplication", () => {
          throw refusedFields("only £5.00 of the budget is left", [
            { field: "amount_pence", description: "only £5.00 of the budget of £100.00 is left" },
          ]);
        });
        const over = await rest(mesh, "POST", path, { body });
        expect([over.status, over.json]).toMatchObject([422, { errors: [{ field: "amount_pence" }] }]);
        expect((await rest(mesh, "POST", path, { body: { ...body, amountPence: 1e308 } })).status).toBe(400);
      },
  },
  "POST /v1/grant-programmes/{id}/applications/{partner}/accept": {
    "accepts the version; a stale version is 409": async () => {
      mesh.downstream.on("grants", "AcceptApplication", application("APPLICATION_STATE_ACCEPTED"));
      const path = "/v1/grant-programmes/crg-2027-28/applications/csp-dover/accept";
      const r = await rest(mesh, "POST", path, { body: { version: 1, requestId: "a-1" } });
      expect([r.status, (r.json as { state: string }).state]).toEqual([200, "APPLICATION_STATE_ACCEPTED"]);
      expect(mesh.downstream.requests("grants", "AcceptApplication")).toEqual([
        { name: "programmes/crg-2027-28/applications/csp-dover", version: 1, requestId: "a-1" },
      ]);
      mesh.downstream.on("grants", "AcceptApplication", () => {
        throw grpcError("FAILED_PRECONDITION", "version 1 is not the latest; version 2 is");
      });
      expect((await rest(mesh, "POST", path, { body: { version: 1 } })).status).toBe(409);
    },
  },
};

describe("grant application REST routes over a fake grants service", () => {
  test("every application route has a test, and every test names a route", () => {
    expect(coverage(applicationRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
