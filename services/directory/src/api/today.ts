import { isoCalendarDate, londonDate } from "@csp-mesh/kit";

/** Today in Europe/London, YYYY-MM-DD: the calendar the statute's dates are in. */
export const londonToday = (at = new Date()) => isoCalendarDate(londonDate(at));
