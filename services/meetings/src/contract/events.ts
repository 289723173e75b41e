import { defineEvent, eventDomain } from "@csp-mesh/kit";
import { z } from "zod";

/**
 * Priority-issue meeting events (Strategy Regulations 2007, reg 14A). The Kafka key is the meeting's
 * name, so a meeting's events stay in order; an action's events are keyed by the action. Payloads
 * carry names and states, never minutes or papers.
 */
const about = z.object({
  meeting: z.string(),
  /** The invited partnership concerned; "" when the event concerns the whole meeting. */
  partner: z.string(),
  /** people/<id> or systems/<id> who caused it ("system" for the scans). */
  actor: z.string(),
});

export const MeetingConvened = defineEvent(
  "meeting.convened",
  "meetings",
  about.extend({
    basis: z.enum(["REG_14A_REQUIREMENT", "INVITATION"]),
    invitees: z.array(z.string()),
    startTime: z.string(),
    endTime: z.string(),
    responseDeadline: z.string(),
  }),
  "A priority-issue meeting (reg 14A requirement or invitation) was convened and its invitations sent.",
);
export const MeetingInvitationResponded = defineEvent(
  "meeting.invitation-responded",
  "meetings",
  about.extend({
    response: z.enum(["ACCEPTED", "DELEGATED", "DECLINED"]),
    representative: z.string(),
    nonCompliance: z.boolean(),
  }),
  "An invited partnership accepted, delegated or declined; a declined reg 14A requirement is non-compliance.",
);
export const MeetingNoResponse = defineEvent(
  "meeting.no-response",
  "meetings",
  about.extend({ nonCompliance: z.boolean() }),
  "An invitation was still unanswered at its deadline (non-compliance under reg 14A); raised once.",
);
export const MeetingRescheduled = defineEvent(
  "meeting.rescheduled",
  "meetings",
  about.extend({ startTime: z.string(), endTime: z.string(), reason: z.string(), sequence: z.number().int() }),
  "A meeting moved, with the reason; the calendar sequence went up.",
);
export const MeetingCancelled = defineEvent(
  "meeting.cancelled",
  "meetings",
  about.extend({ reason: z.string() }),
  "A meeting was cancelled, with the reason.",
);
export const MeetingAttendanceRecorded = defineEvent(
  "meeting.attendance-recorded",
  "meetings",
  about.extend({ present: z.array(z.string()), apologies: z.array(z.string()), absent: z.array(z.string()) }),
  "Who attended, sent apologies or was absent was recorded; the meeting is held.",
);
export const MeetingMinutesApproved = defineEvent(
  "meeting.minutes-approved",
  "meetings",
  about.extend({ minutesSha256: z.string(), decisions: z.number().int() }),
  "The minutes were approved and are now immutable (with their SHA-256).",
);
export const MeetingMinutesCirculated = defineEvent(
  "meeting.minutes-circulated",
  "meetings",
  about.extend({ circulatedTo: z.array(z.string()) }),
  "The draft minutes went to the partnerships that attended, for comment.",
);
/** A comment's text stays in the meeting; the event says only who commented. */
export const MeetingMinutesCommented = defineEvent(
  "meeting.minutes-commented",
  "meetings",
  about,
  "An attending partnership commented on circulated minutes (the text stays in the meeting).",
);
export const MeetingAgendaPublished = defineEvent(
  "meeting.agenda-published",
  "meetings",
  about.extend({ version: z.number().int().positive(), items: z.number().int(), note: z.string() }),
  "A new version of the agenda was published to the invitees.",
);
export const MeetingPaperAdded = defineEvent(
  "meeting.paper-added",
  "meetings",
  about.extend({
    paper: z.string(),
    agendaItem: z.string(),
    sha256: z.string(),
    /** The partnerships that may see it. */
    audience: z.array(z.string()),
  }),
  "A paper was attached to an agenda item, for every invitee or for the partnerships named.",
);

const actionAbout = z.object({
  action: z.string(),
  meeting: z.string(),
  /** The partnership that owns the action. */
  partner: z.string(),
  actor: z.string(),
});
export const MeetingActionCreated = defineEvent(
  "meeting.action-created",
  "meetings",
  actionAbout.extend({ dueTime: z.string() }),
  "An action from a meeting was given to a partnership, with its due time.",
);
export const MeetingActionUpdated = defineEvent(
  "meeting.action-updated",
  "meetings",
  actionAbout.extend({ status: z.enum(["OPEN", "DONE", "DROPPED"]), note: z.string() }),
  "An action's owner reported progress, or its status changed.",
);
export const MeetingActionOverdue = defineEvent(
  "meeting.action-overdue",
  "meetings",
  actionAbout.extend({ dueTime: z.string() }),
  "An open action passed its due time; raised once.",
);

/** A partnership's calendar feed secret issued (replacing any earlier one) or revoked; keyed by the partnership. */
const feedAbout = z.object({ partner: z.string(), actor: z.string() });
export const CalendarFeedIssued = defineEvent(
  "meeting.calendar-feed-issued",
  "meetings",
  feedAbout,
  "A partnership's calendar feed address was issued (replacing any earlier one); never carries the secret.",
);
export const CalendarFeedRevoked = defineEvent(
  "meeting.calendar-feed-revoked",
  "meetings",
  feedAbout,
  "A partnership's calendar feed was revoked.",
);

/** The meetings service's published language: its topic and every event on it. */
export const MEETING_EVENTS = eventDomain(
  "meetings",
  "Priority-issue meetings under reg 14A and their actions (the meetings service).",
  [
    MeetingConvened,
    MeetingInvitationResponded,
    MeetingNoResponse,
    MeetingRescheduled,
    MeetingCancelled,
    MeetingAttendanceRecorded,
    MeetingMinutesApproved,
    MeetingMinutesCirculated,
    MeetingMinutesCommented,
    MeetingAgendaPublished,
    MeetingPaperAdded,
    CalendarFeedIssued,
    CalendarFeedRevoked,
    MeetingActionCreated,
    MeetingActionUpdated,
    MeetingActionOverdue,
  ],
);
