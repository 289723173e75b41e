/** Stored documents -> proto objects (what each caller may see of them). */
import { type Caller, classificationToProto, isOpcc, toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import { unpublishedChanges } from "../domain/agenda";
import type { ActionDoc, AgendaItemDoc, CalendarFeedDoc, MeetingDoc, PaperDoc } from "../store/documents";

const ts = (d: Date | undefined) => (d ? toTimestamp(d) : null);

const itemToProto = (i: AgendaItemDoc) => ({
  id: i.id,
  title: i.title,
  description: i.description,
  presenter: i.presenter,
  minutesAllotted: i.minutesAllotted,
  links: i.links,
});

/**
 * The OPCC sees every invitation, every comment and the working agenda; an invited partnership sees
 * its own invitation and comments (others' are theirs) and only published agendas.
 */
export function meetingToProto(d: MeetingDoc, caller: Caller) {
  const opcc = isOpcc(caller);
  const versions = d.agendaVersions ?? [];
  const latest = versions.at(-1);
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
          circulated: d.minutes.circulated ?? false,
          circulateTime: ts(d.minutes.circulateTime),
          comments: (d.minutes.comments ?? [])
            .filter((c) => opcc || c.partner === caller.partner)
            .map((c) => ({
              partner: c.partner,
              author: c.author,
              authorDisplayName: c.authorName,
              text: c.text,
              time: toTimestamp(c.time),
            })),
        }
      : null,
    agenda: {
      items: (opcc ? (d.agenda ?? []) : (latest?.items ?? [])).map(itemToProto),
      version: latest?.version ?? 0,
      publishTime: ts(latest?.publishTime),
      unpublishedChanges: opcc && unpublishedChanges(d.agenda, versions),
    },
    agendaVersions: versions.map((v) => ({
      version: v.version,
      items: v.items.map(itemToProto),
      publishedBy: v.publishedBy,
      publishTime: toTimestamp(v.publishTime),
      note: v.note,
    })),
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

export function paperToProto(p: PaperDoc, meeting: MeetingDoc) {
  return {
    name: p.name,
    meeting: meeting._id,
    agendaItem: p.agendaItem,
    title: p.title,
    filename: p.filename,
    contentType: p.contentType,
    sizeBytes: String(p.sizeBytes),
    sha256: p.sha256,
    classification: classificationToProto(p.classification),
    audience: p.audienceAll ? [] : p.addressees,
    releasedToPanel: p.releasedToPanel,
    uploadedBy: p.uploadedBy,
    createTime: toTimestamp(p.createTime),
  };
}

export function feedToProto(f: CalendarFeedDoc | null, partner: string, secret = "") {
  return {
    partner,
    active: f?.active ?? false,
    secret,
    issuedBy: f?.issuedBy ?? "",
    issueTime: ts(f?.issueTime),
  };
}
