import type { Services } from "../../downstream";
import { type FakeMesh, PEOPLE, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, postDeclaring, type RouteTests, readUpload, rest, streamOf, ts } from "../testing";
import { meetingRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const ID = "m-2026-05-asb";
const NAME = `meetings/${ID}`;
const PAPER = "fedcba9876543210fedcba98";
const ACTION = "a-7f3k2";

const meeting = (state = "MEETING_STATE_DRAFT") => ({
  name: NAME,
  title: "Anti-social behaviour in Dover",
  purpose: "Agree the partnership's response",
  basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
  state,
  startTime: ts("2026-05-12T09:00:00Z"),
  endTime: ts("2026-05-12T11:00:00Z"),
  place: "Dover Town Hall",
  onlineJoining: "",
  classification: "CLASSIFICATION_OFFICIAL",
  convener: "people/opcc-staff-1",
  responseDeadline: ts("2026-05-05T17:00:00Z"),
  invitations: [],
  reschedules: [],
  sequence: 1,
  minutes: null,
  agenda: { items: [], version: 0, publishTime: null, unpublishedChanges: false },
  agendaVersions: [],
  cancelReason: "",
  allActiveCsps: false,
  etag: "W/1",
  createTime: ts("2026-04-01T09:00:00Z"),
  updateTime: ts("2026-04-01T09:00:00Z"),
});

const paper = {
  name: `${NAME}/papers/${PAPER}`,
  meeting: NAME,
  agendaItem: "item-2",
  title: "ASB figures",
  filename: "asb.csv",
  contentType: "text/csv",
  sizeBytes: "11",
  sha256: "12".repeat(32),
  classification: "CLASSIFICATION_OFFICIAL",
  audience: ["partners/csp-dover"],
  releasedToPanel: false,
  uploadedBy: "people/opcc-staff-1",
  createTime: ts("2026-05-01T09:00:00Z"),
};

const action = (status = "ACTION_STATUS_OPEN") => ({
  name: `actions/${ACTION}`,
  meeting: NAME,
  owner: "partners/csp-dover",
  description: "Map the hotspots",
  dueTime: ts("2026-06-01T16:00:00Z"),
  status,
  reasons: "",
  updates: [],
  overdue: false,
  classification: "CLASSIFICATION_OFFICIAL",
  etag: "W/2",
  createTime: ts("2026-05-12T11:00:00Z"),
  updateTime: ts("2026-05-12T11:00:00Z"),
});

const feed = (extra: Record<string, unknown> = {}) => ({
  partner: "partners/csp-dover",
  active: true,
  secret: "",
  issuedBy: "people/dover-officer",
  issueTime: ts("2026-04-01T09:00:00Z"),
  ...extra,
});

const tokens = () => mesh.downstream.calls.map((c) => c.token);

/**
 * A command on one meeting: the body posted becomes the meetings method's request with the meeting's
 * name, and the meeting it answers is the response.
 */
function command(
  verb: string,
  method: keyof Services["meetings"] & string,
  body: Record<string, unknown> | undefined,
  sent: Record<string, unknown>,
  as: keyof typeof PEOPLE = "opcc",
): Record<string, () => Promise<void>> {
  return {
    [`sends ${method} for meetings/<id> with the body the schema checked, and the caller's token`]: async () => {
      mesh.downstream.on("meetings", method, meeting("MEETING_STATE_CONVENED"));
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/${verb}`, { as, body });
      expect([r.status, r.json]).toEqual([200, meeting("MEETING_STATE_CONVENED")]);
      expect(mesh.downstream.requests("meetings", method)).toEqual([{ name: NAME, ...sent }]);
      expect(tokens()).toEqual([`token-${as}`]);
    },
  };
}

const badMeetingId = async (verb: string) => {
  const r = await rest(mesh, "POST", `/v1/meetings/meeting-1/${verb}`, { body: {} });
  expect(r.status).toBe(400);
  expect(r.json).toMatchObject({ errors: [{ field: "id" }] });
  expect(mesh.downstream.calls).toEqual([]);
};

const routes: RouteTests = {
  "GET /v1/meetings": {
    "asks ListMeetings with the paging and state": async () => {
      const list = { meetings: [meeting()], nextPageToken: "" };
      mesh.downstream.on("meetings", "ListMeetings", list);
      const r = await rest(mesh, "GET", "/v1/meetings?state=MEETING_STATE_DRAFT&pageSize=5&pageToken=m1", {
        as: "officer",
      });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("meetings", "ListMeetings")).toEqual([
        { pageSize: 5, pageToken: "m1", state: "MEETING_STATE_DRAFT" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "UNIMPLEMENTED is 501": async () => {
      mesh.downstream.on("meetings", "ListMeetings", () => {
        throw grpcError("UNIMPLEMENTED", "not in this version");
      });
      const r = await rest(mesh, "GET", "/v1/meetings");
      expect([r.status, r.type]).toEqual([501, "application/problem+json"]);
    },
  },
  "POST /v1/meetings": {
    "drafts it: times as Timestamps (fractions as nanos), invitations as partners/<id>, defaults filled: 201":
      async () => {
        mesh.downstream.on("meetings", "CreateMeeting", meeting());
        const r = await rest(mesh, "POST", "/v1/meetings", {
          body: {
            meeting: {
              title: "Anti-social behaviour in Dover",
              purpose: "Agree the partnership's response",
              basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
              startTime: "2026-05-12T10:00:00.500+01:00",
              endTime: "2026-05-12T11:00:00Z",
              responseDeadline: "2026-05-05T17:00:00Z",
              invitations: [{ partner: "csp-dover" }, { partner: "partners/csp-maidstone" }],
            },
            requestId: "meet-1",
          },
        });
        expect([r.status, r.json]).toEqual([201, meeting()]);
        expect(mesh.downstream.requests("meetings", "CreateMeeting")).toEqual([
          {
            meeting: {
              title: "Anti-social behaviour in Dover",
              purpose: "Agree the partnership's response",
              basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
              startTime: { seconds: String(Date.UTC(2026, 4, 12, 9) / 1000), nanos: 500_000_000 },
              endTime: { seconds: String(Date.UTC(2026, 4, 12, 11) / 1000), nanos: 0 },
              responseDeadline: { seconds: String(Date.UTC(2026, 4, 5, 17) / 1000), nanos: 0 },
              place: "",
              onlineJoining: "",
              classification: "CLASSIFICATION_OFFICIAL",
              invitations: [{ partner: "partners/csp-dover" }, { partner: "partners/csp-maidstone" }],
              allActiveCsps: false,
            },
            requestId: "meet-1",
          },
        ]);
        expect(tokens()).toEqual(["token-opcc"]);
      },
    "no basis, a start that is not a time and a bad invitee are 400 naming each; nothing is asked": async () => {
      const r = await rest(mesh, "POST", "/v1/meetings", {
        body: {
          meeting: {
            title: "Anti-social behaviour",
            purpose: "Agree the partnership's response",
            startTime: "tomorrow",
            endTime: "2026-05-12T11:00:00Z",
            responseDeadline: "2026-05-05T17:00:00Z",
            invitations: [{ partner: "Dover CSP" }],
          },
        },
      });
      expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
      expect(r.json).toMatchObject({
        errors: [
          { field: "meeting.basis" },
          { field: "meeting.start_time" },
          { field: "meeting.invitations[0].partner" },
        ],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/meetings/{id}": {
    "asks GetMeeting for meetings/<id>": async () => {
      mesh.downstream.on("meetings", "GetMeeting", meeting());
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, meeting()]);
      expect(mesh.downstream.requests("meetings", "GetMeeting")).toEqual([{ name: NAME }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "an id without the m- prefix is 400 naming id": async () => {
      const r = await rest(mesh, "GET", "/v1/meetings/2026-05-asb");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/meetings/{id}/calendar.ics": {
    "sends the service's iCalendar text as a text/calendar attachment": async () => {
      const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
      mesh.downstream.on("meetings", "GetMeetingCalendar", { filename: "asb-dover.ics", ics });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/calendar.ics`, { as: "officer" });
      expect([r.status, r.headers.get("content-type")]).toEqual([200, "text/calendar; charset=utf-8"]);
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="asb-dover.ics"');
      expect(r.text).toBe(ics);
      expect(mesh.downstream.requests("meetings", "GetMeetingCalendar")).toEqual([{ name: NAME }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "NOT_FOUND is a 404 problem, not a calendar": async () => {
      mesh.downstream.on("meetings", "GetMeetingCalendar", () => {
        throw grpcError("NOT_FOUND", "no such meeting");
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/calendar.ics`);
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
    },
  },
  "POST /v1/meetings/{id}/convene": {
    ...command("convene", "ConveneMeeting", { requestId: "convene-1" }, { requestId: "convene-1" }),
    "an id that is not a meeting's is 400": () => badMeetingId("convene"),
    "FAILED_PRECONDITION (already convened) is 409": async () => {
      mesh.downstream.on("meetings", "ConveneMeeting", () => {
        throw grpcError("FAILED_PRECONDITION", "the meeting is already convened");
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/convene`, { body: {} });
      expect([r.status, r.json]).toEqual([409, expect.objectContaining({ detail: "the meeting is already convened" })]);
    },
  },
  "POST /v1/meetings/{id}/respond": {
    ...command(
      "respond",
      "RespondToInvitation",
      { response: "INVITATION_STATE_DELEGATED", representative: "Deputy Chief Executive" },
      { response: "INVITATION_STATE_DELEGATED", representative: "Deputy Chief Executive", reasons: "", requestId: "" },
      "officer",
    ),
    "a response a partnership cannot give (invited) is 400 naming response": async () => {
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/respond`, {
        as: "officer",
        body: { response: "INVITATION_STATE_INVITED" },
      });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "response" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/reschedule": {
    ...command(
      "reschedule",
      "RescheduleMeeting",
      {
        startTime: "2026-05-19T09:00:00Z",
        endTime: "2026-05-19T11:00:00Z",
        responseDeadline: "2026-05-15T17:00:00Z",
        reason: "Room unavailable",
      },
      {
        startTime: ts("2026-05-19T09:00:00Z"),
        endTime: ts("2026-05-19T11:00:00Z"),
        responseDeadline: ts("2026-05-15T17:00:00Z"),
        reason: "Room unavailable",
        requestId: "",
      },
    ),
    "without a new response deadline it sends none (null)": async () => {
      mesh.downstream.on("meetings", "RescheduleMeeting", meeting());
      await rest(mesh, "POST", `/v1/meetings/${ID}/reschedule`, {
        body: { startTime: "2026-05-19T09:00:00Z", endTime: "2026-05-19T11:00:00Z", reason: "Room unavailable" },
      });
      expect(mesh.downstream.requests("meetings", "RescheduleMeeting")).toEqual([
        {
          name: NAME,
          startTime: ts("2026-05-19T09:00:00Z"),
          endTime: ts("2026-05-19T11:00:00Z"),
          responseDeadline: null,
          reason: "Room unavailable",
          requestId: "",
        },
      ]);
    },
    "no reason is 400 naming reason": async () => {
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/reschedule`, {
        body: { startTime: "2026-05-19T09:00:00Z", endTime: "2026-05-19T11:00:00Z", reason: "" },
      });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "reason" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/cancel": {
    ...command(
      "cancel",
      "CancelMeeting",
      { reason: "Issue resolved", requestId: "c1" },
      { reason: "Issue resolved", requestId: "c1" },
    ),
  },
  "POST /v1/meetings/{id}/attendance": {
    ...command(
      "attendance",
      "RecordAttendance",
      {
        attendance: [
          { partner: "csp-dover", attendance: "ATTENDANCE_PRESENT", attendee: "J Smith" },
          { partner: "partners/csp-maidstone", attendance: "ATTENDANCE_APOLOGIES" },
        ],
      },
      {
        attendance: [
          { partner: "partners/csp-dover", attendance: "ATTENDANCE_PRESENT", attendee: "J Smith" },
          { partner: "partners/csp-maidstone", attendance: "ATTENDANCE_APOLOGIES", attendee: "" },
        ],
        requestId: "",
      },
    ),
    "nobody recorded, or an unspecified attendance, is 400": async () => {
      const none = await rest(mesh, "POST", `/v1/meetings/${ID}/attendance`, { body: { attendance: [] } });
      expect(none.json).toMatchObject({
        status: 400,
        errors: [{ field: "attendance", description: "record at least one partnership" }],
      });
      const unspecified = await rest(mesh, "POST", `/v1/meetings/${ID}/attendance`, {
        body: { attendance: [{ partner: "csp-dover", attendance: "ATTENDANCE_UNSPECIFIED" }] },
      });
      expect(unspecified.json).toMatchObject({ status: 400, errors: [{ field: "attendance[0].attendance" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/minutes": {
    ...command(
      "minutes",
      "SaveMinutes",
      { text: "Discussed hotspots.", decisions: ["Map the hotspots"] },
      { text: "Discussed hotspots.", decisions: ["Map the hotspots"] },
    ),
    "empty minutes are 400 naming text": async () => {
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/minutes`, { body: { text: "  " } });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "text", description: "write the minutes" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/circulate-minutes": {
    ...command("circulate-minutes", "CirculateMinutes", undefined, { requestId: "" }),
  },
  "POST /v1/meetings/{id}/comment-minutes": {
    ...command(
      "comment-minutes",
      "CommentOnMinutes",
      { text: "Item 2 should say 'by June'", requestId: "k1" },
      { text: "Item 2 should say 'by June'", requestId: "k1" },
      "officer",
    ),
    "OUT_OF_RANGE from the service is 422 (the request met the schema)": async () => {
      mesh.downstream.on("meetings", "CommentOnMinutes", () => {
        throw grpcError("OUT_OF_RANGE", "the comment period has closed");
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/comment-minutes`, {
        as: "officer",
        body: { text: "Late comment" },
      });
      expect([r.status, r.json]).toEqual([422, expect.objectContaining({ detail: "the comment period has closed" })]);
    },
  },
  "POST /v1/meetings/{id}/approve-minutes": {
    ...command("approve-minutes", "ApproveMinutes", { requestId: "ap-1" }, { requestId: "ap-1" }),
  },
  "POST /v1/meetings/{id}/agenda": {
    ...command(
      "agenda",
      "SaveAgenda",
      {
        items: [
          { id: "item-1", title: "Welcome", presenter: "" },
          { title: "Hotspots", presenter: "csp-dover", minutesAllotted: 30, links: ["https://example.org/map"] },
        ],
      },
      {
        items: [
          { id: "item-1", title: "Welcome", description: "", presenter: "", minutesAllotted: 0, links: [] },
          {
            id: "",
            title: "Hotspots",
            description: "",
            presenter: "partners/csp-dover",
            minutesAllotted: 30,
            links: ["https://example.org/map"],
          },
        ],
      },
    ),
    "an item id that is not item-<n> is 400 naming it": async () => {
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/agenda`, {
        body: { items: [{ id: "one", title: "Welcome" }] },
      });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "items[0].id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/publish-agenda": {
    ...command("publish-agenda", "PublishAgenda", { note: "Added item 3" }, { note: "Added item 3", requestId: "" }),
  },
  "POST /v1/meetings/{id}/papers": {
    "a declared size over the upload limit is 413 before anything is streamed": async () => {
      const r = await postDeclaring(mesh, `/v1/meetings/${ID}/papers?filename=big.pdf`, 2 * 1024 * 1024);
      expect([r.status, r.type]).toEqual([413, "application/problem+json"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
    "streams the body into UploadPaper after its metadata (audience as partners/<id>): 201": async () => {
      let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
      mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
        sent = await readUpload(messages);
        return paper;
      });
      const parts = [Buffer.from("area,count\n"), Buffer.from("dover,42\n")];
      const q = new URLSearchParams({
        agendaItem: "item-2",
        title: "ASB figures",
        filename: "asb.csv",
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        audience: "csp-dover,partners/csp-maidstone",
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/papers?${q}`, {
        raw: streamOf(parts),
        headers: { "content-type": "text/csv" },
      });
      expect([r.status, r.json]).toEqual([201, paper]);
      expect(sent?.first).toEqual({
        metadata: {
          meeting: NAME,
          agendaItem: "item-2",
          title: "ASB figures",
          filename: "asb.csv",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          audience: ["partners/csp-dover", "partners/csp-maidstone"],
        },
      });
      expect(sent?.bytes.equals(Buffer.concat(parts))).toBe(true);
      expect(sent?.order.filter((m) => m === "metadata")).toEqual(["metadata"]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "without classification or audience: unspecified, and every invitee (empty)": async () => {
      let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
      mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
        sent = await readUpload(messages);
        return paper;
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/papers?agendaItem=item-1&title=Map&filename=map.pdf`, {
        raw: Buffer.from("%PDF"),
        headers: { "content-type": "application/pdf" },
      });
      expect(r.status).toBe(201);
      expect(sent?.first).toMatchObject({
        metadata: { classification: "CLASSIFICATION_UNSPECIFIED", audience: [] },
      });
      expect(sent?.bytes.toString()).toBe("%PDF");
    },
    "no agenda item and an audience with spaces are 400 naming both; nothing is streamed": async () => {
      const r = await rest(
        mesh,
        "POST",
        `/v1/meetings/${ID}/papers?title=Map&filename=map.pdf&audience=csp-dover,%20csp-deal`,
        {
          raw: Buffer.from("%PDF"),
          headers: { "content-type": "application/pdf" },
        },
      );
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "agenda_item" }, { field: "audience" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/meetings/{id}/papers": {
    "asks ListPapers for the meeting": async () => {
      mesh.downstream.on("meetings", "ListPapers", { papers: [paper] });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, { papers: [paper] }]);
      expect(mesh.downstream.requests("meetings", "ListPapers")).toEqual([{ meeting: NAME }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
  "GET /v1/meetings/{id}/papers/{paperId}": {
    "streams DownloadPaper's chunks out as the paper's type and name": async () => {
      mesh.downstream.on("meetings", "DownloadPaper", async function* () {
        yield {
          part: "metadata",
          metadata: { filename: "asb.csv", contentType: "text/csv", sizeBytes: "20", sha256: "" },
        };
        yield { part: "chunk", chunk: Buffer.from("area,count\n") };
        yield { part: "chunk", chunk: Buffer.from("dover,42\n") };
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers/${PAPER}`, { as: "officer" });
      expect([r.status, r.type, r.text]).toEqual([200, "text/csv", "area,count\ndover,42\n"]);
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="asb.csv"');
      expect(r.headers.get("digest")).toBeNull();
      expect(mesh.downstream.requests("meetings", "DownloadPaper")).toEqual([{ name: `${NAME}/papers/${PAPER}` }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "PERMISSION_DENIED (not in the paper's audience) is 403 before any byte": async () => {
      mesh.downstream.on("meetings", "DownloadPaper", async function* () {
        yield* [];
        throw grpcError("PERMISSION_DENIED", "not in the paper's audience");
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers/${PAPER}`, { as: "officer" });
      expect([r.status, r.type]).toEqual([403, "application/problem+json"]);
    },
    "a paper id that is not 24 hex digits is 400 naming paperId": async () => {
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers/asb.csv`);
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "paper_id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/meetings/{id}/papers-pack": {
    "streams the ZIP as built (no length known), for the partnership named": async () => {
      const zip = [Buffer.from("PK\u0003\u0004"), Buffer.from("rest of the zip")];
      mesh.downstream.on("meetings", "DownloadPapersPack", async function* () {
        yield { part: "metadata", metadata: { filename: "papers.zip", contentType: "application/zip" } };
        for (const chunk of zip) yield { part: "chunk", chunk };
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers-pack?partner=csp-dover`);
      expect([r.status, r.type, r.headers.get("content-length")]).toEqual([200, "application/zip", null]);
      expect(r.bytes.equals(Buffer.concat(zip))).toBe(true);
      expect(mesh.downstream.requests("meetings", "DownloadPapersPack")).toEqual([
        { name: NAME, partner: "partners/csp-dover" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "without a partner, the caller's own view (empty)": async () => {
      mesh.downstream.on("meetings", "DownloadPapersPack", async function* () {
        yield { part: "metadata", metadata: { filename: "papers.zip", contentType: "application/zip" } };
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers-pack`, { as: "officer" });
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("meetings", "DownloadPapersPack")).toEqual([{ name: NAME, partner: "" }]);
    },
  },
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

describe("meeting REST routes over a fake meetings service", () => {
  test("every meeting route has a test, and every test names a route", () => {
    expect(coverage(meetingRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
