/**
 * The meetings area's pages over the fake mesh: the list and convening, one meeting's page and what
 * invitees post from it, the OPCC's record of it (moving, cancelling, attendance, minutes), the agenda
 * and papers (the upload streamed to the service, downloads streamed out), actions, and the calendar feed.
 */
import { refusedFields } from "../../api/testing";
import type { Reply } from "../../downstream";
import {
  chosen,
  errorSummary,
  type FakeMesh,
  fieldValue,
  grpcError,
  headingOf,
  type PageTests,
  routesOf,
  startFakeMesh,
  summaryRows,
  tables,
  textOf,
  titleOf,
  webCoverage,
} from "../../testing/fake-mesh";
import { registerActionPages } from "./actions";
import { registerAgendaPages } from "./agenda";
import { registerCalendarFeedPages } from "./calendar-feed";
import { registerMeetingPage } from "./meeting-page";
import { registerMeetingListPages } from "./meetings";
import { registerMeetingRecordPages } from "./record";

type Meeting = Reply<"meetings", "GetMeeting">;
type Invitation = Meeting["invitations"][number];
type AgendaItem = NonNullable<Meeting["agenda"]>["items"][number];
type Paper = Reply<"meetings", "ListPapers">["papers"][number];
type Action = Reply<"meetings", "GetAction">;

const ts = (iso: string) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });
const seconds = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

const ID = "m-knife-crime";
const NAME = `meetings/${ID}`;
const PAPER_ID = "0123456789abcdef01234567";

const invitation = (partner: string, state: Invitation["state"], over: Partial<Invitation> = {}): Invitation => ({
  partner,
  state,
  representative: "",
  reasons: "",
  nonCompliance: false,
  respondedBy: "",
  respondTime: null,
  attendance: "ATTENDANCE_UNSPECIFIED",
  attendee: "",
  ...over,
});
const item = (id: string, title: string, over: Partial<AgendaItem> = {}): AgendaItem => ({
  id,
  title,
  description: "",
  presenter: "",
  minutesAllotted: 15,
  links: [],
  ...over,
});
/** A convened meeting in March 2031 (GMT): Dover attending, Maidstone declined a requirement to attend. */
const meeting = (over: Partial<Meeting> = {}): Meeting => ({
  name: NAME,
  title: "Knife crime priority meeting",
  purpose: "Rising knife crime in Dover",
  basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
  state: "MEETING_STATE_CONVENED",
  startTime: ts("2031-03-27T10:00:00Z"),
  endTime: ts("2031-03-27T12:00:00Z"),
  place: "Dover town hall",
  onlineJoining: "",
  classification: "CLASSIFICATION_OFFICIAL",
  convener: "partners/opcc-kent",
  responseDeadline: ts("2031-03-20T17:00:00Z"),
  invitations: [
    invitation("partners/csp-dover", "INVITATION_STATE_ACCEPTED", { representative: "Morgan Clarke" }),
    invitation("partners/csp-maidstone", "INVITATION_STATE_DECLINED", {
      nonCompliance: true,
      reasons: "Staff shortage",
    }),
  ],
  reschedules: [],
  sequence: 1,
  minutes: null,
  cancelReason: "",
  allActiveCsps: false,
  etag: "",
  createTime: null,
  updateTime: null,
  agenda: {
    items: [
      item("i1", "Opening"),
      item("i2", "Knife crime figures", {
        description: "Q3 figures",
        presenter: "partners/csp-dover",
        minutesAllotted: 30,
        links: ["reportRequests/rq-1"],
      }),
    ],
    version: 1,
    publishTime: null,
    unpublishedChanges: true,
  },
  agendaVersions: [{ version: 1, items: [], publishedBy: "people/opcc-staff-1", publishTime: null, note: "" }],
  ...over,
});
/** A meeting held, its minutes circulated for comment, Dover present. */
const held = (over: Partial<Meeting> = {}) =>
  meeting({
    state: "MEETING_STATE_HELD",
    startTime: ts("2025-03-27T10:00:00Z"),
    endTime: ts("2025-03-27T12:00:00Z"),
    invitations: [
      invitation("partners/csp-dover", "INVITATION_STATE_ACCEPTED", {
        attendance: "ATTENDANCE_PRESENT",
        attendee: "Morgan Clarke, CSP manager",
      }),
      invitation("partners/csp-maidstone", "INVITATION_STATE_DECLINED", { attendance: "ATTENDANCE_APOLOGIES" }),
    ],
    minutes: {
      text: "The figures were discussed.",
      decisions: ["Share hotspot maps monthly"],
      approved: false,
      sha256: "",
      approvedBy: "",
      approveTime: null,
      circulated: true,
      circulateTime: null,
      comments: [
        {
          partner: "partners/csp-dover",
          author: "people/dover-officer",
          authorDisplayName: "Sam Patel",
          text: "Item 2 should say Q3",
          time: ts("2025-03-28T09:00:00Z"),
        },
      ],
    },
    ...over,
  });
