/** The meetings area's list of meetings for each role, and the OPCC's convening of one, over the fake mesh. */
import { refusedFields, ts } from "../../api/testing";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, tables, textOf, titleOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { answerMeeting, held, ID, meeting, seconds } from "./fixtures";
import { registerMeetingListPages } from "./meetings";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerMeeting(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);

const routes: PageTests = {
  "GET /meetings": {
    "the OPCC's meetings, upcoming soonest first and past most recent first, with how many have answered": async () => {
      mesh.downstream.on("meetings", "ListMeetings", {
        meetings: [
          held({
            name: "meetings/m-older",
            title: "Older meeting",
            startTime: ts("2025-01-10T10:00:00Z"),
            endTime: ts("2025-01-10T11:00:00Z"),
          }),
          held({ name: "meetings/m-newer", title: "Newer meeting" }),
          meeting(),
        ],
        nextPageToken: "",
      });
      const page = await mesh.send("GET", "/meetings", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Priority-issue meetings");
      expect(mesh.downstream.requests("meetings", "ListMeetings")).toEqual([{ pageSize: 100 }]);
      expect(tokens()).toEqual(["token-opcc"]);
      expect(tables(page.text).map((t) => [t.caption, t.head, t.rows])).toEqual([
        [
          "Upcoming, soonest first",
          ["Meeting", "When", "Status", "Answers"],
          [["Knife crime priority meeting", "10am on 27 March 2031", "Convened", "2 of 2"]],
        ],
        [
          "Past, most recent first",
          ["Meeting", "When", "Status", "Answers"],
          [
            ["Newer meeting", "10am on 27 March 2025", "Held", "2 of 2"],
            ["Older meeting", "10am on 10 January 2025", "Held", "2 of 2"],
          ],
        ],
      ]);
      expect(page.text).toContain(`href="/meetings/${ID}">Knife crime priority meeting</a>`);
      expect(page.text).toContain('href="/meetings/new"');
    },
    "an officer sees their own answer; the panel only meetings with published minutes and no actions": async () => {
      mesh.downstream.on("meetings", "ListMeetings", { meetings: [meeting()], nextPageToken: "" });
      const officer = await mesh.send("GET", "/meetings", { as: "officer" });
      expect(headingOf(officer.text)).toBe("Meetings you are invited to");
      expect(tables(officer.text)[0]?.rows).toEqual([
        ["Knife crime priority meeting", "10am on 27 March 2031", "Convened", "Attending"],
      ]);
      expect(officer.text).not.toContain('href="/meetings/new"');
      expect(officer.text).toContain('href="/calendar-feed"');
      const panel = await mesh.send("GET", "/meetings", { as: "panel" });
      expect(headingOf(panel.text)).toBe("Meetings with published minutes");
      expect(panel.text).not.toContain('href="/actions"');
    },
    "none yet: says so": async () => {
      mesh.downstream.on("meetings", "ListMeetings", { meetings: [], nextPageToken: "" });
      const page = await mesh.send("GET", "/meetings", { as: "officer" });
      expect(textOf(page.text)).toContain("There are no meetings yet.");
      expect(tables(page.text)).toEqual([]);
    },
  },

  "GET /meetings/new": {
    "the OPCC's convene form offers the partnerships by name, asking no service": async () => {
      const page = await mesh.send("GET", "/meetings/new", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Convene a meeting");
      expect([...page.text.matchAll(/name="invitees"[^>]*value="([^"]+)"/g)].map((m) => m[1])).toEqual([
        "all",
        "partners/csp-dover",
        "partners/csp-maidstone",
      ]);
      expect(chosen(page.text, "basis")).toEqual(["MEETING_BASIS_REG_14A_REQUIREMENT"]);
      expect(called()).toEqual([]);
    },
    "anyone else: page not found": async () => {
      expect((await mesh.send("GET", "/meetings/new", { as: "officer" })).status).toBe(404);
      expect((await mesh.send("GET", "/meetings/new", { as: "panel" })).status).toBe(404);
    },
  },

  "POST /meetings/new": {
    "creates the meeting from the form in London time, convenes it, and goes to it": async () => {
      mesh.downstream
        .on("meetings", "CreateMeeting", meeting({ name: "meetings/m-new", state: "MEETING_STATE_DRAFT" }))
        .on("meetings", "ConveneMeeting", meeting({ name: "meetings/m-new" }));
      const sent = await mesh.send("POST", "/meetings/new", {
        as: "opcc",
        form: {
          title: "Knife crime priority meeting",
          purpose: "Rising knife crime in Dover",
          basis: "MEETING_BASIS_INVITATION",
          "date-day": "27",
          "date-month": "3",
          "date-year": "2031",
          start: "10am",
          end: "12:30pm",
          "deadline-day": "20",
          "deadline-month": "3",
          "deadline-year": "2031",
          place: "Dover town hall",
          online: "",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          invitees: ["partners/csp-dover", "partners/csp-maidstone"],
        },
      });
      expect([sent.status, sent.location]).toEqual([303, "/meetings/m-new?convened=1"]);
      expect(mesh.downstream.requests("meetings", "CreateMeeting")).toEqual([
        {
          meeting: {
            title: "Knife crime priority meeting",
            purpose: "Rising knife crime in Dover",
            basis: "MEETING_BASIS_INVITATION",
            startTime: seconds("2031-03-27T10:00:00Z"),
            endTime: seconds("2031-03-27T12:30:00Z"),
            responseDeadline: seconds("2031-03-20T17:00:00Z"),
            place: "Dover town hall",
            onlineJoining: "",
            classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
            invitations: [{ partner: "partners/csp-dover" }, { partner: "partners/csp-maidstone" }],
            allActiveCsps: false,
          },
          requestId,
          validateOnly: false,
        },
      ]);
      expect(mesh.downstream.requests("meetings", "ConveneMeeting")).toEqual([{ name: "meetings/m-new", requestId }]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "every problem at once (the page's times, no invitee, the service's title): 400, values kept, nothing created or sent":
      async () => {
        mesh.downstream.on("meetings", "CreateMeeting", () => {
          throw refusedFields("invalid meeting", [{ field: "meeting.title", description: "too short" }]);
        });
        const page = await mesh.send("POST", "/meetings/new", {
          as: "opcc",
          form: {
            title: "Knife",
            "date-day": "27",
            "date-month": "3",
            "date-year": "2031",
            start: "25pm",
            end: "11",
          },
        });
        expect(page.status).toBe(400);
        expect(titleOf(page.text)).toMatch(/^Error: Convene a meeting/);
        expect(errorSummary(page.text)).toEqual([
          { text: "Enter a title of 5 characters or more", href: "#title" },
          { text: "Start time must be a real time, for example 10am or 2:30pm", href: "#start" },
          { text: "End time must say am or pm, for example 10am or 2:30pm", href: "#end" },
          { text: "Enter the answers due by", href: "#deadline-day" },
          { text: "Select the partnerships to invite", href: "#invitees" },
        ]);
        expect(mesh.downstream.requests("meetings", "CreateMeeting")[0]).toMatchObject({ validateOnly: true });
        expect(called()).not.toContain("meetings.ConveneMeeting");
        expect(fieldValue(page.text, "title")).toBe("Knife");
        expect(fieldValue(page.text, "start")).toBe("25pm");
        expect(fieldValue(page.text, "date-day")).toBe("27");
      },
    "a partnership cannot convene: page not found, nothing sent": async () => {
      const page = await mesh.send("POST", "/meetings/new", { as: "officer", form: { title: "Our meeting" } });
      expect(page.status).toBe(404);
      expect(called()).toEqual([]);
    },
  },
};

describe("the meeting list and convening over the fake mesh", () => {
  test("every route of the meeting list and convening has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerMeetingListPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
