/** Actions from meetings over the fake mesh: the lists, giving one, and its owner recording progress. */
import { ts } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { registerActionPages } from "./actions";
import { action, answerMeeting, held, ID, NAME, OPCC_ONLY, othersAsking, seconds } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerMeeting(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** Every OPCC-only page of one meeting: others get "page not found" before the meeting is read. */
const opccOnly = async (method: "GET" | "POST", path: string) =>
  expect(await othersAsking(mesh, method, path)).toEqual(OPCC_ONLY);

const routes: PageTests = {
  "GET /actions": {
    "the OPCC's open actions across meetings, with the owning partnership; all of them on asking": async () => {
      mesh.downstream.on("meetings", "ListActions", { actions: [action({ overdue: true })], nextPageToken: "" });
      const page = await mesh.send("GET", "/actions", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Actions from meetings");
      expect(tables(page.text)[0]).toEqual({
        caption: "Open actions",
        head: ["Action", "Partnership", "Due", "Status"],
        rows: [["Share hotspot maps monthly", "Dover CSP", "30 April 2031", "Open Overdue"]],
      });
      expect(page.text).toContain('href="/actions/a-hotspot-maps"');
      await mesh.send("GET", "/actions?status=all", { as: "opcc" });
      expect(mesh.downstream.requests("meetings", "ListActions")).toEqual([
        { pageSize: 100, status: "ACTION_STATUS_OPEN" },
        { pageSize: 100, status: "ACTION_STATUS_UNSPECIFIED" },
      ]);
    },
    "a partnership's own, without the partnership column; the panel has no actions page": async () => {
      mesh.downstream.on("meetings", "ListActions", { actions: [action()], nextPageToken: "" });
      const page = await mesh.send("GET", "/actions", { as: "officer" });
      expect(headingOf(page.text)).toBe("Your partnership's actions");
      expect(tables(page.text)[0]?.head).toEqual(["Action", "Due", "Status"]);
      expect(tokens()).toEqual(["token-officer"]);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/actions", { as: "panel" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },

  "GET /meetings/:id/actions/new": {
    "the OPCC gives an action to one of the meeting's invitees": async () => {
      mesh.downstream.on("meetings", "GetMeeting", held());
      const page = await mesh.send("GET", `/meetings/${ID}/actions/new`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Give an action");
      expect([...page.text.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([
        "",
        "partners/csp-dover",
        "partners/csp-maidstone",
      ]);
      expect(page.text).toContain(`action="/meetings/${ID}/actions"`);
    },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/actions/new`),
  },

  "POST /meetings/:id/actions": {
    "creates the action due 5pm London time, and shows it": async () => {
      mesh.downstream.on("meetings", "GetMeeting", held()).on("meetings", "CreateAction", action());
      const sent = await mesh.send("POST", `/meetings/${ID}/actions`, {
        as: "opcc",
        form: {
          owner: "partners/csp-dover",
          description: "Share hotspot maps monthly",
          "due-day": "30",
          "due-month": "4",
          "due-year": "2031",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, "/actions/a-hotspot-maps"]);
      expect(mesh.downstream.requests("meetings", "CreateAction")).toEqual([
        {
          action: {
            meeting: NAME,
            owner: "partners/csp-dover",
            description: "Share hotspot maps monthly",
            dueTime: seconds("2031-04-30T16:00:00Z"),
          },
          requestId,
        },
      ]);
    },
    "no owner, a short description, no date: 400 naming each, nothing created": async () => {
      mesh.downstream.on("meetings", "GetMeeting", held());
      const page = await mesh.send("POST", `/meetings/${ID}/actions`, { as: "opcc", form: { description: "Maps" } });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Choose the partnership that owns the action", href: "#owner" },
        { text: "Describe the action in 5 characters or more", href: "#description" },
        { text: "Enter the due by", href: "#due-day" },
      ]);
      expect(fieldValue(page.text, "description")).toBe("Maps");
      expect(called()).not.toContain("meetings.CreateAction");
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/actions`),
  },

  "GET /actions/:id": {
    "the action, its progress, and the owner's form to record more": async () => {
      mesh.downstream.on(
        "meetings",
        "GetAction",
        action({
          updates: [
            {
              time: ts("2031-04-02T09:00:00Z"),
              actor: "people/dover-officer",
              actorDisplayName: "Sam Patel",
              note: "First map shared",
              status: "ACTION_STATUS_OPEN",
            },
          ],
        }),
      );
      const page = await mesh.send("GET", "/actions/a-hotspot-maps", { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Share hotspot maps monthly");
      expect(mesh.downstream.requests("meetings", "GetAction")).toEqual([{ name: "actions/a-hotspot-maps" }]);
      expect(summaryRows(page.text)).toEqual([
        ["Owned by", "Dover CSP"],
        ["Due", "30 April 2031"],
        ["Status", "Open"],
        ["From the meeting", "Open the meeting"],
      ]);
      expect(tables(page.text)[0]?.rows).toEqual([["10am on 2 April 2031", "Sam Patel", "First map shared"]]);
      expect(page.text).toContain('action="/actions/a-hotspot-maps"');
      expect(chosen(page.text, "status")).toEqual(["ACTION_STATUS_UNSPECIFIED"]);
    },
    "the panel reads it without the form; a malformed id is not found without asking": async () => {
      mesh.downstream.on("meetings", "GetAction", action());
      const page = await mesh.send("GET", "/actions/a-hotspot-maps", { as: "panel" });
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('action="/actions/a-hotspot-maps"');
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/actions/x", { as: "opcc" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },

  "POST /actions/:id": {
    "records progress, or the action done or dropped with reasons": async () => {
      mesh.downstream.on("meetings", "UpdateAction", action());
      const sent = await mesh.send("POST", "/actions/a-hotspot-maps", {
        as: "officer",
        form: { note: "Second map shared", status: "ACTION_STATUS_UNSPECIFIED", reasons: "" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/actions/a-hotspot-maps"]);
      await mesh.send("POST", "/actions/a-hotspot-maps", {
        as: "officer",
        form: { note: "", status: "ACTION_STATUS_DROPPED", reasons: "Superseded by the county plan" },
      });
      expect(mesh.downstream.requests("meetings", "UpdateAction")).toEqual([
        {
          name: "actions/a-hotspot-maps",
          status: "ACTION_STATUS_UNSPECIFIED",
          note: "Second map shared",
          reasons: "",
          requestId,
        },
        {
          name: "actions/a-hotspot-maps",
          status: "ACTION_STATUS_DROPPED",
          note: "",
          reasons: "Superseded by the county plan",
          requestId,
        },
      ]);
    },
    "nothing to record, or dropped without reasons: 400 on the action's page, nothing sent": async () => {
      mesh.downstream.on("meetings", "GetAction", action());
      const empty = await mesh.send("POST", "/actions/a-hotspot-maps", { as: "officer", form: {} });
      expect(empty.status).toBe(400);
      expect(errorSummary(empty.text)).toEqual([
        { text: "Describe the progress, or choose done or dropped", href: "#note" },
      ]);
      const dropped = await mesh.send("POST", "/actions/a-hotspot-maps", {
        as: "officer",
        form: { status: "ACTION_STATUS_DROPPED", reasons: "no" },
      });
      expect(errorSummary(dropped.text)).toEqual([
        { text: "Say why the action is dropped, in 5 characters or more", href: "#reasons" },
      ]);
      expect(chosen(dropped.text, "status")).toEqual(["ACTION_STATUS_DROPPED"]);
      expect(called()).toEqual(["meetings.GetAction", "meetings.GetAction"]);
    },
    "someone else's action (PERMISSION_DENIED): 403": async () => {
      mesh.downstream.on("meetings", "UpdateAction", () => {
        throw grpcError("PERMISSION_DENIED", "only the owning partnership or the OPCC may update it");
      });
      const page = await mesh.send("POST", "/actions/a-hotspot-maps", { as: "panel", form: { note: "Done?" } });
      expect(page.status).toBe(403);
      expect(textOf(page.text)).toContain("only the owning partnership or the OPCC may update it");
    },
  },
};

describe("actions from meetings over the fake mesh", () => {
  test("every route of the actions pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerActionPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
