/**
 * The demonstration's plan, pure: whether to load it (`CSP_DEMO`), who acts (seeded people of the
 * Kent & Medway demonstration directory), which partnerships are addressed, and when things fall due,
 * counted in Europe/London working days from "now". No I/O; unit-tested beside it.
 */
import { type CalendarDate, endOfLondonWorkingDay, isoCalendarDate, londonDate, londonInstant } from "@csp-mesh/kit";

/** `CSP_DEMO`: unset, empty or "on" loads the demonstration into an empty mesh; "off" never does. */
export function demoSwitch(value: string | undefined): { on: boolean; problem?: string } {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "on") return { on: true };
  if (v === "off") return { on: false };
  return { on: false, problem: `CSP_DEMO must be "on" or "off", not "${value}": no demonstration content loaded` };
}

/** The partnerships the demonstration addresses (all in services/directory/seed/kent-and-medway.demo.json). */
export const PARTNERS = {
  maidstone: "partners/csp-maidstone",
  thanet: "partners/csp-thanet",
  canterbury: "partners/csp-canterbury",
  swale: "partners/csp-swale",
  medway: "partners/csp-medway",
  dartford: "partners/csp-dartford",
  gravesham: "partners/csp-gravesham",
  dover: "partners/csp-dover",
  folkestoneHythe: "partners/csp-folkestone-hythe",
  tonbridgeMalling: "partners/csp-tonbridge-malling",
  tunbridgeWells: "partners/csp-tunbridge-wells",
} as const;
export type Partnership = keyof typeof PARTNERS;

/** Short names for log lines: "Tonbridge and Malling". */
export const AREA: Record<Partnership, string> = {
  maidstone: "Maidstone",
  thanet: "Thanet",
  canterbury: "Canterbury",
  swale: "Swale",
  medway: "Medway",
  dartford: "Dartford",
  gravesham: "Gravesham",
  dover: "Dover",
  folkestoneHythe: "Folkestone and Hythe",
  tonbridgeMalling: "Tonbridge and Malling",
  tunbridgeWells: "Tunbridge Wells",
};

/** The people who act, by their part in the story. */
export const PEOPLE = {
  /** Priya Shah, OPCC staff: issues requests, convenes meetings, opens the assessment cycle. */
  opcc: "people/opcc-staff-1",
  /** Tom Ellis, OPCC staff: reviews what the partnerships send. */
  reviewer: "people/opcc-staff-2",
  /** Cllr Jo Baker, Police and Crime Panel: reads what is released to the panel. */
  panel: "people/panel-member-1",
} as const;

/** A partnership's community safety officer in the demonstration directory (people/<area>-officer). */
export const officerOf = (p: Partnership): string => `people/${PARTNERS[p].slice("partners/csp-".length)}-officer`;

/**
 * How long after the seed starts the overdue request falls due and the "past" meeting starts. The
 * reports API refuses a due time that has passed and the meetings API a meeting that has started, so
 * both are set a little ahead and the seed waits for that moment to pass (see seed.ts).
 */
export const LEAD_MS = 30_000;
/** The "past" meeting's length: short, so that it is listed under past meetings soon after the seed. */
export const HELD_MEETING_MS = 60_000;

export interface DemoTimes {
  now: Date;
  /** Moments ahead: the overdue request's due time and the held meeting's start (and response deadline). */
  soon: Date;
  heldEnd: Date;
  due: { formal: Date; returned: Date; published: Date; shared: Date };
  /** YYYY-MM-DD: the date Maidstone gives for its next plan review, and Thanet for its plan. */
  planReviewDate: string;
  thanetPlanDate: string;
  /** The twelve complete months before now, oldest first, as YYYY-MM. */
  lastTwelveMonths: string[];
  meeting: { start: Date; end: Date; responseDeadline: Date };
  actions: { first: Date; second: Date; third: Date };
  /** The assessment cycle: the financial year assessed, the year its figures cover, its due time. */
  cycle: { year: string; period: string; due: Date };
}

const fromUtc = (t: Date): CalendarDate => ({
  year: t.getUTCFullYear(),
  month: t.getUTCMonth() + 1,
  day: t.getUTCDate(),
});
const addDays = (d: CalendarDate, n: number) => fromUtc(new Date(Date.UTC(d.year, d.month - 1, d.day + n)));
const weekday = (d: CalendarDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();

/** The date `n` working days (Monday to Friday; bank holidays are not counted out) after `from`. */
export function workingDaysAfter(from: CalendarDate, n: number): CalendarDate {
  let d = from;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (weekday(d) !== 0 && weekday(d) !== 6) left -= 1;
  }
  return d;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The financial year (1 April to 31 March) a strategic assessment prepared now is for: the next one
 * to start. Its figures cover the year before it: "2026/27" assessed from "2025/26".
 */
export function assessmentYears(today: CalendarDate): { year: string; period: string } {
  const first = today.month >= 4 ? today.year + 1 : today.year;
  const fy = (y: number) => `${y}/${pad((y + 1) % 100)}`;
  return { year: fy(first), period: fy(first - 1) };
}

/** The twelve complete calendar months before `today`, oldest first ("2025-11"). */
export function lastTwelveMonths(today: CalendarDate): string[] {
  return Array.from({ length: 12 }, (_, i) => {
    const t = new Date(Date.UTC(today.year, today.month - 1 - (12 - i), 1));
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}`;
  });
}

/** Every time the demonstration uses, from `now` (Europe/London wall clock for dates and hours). */
export function demoTimes(now: Date, leadMs = LEAD_MS): DemoTimes {
  const today = londonDate(now);
  const day = (n: number) => workingDaysAfter(today, n);
  const by5pm = (n: number) => endOfLondonWorkingDay(day(n));
  const soon = new Date(now.getTime() + leadMs);
  return {
    now,
    soon,
    heldEnd: new Date(soon.getTime() + HELD_MEETING_MS),
    due: { formal: by5pm(20), returned: by5pm(10), published: by5pm(15), shared: by5pm(12) },
    planReviewDate: isoCalendarDate(day(30)),
    thanetPlanDate: isoCalendarDate(day(25)),
    lastTwelveMonths: lastTwelveMonths(today),
    meeting: { start: londonInstant(day(10), 10), end: londonInstant(day(10), 12), responseDeadline: by5pm(5) },
    actions: { first: by5pm(15), second: by5pm(30), third: by5pm(8) },
    cycle: { ...assessmentYears(today), due: by5pm(40) },
  };
}

/** AIP-155 request ids for one run of the seed: "demo-<run>-<what>". */
export const requestIdFor = (t: DemoTimes) => (what: string) => `demo-${t.now.getTime().toString(36)}-${what}`;
