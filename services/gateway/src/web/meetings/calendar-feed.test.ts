/** A partnership's calendar feed over the fake mesh: issuing and revoking it, and calendar apps reading it by its secret. */
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, summaryRows, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, webCoverage } from "../../testing/page-tests";
import { registerCalendarFeedPages } from "./calendar-feed";
import { answerMeeting, feed } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerMeeting(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);

const routes: PageTests = {
  "GET /calendar-feed": {
    "whether the partnership's feed is active, with replacing and revoking offered": async () => {
      mesh.downstream.on("meetings", "GetCalendarFeed", feed());
      const page = await mesh.send("GET", "/calendar-feed", { as: "officer" });
      expect(page.status).toBe(200);
      expect(summaryRows(page.text)).toEqual([["Status", "Active since 9am on 10 January 2031"]]);
      expect(mesh.downstream.requests("meetings", "GetCalendarFeed")).toEqual([{}]);
      expect(page.text).toContain('formaction="/calendar-feed/revoke"');
      expect(textOf(page.text)).toContain("Issue a new address (the old one stops working)");
    },
    "no feed yet: issuing offered; the panel has no feed": async () => {
      mesh.downstream.on("meetings", "GetCalendarFeed", feed({ active: false, issueTime: null }));
      const page = await mesh.send("GET", "/calendar-feed", { as: "opcc" });
      expect(summaryRows(page.text)).toEqual([["Status", "No active feed"]]);
      expect(page.text).not.toContain("/calendar-feed/revoke");
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/calendar-feed", { as: "panel" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },

  "POST /calendar-feed": {
    "issues a feed and shows its address once, never cached": async () => {
      mesh.downstream.on("meetings", "IssueCalendarFeed", feed({ secret: "s3cr3t-feed" }));
      const page = await mesh.send("POST", "/calendar-feed", { as: "officer" });
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(textOf(page.text)).toContain("Feed address issued");
      expect(textOf(page.text)).toContain(`Feed address: ${mesh.url}/feeds/meetings/s3cr3t-feed.ics`);
      expect(mesh.downstream.requests("meetings", "IssueCalendarFeed")).toEqual([{}]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "the panel has no feed to issue: 404, nothing asked of the service": async () => {
      expect((await mesh.send("POST", "/calendar-feed", { as: "panel" })).status).toBe(404);
      expect(mesh.downstream.requests("meetings", "IssueCalendarFeed")).toEqual([]);
    },
  },

  "POST /calendar-feed/revoke": {
    "revokes the feed and shows that none is active": async () => {
      mesh.downstream.on("meetings", "RevokeCalendarFeed", feed({ active: false }));
      const sent = await mesh.send("POST", "/calendar-feed/revoke", { as: "officer" });
      expect([sent.status, sent.location]).toEqual([303, "/calendar-feed"]);
      expect(mesh.downstream.requests("meetings", "RevokeCalendarFeed")).toEqual([{}]);
    },
    "the panel has no feed to revoke: 404, nothing asked of the service": async () => {
      expect((await mesh.send("POST", "/calendar-feed/revoke", { as: "panel" })).status).toBe(404);
      expect(mesh.downstream.requests("meetings", "RevokeCalendarFeed")).toEqual([]);
    },
  },

  "GET /feeds/meetings/:secret.ics": {
    "a calendar app reads the feed by its secret, without a session: cached privately for five minutes": async () => {
      mesh.downstream.on("meetings", "ReadCalendarFeed", { ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", filename: "" });
      const res = await mesh.send("GET", "/feeds/meetings/s3cr3t-feed.ics");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("private, max-age=300");
      expect(res.text).toBe("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
      expect(mesh.downstream.calls).toEqual([
        { service: "meetings", method: "ReadCalendarFeed", request: { secret: "s3cr3t-feed" }, token: undefined },
      ]);
    },
    "a secret that is revoked or malformed: the 404 page": async () => {
      for (const code of ["NOT_FOUND", "INVALID_ARGUMENT"] as const) {
        mesh.downstream.on("meetings", "ReadCalendarFeed", () => {
          throw grpcError(code, "no such feed");
        });
        const res = await mesh.send("GET", "/feeds/meetings/old-secret.ics");
        expect(res.status).toBe(404);
        expect(headingOf(res.text)).toBe("Page not found");
      }
    },
    "the meetings service down: 503 with when to try again, not an error": async () => {
      mesh.downstream.on("meetings", "ReadCalendarFeed", () => {
        throw grpcError("UNAVAILABLE", "meetings is restarting");
      });
      const res = await mesh.send("GET", "/feeds/meetings/s3cr3t-feed.ics");
      expect([res.status, res.headers.get("retry-after")]).toEqual([503, "300"]);
    },
  },
};

describe("the calendar feed over the fake mesh", () => {
  test("every route of the calendar feed has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerCalendarFeedPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