const paper = (over: Partial<Paper> = {}): Paper => ({
  name: `${NAME}/papers/${PAPER_ID}`,
  meeting: NAME,
  agendaItem: "i2",
  title: "Hotspot analysis",
  filename: "hotspots.pdf",
  contentType: "application/pdf",
  sizeBytes: "204800",
  sha256: "cd".repeat(32),
  classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
  audience: ["partners/csp-dover"],
  releasedToPanel: false,
  uploadedBy: "people/opcc-staff-1",
  createTime: null,
  ...over,
});
const action = (over: Partial<Action> = {}): Action => ({
  name: "actions/a-hotspot-maps",
  meeting: NAME,
  owner: "partners/csp-dover",
  description: "Share hotspot maps monthly",
  dueTime: ts("2031-04-30T16:00:00Z"),
  status: "ACTION_STATUS_OPEN",
  reasons: "",
  updates: [],
  overdue: false,
  classification: "CLASSIFICATION_OFFICIAL",
  etag: "",
  createTime: null,
  updateTime: null,
  ...over,
});
const feed = (over: Partial<Reply<"meetings", "GetCalendarFeed">> = {}): Reply<"meetings", "GetCalendarFeed"> => ({
  partner: "partners/csp-dover",
  active: true,
  secret: "",
  issuedBy: "people/dover-officer",
  issueTime: ts("2031-01-10T09:00:00Z"),
  ...over,
});

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("meetings", "GetMeeting", meeting())
    .on("meetings", "ListPapers", { papers: [] })
    .on("meetings", "ListActions", { actions: [], nextPageToken: "" });
});

const called = () =>
  mesh.downstream.calls.filter((c) => c.method !== "ListPartners").map((c) => `${c.service}.${c.method}`);
const tokens = () => [...new Set(mesh.downstream.calls.map((c) => c.token))];
const requestId = expect.stringMatching(/^web-[0-9a-f-]{36}$/);

/** An upload's messages as the service receives them: the metadata, then the file in chunks. */
async function received(messages: unknown) {
  const all: { metadata?: unknown; chunk?: Buffer }[] = [];
  for await (const m of messages as AsyncIterable<{ metadata?: unknown; chunk?: Buffer }>) all.push(m);
  const chunks = all.slice(1).map((m) => m.chunk as Buffer);
  return { metadata: all[0]?.metadata, chunks, bytes: Buffer.concat(chunks) };
}

/** Every OPCC-only page of one meeting: others get "page not found" before the meeting is read. */
async function opccOnly(method: "GET" | "POST", path: string) {
  for (const as of ["officer", "panel"]) {
    const page = await mesh.send(method, path, { as, form: {} });
    expect([as, page.status]).toEqual([as, 404]);
  }
  const malformed = await mesh.send(method, path.replace(ID, "not-a-meeting"), { as: "opcc", form: {} });
  expect(malformed.status).toBe(404);
  expect(called()).toEqual([]);
}

