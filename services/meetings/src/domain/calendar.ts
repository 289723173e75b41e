/**
 * A meeting as an iCalendar (RFC 5545) object, with ical-generator. The UID is derived from the
 * meeting's name, so every version of the file updates the same calendar entry; SEQUENCE is the
 * meeting's, raised at each reschedule; a cancelled meeting is sent as METHOD:CANCEL with
 * STATUS:CANCELLED. Times are written in UTC (RFC 5545 form 2), so a calendar shows them in the
 * reader's own zone, Europe/London across a clock change included.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { MeetingDoc } from "../store/documents";

export const calendarUid = (meeting: string, domain = "csp-mesh") => `${meeting.replace("/", "-")}@${domain}`;

export function meetingCalendar(d: MeetingDoc, opts: { organiserName: string; baseUrl?: string }): string {
  const cancelled = d.state === "CANCELLED";
  const cal = ical({
    prodId: { company: "csp-mesh", product: "meetings", language: "EN" },
    name: d.title,
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  cal.createEvent({
    id: calendarUid(d._id),
    sequence: d.sequence,
    start: d.start,
    end: d.end,
    stamp: d.updateTime,
    summary: d.title,
    description: [
      d.basis === "REG_14A_REQUIREMENT"
        ? "Attendance is required under regulation 14A of the Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007."
        : "An invitation from the Police and Crime Commissioner.",
      d.onlineJoining ? `Joining online: ${d.onlineJoining}` : "",
      opts.baseUrl ? `${opts.baseUrl}/${d._id}` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    location: d.place || (d.onlineJoining ? "Online" : ""),
    organizer: { name: opts.organiserName, email: "noreply@csp-mesh.invalid" },
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
