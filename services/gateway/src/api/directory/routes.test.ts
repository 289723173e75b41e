import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { assessmentRoutes } from "../assessments/routes";
import { combinationDocumentRoutes } from "../combinations/document-routes";
import { combinationRoutes } from "../combinations/routes";
import { applicationRoutes } from "../grants/application-routes";
import { awardRoutes } from "../grants/award-routes";
import { grantRoutes } from "../grants/routes";
import { variationRoutes } from "../grants/variation-routes";
import { meetingRoutes } from "../meetings/routes";
import { requestRoutes } from "../requests/routes";
import { restRoutes } from "../rest-routes";
import { settingsRoutes } from "../settings/routes";
import { coverage, grpcError, type RouteTests, rest, routeKey } from "../testing";
import { webhookRoutes } from "../webhooks/routes";
import { directoryRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const dover = {
  name: "partners/csp-dover",
  displayName: "Dover CSP",
  kind: "PARTNER_KIND_CSP",
  authoritySubtype: "",
  status: "PARTNER_STATUS_ACTIVE",
  mergedInto: "",
  members: [],
  classification: "CLASSIFICATION_OFFICIAL",
  etag: "W/3",
  demo: false,
  predecessors: [],
  successors: [],
  combination: "",
};

const routes: RouteTests = {
  "GET /v1/partners": {
    "asks ListPartners with the paging and filters, with the caller's token, and returns its list": async () => {
      const list = { partners: [dover], nextPageToken: "page-2" };
      mesh.downstream.on("directory", "ListPartners", list);
      const r = await rest(
        mesh,
        "GET",
        "/v1/partners?pageSize=25&pageToken=page-1&kind=PARTNER_KIND_CSP&status=PARTNER_STATUS_ACTIVE",
        { as: "officer" },
      );
      expect([r.status, r.type]).toEqual([200, "application/json"]);
      expect(r.json).toEqual(list);
      expect(mesh.downstream.requests("directory", "ListPartners")).toEqual([
        { pageSize: 25, pageToken: "page-1", kind: "PARTNER_KIND_CSP", status: "PARTNER_STATUS_ACTIVE" },
      ]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-officer"]);
    },
    "a dissolved partnership is listed with its lineage; the DISSOLVED filter is passed on": async () => {
      const dissolved = {
        ...dover,
        name: "partners/csp-dartford-gravesham",
        displayName: "Dartford and Gravesham CSP",
        status: "PARTNER_STATUS_DISSOLVED",
        predecessors: ["partners/csp-dartford", "partners/csp-gravesham"],
        successors: ["partners/csp-dartford", "partners/csp-gravesham"],
        combination: "combinations/c-mfx2k9a1-3f9c2a7b",
      };
      mesh.downstream.on("directory", "ListPartners", { partners: [dissolved], nextPageToken: "" });
      const r = await rest(mesh, "GET", "/v1/partners?status=PARTNER_STATUS_DISSOLVED");
      expect([r.status, r.json]).toEqual([200, { partners: [dissolved], nextPageToken: "" }]);
      expect(mesh.downstream.requests("directory", "ListPartners")).toEqual([
        { pageSize: 0, pageToken: "", status: "PARTNER_STATUS_DISSOLVED" },
      ]);
    },
    "without paging asks for the service's default page": async () => {
      mesh.downstream.on("directory", "ListPartners", { partners: [], nextPageToken: "" });
      const r = await rest(mesh, "GET", "/v1/partners");
      expect(r.json).toEqual({ partners: [], nextPageToken: "" });
      expect(mesh.downstream.requests("directory", "ListPartners")).toEqual([{ pageSize: 0, pageToken: "" }]);
    },
    "a query failing its schema is 400 naming each field, and the directory is not asked": async () => {
      const r = await rest(mesh, "GET", "/v1/partners?pageSize=501&kind=PARTNER_KIND_CLUB");
      expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
      expect(r.json).toMatchObject({
        status: 400,
        title: "Invalid request",
        detail: expect.stringContaining("invalid query"),
        errors: [
          { field: "page_size", description: expect.any(String) },
          { field: "kind", description: expect.any(String) },
        ],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "an empty page size, a space (a '+'), or not digits is refused, not read as a number": async () => {
      for (const size of ["", "+", "%20", "1e2", "0x10", "5.0"]) {
        const r = await rest(mesh, "GET", `/v1/partners?pageSize=${size}`);
        expect([size, r.status]).toEqual([size, 400]);
        expect(r.json).toMatchObject({ errors: [{ field: "page_size" }] });
      }
      expect(mesh.downstream.calls).toEqual([]);
    },
    "without a bearer token: 401 problem, and nothing is asked": async () => {
      const r = await rest(mesh, "GET", "/v1/partners", { token: null });
      expect([r.status, r.type]).toEqual([401, "application/problem+json"]);
      expect(r.json).toMatchObject({ status: 401, title: "Not signed in" });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a malformed Authorization header is no token: 401": async () => {
      const r = await rest(mesh, "GET", "/v1/partners", { token: null, headers: { authorization: "Basic abc" } });
      expect(r.status).toBe(401);
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a token the services do not accept (UNAUTHENTICATED) is 401": async () => {
      mesh.downstream.on("directory", "ListPartners", { partners: [], nextPageToken: "" });
      const r = await rest(mesh, "GET", "/v1/partners", { token: "token-stranger" });
      expect([r.status, r.type]).toEqual([401, "application/problem+json"]);
      expect(r.json).toMatchObject({ status: 401, detail: "no such fake token" });
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-stranger"]);
    },
  },
  "GET /v1/partners/{id}": {
    "asks GetPartner for partners/<id> and returns the partner": async () => {
      mesh.downstream.on("directory", "GetPartner", dover);
      const r = await rest(mesh, "GET", "/v1/partners/csp-dover", { as: "panel" });
      expect([r.status, r.json]).toEqual([200, dover]);
      expect(mesh.downstream.requests("directory", "GetPartner")).toEqual([{ name: "partners/csp-dover" }]);
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual(["token-panel"]);
    },
    "NOT_FOUND is 404 with the service's words": async () => {
      mesh.downstream.on("directory", "GetPartner", () => {
        throw grpcError("NOT_FOUND", "partner partners/csp-nowhere not found");
      });
      const r = await rest(mesh, "GET", "/v1/partners/csp-nowhere");
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
      expect(r.json).toEqual({
        type: "https://csp-mesh.example/problems/not-found",
        title: "Not found",
        status: 404,
        detail: "partner partners/csp-nowhere not found",
      });
    },
    "an id that is not a resource id is 400 naming the path field, and nothing is asked": async () => {
      const r = await rest(mesh, "GET", "/v1/partners/Dover_CSP");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ detail: expect.stringContaining("invalid path"), errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("directory REST routes over a fake directory", () => {
  test("every directory route has a test, and every test names a route", () => {
    expect(coverage(directoryRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});

describe("the REST table as a whole", () => {
  const API = path.resolve(__dirname, "..");

  test("is exactly the areas' tables, each area's routes once", () => {
    const d = mesh.downstream.api;
    const areas = [
      ...directoryRoutes(d),
      ...combinationRoutes(d),
      ...combinationDocumentRoutes(d, 1024),
      ...requestRoutes(d, 1024),
      ...meetingRoutes(d),
      ...assessmentRoutes(d),
      ...grantRoutes(d),
      ...applicationRoutes(d),
      ...awardRoutes(d),
      ...variationRoutes(d),
      ...webhookRoutes(d),
      ...settingsRoutes(d),
    ].map(routeKey);
    const all = restRoutes(d, 1024).map(routeKey);
    // A new area in rest-routes.ts fails here until it is listed above (and given its routes.test.ts).
    expect(all).toEqual(areas);
    expect(new Set(all).size).toBe(all.length);
  });

  test("every route refuses a call without a bearer token: 401 problem, and no service is asked", async () => {
    const d = mesh.downstream.api;
    const refused: string[] = [];
    for (const r of restRoutes(d, 1024)) {
      const reply = await rest(mesh, r.method.toUpperCase(), r.path.replace(/\{\w+\}/g, "x1"), {
        token: null,
        body: r.body ? {} : undefined,
      });
      if (reply.status === 401 && reply.type === "application/problem+json") refused.push(routeKey(r));
    }
    expect(refused).toEqual(restRoutes(d, 1024).map(routeKey));
    expect(refused.length).toBeGreaterThanOrEqual(70);
    expect(mesh.downstream.calls).toEqual([]);
  });

  test("every area with routes has its routes.test.ts", () => {
    const areas = readdirSync(API).filter((a) => existsSync(path.join(API, a, "routes.ts")));
    expect(areas.sort()).toEqual([
      "assessments",
      "combinations",
      "directory",
      "grants",
      "meetings",
      "requests",
      "settings",
      "webhooks",
    ]);
    expect(areas.filter((a) => !existsSync(path.join(API, a, "routes.test.ts")))).toEqual([]);
  });

  test("a method a documented path does not allow is 405 with Allow; an unknown path is 404, both problems", async () => {
    const wrong = await rest(mesh, "DELETE", "/v1/partners");
    expect([wrong.status, wrong.type, wrong.headers.get("allow")]).toEqual([
      405,
      "application/problem+json",
      "GET, HEAD",
    ]);
    const none = await rest(mesh, "GET", "/v1/no-such-thing");
    expect([none.status, none.type]).toEqual([404, "application/problem+json"]);
    expect(mesh.downstream.calls).toEqual([]);
  });
});
