/**
 * The meetings of the demonstration, made through csp.meetings.v1: the OPCC drafts, convenes,
 * publishes agendas, uploads papers, records attendance, minutes and actions; each invited
 * partnership's officer answers its own invitation, comments on minutes and reports progress.
 */
import { formatDateTime } from "@csp-mesh/kit";
import { action, meeting, paper } from "./client";
import { attempt, csp, type DemoContext, partner, waitUntil } from "./context";
import {
  type AgendaItemSpec,
  convenedMeeting,
  heldMeeting,
  type InvitationAnswer,
  type MeetingSpec,
  type PaperSpec,
} from "./meetings-content";
import {
  agendaMessage,
  attendanceMessage,
  createActionMessage,
  createMeetingMessage,
  paperMetadata,
  progressMessage,
  respondMessage,
} from "./messages";
import { officerOf, PEOPLE } from "./plan";

/** CreateMeeting (a draft) and ConveneMeeting (invitations go out), as Priya Shah. */
async function convene(ctx: DemoContext, m: MeetingSpec): Promise<string> {
  const draft = await ctx.mesh.call(
    "meetings",
    "CreateMeeting",
    createMeetingMessage(m, ctx.rid(`meeting-${m.key}`)),
    PEOPLE.opcc,
    meeting,
  );
  ctx.log(
    `reg 14A meeting "${m.title}" by ${await ctx.mesh.nameOf(PEOPLE.opcc)}, ${formatDateTime(m.start)}: ${draft.name}`,
  );
  await ctx.mesh.call(
    "meetings",
    "ConveneMeeting",
    { name: draft.name, requestId: ctx.rid(`convene-${m.key}`) },
    PEOPLE.opcc,
    meeting,
  );
  ctx.log(`  convened: invitations sent to ${m.invitations.map(csp).join(", ")}`);
  return draft.name;
}

/** Each partnership's officer answers its own invitation. */
async function answer(ctx: DemoContext, name: string, key: string, answers: InvitationAnswer[]) {
  for (const a of answers) {
    const by = officerOf(a.partnership);
    const m = await ctx.mesh.call(
      "meetings",
      "RespondToInvitation",
      respondMessage(name, a, ctx.rid(`respond-${key}-${a.partnership}`)),
      by,
      meeting,
    );
    const refused = m.invitations.find((i) => i.partner === partner(a.partnership))?.nonCompliance;
    ctx.log(
      `  ${csp(a.partnership)} ${a.response.toLowerCase()} (${await ctx.mesh.nameOf(by)})` +
        (a.representative ? `: ${a.representative}` : "") +
        (refused ? "; recorded as non-compliance with the reg 14A requirement" : ""),
    );
  }
}

/** SaveAgenda and PublishAgenda, then each paper uploaded (client-streamed) for its agenda item. */
async function agendaAndPapers(
  ctx: DemoContext,
  name: string,
  m: MeetingSpec,
  items: AgendaItemSpec[],
  papers: PaperSpec[],
) {
  const saved = await ctx.mesh.call("meetings", "SaveAgenda", agendaMessage(name, items), PEOPLE.opcc, meeting);
  const published = await ctx.mesh.call(
    "meetings",
    "PublishAgenda",
    { name, note: "", requestId: ctx.rid(`agenda-${m.key}`) },
    PEOPLE.opcc,
    meeting,
  );
  ctx.log(
    `  agenda version ${published.agenda?.version ?? 1} of "${m.title}" published: ${items.map((i) => i.title).join("; ")}`,
  );
  const ids = saved.agenda?.items.map((i) => i.id) ?? [];
  for (const p of papers) {
    const agendaItem = ids[p.item];
    if (!agendaItem) throw new Error(`the agenda has no item ${p.item + 1} for ${p.filename}`);
    const up = await ctx.mesh.upload(
      "meetings",
      "UploadPaper",
      paperMetadata(name, agendaItem, p),
      p.bytes,
      PEOPLE.opcc,
      paper,
    );
    ctx.log(`  paper ${p.filename} (${p.bytes.length} bytes) for ${agendaItem}, every invitee: ${up.name}`);
  }
}

/** The "past" meeting, part one (before it starts): drafted, convened, every invitation answered. */
export async function startHeldMeeting(ctx: DemoContext): Promise<string> {
  const spec = heldMeeting(ctx.times);
  const name = await convene(ctx, spec.meeting);
  await answer(ctx, name, spec.meeting.key, spec.answers);
  return name;
}

