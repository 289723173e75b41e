/**
 * A reg 14A priority-issue meeting end to end, through gRPC against the real database and Kafka:
 * convened with every active CSP; answers, a non-compliant decline and NO_RESPONSE after the
 * deadline (raised once); rescheduled (the calendar's SEQUENCE goes up); held; minutes approved and
 * hashed; an action overdue once, then done. Every event on Kafka once, in order per meeting.
 */
import type { RunningService } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import ical from "node-ical";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  failure,
  isolation,
  signIn,
  startDirectory,
  startMeetings,
} from "../support/mesh";

const seconds = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: 0 });
const P = (id: string) => `partners/csp-${id}`;

interface Invitation {
  partner: string;
  state: string;
  nonCompliance: boolean;
  representative: string;
  attendance: string;
}
interface Meeting {
  name: string;
  state: string;
  sequence: number;
  invitations: Invitation[];
  minutes: { approved: boolean; sha256: string } | null;
}

describe("priority-issue meetings end to end", () => {
  const iso = isolation("meet");
  let directory: RunningService<DirectoryConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let m: Client;
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const t: Record<string, string> = {};
  const people = {
    opcc: "opcc-staff-1",
    maidstone: "maidstone-officer",
    dover: "dover-officer",
    swale: "swale-officer",
    thanet: "thanet-officer",
    ashford: "ashford-officer",
    panel: "panel-member-1",
  };

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    meetings = await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory);
    const dir = clients(directory.grpcPort);
    m = clients(meetings.grpcPort).meetings;
    for (const [k, person] of Object.entries(people)) t[k] = await signIn(dir.identity, `people/${person}`);
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "meetings");
  });

  afterAll(async () => {
    await reader?.stop();
    await dropDatabase(meetings);
    await meetings?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  const draft = (over: Record<string, unknown>) => ({
    meeting: {
      title: "Serious violence: county lines in the east of the county",
      purpose: "Agree joint priorities on county lines exploitation and the response in each district.",
      basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
      place: "Kent Police HQ, Maidstone",
      onlineJoining: "",
      classification: "CLASSIFICATION_OFFICIAL",
      invitations: [],
      allActiveCsps: true,
      ...over,
    },
  });

  test("convene, answers, no response once, reschedule, hold, minutes, an action overdue once then done", async () => {
    const now = Date.now();
    const created = await call<Meeting>(
      m,
      "CreateMeeting",
      draft({
        startTime: seconds(now + 60_000),
        endTime: seconds(now + 3_600_000),
        responseDeadline: seconds(now + 5_000),
      }),
      t.opcc,
    );
    expect(created.state).toBe("MEETING_STATE_DRAFT");
    const name = created.name;
    // A partnership cannot see a draft it is not (yet) invited to.
    expect((await failure(call(m, "GetMeeting", { name }, t.maidstone))).code).toBe(status.NOT_FOUND);

    const convened = await call<Meeting>(m, "ConveneMeeting", { name, requestId: "convene-1" }, t.opcc);
    expect(convened.state).toBe("MEETING_STATE_CONVENED");
    expect(convened.invitations.length).toBeGreaterThanOrEqual(13);
    expect(convened.invitations.every((i) => i.state === "INVITATION_STATE_INVITED")).toBe(true);
    // A retry of the same command returns the same state.
    expect(
      (await call<Meeting>(m, "ConveneMeeting", { name, requestId: "convene-1" }, t.opcc)).invitations,
    ).toHaveLength(convened.invitations.length);

    const answer = (who: string, response: string, extra: Record<string, string>) =>
      call<Meeting>(m, "RespondToInvitation", { name, response, requestId: `answer-${who}`, ...extra }, t[who]);
    await answer("maidstone", "INVITATION_STATE_ACCEPTED", { representative: "Morgan Clarke" });
    await answer("dover", "INVITATION_STATE_ACCEPTED", { representative: "Alex Morgan" });
    await answer("swale", "INVITATION_STATE_DELEGATED", { representative: "Deputy community safety manager" });
    const declined = await answer("thanet", "INVITATION_STATE_DECLINED", {
      reasons: "Our chair is at a court hearing.",
    });
    // A partnership sees only its own invitation.
    expect(declined.invitations.map((i) => i.partner)).toEqual([P("thanet")]);
    expect(declined.invitations[0]?.nonCompliance).toBe(true);
    const noReasons = await failure(
      call(m, "RespondToInvitation", { name, response: "INVITATION_STATE_DECLINED" }, t.ashford),
    );
    expect(noReasons.code).toBe(status.INVALID_ARGUMENT);
    expect(noReasons.violations).toEqual(["reasons"]);

    // After the deadline every silent partnership is NO_RESPONSE, recorded as non-compliance, once.
    const afterDeadline = await eventually(
      async () => {
        const g = await call<Meeting>(m, "GetMeeting", { name }, t.opcc);
        return g.invitations.some((i) => i.state === "INVITATION_STATE_INVITED") ? undefined : g;
      },
      20_000,
      "the no-response scan",
    );
    const silent = afterDeadline.invitations.filter((i) => i.state === "INVITATION_STATE_NO_RESPONSE");
    expect(silent.length).toBe(afterDeadline.invitations.length - 4);
    expect(silent.every((i) => i.nonCompliance)).toBe(true);
    const byState = (s: string) => afterDeadline.invitations.filter((i) => i.state === s).map((i) => i.partner);
    expect(byState("INVITATION_STATE_ACCEPTED").sort()).toEqual([P("dover"), P("maidstone")]);
    expect(byState("INVITATION_STATE_DELEGATED")).toEqual([P("swale")]);

    // Moved to start in a moment: SEQUENCE goes up, the previous times are kept.
    const start = Date.now() + 2_500;
    const moved = await call<Meeting & { reschedules: { reason: string }[] }>(
      m,
      "RescheduleMeeting",
      {
        name,
        startTime: seconds(start),
        endTime: seconds(start + 3_600_000),
        reason: "Clash with the Safer Kent board.",
      },
      t.opcc,
    );
    expect(moved.sequence).toBe(1);
    expect(moved.reschedules.map((r) => r.reason)).toEqual(["Clash with the Safer Kent board."]);
    const cal = await call<{ ics: string; filename: string }>(m, "GetMeetingCalendar", { name }, t.maidstone);
    expect(cal.ics).toContain("SEQUENCE:1");
    const parsed = Object.values(ical.sync.parseICS(cal.ics)).find((c) => c?.type === "VEVENT") as {
      start: Date;
      uid: string;
    };
    expect(Math.abs(parsed.start.getTime() - start) < 1000).toBe(true);
    expect(parsed.uid).toBe(`${name.replace("/", "-")}@csp-mesh`);

    // Held: attendance, then minutes drafted and approved (hashed, immutable).
    await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now() + 200)));
    const held = await call<Meeting>(
      m,
      "RecordAttendance",
      {
        name,
        attendance: [
          { partner: P("maidstone"), attendance: "ATTENDANCE_PRESENT", attendee: "Morgan Clarke" },
          { partner: P("dover"), attendance: "ATTENDANCE_PRESENT", attendee: "Alex Morgan" },
          { partner: P("swale"), attendance: "ATTENDANCE_PRESENT", attendee: "Deputy manager" },
          { partner: P("thanet"), attendance: "ATTENDANCE_ABSENT", attendee: "" },
        ],
        requestId: "attendance-1",
      },
      t.opcc,
    );
    expect(held.state).toBe("MEETING_STATE_HELD");
    await call(
      m,
      "SaveMinutes",
      { name, text: "Partners agreed a joint county lines plan.", decisions: ["Joint plan"] },
      t.opcc,
    );
    const approved = await call<Meeting>(m, "ApproveMinutes", { name, requestId: "approve-1" }, t.opcc);
    expect(approved.state).toBe("MEETING_STATE_MINUTES_APPROVED");
    expect(approved.minutes?.sha256).toMatch(/^[a-f0-9]{64}$/);
    expect((await failure(call(m, "SaveMinutes", { name, text: "Changed", decisions: [] }, t.opcc))).code).toBe(
      status.FAILED_PRECONDITION,
    );
    // The panel sees the approved OFFICIAL minutes.
    expect((await call<Meeting>(m, "GetMeeting", { name }, t.panel)).minutes?.approved).toBe(true);

    // An action for Dover: overdue once, then done by its owner.
    const action = await call<{ name: string; status: string }>(
      m,
      "CreateAction",
      {
        action: {
          meeting: name,
          owner: P("dover"),
          description: "Map county lines activity in Dover",
          dueTime: seconds(Date.now() + 1_500),
        },
        requestId: "action-1",
      },
      t.opcc,
    );
    await eventually(
      async () =>
        reader.events.some((e) => e.type === "meeting.action-overdue" && e.subject === action.name) ? true : undefined,
      20_000,
      "the overdue action event",
    );
    expect((await failure(call(m, "GetAction", { name: action.name }, t.maidstone))).code).toBe(status.NOT_FOUND);
    const mine = await call<{ actions: { name: string; overdue: boolean }[] }>(m, "ListActions", {}, t.dover);
    expect(mine.actions.map((a) => [a.name, a.overdue])).toEqual([[action.name, true]]);
    const done = await call<{ status: string }>(
      m,
      "UpdateAction",
      { name: action.name, status: "ACTION_STATUS_DONE", note: "Mapping shared with the OPCC." },
      t.dover,
    );
    expect(done.status).toBe("ACTION_STATUS_DONE");
    await new Promise((r) => setTimeout(r, 1_000)); // several more scans: nothing is raised twice

    // Every step's event on Kafka once, in order, all on the meeting's partition.
    const expected = [
      "meeting.convened",
      "meeting.invitation-responded",
      "meeting.invitation-responded",
      "meeting.invitation-responded",
      "meeting.invitation-responded",
      ...silent.map(() => "meeting.no-response"),
      "meeting.rescheduled",
      "meeting.attendance-recorded",
      "meeting.minutes-approved",
    ];
    const ofMeeting = await eventually(
      async () => {
        const evs = reader.events.filter((e) => e.subject === name);
        return evs.length >= expected.length ? evs : undefined;
      },
      15_000,
      "the meeting's events",
    );
    expect(ofMeeting.map((e) => e.type)).toEqual(expected);
    expect(new Set(ofMeeting.map((e) => e.id)).size).toBe(ofMeeting.length);
    expect(new Set(ofMeeting.map((e) => e.partition)).size).toBe(1);
    expect(reader.events.filter((e) => e.subject === action.name).map((e) => e.type)).toEqual([
      "meeting.action-created",
      "meeting.action-overdue",
      "meeting.action-updated",
    ]);
  });

  test("a partnership not invited gets NOT_FOUND; a cancelled meeting's calendar says CANCEL", async () => {
    const now = Date.now();
    const created = await call<Meeting>(
      m,
      "CreateMeeting",
      draft({
        basis: "MEETING_BASIS_INVITATION",
        allActiveCsps: false,
        invitations: [{ partner: P("maidstone") }, { partner: P("dover") }],
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        startTime: seconds(now + 86_400_000),
        endTime: seconds(now + 90_000_000),
        responseDeadline: seconds(now + 43_200_000),
      }),
      t.opcc,
    );
    const name = created.name;
    await call(m, "ConveneMeeting", { name }, t.opcc);
    expect((await call<Meeting>(m, "GetMeeting", { name }, t.dover)).invitations).toHaveLength(1);
    for (const who of ["swale", "panel"]) {
      expect((await failure(call(m, "GetMeeting", { name }, t[who]))).code).toBe(status.NOT_FOUND);
      expect((await failure(call(m, "GetMeetingCalendar", { name }, t[who]))).code).toBe(status.NOT_FOUND);
      expect(
        (
          await failure(
            call(
              m,
              "RespondToInvitation",
              { name, response: "INVITATION_STATE_ACCEPTED", representative: "X" },
              t[who],
            ),
          )
        ).code,
      ).toBe(status.NOT_FOUND);
    }
    const listed = await call<{ meetings: { name: string }[] }>(m, "ListMeetings", {}, t.swale);
    expect(listed.meetings.map((x) => x.name)).not.toContain(name);
    // Only the OPCC convenes or moves a meeting.
    expect((await failure(call(m, "CancelMeeting", { name, reason: "Not needed now" }, t.dover))).code).toBe(
      status.PERMISSION_DENIED,
    );
    const cancelled = await call<Meeting>(
      m,
      "CancelMeeting",
      { name, reason: "Superseded by the county board." },
      t.opcc,
    );
    expect(cancelled.state).toBe("MEETING_STATE_CANCELLED");
    const cal = await call<{ ics: string }>(m, "GetMeetingCalendar", { name }, t.dover);
    expect(cal.ics).toContain("METHOD:CANCEL");
    expect(cal.ics).toContain("STATUS:CANCELLED");
  });
});
