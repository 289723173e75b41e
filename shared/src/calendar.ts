/**
 * The iCalendar UID of a meeting, derived from its resource name: every file the mesh sends about a
 * meeting (the download, the partnership's feed, the emailed invitation) updates the same calendar
 * entry instead of adding another.
 */
export const calendarUid = (meeting: string, domain = "csp-mesh") => `${meeting.replace("/", "-")}@${domain}`;
