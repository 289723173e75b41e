/** Stored documents -> proto objects (what each caller may see of them). */
import { type Caller, classificationToProto, toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import type { ActionDoc, MeetingDoc } from "../store/documents";

const ts = (d: Date | undefined) => (d ? toTimestamp(d) : null);

/** The OPCC sees every invitation; an invited partnership sees its own (others' answers are theirs). */
export function meetingToProto(d: MeetingDoc, caller: Caller) {
  const opcc = caller.roles.some((r) => r === "opcc-admin" || r === "opcc-staff");
  return {
    name: d._id,
    title: d.title,
    purpose: d.purpose,
    basis: toProtoEnum("MEETING_BASIS", d.basis),
    state: toProtoEnum("MEETING_STATE", d.state),
    startTime: toTimestamp(d.start),
    endTime: toTimestamp(d.end),
    place: d.place,
    onlineJoining: d.onlineJoining,
    classification: classificationToProto(d.classification),
    convener: d.owner,
    responseDeadline: toTimestamp(d.responseDeadline),
    invitations: d.invitations
      .filter((i) => opcc || i.partner === caller.partner)
      .map((i) => ({
        partner: i.partner,
        state: toProtoEnum("INVITATION_STATE", i.state),
        representative: i.representative,
        reasons: i.reasons,
        nonCompliance: i.nonCompliance,
        respondedBy: i.respondedBy,
        respondTime: ts(i.respondTime),
        attendance: toProtoEnum("ATTENDANCE", i.attendance),
        attendee: i.attendee,
      })),
    reschedules: d.reschedules.map((r) => ({
      previousStartTime: toTimestamp(r.previousStart),
      previousEndTime: toTimestamp(r.previousEnd),
      reason: r.reason,
      actor: r.actor,
      time: toTimestamp(r.time),
    })),
    sequence: d.sequence,
    minutes: d.minutes
      ? {
          text: d.minutes.text,
          decisions: d.minutes.decisions,
          approved: d.minutes.approved,
          sha256: d.minutes.sha256,
          approvedBy: d.minutes.approvedBy,
          approveTime: ts(d.minutes.approveTime),
        }
      : null,
    cancelReason: d.cancelReason,
    allActiveCsps: d.allActiveCsps,
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
  };
}

export function actionToProto(d: ActionDoc, now = new Date()) {
  return {
    name: d._id,
    meeting: d.meeting,
    owner: d.owner,
    description: d.description,
    dueTime: toTimestamp(d.due),
    status: toProtoEnum("ACTION_STATUS", d.status),
    reasons: d.reasons,
    updates: d.updates.map((u) => ({
      time: toTimestamp(u.time),
      actor: u.actor,
      actorDisplayName: u.actorName,
      note: u.note,
      status: toProtoEnum("ACTION_STATUS", u.status),
    })),
    overdue: d.status === "OPEN" && d.due.getTime() < now.getTime(),
    classification: classificationToProto(d.classification),
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
  };
}
