/**
 * The meeting file attached to a meeting email (RFC 5545, with ical-generator). Its UID is the one
 * the meetings service gives the meeting's download and the partnership's feed, so the email, the
 * download and the feed all update one calendar entry; SEQUENCE follows the meeting's. The summary
 * is generic: a meeting's title and place stay in the mesh, behind sign-in.
 */
import { calendarUid } from "@csp-mesh/kit";
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { CalendarInvite } from "./notices";

export function invitationIcs(c: CalendarInvite, link: string, organiserEmail: string): string {
  const cal = ical({
    prodId: { company: "csp-mesh", product: "notifier", language: "EN" },
    method: c.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  cal.createEvent({
    id: calendarUid(c.meeting),
    sequence: c.sequence,
    start: c.start,
    end: c.end,
    stamp: new Date(),
    summary: c.regulation14A ? "Priority-issue meeting (attendance required, reg 14A)" : "Priority-issue meeting",
    description: `Details, papers and how to join are in the mesh: ${link}`,
    url: link,
    organizer: { name: "Office of the Police and Crime Commissioner", email: organiserEmail },
    status: c.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
