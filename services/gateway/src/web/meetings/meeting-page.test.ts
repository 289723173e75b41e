/**
 * One meeting's page over the fake mesh, for each role, and what invitees post from it: their answer
 * to the invitation and comments on circulated minutes; the meeting's calendar file.
 */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { action, answerMeeting, held, ID, type Meeting, meeting, NAME, PAPER_ID, paper } from "./fixtures";
import { registerMeetingPage } from "./meeting-page";

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
  "GET /meetings/:id": {
    "the OPCC's page: the meeting, their tasks, every answer with non-compliance, agenda, papers, actions":
      async () => {
        mesh.downstream
          .on("meetings", "ListPapers", { papers: [paper()] })
          .on("meetings", "ListActions", { actions: [action({ overdue: true })], nextPageToken: "" });
        const page = await mesh.send("GET", `/meetings/${ID}?convened=1`, { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Knife crime priority meeting");
        expect(textOf(page.text)).toContain("Invitations sent");
        expect(textOf(page.text)).toContain("Attendance required (regulation 14A)");
        expect(mesh.downstream.requests("meetings", "GetMeeting")).toEqual([{ name: NAME }]);
        expect(mesh.downstream.requests("meetings", "ListPapers")).toEqual([{ meeting: NAME }]);
        expect(mesh.downstream.requests("meetings", "ListActions")).toEqual([{ meeting: NAME, pageSize: 100 }]);
        expect(summaryRows(page.text)).toEqual([
          ["Status", "Convened"],
          ["When", "10am on 27 March 2031 to midday"],
          ["Answers due by", "5pm on 20 March 2031"],
          ["Place", "Dover town hall"],
          ["Priority issues", "Rising knife crime in Dover"],
          ["Classification", "OFFICIAL"],
        ]);
        const tasks = [...page.text.matchAll(/<li><a class="govuk-link" href="([^"]+)">([^<]+)<\/a><\/li>/g)].map(
          (m) => `${m[2]} ${m[1]}`,
        );
        expect(tasks).toEqual([
          `Build the agenda /meetings/${ID}/agenda`,
          `Add a paper /meetings/${ID}/papers/new`,
          `Move the meeting /meetings/${ID}/reschedule`,
          `Cancel the meeting /meetings/${ID}/cancel`,
        ]);
        const byCaption = Object.fromEntries(tables(page.text).map((t) => [t.caption, t.rows]));
        expect(byCaption["Answers from the partnerships"]).toEqual([
          ["Dover CSP", "Attending", "Morgan Clarke", ""],
          ["Maidstone CSP", "Not attending Non-compliance", "", "Staff shortage"],
        ]);
        expect(byCaption["Agenda items in order"]).toEqual([
          ["1", "Opening", "The OPCC", "15 min", ""],
          ["2", "Knife crime figures Q3 figures", "Dover CSP", "30 min", "reportRequests/rq-1"],
        ]);
        expect(textOf(page.text)).toContain("Version 1, with changes not yet published");
        expect(byCaption["Papers you may see"]).toEqual([
          ["Hotspot analysis", "2. Knife crime figures", "OFFICIAL-SENSITIVE", "Dover CSP", "200 KB"],
        ]);
        expect(page.text).toContain(`href="/${NAME}/papers/${PAPER_ID}">Hotspot analysis</a>`);
        expect(page.text).toContain(`href="/meetings/${ID}/papers-pack.zip"`);
        expect(byCaption["Actions from this meeting"]).toEqual([
          ["Share hotspot maps monthly", "Dover CSP", "30 April 2031", "Open Overdue"],
        ]);
        expect(page.text).toContain(`href="/meetings/${ID}/calendar.ics"`);
        expect(page.text).not.toContain('action="/meetings/m-knife-crime/respond"');
      },
    "an invited officer sees their partnership's answer and may change it; no one else's": async () => {
      const page = await mesh.send("GET", `/meetings/${ID}`, { as: "officer" });
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain("Status: Attending (Morgan Clarke)");
      expect(page.text).toContain(`action="/meetings/${ID}/respond"`);
      expect(page.text).not.toContain("Answers from the partnerships");
      expect(page.text).not.toContain("Run the meeting");
      expect(page.text).toContain('href="/calendar-feed"');
      expect(tokens()).toEqual(["token-officer"]);
    },
    "the panel reads approved minutes; actions are not asked for": async () => {
      mesh.downstream.on(
        "meetings",
        "GetMeeting",
        held({
          state: "MEETING_STATE_MINUTES_APPROVED",
          minutes: { ...(held().minutes as NonNullable<Meeting["minutes"]>), approved: true, sha256: "ef".repeat(32) },
        }),
      );
      const page = await mesh.send("GET", `/meetings/${ID}`, { as: "panel" });
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain("Minutes (approved) The figures were discussed.");
      expect(textOf(page.text)).toContain(`SHA-256 of the approved minutes: ${"ef".repeat(32)}`);
      expect(called()).toEqual(["meetings.GetMeeting", "meetings.ListPapers"]);
    },
    "a malformed id is not found without asking; a meeting the person may not see is the 404 page": async () => {
      const malformed = await mesh.send("GET", "/meetings/DROP%20TABLE", { as: "opcc" });
      expect(malformed.status).toBe(404);
      expect(called()).toEqual([]);
      mesh.downstream.on("meetings", "GetMeeting", () => {
        throw grpcError("NOT_FOUND", "no such meeting");
      });
      const hidden = await mesh.send("GET", `/meetings/${ID}`, { as: "panel" });
      expect(hidden.status).toBe(404);
    },
  },

  "POST /meetings/:id/respond": {
    "a malformed meeting id: 404, nothing asked of the service": async () => {
      const res = await mesh.send("POST", "/meetings/not-a-meeting/respond", {
        as: "officer",
        form: { response: "RESPONSE_ATTENDING" },
      });
      expect(res.status).toBe(404);
      expect(mesh.downstream.requests("meetings", "RespondToInvitation")).toEqual([]);
    },
    "sends the partnership's answer with who attends, and back to the meeting": async () => {
      mesh.downstream.on("meetings", "RespondToInvitation", meeting());
      const sent = await mesh.send("POST", `/meetings/${ID}/respond`, {
        as: "officer",
        form: { response: "INVITATION_STATE_DELEGATED", representative: "Alex Kim, deputy", reasons: "" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}`]);
      expect(mesh.downstream.requests("meetings", "RespondToInvitation")).toEqual([
        { name: NAME, response: "INVITATION_STATE_DELEGATED", representative: "Alex Kim, deputy", reasons: "" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "no answer chosen: the meeting page with 400 naming it, what was typed kept, nothing sent": async () => {
      const page = await mesh.send("POST", `/meetings/${ID}/respond`, {
        as: "officer",
        form: { representative: "Alex Kim" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Select whether your partnership will attend", href: "#response" },
      ]);
      expect(fieldValue(page.text, "representative")).toBe("Alex Kim");
      expect(called()).not.toContain("meetings.RespondToInvitation");
    },
    "the service's refusal names the field": async () => {
      mesh.downstream.on("meetings", "RespondToInvitation", () => {
        throw refusedFields("who attends is needed", [{ field: "representative", description: "is required" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/respond`, {
        as: "officer",
        form: { response: "INVITATION_STATE_ACCEPTED" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Enter who will attend", href: "#representative" }]);
      expect(chosen(page.text, "response")).toEqual(["INVITATION_STATE_ACCEPTED"]);
    },
  },

  "POST /meetings/:id/minutes/comment": {
    "a malformed meeting id: 404, nothing asked of the service": async () => {
      const res = await mesh.send("POST", "/meetings/not-a-meeting/minutes/comment", {
        as: "officer",
        form: { comment: "Agreed" },
      });
      expect(res.status).toBe(404);
      expect(mesh.downstream.requests("meetings", "CommentOnMinutes")).toEqual([]);
    },
    "an attending partnership's comment on circulated minutes is sent, and the page says so": async () => {
      mesh.downstream.on("meetings", "CommentOnMinutes", held());
      const sent = await mesh.send("POST", `/meetings/${ID}/minutes/comment`, {
        as: "officer",
        form: { comment: "Item 2 should say Q3" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}?commented=1`]);
      expect(mesh.downstream.requests("meetings", "CommentOnMinutes")).toEqual([
        { name: NAME, text: "Item 2 should say Q3", requestId },
      ]);
    },
    "an empty comment: 400 on the meeting page, with the comment form, nothing sent": async () => {
      mesh.downstream.on("meetings", "GetMeeting", held());
      const page = await mesh.send("POST", `/meetings/${ID}/minutes/comment`, {
        as: "officer",
        form: { comment: " " },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Write your comment, in 2 characters or more", href: "#comment" },
      ]);
      expect(page.text).toContain(`action="/meetings/${ID}/minutes/comment"`);
      expect(called()).not.toContain("meetings.CommentOnMinutes");
    },
    "minutes already approved (FAILED_PRECONDITION): 409": async () => {
      mesh.downstream.on("meetings", "CommentOnMinutes", () => {
        throw grpcError("FAILED_PRECONDITION", "the minutes are approved");
      });
      const page = await mesh.send("POST", `/meetings/${ID}/minutes/comment`, {
        as: "officer",
        form: { comment: "Too late?" },
      });
      expect(page.status).toBe(409);
      expect(textOf(page.text)).toContain("the minutes are approved");
    },
  },

  "GET /meetings/:id/calendar.ics": {
    "a malformed meeting id: 404, nothing asked of the service": async () => {
      expect((await mesh.send("GET", "/meetings/not-a-meeting/calendar.ics", { as: "officer" })).status).toBe(404);
      expect(mesh.downstream.requests("meetings", "GetMeetingCalendar")).toEqual([]);
    },
    "the meeting's calendar file from the service, as a download": async () => {
      mesh.downstream.on("meetings", "GetMeetingCalendar", {
        ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        filename: 'knife "crime"\r\n.ics',
      });
      const res = await mesh.send("GET", `/meetings/${ID}/calendar.ics`, { as: "officer" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      // A name taken from a title cannot break the header.
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="knife _crime___.ics"');
      expect(res.text).toBe("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
      expect(mesh.downstream.requests("meetings", "GetMeetingCalendar")).toEqual([{ name: NAME }]);
    },
  },
};

describe("one meeting's page over the fake mesh", () => {
  test("every route of the meeting's page has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerMeetingPage), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
