/**
 * Dates for every page, in Europe/London: GOV.UK date inputs parsed with GOV.UK's error wording,
 * "5pm on that day" as the instant it means in London (16:00 UTC in summer, 17:00 UTC in winter),
 * and instants shown as people read them (the kit's london-time, shared with the emails).
 */
import type { CalendarDate } from "@csp-mesh/kit";

export {
  type CalendarDate,
  endOfLondonWorkingDay,
  formatDate,
  formatDateTime,
  formatTime,
  londonDate,
  londonInstant,
  ZONE,
} from "@csp-mesh/kit";
export type DateParse =
  | { ok: true; date: CalendarDate }
  | { ok: false; message: string; part: "day" | "month" | "year" };

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A GOV.UK date input (day, month, year as typed) -> a real calendar date, or the message the GOV.UK
 * Design System gives for what is wrong ("Due date must include a month", "Due date must be a real
 * date"), naming the part to link the error to.
 */
export function parseDateInput(input: { day?: string; month?: string; year?: string }, label: string): DateParse {
  const raw = { day: (input.day ?? "").trim(), month: (input.month ?? "").trim(), year: (input.year ?? "").trim() };
  const missing = (["day", "month", "year"] as const).filter((k) => raw[k] === "");
  if (missing.length === 3) return { ok: false, message: `Enter the ${label.toLowerCase()}`, part: "day" };
  if (missing.length === 2)
    return { ok: false, message: `${label} must include a ${missing[0]} and ${missing[1]}`, part: missing[0] as "day" };
  if (missing.length === 1)
    return { ok: false, message: `${label} must include a ${missing[0]}`, part: missing[0] as "day" };
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : Number.NaN);
  const [day, month, year] = [num(raw.day), num(raw.month), num(raw.year)] as [number, number, number];
  const real = `${label} must be a real date`;
  if (!Number.isInteger(month) || month < 1 || month > 12) return { ok: false, message: real, part: "month" };
  if (!Number.isInteger(year) || raw.year.length !== 4)
    return { ok: false, message: `Year must include 4 numbers`, part: "year" };
  if (!Number.isInteger(day) || day < 1 || day > daysIn(year, month)) return { ok: false, message: real, part: "day" };
  return { ok: true, date: { year, month, day } };
}

const calendarText = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** A calendar date stored as YYYY-MM-DD (an answer, not an instant) as "3 April 2026"; anything else as it is. */
export function formatCalendarDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? calendarText.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : iso;
}

export type TimeParse = { ok: true; hour: number; minute: number } | { ok: false; message: string };

/**
 * A time as people type it: "10am", "2:30pm", "14:00", "9.15", "midday". GOV.UK has no time input
 * component; its guidance is a text input with an example, and a message naming the field.
 */
export function parseTimeInput(input: string, label: string): TimeParse {
  const s = input.trim().toLowerCase().replace(/\s+/g, "");
  if (s === "") return { ok: false, message: `Enter the ${label.toLowerCase()}` };
  if (s === "midday" || s === "noon") return { ok: true, hour: 12, minute: 0 };
  if (s === "midnight") return { ok: true, hour: 0, minute: 0 };
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(s);
  const real = { ok: false as const, message: `${label} must be a real time, for example 10am or 2:30pm` };
  if (!m) return real;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  if (minute > 59) return real;
  if (m[3]) {
    if (hour < 1 || hour > 12) return real;
    hour = (hour % 12) + (m[3] === "pm" ? 12 : 0);
  } else if (hour > 23 || (m[2] === undefined && hour < 13 && hour !== 0)) {
    // "10" alone is ambiguous (morning or evening): ask for am/pm or the 24-hour form.
    return hour > 23 ? real : { ok: false, message: `${label} must say am or pm, for example 10am or 2:30pm` };
  }
  return { ok: true, hour, minute };
}
