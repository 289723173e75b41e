/** The meeting REST routes over a fake meetings service: meetings, their calendar files, and the commands that convene, answer, move, cancel and record them. */

import type { Services } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import type { PEOPLE } from "../../testing/fake-sessions";
import { coverage, type RouteTests, rest, ts } from "../testing";
import { commandSent, ID, meeting, NAME, postCommand, TESTED_IN } from "./fixtures";
import { meetingRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

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
      expect(await postCommand(mesh, verb, method, body, as)).toEqual(commandSent(sent, as));
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
};

describe("meeting REST routes over a fake meetings service: meetings", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(meetingRoutes(mesh.downstream.api), routes, TESTED_IN["meetings.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
