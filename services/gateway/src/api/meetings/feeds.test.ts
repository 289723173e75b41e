/** The meeting REST routes over a fake meetings service: a partnership's calendar feed. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { PEOPLE } from "../../testing/fake-sessions";
import { coverage, type RouteTests, rest } from "../testing";
import { feed, TESTED_IN } from "./fixtures";
import { meetingRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
  "GET /v1/calendar-feed": {
    "says whether the partnership has a feed, never with an address": async () => {
      mesh.downstream.on("meetings", "GetCalendarFeed", feed());
      const r = await rest(mesh, "GET", "/v1/calendar-feed", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, { ...feed(), url: "" }]);
      expect(mesh.downstream.requests("meetings", "GetCalendarFeed")).toEqual([{}]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
  "POST /v1/calendar-feed": {
    "issues a feed and gives its address on this gateway: 201": async () => {
      mesh.downstream.on("meetings", "IssueCalendarFeed", feed({ secret: "s3cr3t-feed" }));
      const r = await rest(mesh, "POST", "/v1/calendar-feed", { as: "officer" });
      expect([r.status, r.json]).toEqual([
        201,
        { ...feed({ secret: "s3cr3t-feed" }), url: `${mesh.url}/feeds/meetings/s3cr3t-feed.ics` },
      ]);
      expect(mesh.downstream.requests("meetings", "IssueCalendarFeed")).toEqual([{}]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "PERMISSION_DENIED (the panel has no feed to issue) is 403": async () => {
      mesh.downstream.on("meetings", "IssueCalendarFeed", (_req, caller) => {
        if (caller === PEOPLE.panel) throw grpcError("PERMISSION_DENIED", "only partnerships have calendar feeds");
        return feed();
      });
      const r = await rest(mesh, "POST", "/v1/calendar-feed", { as: "panel" });
      expect([r.status, r.type]).toEqual([403, "application/problem+json"]);
    },
  },
  "DELETE /v1/calendar-feed": {
    "revokes the feed; no address in the answer": async () => {
      mesh.downstream.on("meetings", "RevokeCalendarFeed", feed({ active: false }));
      const r = await rest(mesh, "DELETE", "/v1/calendar-feed", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, { ...feed({ active: false }), url: "" }]);
      expect(mesh.downstream.requests("meetings", "RevokeCalendarFeed")).toEqual([{}]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
};

describe("meeting REST routes over a fake meetings service: calendar feeds", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(meetingRoutes(mesh.downstream.api), routes, TESTED_IN["feeds.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
