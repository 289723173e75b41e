import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, refusedFields, rest, ts } from "../testing";
import { assessmentRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const ID = "a-2026-27-abcdef12";
const CYCLE = `assessments/${ID}`;
const CONTRIBUTION = `${CYCLE}/contributions/csp-dover`;

const cycle = {
  name: CYCLE,
  year: "2026/27",
  title: "Joint strategic assessment 2026/27",
  dueTime: ts("2026-09-30T16:00:00Z"),
  partners: ["partners/csp-dover"],
  allActiveCsps: false,
  template: { taxonomyVersion: "2026.1", themes: [{ code: "ASB", title: "Anti-social behaviour" }], indicators: [] },
  compileFrom: "COMPILE_FROM_ACCEPTED",
  classification: "CLASSIFICATION_OFFICIAL",
  owner: "partners/opcc-kent",
  createdBy: "people/opcc-staff-1",
  createTime: ts("2026-04-01T09:00:00Z"),
  updateTime: ts("2026-04-01T09:00:00Z"),
  etag: "W/1",
  partnerDisplayNames: { "partners/csp-dover": "Dover CSP" },
};

const contribution = (state = "CONTRIBUTION_STATE_DRAFT") => ({
  name: CONTRIBUTION,
  cycle: CYCLE,
  partner: "partners/csp-dover",
  state,
  draft: null,
  unsubmittedChanges: false,
  versions: [],
  responses: [],
  classification: "CLASSIFICATION_OFFICIAL",
  updateTime: ts("2026-05-01T09:00:00Z"),
  etag: "W/4",
});

const compilation = {
  name: `${CYCLE}/compilation`,
  cycle: CYCLE,
  compileFrom: "COMPILE_FROM_ACCEPTED",
  taxonomyVersion: "2026.1",
  inputs: [
    { partner: "partners/csp-dover", version: 1, sha256: "aa".repeat(32), state: "CONTRIBUTION_STATE_ACCEPTED" },
  ],
  gaps: [],
  priorities: [],
  indicators: [],
  sha256: "bb".repeat(32),
  compileTime: ts("2026-10-01T09:00:00Z"),
};

const edition = (number: number) => ({
  name: `${CYCLE}/editions/${number}`,
  cycle: CYCLE,
  number,
  year: "2026/27",
  title: "Joint strategic assessment 2026/27",
  note: "",
  compilation,
  inputs: [],
  sha256: "cc".repeat(32),
  publishedBy: "people/opcc-staff-1",
  publishedByDisplayName: "OPCC Staff",
  publishTime: ts("2026-10-02T09:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  partnerDisplayNames: {},
});

const content = {
  priorities: [{ rank: 1, code: "ASB", rationale: "Up 20%" }],
  indicators: [{ code: "ASB_INCIDENTS", value: 1234, unit: "UNIT_COUNT" }],
  population: 118_000,
};
const contentSent = {
  priorities: [{ rank: 1, code: "ASB", emergingTitle: "", rationale: "Up 20%", evidence: "" }],
  indicators: [
    { code: "ASB_INCIDENTS", value: 1234, unit: "UNIT_COUNT", period: "", trend: "TREND_UNSPECIFIED", source: "" },
  ],
  population: 118_000,
  emergingThreats: "",
  communityViews: "",
  narrative: "",
};

const tokens = () => mesh.downstream.calls.map((c) => c.token);

/** A review of Dover's contribution: the body becomes the method's request with the contribution's name. */
function review(
  verb: string,
  method: "ReturnContribution" | "AcceptContribution" | "RecordPriorityResponse",
  body: Record<string, unknown>,
  sent: Record<string, unknown>,
): Record<string, () => Promise<void>> {
  return {
    [`sends ${method} for assessments/<id>/contributions/<partner> with the body`]: async () => {
      mesh.downstream.on("assessments", method, contribution("CONTRIBUTION_STATE_ACCEPTED"));
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/contributions/csp-dover/${verb}`, { body });
      expect([r.status, r.json]).toEqual([200, contribution("CONTRIBUTION_STATE_ACCEPTED")]);
      expect(mesh.downstream.requests("assessments", method)).toEqual([{ name: CONTRIBUTION, ...sent }]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
  };
}

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
  "POST /v1/assessments/{id}/draft": {
    "saves the working copy with the content's defaults filled": async () => {
      mesh.downstream.on("assessments", "SaveContributionDraft", contribution());
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/draft`, {
        as: "officer",
        body: { content, etag: "W/3" },
      });
      expect([r.status, r.json]).toEqual([200, contribution()]);
      expect(mesh.downstream.requests("assessments", "SaveContributionDraft")).toEqual([
        { cycle: CYCLE, content: contentSent, requestId: "", etag: "W/3", validateOnly: false },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a rank over 10 and a negative population are 400 naming both": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/draft`, {
        as: "officer",
        body: { content: { priorities: [{ rank: 11 }], population: -1 } },
      });
      expect(r.json).toMatchObject({
        status: 400,
        errors: [{ field: "content.priorities[0].rank" }, { field: "content.population" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "ABORTED (the etag is stale) is 409": async () => {
      mesh.downstream.on("assessments", "SaveContributionDraft", () => {
        throw grpcError("ABORTED", "the draft changed since W/3");
      });
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/draft`, {
        as: "officer",
        body: { content, etag: "W/3" },
      });
      expect([r.status, r.json]).toEqual([409, expect.objectContaining({ detail: "the draft changed since W/3" })]);
    },
  },
  "POST /v1/assessments/{id}/submit": {
    "submits the working copy when no content is given": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", contribution("CONTRIBUTION_STATE_SUBMITTED"));
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/submit`, { as: "officer", body: { requestId: "s-1" } });
      expect([r.status, r.json]).toEqual([200, contribution("CONTRIBUTION_STATE_SUBMITTED")]);
      expect(mesh.downstream.requests("assessments", "SubmitContribution")).toEqual([
        { cycle: CYCLE, requestId: "s-1", validateOnly: false },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "submits the content given, filled like a draft": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", contribution("CONTRIBUTION_STATE_SUBMITTED"));
      await rest(mesh, "POST", `/v1/assessments/${ID}/submit`, { as: "officer", body: { content } });
      expect(mesh.downstream.requests("assessments", "SubmitContribution")).toEqual([
        { cycle: CYCLE, content: contentSent, requestId: "", validateOnly: false },
      ]);
    },
  },
  "GET /v1/assessments/{id}/contributions": {
    "asks ListContributions for the cycle's page": async () => {
      const list = { contributions: [contribution()], nextPageToken: "" };
      mesh.downstream.on("assessments", "ListContributions", list);
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/contributions?pageSize=100`);
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("assessments", "ListContributions")).toEqual([
        { cycle: CYCLE, pageSize: 100, pageToken: "" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
  },
  "GET /v1/assessments/{id}/contributions/{partner}": {
    "asks GetContribution for assessments/<id>/contributions/<partner>": async () => {
      mesh.downstream.on("assessments", "GetContribution", contribution());
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/contributions/csp-dover`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, contribution()]);
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: CONTRIBUTION }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "NOT_FOUND is 404": async () => {
      mesh.downstream.on("assessments", "GetContribution", () => {
        throw grpcError("NOT_FOUND", "not addressed to csp-deal");
      });
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/contributions/csp-deal`);
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
    },
  },
  "POST /v1/assessments/{id}/contributions/{partner}/return": {
    ...review(
      "return",
      "ReturnContribution",
      { version: 2, reasons: "Add the evidence for priority 1" },
      { version: 2, reasons: "Add the evidence for priority 1", requestId: "" },
    ),
    "reasons under 10 characters are 400 naming reasons": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/contributions/csp-dover/return`, {
        body: { version: 2, reasons: "Redo" },
      });
      expect(r.json).toMatchObject({
        status: 400,
        errors: [{ field: "reasons", description: "say what must change (at least 10 characters)" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/assessments/{id}/contributions/{partner}/accept": {
    ...review("accept", "AcceptContribution", { version: 2, requestId: "acc-2" }, { version: 2, requestId: "acc-2" }),
    "no version is 400 naming version": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/contributions/csp-dover/accept`, { body: {} });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "version" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/assessments/{id}/contributions/{partner}/responses": {
    ...review(
      "responses",
      "RecordPriorityResponse",
      { priorityKey: "ASB", response: "Objective 2 of the plan addresses it" },
      { priorityKey: "ASB", response: "Objective 2 of the plan addresses it", planObjective: "", requestId: "" },
    ),
  },
  "GET /v1/assessments/{id}/compilation": {
    "asks GetCompilation for the cycle": async () => {
      mesh.downstream.on("assessments", "GetCompilation", compilation);
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/compilation`);
      expect([r.status, r.json]).toEqual([200, compilation]);
      expect(mesh.downstream.requests("assessments", "GetCompilation")).toEqual([{ cycle: CYCLE }]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
  },
  "POST /v1/assessments/{id}/editions": {
    "publishes the compilation it was shown: 201 with the edition": async () => {
      mesh.downstream.on("assessments", "PublishEdition", edition(1));
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/editions`, {
        body: { note: "First edition", compilationSha256: "bb".repeat(32) },
      });
      expect([r.status, r.json]).toEqual([201, edition(1)]);
      expect(mesh.downstream.requests("assessments", "PublishEdition")).toEqual([
        { cycle: CYCLE, note: "First edition", compilationSha256: "bb".repeat(32), requestId: "" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "a hash that is not 64 hex digits is 400 naming compilation_sha256": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/editions`, { body: { compilationSha256: "abc" } });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "compilation_sha256" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "FAILED_PRECONDITION (the compilation changed) is 409": async () => {
      mesh.downstream.on("assessments", "PublishEdition", () => {
        throw grpcError("FAILED_PRECONDITION", "the compilation has changed");
      });
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/editions`, { body: {} });
      expect([r.status, r.type]).toEqual([409, "application/problem+json"]);
    },
  },
  "GET /v1/assessments/{id}/editions": {
    "asks ListEditions for the cycle's page": async () => {
      const list = { editions: [edition(2), edition(1)], nextPageToken: "" };
      mesh.downstream.on("assessments", "ListEditions", list);
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions?pageToken=e1`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("assessments", "ListEditions")).toEqual([
        { cycle: CYCLE, pageSize: 0, pageToken: "e1" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
  "GET /v1/assessment-editions": {
    "asks ListEditions across every cycle (empty cycle) with the panel member's token": async () => {
      const list = { editions: [edition(1)], nextPageToken: "" };
      mesh.downstream.on("assessments", "ListEditions", list);
      const r = await rest(mesh, "GET", "/v1/assessment-editions?pageSize=20", { as: "panel" });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("assessments", "ListEditions")).toEqual([
        { cycle: "", pageSize: 20, pageToken: "" },
      ]);
      expect(tokens()).toEqual(["token-panel"]);
    },
  },
  "GET /v1/assessments/{id}/editions/{number}": {
    "asks GetEdition for <cycle>/editions/<n>": async () => {
      mesh.downstream.on("assessments", "GetEdition", edition(3));
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions/3`, { as: "panel" });
      expect([r.status, r.json]).toEqual([200, edition(3)]);
      expect(mesh.downstream.requests("assessments", "GetEdition")).toEqual([{ name: `${CYCLE}/editions/3` }]);
      expect(tokens()).toEqual(["token-panel"]);
    },
    "edition 0 is 400 naming number": async () => {
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions/0`);
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "number" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/assessments/{id}/editions/{number}/export": {
    "sends the export the service built, with its type, name and the edition's hash": async () => {
      const csv = Buffer.from("rank,priority\n1,ASB\n");
      mesh.downstream.on("assessments", "ExportEdition", {
        contentType: "text/csv; charset=utf-8",
        filename: "jsa-2026-27-edition-2.csv",
        data: csv,
        editionSha256: "cc".repeat(32),
      });
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions/2/export?format=csv`, { as: "panel" });
      expect([r.status, r.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="jsa-2026-27-edition-2.csv"');
      expect(r.headers.get("x-edition-sha256")).toBe("cc".repeat(32));
      expect(r.bytes.equals(csv)).toBe(true);
      expect(mesh.downstream.requests("assessments", "ExportEdition")).toEqual([
        { name: `${CYCLE}/editions/2`, format: "EXPORT_FORMAT_CSV" },
      ]);
      expect(tokens()).toEqual(["token-panel"]);
    },
    "JSON unless another format is asked for": async () => {
      mesh.downstream.on("assessments", "ExportEdition", {
        contentType: "application/json",
        filename: "e.json",
        data: Buffer.from("{}"),
        editionSha256: "",
      });
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions/2/export`);
      expect([r.status, r.type, r.json]).toEqual([200, "application/json", {}]);
      expect(mesh.downstream.requests("assessments", "ExportEdition")).toEqual([
        { name: `${CYCLE}/editions/2`, format: "EXPORT_FORMAT_JSON" },
      ]);
    },
    "a format it does not offer is 400 naming format": async () => {
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions/2/export?format=pdf`);
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "format" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "NOT_FOUND is a 404 problem, not an empty file": async () => {
      mesh.downstream.on("assessments", "ExportEdition", () => {
        throw grpcError("NOT_FOUND", "no edition 9");
      });
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/editions/9/export`);
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
    },
  },
};

describe("assessment REST routes over a fake assessments service", () => {
  test("every assessment route has a test, and every test names a route", () => {
    expect(coverage(assessmentRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