/** Part two, still before it is held: the agenda (linking the Maidstone report, if made) and its paper. */
export async function prepareHeldMeeting(ctx: DemoContext, name: string, request?: string): Promise<void> {
  const spec = heldMeeting(ctx.times, request);
  await agendaAndPapers(ctx, name, spec.meeting, spec.agenda, spec.papers);
}

/**
 * Part three, once it has started (RecordAttendance refuses earlier): attendance, minutes drafted,
 * circulated, commented on and approved, then actions given to the partnerships and progressed.
 */
export async function finishHeldMeeting(ctx: DemoContext, name: string): Promise<void> {
  const spec = heldMeeting(ctx.times);
  const opcc = PEOPLE.opcc;
  await waitUntil(spec.meeting.start);
  await ctx.mesh.call(
    "meetings",
    "RecordAttendance",
    attendanceMessage(name, spec, ctx.rid(`attendance-${spec.meeting.key}`)),
    opcc,
    meeting,
  );
  ctx.log(
    `"${spec.meeting.title}" held: ` +
      spec.attendance.map((a) => `${csp(a.partnership)} ${a.attendance.toLowerCase()}`).join(", "),
  );
  await ctx.mesh.call("meetings", "SaveMinutes", { name, ...spec.minutes }, opcc, meeting);
  ctx.log(`  minutes drafted by ${await ctx.mesh.nameOf(opcc)}, ${spec.minutes.decisions.length} decisions`);
  await ctx.mesh.call("meetings", "CirculateMinutes", { name, requestId: ctx.rid("circulate") }, opcc, meeting);
  ctx.log("  minutes circulated for comment to the partnerships present");
  const by = officerOf(spec.comment.partnership);
  await ctx.mesh.call(
    "meetings",
    "CommentOnMinutes",
    { name, text: spec.comment.text, requestId: ctx.rid("comment") },
    by,
    meeting,
  );
  ctx.log(`  comment on the minutes from ${await ctx.mesh.nameOf(by)} (${csp(spec.comment.partnership)})`);
  await ctx.mesh.call("meetings", "ApproveMinutes", { name, requestId: ctx.rid("approve") }, opcc, meeting);
  ctx.log("  minutes approved and hashed; OFFICIAL, so released to the Police and Crime Panel with the open papers");

  for (const a of spec.actions) {
    await attempt(ctx, `the action "${a.description}"`, async () => {
      const made = await ctx.mesh.call(
        "meetings",
        "CreateAction",
        createActionMessage(name, a, ctx.rid(`action-${a.key}`)),
        opcc,
        action,
      );
      ctx.log(`  action for ${csp(a.owner)}, due ${formatDateTime(a.due)}: ${made.name}`);
      if (!a.progress) return;
      const owner = officerOf(a.owner);
      const next = await ctx.mesh.call(
        "meetings",
        "UpdateAction",
        progressMessage(made.name, a, ctx.rid(`progress-${a.key}`)),
        owner,
        action,
      );
      const status = next.status.replace("ACTION_STATUS_", "").toLowerCase();
      ctx.log(`    progress from ${await ctx.mesh.nameOf(owner)}: "${a.progress.note}" (${status})`);
    });
  }
  const seen = await ctx.mesh.call("meetings", "GetMeeting", { name }, PEOPLE.panel, meeting);
  const state = seen.state.replace("MEETING_STATE_", "").replace("_", " ").toLowerCase();
  ctx.log(`  the panel (${await ctx.mesh.nameOf(PEOPLE.panel)}) can read the meeting: ${state}`);
}

/** The coming meeting: convened, three invitations answered (two still open), agenda and papers. */
export async function seedConvenedMeeting(ctx: DemoContext, links: { thanetRequest?: string; cycle?: string }) {
  const spec = convenedMeeting(ctx.times, links);
  const name = await convene(ctx, spec.meeting);
  await answer(ctx, name, spec.meeting.key, spec.answers);
  await agendaAndPapers(ctx, name, spec.meeting, spec.agenda, spec.papers);
  const open = spec.meeting.invitations.filter((p) => !spec.answers.some((a) => a.partnership === p));
  ctx.log(`  still to answer by ${formatDateTime(spec.meeting.responseDeadline)}: ${open.map(csp).join(", ")}`);
  return name;
}
