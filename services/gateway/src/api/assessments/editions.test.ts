/** The assessment REST routes over a fake assessments service: the compiled picture, editions published and read, and their exports. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, type RouteTests, rest } from "../testing";
import { CYCLE, compilation, edition, ID, TESTED_IN } from "./fixtures";
import { assessmentRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
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

describe("assessment REST routes over a fake assessments service: editions", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(assessmentRoutes(mesh.downstream.api), routes, TESTED_IN["editions.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
