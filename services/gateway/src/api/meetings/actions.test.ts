/** The meeting REST routes over a fake meetings service: actions from meetings and their progress. */

import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, type RouteTests, rest, ts } from "../testing";
import { ACTION, action, ID, NAME, TESTED_IN } from "./fixtures";
import { meetingRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
  "GET /v1/actions": {
    "asks ListActions with paging, status and meeting": async () => {
      const list = { actions: [action()], nextPageToken: "" };
      mesh.downstream.on("meetings", "ListActions", list);
      const r = await rest(mesh, "GET", `/v1/actions?status=ACTION_STATUS_OPEN&meeting=${NAME}&pageSize=50`, {
        as: "officer",
      });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("meetings", "ListActions")).toEqual([
        { pageSize: 50, pageToken: "", status: "ACTION_STATUS_OPEN", meeting: NAME },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a meeting that is not meetings/<id> is 400 naming meeting": async () => {
      const r = await rest(mesh, "GET", `/v1/actions?meeting=${ID}`);
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "meeting" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/actions": {
    "gives the action to partners/<id> with its due time as a Timestamp: 201": async () => {
      mesh.downstream.on("meetings", "CreateAction", action());
      const r = await rest(mesh, "POST", "/v1/actions", {
        body: {
          action: {
            meeting: NAME,
            owner: "csp-dover",
            description: "Map the hotspots",
            dueTime: "2026-06-01T17:00:00+01:00",
          },
          requestId: "act-1",
        },
      });
      expect([r.status, r.json]).toEqual([201, action()]);
      expect(mesh.downstream.requests("meetings", "CreateAction")).toEqual([
        {
          action: {
            meeting: NAME,
            owner: "partners/csp-dover",
            description: "Map the hotspots",
            dueTime: ts("2026-06-01T16:00:00Z"),
          },
          requestId: "act-1",
        },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "no owner and a short description are 400 naming both": async () => {
      const r = await rest(mesh, "POST", "/v1/actions", {
        body: { action: { meeting: NAME, description: "Map", dueTime: "2026-06-01T17:00:00Z" } },
      });
      expect(r.json).toMatchObject({
        status: 400,
        errors: [{ field: "action.owner" }, { field: "action.description" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/actions/{id}": {
    "asks GetAction for actions/<id>": async () => {
      mesh.downstream.on("meetings", "GetAction", action());
      const r = await rest(mesh, "GET", `/v1/actions/${ACTION}`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, action()]);
      expect(mesh.downstream.requests("meetings", "GetAction")).toEqual([{ name: `actions/${ACTION}` }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "an id without the a- prefix is 400": async () => {
      const r = await rest(mesh, "GET", "/v1/actions/7f3k2");
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/actions/{id}/update": {
    "records progress with the status, note and defaults": async () => {
      mesh.downstream.on("meetings", "UpdateAction", action("ACTION_STATUS_DONE"));
      const r = await rest(mesh, "POST", `/v1/actions/${ACTION}/update`, {
        as: "officer",
        body: { status: "ACTION_STATUS_DONE", note: "Map published" },
      });
      expect([r.status, r.json]).toEqual([200, action("ACTION_STATUS_DONE")]);
      expect(mesh.downstream.requests("meetings", "UpdateAction")).toEqual([
        { name: `actions/${ACTION}`, status: "ACTION_STATUS_DONE", note: "Map published", reasons: "", requestId: "" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a status that does not exist is 400 naming status": async () => {
      const r = await rest(mesh, "POST", `/v1/actions/${ACTION}/update`, { body: { status: "ACTION_STATUS_LATE" } });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "status" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("meeting REST routes over a fake meetings service: actions", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(meetingRoutes(mesh.downstream.api), routes, TESTED_IN["actions.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
