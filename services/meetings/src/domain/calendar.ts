/**
 * Meetings as iCalendar (RFC 5545) objects, with ical-generator. The UID is derived from the
 * meeting's name, so every version of the file (and the feed) updates the same calendar entry;
 * SEQUENCE is the meeting's, raised at each reschedule; a cancelled meeting is sent as METHOD:CANCEL
 * with STATUS:CANCELLED. Times are written in UTC (RFC 5545 form 2), so a calendar shows them in the
 * reader's own zone, Europe/London across a clock change included.
 */
import { calendarUid } from "@csp-mesh/kit";
import ical, { type ICalCalendar, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { MeetingDoc } from "../store/documents";

export interface CalendarOptions {
  organiserName: string;
  baseUrl?: string;
  /**
   * A feed lives in a calendar app behind a bearer secret: an OFFICIAL-SENSITIVE meeting appears there
   * with its times only, its title, place and joining details left in the mesh.
   */
  redactSensitive?: boolean;
}

const REG_14A =
  "Attendance is required under regulation 14A of the Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007.";

function addMeeting(cal: ICalCalendar, d: MeetingDoc, opts: CalendarOptions): void {
  const cancelled = d.state === "CANCELLED";
  const redacted = opts.redactSensitive === true && d.classification === "OFFICIAL-SENSITIVE";
  const link = opts.baseUrl ? `${opts.baseUrl}/${d._id}` : "";
  cal.createEvent({
    id: calendarUid(d._id),
    sequence: d.sequence,
    start: d.start,
    end: d.end,
    stamp: d.updateTime,
    summary: redacted ? "Priority-issue meeting (OFFICIAL-SENSITIVE: details in csp-mesh)" : d.title,
    description: [
      d.basis === "REG_14A_REQUIREMENT" ? REG_14A : "An invitation from the Police and Crime Commissioner.",
      !redacted && d.onlineJoining ? `Joining online: ${d.onlineJoining}` : "",
      link,
    ]
      .filter(Boolean)
      .join("\n\n"),
    location: redacted ? "" : d.place || (d.onlineJoining ? "Online" : ""),
    organizer: { name: opts.organiserName, email: "noreply@csp-mesh.invalid" },
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/** One meeting's file: PUBLISH, or CANCEL once cancelled. */
export function meetingCalendar(d: MeetingDoc, opts: CalendarOptions): string {
  const cal = ical({
    prodId: { company: "csp-mesh", product: "meetings", language: "EN" },
    name: d.title,
    method: d.state === "CANCELLED" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  addMeeting(cal, d, opts);
  return cal.toString();
}

/** A partnership's subscribed feed: every meeting it is party to, cancelled ones marked as such. */
export function feedCalendar(docs: MeetingDoc[], name: string, opts: CalendarOptions): string {
  const cal = ical({
    prodId: { company: "csp-mesh", product: "meetings", language: "EN" },
    name,
    method: ICalCalendarMethod.PUBLISH,
    // Calendar apps poll a subscription; hourly is what Outlook and Google honour.
    ttl: 3600,
  });
  for (const d of docs) addMeeting(cal, d, { ...opts, redactSensitive: opts.redactSensitive ?? true });
  return cal.toString();
}
