/** The OPCC's record of a meeting over the fake mesh: moving and cancelling it, attendance, and the minutes. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, tables, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { answerMeeting, held, ID, meeting, NAME, OPCC_ONLY, othersAsking, seconds } from "./fixtures";
import { registerMeetingRecordPages } from "./record";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerMeeting(mesh));

const called = () => calledOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** Every OPCC-only page of one meeting: others get "page not found" before the meeting is read. */
const opccOnly = async (method: "GET" | "POST", path: string) =>
  expect(await othersAsking(mesh, method, path)).toEqual(OPCC_ONLY);

const routes: PageTests = {
  "GET /meetings/:id/reschedule": {
    "the form starts from the meeting's date": async () => {
      const page = await mesh.send("GET", `/meetings/${ID}/reschedule`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Move the meeting");
      expect(textOf(page.text)).toContain("It is now at 10am on 27 March 2031.");
      expect(["date-day", "date-month", "date-year"].map((f) => fieldValue(page.text, f))).toEqual(["27", "3", "2031"]);
      expect(mesh.downstream.requests("meetings", "GetMeeting")).toEqual([{ name: NAME }]);
    },
    "only the OPCC, only a meeting's id": () => opccOnly("GET", `/meetings/${ID}/reschedule`),
  },

  "POST /meetings/:id/reschedule": {
    "moves the meeting to the new London times with the reason": async () => {
      mesh.downstream.on("meetings", "RescheduleMeeting", meeting());
      const sent = await mesh.send("POST", `/meetings/${ID}/reschedule`, {
        as: "opcc",
        form: {
          "date-day": "3",
          "date-month": "4",
          "date-year": "2031",
          start: "2pm",
          end: "3:30pm",
          reason: "Room needed",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}`]);
      expect(mesh.downstream.requests("meetings", "RescheduleMeeting")).toEqual([
        {
          name: NAME,
          // 3 April 2031 is in British Summer Time.
          startTime: seconds("2031-04-03T13:00:00Z"),
          endTime: seconds("2031-04-03T14:30:00Z"),
          reason: "Room needed",
          requestId,
        },
      ]);
    },
    "nothing filled in: 400 naming each field, nothing moved": async () => {
      const page = await mesh.send("POST", `/meetings/${ID}/reschedule`, { as: "opcc", form: { reason: "Why" } });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Enter the new date", href: "#date-day" },
        { text: "Enter the start time", href: "#start" },
        { text: "Enter the end time", href: "#end" },
        { text: "Say why the meeting is moving, in 5 characters or more", href: "#reason" },
      ]);
      expect(fieldValue(page.text, "reason")).toBe("Why");
      expect(called()).toEqual(["meetings.GetMeeting"]);
    },
    "a time the service refuses is named": async () => {
      mesh.downstream.on("meetings", "RescheduleMeeting", () => {
        throw refusedFields("in the past", [{ field: "start_time", description: "must be in the future" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/reschedule`, {
        as: "opcc",
        form: {
          "date-day": "3",
          "date-month": "4",
          "date-year": "2031",
          start: "2pm",
          end: "3pm",
          reason: "Room needed",
        },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "The meeting must start in the future", href: "#start" }]);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/reschedule`),
  },

  "GET /meetings/:id/cancel": {
    "the OPCC's cancel form": async () => {
      const page = await mesh.send("GET", `/meetings/${ID}/cancel`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Cancel the meeting");
      expect(textOf(page.text)).toContain("Knife crime priority meeting");
      expect(page.text).toContain(`action="/meetings/${ID}/cancel"`);
    },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/cancel`),
  },

  "POST /meetings/:id/cancel": {
    "cancels with the reason": async () => {
      mesh.downstream.on("meetings", "CancelMeeting", meeting({ state: "MEETING_STATE_CANCELLED" }));
      const sent = await mesh.send("POST", `/meetings/${ID}/cancel`, { as: "opcc", form: { reason: "Venue closed" } });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}`]);
      expect(mesh.downstream.requests("meetings", "CancelMeeting")).toEqual([
        { name: NAME, reason: "Venue closed", requestId },
      ]);
    },
    "no reason: 400, nothing cancelled": async () => {
      const page = await mesh.send("POST", `/meetings/${ID}/cancel`, { as: "opcc", form: { reason: "no" } });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Say why the meeting is cancelled, in 5 characters or more", href: "#reason" },
      ]);
      expect(called()).not.toContain("meetings.CancelMeeting");
    },
    "a meeting already held (FAILED_PRECONDITION): 409 with a way back to the meeting": async () => {
      mesh.downstream.on("meetings", "CancelMeeting", () => {
        throw grpcError("FAILED_PRECONDITION", "a held meeting cannot be cancelled");
      });
      const page = await mesh.send("POST", `/meetings/${ID}/cancel`, { as: "opcc", form: { reason: "Venue closed" } });
      expect(page.status).toBe(409);
      expect(page.text).toContain(`href="/meetings/${ID}">Go back</a>`);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/cancel`),
  },

  "GET /meetings/:id/attendance": {
    "one fieldset per invited partnership, with what was recorded or who was to attend": async () => {
      mesh.downstream.on("meetings", "GetMeeting", held());
      const page = await mesh.send("GET", `/meetings/${ID}/attendance`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain("Dover CSP");
      expect(chosen(page.text, "att-0")).toEqual(["ATTENDANCE_PRESENT"]);
      expect(chosen(page.text, "att-1")).toEqual(["ATTENDANCE_APOLOGIES"]);
      expect(fieldValue(page.text, "who-0")).toBe("Morgan Clarke, CSP manager");
    },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/attendance`),
  },

  "POST /meetings/:id/attendance": {
    "records each partnership marked, and back to the meeting": async () => {
      mesh.downstream.on("meetings", "RecordAttendance", held());
      const sent = await mesh.send("POST", `/meetings/${ID}/attendance`, {
        as: "opcc",
        form: { "att-0": "ATTENDANCE_PRESENT", "who-0": "Morgan Clarke", "att-1": "", "who-1": "" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}`]);
      expect(mesh.downstream.requests("meetings", "RecordAttendance")).toEqual([
        {
          name: NAME,
          attendance: [{ partner: "partners/csp-dover", attendance: "ATTENDANCE_PRESENT", attendee: "Morgan Clarke" }],
          requestId,
        },
      ]);
    },
    "nobody marked, or a mark that does not exist: 400, nothing recorded": async () => {
      const none = await mesh.send("POST", `/meetings/${ID}/attendance`, { as: "opcc", form: {} });
      expect(none.status).toBe(400);
      expect(errorSummary(none.text)).toEqual([
        { text: "Record the attendance of at least one partnership", href: "#att-0" },
      ]);
      const odd = await mesh.send("POST", `/meetings/${ID}/attendance`, {
        as: "opcc",
        form: { "att-1": "ATTENDANCE_LATE", "who-1": "Jo" },
      });
      expect(odd.status).toBe(400);
      expect(errorSummary(odd.text)).toEqual([{ text: "Select present, apologies or absent", href: "#att-1" }]);
      expect(fieldValue(odd.text, "who-1")).toBe("Jo");
      expect(called()).not.toContain("meetings.RecordAttendance");
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/attendance`),
  },

  "GET /meetings/:id/minutes": {
    "the draft minutes and decisions, the partnerships' comments, and approving once circulated": async () => {
      mesh.downstream.on("meetings", "GetMeeting", held());
      const page = await mesh.send("GET", `/meetings/${ID}/minutes`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(fieldValue(page.text, "text")).toBe("The figures were discussed.");
      expect(fieldValue(page.text, "decisions")).toBe("Share hotspot maps monthly");
      expect(tables(page.text)[0]?.rows).toEqual([
        ["Dover CSP", "Sam Patel", "Item 2 should say Q3", "9am on 28 March 2025"],
      ]);
      expect(page.text).toContain(`formaction="/meetings/${ID}/minutes?then=approve"`);
    },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/minutes`),
  },

  "POST /meetings/:id/minutes": {
    "saves the minutes with one decision a line, then circulates or approves as the button says": async () => {
      mesh.downstream
        .on("meetings", "SaveMinutes", held())
        .on("meetings", "CirculateMinutes", held())
        .on("meetings", "ApproveMinutes", held());
      const form = { text: "The figures were discussed.", decisions: "Share maps\r\n\r\n Review in May \r\n" };
      const saved = await mesh.send("POST", `/meetings/${ID}/minutes`, { as: "opcc", form });
      expect([saved.status, saved.location]).toEqual([303, `/meetings/${ID}`]);
      expect(called()).toEqual(["meetings.GetMeeting", "meetings.SaveMinutes"]);
      expect(mesh.downstream.requests("meetings", "SaveMinutes")).toEqual([
        { name: NAME, text: "The figures were discussed.", decisions: ["Share maps", "Review in May"] },
      ]);
      await mesh.send("POST", `/meetings/${ID}/minutes?then=circulate`, { as: "opcc", form });
      await mesh.send("POST", `/meetings/${ID}/minutes?then=approve`, { as: "opcc", form });
      expect(mesh.downstream.requests("meetings", "CirculateMinutes")).toEqual([{ name: NAME, requestId }]);
      expect(mesh.downstream.requests("meetings", "ApproveMinutes")).toEqual([{ name: NAME, requestId }]);
    },
    "no minutes written: 400, nothing saved": async () => {
      const page = await mesh.send("POST", `/meetings/${ID}/minutes?then=approve`, {
        as: "opcc",
        form: { text: "", decisions: "Keep this" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Write the minutes", href: "#text" }]);
      expect(fieldValue(page.text, "decisions")).toBe("Keep this");
      expect(called()).toEqual(["meetings.GetMeeting"]);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/minutes`),
  },
};

describe("the OPCC's record of a meeting over the fake mesh", () => {
  test("every route of the meeting's record has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerMeetingRecordPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