const routes: PageTests = {
  // ---- the list and convening ------------------------------------------------------------------
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

  // ---- one meeting's page -------------------------------------------------------------------------
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

  // ---- the OPCC's record ---------------------------------------------------------------------------
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

  // ---- agenda and papers ---------------------------------------------------------------------------
  "GET /meetings/:id/agenda": {
    "each item as a fieldset with its values and position, a blank one to add, and publishing offered": async () => {
      const page = await mesh.send("GET", `/meetings/${ID}/agenda`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Agenda");
      expect(fieldValue(page.text, "id-0")).toBe("i1");
      expect(fieldValue(page.text, "title-1")).toBe("Knife crime figures");
      expect(chosen(page.text, "presenter-1")).toEqual(["partners/csp-dover"]);
      expect(fieldValue(page.text, "links-1")).toBe("reportRequests/rq-1");
      expect(fieldValue(page.text, "order-1")).toBe("2");
      expect(fieldValue(page.text, "id-2")).toBe("");
      expect(fieldValue(page.text, "minutes-2")).toBe("15");
      expect(page.text).toContain(`formaction="/meetings/${ID}/agenda?then=publish"`);
      expect(textOf(page.text)).toContain("Save and publish a new version");
    },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/agenda`),
  },
  "POST /meetings/:id/agenda": {
    "saves the items in the positions given, without removed or empty ones, then publishes with the note": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", meeting()).on("meetings", "PublishAgenda", meeting());
      const sent = await mesh.send("POST", `/meetings/${ID}/agenda?then=publish`, {
        as: "opcc",
        form: {
          "id-0": "i1",
          "title-0": "Opening",
          "order-0": "2",
          "minutes-0": "10",
          "id-1": "i2",
          "title-1": "Knife crime figures",
          "order-1": "1",
          "presenter-1": "partners/csp-dover",
          "minutes-1": "30",
          "links-1": "reportRequests/rq-1\r\n",
          "id-2": "i3",
          "title-2": "Any other business",
          "remove-2": "yes",
          "id-3": "",
          "title-3": "Next steps",
          "minutes-3": "",
          "id-4": "",
          "title-4": "",
          note: "Figures first",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}#agenda`]);
      expect(mesh.downstream.requests("meetings", "SaveAgenda")).toEqual([
        {
          name: NAME,
          items: [
            item("i2", "Knife crime figures", {
              presenter: "partners/csp-dover",
              minutesAllotted: 30,
              links: ["reportRequests/rq-1"],
            }),
            item("i1", "Opening", { minutesAllotted: 10 }),
            item("", "Next steps", { minutesAllotted: 0 }),
          ],
        },
      ]);
      expect(mesh.downstream.requests("meetings", "PublishAgenda")).toEqual([
        { name: NAME, note: "Figures first", requestId },
      ]);
    },
    "minutes that are not a whole number and a short title: 400, the rows kept, nothing saved": async () => {
      const page = await mesh.send("POST", `/meetings/${ID}/agenda`, {
        as: "opcc",
        form: { "id-0": "i1", "title-0": "Op", "minutes-0": "ten" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Give the item a title of 3 characters or more", href: "#title-0" },
        { text: "Enter the minutes allotted as a whole number from 0 to 480", href: "#minutes-0" },
      ]);
      expect(fieldValue(page.text, "minutes-0")).toBe("ten");
      expect(called()).toEqual(["meetings.GetMeeting"]);
    },
    "an item the service refuses is named on its row, as the form shows it": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", () => {
        throw refusedFields("bad link", [{ field: "items[0].links", description: "unknown resource" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/agenda`, {
        as: "opcc",
        form: {
          "id-0": "i1",
          "title-0": "Opening",
          "order-0": "2",
          "id-1": "i2",
          "title-1": "Figures",
          "order-1": "1",
          "links-1": "meetings/x",
        },
      });
      expect(page.status).toBe(400);
      // items[0] is the row shown second (it was moved to the top).
      expect(errorSummary(page.text)).toEqual([
        {
          text: "Link report requests (reportRequests/<id>), submissions or assessment priorities only",
          href: "#links-1",
        },
      ]);
    },
    "saved but not published when the note is refused: the note is named with the page's own words": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", meeting()).on("meetings", "PublishAgenda", () => {
        throw refusedFields("note required", [{ field: "note", description: "must say what changed" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/agenda?then=publish`, {
        as: "opcc",
        form: { "id-0": "i1", "title-0": "Opening", note: "" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text).map((e) => e.href)).toEqual(["#note"]);
      expect(called()).toEqual(["meetings.GetMeeting", "meetings.SaveAgenda", "meetings.PublishAgenda"]);
    },
    "a refused note shows the page's own message": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", meeting()).on("meetings", "PublishAgenda", () => {
        throw refusedFields("note required", [{ field: "note", description: "must say what changed" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/agenda?then=publish`, {
        as: "opcc",
        form: { "id-0": "i1", "title-0": "Opening", note: "" },
      });
      // The fallback message is assigned to the form's fields after the violations were mapped, so
      // the summary says "Must say what changed" (the service's description) instead.
      expect(errorSummary(page.text)).toEqual([
        { text: "Say what changed since the published agenda, in 5 characters or more", href: "#note" },
      ]);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/agenda`),
  },

  "GET /meetings/:id/papers/new": {
    "the upload form: the agenda's items, the meeting's classification, the invitees, the token in the address":
      async () => {
        const page = await mesh.send("GET", `/meetings/${ID}/papers/new?item=i2`, { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Add a paper");
        expect(chosen(page.text, "agendaItem")).toEqual(["i2"]);
        expect(textOf(page.text)).toContain("2. Knife crime figures");
        expect(chosen(page.text, "classification")).toEqual(["CLASSIFICATION_OFFICIAL"]);
        expect([...page.text.matchAll(/name="audience"[^>]*value="([^"]+)"/g)].map((m) => m[1])).toEqual([
          "partners/csp-dover",
          "partners/csp-maidstone",
        ]);
        const token = /data-csrf="([^"]+)"/.exec(page.text)?.[1] ?? "";
        expect(page.text).toContain(`action="/meetings/${ID}/papers?_csrf=${encodeURIComponent(token)}"`);
        expect(page.text).toContain('enctype="multipart/form-data"');
      },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/papers/new`),
  },
  "POST /meetings/:id/papers": {
    "streams the paper to the meetings service's upload with its item, title, classification and audience":
      async () => {
        const bytes = Buffer.alloc(150_000, "p");
        let upload: Awaited<ReturnType<typeof received>> | undefined;
        mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
          upload = await received(messages);
          return paper();
        });
        const form = new FormData();
        form.append("agendaItem", "i2");
        form.append("title", "Hotspot analysis");
        form.append("classification", "CLASSIFICATION_OFFICIAL_SENSITIVE");
        form.append("audience", "partners/csp-dover");
        form.append("file", new Blob([bytes]), "hotspots.pdf");
        const sent = await mesh.send("POST", `/meetings/${ID}/papers`, { as: "opcc", multipart: form });
        expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}#papers`]);
        expect(upload?.metadata).toEqual({
          meeting: NAME,
          agendaItem: "i2",
          title: "Hotspot analysis",
          filename: "hotspots.pdf",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          audience: ["partners/csp-dover"],
        });
        expect(upload?.bytes.equals(bytes)).toBe(true);
        expect(upload?.chunks.length).toBeGreaterThan(1);
        expect(tokens()).toEqual(["token-opcc"]);
      },
    "no item, a short title, no file: 400 naming each, the values kept, nothing uploaded": async () => {
      const form = new FormData();
      form.append("title", "Hi");
      form.append("audience", "partners/csp-maidstone");
      form.append("file", new Blob([]), "");
      const page = await mesh.send("POST", `/meetings/${ID}/papers`, { as: "opcc", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Choose the agenda item the paper is for", href: "#agendaItem" },
        { text: "Give the paper a title of 3 characters or more", href: "#title" },
        { text: "Select a file to add", href: "#file" },
      ]);
      expect(fieldValue(page.text, "title")).toBe("Hi");
      expect(chosen(page.text, "audience")).toEqual(["partners/csp-maidstone"]);
      expect(called()).toEqual(["meetings.GetMeeting"]);
    },
    "a file the service refuses is named on the file input": async () => {
      mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
        await received(messages);
        throw refusedFields("unsupported", [
          { field: "metadata.filename", description: "must be a PDF or office document" },
        ]);
      });
      const form = new FormData();
      form.append("agendaItem", "i2");
      form.append("title", "Hotspot analysis");
      form.append("file", new Blob([Buffer.from("MZ")]), "tool.exe");
      const page = await mesh.send("POST", `/meetings/${ID}/papers`, { as: "opcc", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "File must be a PDF or office document", href: "#file" }]);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/papers`),
  },
  "GET /meetings/:id/papers/:paperId": {
    "streams the paper from the service with its facts": async () => {
      const bytes = Buffer.from("%PDF-1.7 the paper");
      mesh.downstream.on("meetings", "DownloadPaper", async function* () {
        yield { part: "metadata", metadata: paper({ sizeBytes: String(bytes.length) }) };
        yield { part: "chunk", chunk: bytes };
      });
      const res = await fetch(`${mesh.url}/meetings/${ID}/papers/${PAPER_ID}`, {
        headers: { cookie: "csp_session=officer" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="hotspots.pdf"');
      expect(res.headers.get("content-length")).toBe(String(bytes.length));
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      expect(mesh.downstream.requests("meetings", "DownloadPaper")).toEqual([{ name: `${NAME}/papers/${PAPER_ID}` }]);
    },
    "a paper id that is not one: 404 without asking; one the person may not see: 404": async () => {
      expect((await mesh.send("GET", `/meetings/${ID}/papers/nothex`, { as: "officer" })).status).toBe(404);
      expect(called()).toEqual([]);
      mesh.downstream.on("meetings", "DownloadPaper", () => {
        throw grpcError("NOT_FOUND", "not in your audience");
      });
      expect((await mesh.send("GET", `/meetings/${ID}/papers/${PAPER_ID}`, { as: "officer" })).status).toBe(404);
    },
  },
  "GET /meetings/:id/papers-pack.zip": {
    "streams the pack the service builds, for one partnership's audience when the OPCC asks": async () => {
      mesh.downstream.on("meetings", "DownloadPapersPack", async function* () {
        yield { part: "metadata", metadata: { filename: "papers.zip", contentType: "application/zip", paperCount: 2 } };
        yield { part: "chunk", chunk: Buffer.from("PK\x03\x04") };
      });
      const res = await mesh.send("GET", `/meetings/${ID}/papers-pack.zip?partner=partners/csp-dover`, { as: "opcc" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      expect(res.headers.get("content-length")).toBeNull();
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="papers.zip"');
      await mesh.send("GET", `/meetings/${ID}/papers-pack.zip?partner=../../etc`, { as: "opcc" });
      expect(mesh.downstream.requests("meetings", "DownloadPapersPack")).toEqual([
        { name: NAME, partner: "partners/csp-dover" },
        { name: NAME, partner: "" },
      ]);
    },
    "a malformed meeting id: 404 without asking": async () => {
      expect((await mesh.send("GET", "/meetings/x/papers-pack.zip", { as: "opcc" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },

  // ---- actions --------------------------------------------------------------------------------------
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

  // ---- the calendar feed ----------------------------------------------------------------------------
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
  },
  "POST /calendar-feed/revoke": {
    "revokes the feed and shows that none is active": async () => {
      mesh.downstream.on("meetings", "RevokeCalendarFeed", feed({ active: false }));
      const sent = await mesh.send("POST", "/calendar-feed/revoke", { as: "officer" });
      expect([sent.status, sent.location]).toEqual([303, "/calendar-feed"]);
      expect(mesh.downstream.requests("meetings", "RevokeCalendarFeed")).toEqual([{}]);
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
  },
};

describe("meetings pages over the fake mesh", () => {
  test("every route of the area has a test, and every test names a route", () => {
    expect(
      webCoverage(
        routesOf(
          registerMeetingListPages,
          registerMeetingPage,
          registerMeetingRecordPages,
          registerAgendaPages,
          registerActionPages,
          registerCalendarFeedPages,
        ),
        routes,
      ),
    ).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
