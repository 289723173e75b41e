/** The assessment REST routes over a fake assessments service: cycles listed, opened and read, and a cycle's progress. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, type RouteTests, refusedFields, rest, ts } from "../testing";
import { CONTRIBUTION, CYCLE, cycle, ID, TESTED_IN } from "./fixtures";
import { assessmentRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
  "GET /v1/assessments": {
    "asks ListCycles for the page": async () => {
      const list = { cycles: [cycle], nextPageToken: "c2" };
      mesh.downstream.on("assessments", "ListCycles", list);
      const r = await rest(mesh, "GET", "/v1/assessments?pageSize=3&pageToken=c1", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("assessments", "ListCycles")).toEqual([{ pageSize: 3, pageToken: "c1" }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
  "POST /v1/assessments": {
    "opens a cycle: partners as partners/<id>, due time as a Timestamp, no template as null, defaults: 201":
      async () => {
        mesh.downstream.on("assessments", "OpenCycle", cycle);
        const r = await rest(mesh, "POST", "/v1/assessments", {
          body: {
            cycle: {
              year: "2026/27",
              title: "Joint strategic assessment 2026/27",
              dueTime: "2026-09-30T17:00:00+01:00",
              partners: ["csp-dover", "partners/csp-maidstone"],
            },
          },
        });
        expect([r.status, r.json]).toEqual([201, cycle]);
        expect(mesh.downstream.requests("assessments", "OpenCycle")).toEqual([
          {
            cycle: {
              year: "2026/27",
              title: "Joint strategic assessment 2026/27",
              dueTime: ts("2026-09-30T16:00:00Z"),
              partners: ["partners/csp-dover", "partners/csp-maidstone"],
              allActiveCsps: false,
              template: null,
              compileFrom: "COMPILE_FROM_ACCEPTED",
              classification: "CLASSIFICATION_OFFICIAL",
            },
            requestId: "",
            validateOnly: false,
          },
        ]);
        expect(tokens()).toEqual(["token-opcc"]);
      },
    "a template given is sent as given": async () => {
      mesh.downstream.on("assessments", "OpenCycle", cycle);
      const template = {
        taxonomyVersion: "2026.2",
        themes: [{ code: "ASB", title: "Anti-social behaviour" }],
        indicators: [{ code: "ASB_INCIDENTS", title: "Incidents", unit: "UNIT_COUNT", combine: "COMBINE_RULE_SUM" }],
      };
      await rest(mesh, "POST", "/v1/assessments", {
        body: {
          cycle: { year: "2026/27", title: "JSA 2026/27", dueTime: "2026-09-30T16:00:00Z", template },
          validateOnly: true,
        },
      });
      const [sent] = mesh.downstream.requests("assessments", "OpenCycle");
      expect(sent).toMatchObject({ cycle: { template }, validateOnly: true });
    },
    "a year that is not yyyy/yy and a theme code in lower case are 400 naming both": async () => {
      const r = await rest(mesh, "POST", "/v1/assessments", {
        body: {
          cycle: {
            year: "2026",
            title: "JSA 2026/27",
            dueTime: "2026-09-30T16:00:00Z",
            template: { taxonomyVersion: "1", themes: [{ code: "asb", title: "ASB" }], indicators: [] },
          },
        },
      });
      expect(r.json).toMatchObject({
        status: 400,
        errors: [{ field: "cycle.year" }, { field: "cycle.template.themes[0].code" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "the service's field violations are 422": async () => {
      mesh.downstream.on("assessments", "OpenCycle", () => {
        throw refusedFields("no such partner", [{ field: "cycle.partners[0]", description: "not in the directory" }]);
      });
      const r = await rest(mesh, "POST", "/v1/assessments", {
        body: {
          cycle: { year: "2026/27", title: "JSA 2026/27", dueTime: "2026-09-30T16:00:00Z", partners: ["csp-x1"] },
        },
      });
      expect([r.status, r.json]).toEqual([
        422,
        expect.objectContaining({ errors: [{ field: "cycle.partners[0]", description: "not in the directory" }] }),
      ]);
    },
  },
  "GET /v1/assessments/{id}": {
    "asks GetCycle for assessments/<id>": async () => {
      mesh.downstream.on("assessments", "GetCycle", cycle);
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, cycle]);
      expect(mesh.downstream.requests("assessments", "GetCycle")).toEqual([{ name: CYCLE }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "an id that is not a cycle's is 400 naming id": async () => {
      const r = await rest(mesh, "GET", "/v1/assessments/jsa-2026");
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/assessments/{id}/progress": {
    "asks GetCycleProgress for the cycle": async () => {
      const progress = {
        cycle: CYCLE,
        partners: [
          {
            partner: "partners/csp-dover",
            state: "CONTRIBUTION_STATE_SUBMITTED",
            latestVersion: 1,
            lastSubmitTime: ts("2026-05-01T09:00:00Z"),
            overdue: false,
            unansweredPriorities: ["ASB"],
            contribution: CONTRIBUTION,
          },
        ],
      };
      mesh.downstream.on("assessments", "GetCycleProgress", progress);
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/progress`);
      expect([r.status, r.json]).toEqual([200, progress]);
      expect(mesh.downstream.requests("assessments", "GetCycleProgress")).toEqual([{ name: CYCLE }]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "PERMISSION_DENIED (a partnership asking) is 403": async () => {
      mesh.downstream.on("assessments", "GetCycleProgress", () => {
        throw grpcError("PERMISSION_DENIED", "the OPCC's view");
      });
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/progress`, { as: "officer" });
      expect([r.status, r.type]).toEqual([403, "application/problem+json"]);
    },
  },
};

describe("assessment REST routes over a fake assessments service: cycles", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(assessmentRoutes(mesh.downstream.api), routes, TESTED_IN["cycles.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
