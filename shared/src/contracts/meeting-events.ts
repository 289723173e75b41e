import { z } from "zod";
import { defineEvent } from "../events/domain-event";

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
);
export const MeetingInvitationResponded = defineEvent(
  "meeting.invitation-responded",
  "meetings",
  about.extend({
    response: z.enum(["ACCEPTED", "DELEGATED", "DECLINED"]),
    representative: z.string(),
    nonCompliance: z.boolean(),
  }),
);
export const MeetingNoResponse = defineEvent(
  "meeting.no-response",
  "meetings",
  about.extend({ nonCompliance: z.boolean() }),
);
export const MeetingRescheduled = defineEvent(
  "meeting.rescheduled",
  "meetings",
  about.extend({ startTime: z.string(), endTime: z.string(), reason: z.string(), sequence: z.number().int() }),
);
export const MeetingCancelled = defineEvent("meeting.cancelled", "meetings", about.extend({ reason: z.string() }));
export const MeetingAttendanceRecorded = defineEvent(
  "meeting.attendance-recorded",
  "meetings",
  about.extend({ present: z.array(z.string()), apologies: z.array(z.string()), absent: z.array(z.string()) }),
);
export const MeetingMinutesApproved = defineEvent(
  "meeting.minutes-approved",
  "meetings",
  about.extend({ minutesSha256: z.string(), decisions: z.number().int() }),
);
export const MeetingMinutesCirculated = defineEvent(
  "meeting.minutes-circulated",
  "meetings",
  about.extend({ circulatedTo: z.array(z.string()) }),
);
/** A comment's text stays in the meeting; the event says only who commented. */
export const MeetingMinutesCommented = defineEvent("meeting.minutes-commented", "meetings", about);
export const MeetingAgendaPublished = defineEvent(
  "meeting.agenda-published",
  "meetings",
  about.extend({ version: z.number().int().positive(), items: z.number().int(), note: z.string() }),
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
);
export const MeetingActionUpdated = defineEvent(
  "meeting.action-updated",
  "meetings",
  actionAbout.extend({ status: z.enum(["OPEN", "DONE", "DROPPED"]), note: z.string() }),
);
export const MeetingActionOverdue = defineEvent(
  "meeting.action-overdue",
  "meetings",
  actionAbout.extend({ dueTime: z.string() }),
);

/** A partnership's calendar feed secret issued (replacing any earlier one) or revoked; keyed by the partnership. */
const feedAbout = z.object({ partner: z.string(), actor: z.string() });
export const CalendarFeedIssued = defineEvent("meeting.calendar-feed-issued", "meetings", feedAbout);
export const CalendarFeedRevoked = defineEvent("meeting.calendar-feed-revoked", "meetings", feedAbout);

export const MEETING_EVENTS = [
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
];
