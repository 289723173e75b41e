/**
 * Instants as people in England read them, in Europe/London ("5pm on 1 July 2027"), and London's
 * wall clock turned back into instants. Uses the runtime's own time-zone data (Intl), so clock
 * changes follow the tz database. Shared by the web pages and the emails, so both say the same.
 */

export const ZONE = "Europe/London";

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** A calendar date as YYYY-MM-DD (ISO 8601): how dates travel in messages and are stored. */
export const isoCalendarDate = (d: CalendarDate) =>
  `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
});

/** London's wall-clock fields at an instant. */
export function londonFields(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const f = Object.fromEntries(parts.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  const n = (k: string) => f[k] ?? Number.NaN;
  return { year: n("year"), month: n("month"), day: n("day"), hour: n("hour"), minute: n("minute") };
}

/** The instant at which London's clocks show `hour:minute` on `date` (e.g. 17:00 -> 16:00Z in BST). */
export function londonInstant(date: CalendarDate, hour: number, minute = 0): Date {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // London is UTC or UTC+1; read the offset London has near that time and correct by it.
  const seen = londonFields(new Date(asUtc));
  const offsetMs = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute) - asUtc;
  return new Date(asUtc - offsetMs);
}

/** "Due by 5pm on that day": the one instant the forms, the services and the overdue rule share. */
export const endOfLondonWorkingDay = (date: CalendarDate) => londonInstant(date, 17);

const dateText = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, day: "numeric", month: "long", year: "numeric" });

/** "1 July 2027" (London date). */
export function formatDate(at: Date): string {
  return dateText.format(at);
}

/** GOV.UK style times: "5pm", "5:30pm", "midday", "midnight" (London time). */
export function formatTime(at: Date): string {
  const { hour, minute } = londonFields(at);
  if (minute === 0 && hour === 12) return "midday";
  if (minute === 0 && hour === 0) return "midnight";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === 0 ? "" : `:${String(minute).padStart(2, "0")}`}${hour < 12 ? "am" : "pm"}`;
}

/** "5pm on 1 July 2027" (London time). */
export function formatDateTime(at: Date): string {
  return `${formatTime(at)} on ${formatDate(at)}`;
}

/** The London calendar date of an instant, to fill a date input again. */
export function londonDate(at: Date): CalendarDate {
  const { year, month, day } = londonFields(at);
  return { year, month, day };
}
