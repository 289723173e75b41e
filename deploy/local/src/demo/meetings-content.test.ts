/**
 * The demonstration's meetings as the meetings service will see them: each message through the
 * mesh's proto encoding, then the service's own request schemas and reg 14A rules.
 */
import { loadProtos, SNIFF_WINDOW, sniff } from "@csp-mesh/kit";
import {
  attendanceSchema,
  commentSchema,
  createActionSchema,
  createMeetingSchema,
  respondSchema,
  saveAgendaSchema,
  saveMinutesSchema,
  updateActionSchema,
  uploadPaperSchema,
} from "../../../../services/meetings/src/api/schemas";
import { LINK } from "../../../../services/meetings/src/domain/agenda";
import { respond, timingProblems } from "../../../../services/meetings/src/domain/meeting";
import { type ConvenedMeeting, convenedMeeting, type HeldMeeting, heldMeeting } from "./meetings-content";
import {
  agendaMessage,
  attendanceMessage,
  createActionMessage,
  createMeetingMessage,
  paperMetadata,
  progressMessage,
  respondMessage,
} from "./messages";
import { demoTimes } from "./plan";

const protos = loadProtos(["csp/meetings/v1/meetings.proto"]);
type Codec = { requestSerialize(v: unknown): Buffer; requestDeserialize(b: Buffer): unknown };
/** The request as the service's handler receives it. */
function wire(method: string, message: object): unknown {
  const codec = (protos.definition["csp.meetings.v1.MeetingsService"] as unknown as Record<string, Codec>)[method];
  if (!codec) throw new Error(`no method ${method}`);
  return codec.requestDeserialize(codec.requestSerialize(message));
}

const NAME = "meetings/m-demo-0001";
const t = demoTimes(new Date("2026-10-23T09:15:00Z"));
const held = heldMeeting(t, "reportRequests/rq-demo-0001");
const coast = convenedMeeting(t, {
  thanetRequest: "reportRequests/rq-demo-0002",
  cycle: "assessments/a-2027-28-0a1b2c3d",
});

const both: [string, HeldMeeting | ConvenedMeeting][] = [
  ["the held meeting", held],
  ["the convened meeting", coast],
];

describe.each(both)("%s of the demonstration", (_which, m) => {
  const invited = new Set(m.meeting.invitations);

  it("is a meeting the service accepts, starting in the future with responses due before it", () => {
    const sent = createMeetingMessage(m.meeting, "demo-x-meeting");
    const decoded = wire("CreateMeeting", sent);
    expect(decoded).toMatchObject(sent);
    const parsed = createMeetingSchema.parse(decoded).meeting;
    const times = {
      start: parsed.startTime as Date,
      end: parsed.endTime as Date,
      responseDeadline: parsed.responseDeadline as Date,
    };
    expect(timingProblems(times, t.now)).toEqual([]);
  });

  it("is answered by invited partnerships only, each answer one the reg 14A rules take", () => {
    for (const a of m.answers) {
      expect(invited.has(a.partnership)).toBe(true);
      const parsed = respondSchema.parse(wire("RespondToInvitation", respondMessage(NAME, a, "demo-x-respond")));
      expect(parsed.response).toBe(a.response);
      const outcome = respond(
        "REG_14A_REQUIREMENT",
        { state: "INVITED", nonCompliance: false },
        a.response,
        a.representative,
        a.reasons,
      );
      expect(outcome.ok).toBe(true);
    }
    expect(new Set(m.answers.map((a) => a.partnership)).size).toBe(m.answers.length);
  });

  it("has an agenda the service accepts, presented by invitees, linking real kinds of resource", () => {
    const sent = agendaMessage(NAME, m.agenda);
    const decoded = wire("SaveAgenda", sent);
    expect(decoded).toMatchObject(sent);
    const items = saveAgendaSchema.parse(decoded).items;
    expect(items).toHaveLength(m.agenda.length);
    for (const i of m.agenda) {
      if (i.presenter) expect(invited.has(i.presenter)).toBe(true);
      for (const link of i.links) expect(link).toMatch(LINK);
    }
    expect(m.agenda.some((i) => i.links.length > 0)).toBe(true);
  });

  it("has papers for its agenda items that the file store accepts as what their names say", async () => {
    for (const p of m.papers) {
      expect(p.item).toBeLessThan(m.agenda.length);
      const meta = paperMetadata(NAME, `item-${p.item + 1}`, p);
      expect(uploadPaperSchema.safeParse(wire("UploadPaper", { metadata: meta })).success).toBe(true);
      const kind = await sniff(p.bytes.subarray(0, SNIFF_WINDOW), p.bytes.subarray(-SNIFF_WINDOW));
      expect(p.filename.endsWith(`.${kind}`)).toBe(true);
    }
  });
});

describe("the held meeting's record", () => {
  it("records the decline of a reg 14A requirement as non-compliance", () => {
    const declined = held.answers.find((a) => a.response === "DECLINED");
    expect(declined).toBeDefined();
    const outcome = respond(
      "REG_14A_REQUIREMENT",
      { state: "INVITED", nonCompliance: false },
      "DECLINED",
      "",
      declined?.reasons ?? "",
    );
    expect(outcome.ok && outcome.value.nonCompliance).toBe(true);
  });

  it("starts when the seed waits for, and so can be held and minuted by it", () => {
    expect(held.meeting.start).toEqual(t.soon);
    expect(held.meeting.end.getTime()).toBeGreaterThan(held.meeting.start.getTime());
  });

  it("takes attendance of invitees, with someone present to comment on the minutes", () => {
    const parsed = attendanceSchema.parse(wire("RecordAttendance", attendanceMessage(NAME, held, "demo-x-attendance")));
    expect(parsed.attendance).toHaveLength(held.attendance.length);
    for (const a of held.attendance) expect(held.meeting.invitations).toContain(a.partnership);
    const present = held.attendance.filter((a) => a.attendance === "PRESENT").map((a) => a.partnership);
    expect(present).toContain(held.comment.partnership);
  });

  it("has minutes and a comment the service accepts", () => {
    expect(saveMinutesSchema.safeParse(wire("SaveMinutes", { name: NAME, ...held.minutes })).success).toBe(true);
    const comment = { name: NAME, text: held.comment.text, requestId: "demo-x-comment" };
    expect(commentSchema.safeParse(wire("CommentOnMinutes", comment)).success).toBe(true);
    expect(held.minutes.decisions.length).toBeGreaterThan(0);
  });

  it("gives actions to invitees, due in the future, and their owners' progress", () => {
    for (const a of held.actions) {
      expect(held.meeting.invitations).toContain(a.owner);
      const sent = createActionMessage(NAME, a, `demo-x-${a.key}`);
      const decoded = wire("CreateAction", sent);
      expect(decoded).toMatchObject(sent);
      expect(createActionSchema.parse(decoded).action.dueTime?.getTime()).toBeGreaterThan(t.now.getTime());
      if (!a.progress) continue;
      const update = updateActionSchema.parse(wire("UpdateAction", progressMessage("actions/a-demo-0001", a, "x")));
      expect(update.status).toBe(a.progress.done ? "DONE" : undefined);
      expect(update.note).toBe(a.progress.note);
    }
  });
});
