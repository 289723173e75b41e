/**
 * A funding programme for a financial year: what it may contain, its states, and how an award is
 * split into tranches. Pure; money in whole pence.
 */
import { type FieldViolation, formatPounds } from "@csp-mesh/kit";
import { type Criterion, rubricProblems } from "./assessment";
import { isConditionCode } from "./conditions";

export const PROGRAMME_KINDS = ["ALLOCATION", "OPEN_ROUND"] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];
export const PROGRAMME_STATES = ["DRAFT", "OPEN", "CLOSED"] as const;
export type ProgrammeState = (typeof PROGRAMME_STATES)[number];
export const TRANCHE_TRIGGERS = ["ON_AGREEMENT", "ON_MID_YEAR_RETURN", "ON_YEAR_END_RETURN"] as const;
export type TrancheTrigger = (typeof TRANCHE_TRIGGERS)[number];

export interface Tranche {
  numerator: number;
  denominator: number;
  trigger: TrancheTrigger;
}

export interface Allocation {
  partner: string;
  amountPence: number;
}

export interface Question {
  code: string;
  text: string;
}

/** A programme as the OPCC describes it (before the service adds names, states and times). */
export interface ProgrammeTerms {
  year: string;
  title: string;
  description: string;
  kind: ProgrammeKind;
  budgetPence: number;
  objectives: string[];
  windowOpen: Date;
  windowClose: Date;
  allocations: Allocation[];
  projectMaxPence: number;
  countyWideMaxPence: number;
  questions: Question[];
  conditions: string[];
  tranches: Tranche[];
  rubric: Criterion[];
  minScorers: number;
}

/** Two thirds when the agreement is accepted, one third when the mid-year return is (the Kent Crime Reduction Grant). */
export const DEFAULT_TRANCHES: Tranche[] = [
  { numerator: 2, denominator: 3, trigger: "ON_AGREEMENT" },
  { numerator: 1, denominator: 3, trigger: "ON_MID_YEAR_RETURN" },
];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Whether the shares add up to exactly one (integer arithmetic: no rounding). */
export function sharesMakeOne(tranches: Tranche[]): boolean {
  const l = tranches.reduce((acc, t) => (acc * t.denominator) / gcd(acc, t.denominator), 1);
  return tranches.reduce((sum, t) => sum + t.numerator * (l / t.denominator), 0) === l;
}

/**
 * An amount split by the schedule: every tranche but the last rounded down to the penny, the last
 * the rest, so the parts add up exactly and the conditional payment carries the odd pennies.
 */
export function trancheAmounts(amountPence: number, tranches: Tranche[]): number[] {
  const parts = tranches.slice(0, -1).map((t) => Math.floor((amountPence * t.numerator) / t.denominator));
  return [...parts, amountPence - parts.reduce((a, b) => a + b, 0)];
}

export const allocatedPence = (t: Pick<ProgrammeTerms, "allocations">) =>
  t.allocations.reduce((sum, a) => sum + a.amountPence, 0);

const QUESTION_CODE = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Everything wrong with a programme's terms that needs nothing but the terms, each naming its field. */
export function programmeProblems(t: ProgrammeTerms, now: Date, prefix = "programme"): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `${prefix}.${field}`, description });
  if (t.budgetPence <= 0) add("budget_pence", "give the programme's budget in pence, more than 0");
  if (t.objectives.length === 0) add("objectives", "name at least one Police and Crime Plan objective it serves");
  if (new Set(t.objectives).size !== t.objectives.length) add("objectives", "an objective is named twice");
  if (t.windowClose.getTime() <= t.windowOpen.getTime())
    add("window_close_time", "the application window must close after it opens");
  else if (t.windowClose.getTime() <= now.getTime()) add("window_close_time", "must be in the future");
  if (t.kind === "ALLOCATION") {
    if (t.allocations.length === 0) add("allocations", "allocate an amount to at least one partnership");
    const seen = new Set<string>();
    t.allocations.forEach((a, i) => {
      if (a.amountPence <= 0) add(`allocations[${i}].amount_pence`, "more than 0");
      if (seen.has(a.partner)) add(`allocations[${i}].partner`, `${a.partner} is allocated twice`);
      seen.add(a.partner);
    });
    const total = allocatedPence(t);
    if (t.budgetPence > 0 && total > t.budgetPence)
      add(
        "allocations",
        `the allocations add up to ${formatPounds(total)} (${total} pence), more than the budget of ${formatPounds(t.budgetPence)}`,
      );
    if (t.projectMaxPence > 0 || t.countyWideMaxPence > 0)
      add("project_max_pence", "only an open round has project limits");
  } else {
    if (t.allocations.length > 0) add("allocations", "only an allocation programme names partnerships and amounts");
    if (t.projectMaxPence <= 0) add("project_max_pence", "the most one project may ask for, in pence");
    else if (t.projectMaxPence > t.budgetPence) add("project_max_pence", "cannot be more than the budget");
    if (t.countyWideMaxPence > 0 && t.countyWideMaxPence < t.projectMaxPence)
      add("county_wide_max_pence", "a county-wide project's limit cannot be lower than a local one's");
    if (t.countyWideMaxPence > t.budgetPence) add("county_wide_max_pence", "cannot be more than the budget");
  }
  const codes = new Set<string>();
  t.questions.forEach((q, i) => {
    if (!QUESTION_CODE.test(q.code)) add(`questions[${i}].code`, "lower-case letters, digits and hyphens (at most 32)");
    else if (codes.has(q.code)) add(`questions[${i}].code`, `${q.code} is given twice`);
    codes.add(q.code);
    if (q.text.trim() === "") add(`questions[${i}].text`, "ask the question");
  });
  t.conditions.forEach((c, i) => {
    if (!isConditionCode(c)) add(`conditions[${i}].code`, `${c} is not in the conditions library`);
  });
  if (new Set(t.conditions).size !== t.conditions.length) add("conditions", "a condition is given twice");
  if (t.tranches.length === 0 || t.tranches.length > 6) add("tranches", "one to six tranches");
  t.tranches.forEach((x, i) => {
    if (x.denominator < 1 || x.denominator > 100 || x.numerator < 1 || x.numerator > x.denominator)
      add(`tranches[${i}]`, "a share such as 2/3: numerator from 1 to the denominator, denominator at most 100");
  });
  if (
    t.tranches.length > 0 &&
    out.every((v) => !v.field.startsWith(`${prefix}.tranches[`)) &&
    !sharesMakeOne(t.tranches)
  )
    add("tranches", "the shares must add up to one (e.g. 2/3 and 1/3)");
  out.push(...rubricProblems(t.rubric, t.minScorers, prefix));
  return out;
}

export type ProgrammeAction = "open" | "close";

/** The programme's lifecycle: DRAFT -> OPEN -> CLOSED. */
export function programmeTransition(
  state: ProgrammeState,
  action: ProgrammeAction,
): { ok: true; to: ProgrammeState } | { ok: false; message: string } {
  if (action === "open" && state === "DRAFT") return { ok: true, to: "OPEN" };
  if (action === "close" && state === "OPEN") return { ok: true, to: "CLOSED" };
  return {
    ok: false,
    message: `a ${state.toLowerCase()} programme cannot be ${action === "open" ? "opened" : "closed"}`,
  };
}
