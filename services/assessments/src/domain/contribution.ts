/**
 * A partnership's contribution to an assessment cycle, pure: its content checked against the cycle's
 * template, the state derived from its versions, and which version a compilation uses.
 *
 * The working copy (draft) changes freely; submitting makes it the next immutable version (the kit's
 * reviewed versions). The state is never stored: it follows from the latest version's review outcome.
 */
import { type FieldViolation, type ReviewedState, type ReviewedVersion, reviewedState } from "@csp-mesh/kit";
import type { CompileFrom, Template, Unit } from "./template";

export const TRENDS = ["RISING", "STABLE", "FALLING"] as const;
export type Trend = (typeof TRENDS)[number] | "";

export interface RankedPriority {
  rank: number;
  code: string;
  emergingTitle: string;
  rationale: string;
  evidence: string;
}

export interface IndicatorValue {
  code: string;
  value: number;
  unit: Unit;
  period: string;
  trend: Trend;
  source: string;
}

export interface Content {
  priorities: RankedPriority[];
  indicators: IndicatorValue[];
  population: number;
  emergingThreats: string;
  communityViews: string;
  narrative: string;
}

export const EMPTY_CONTENT: Content = {
  priorities: [],
  indicators: [],
  population: 0,
  emergingThreats: "",
  communityViews: "",
  narrative: "",
};

export const MAX_PRIORITIES = 10;
/** England's largest district has under 1.2 million residents; anything far above is a typing slip. */
export const MAX_POPULATION = 10_000_000;

export type ContributionState = ReviewedState;
export type Version = ReviewedVersion<Content>;

/** How a priority is known across partnerships: its theme code, or its emerging title normalised. */
export function priorityKey(p: Pick<RankedPriority, "code" | "emergingTitle">): string {
  if (p.code) return p.code;
  return `EMERGING:${p.emergingTitle.trim().toLowerCase().replace(/\s+/g, " ")}`;
}

export const priorityTitle = (p: Pick<RankedPriority, "code" | "emergingTitle">, t: Template): string =>
  p.code ? (t.themes.find((th) => th.code === p.code)?.title ?? p.code) : p.emergingTitle.trim();

/**
 * Everything wrong with the content for this template. A draft is checked for what it says (known
 * codes, no repeats, right units, sane values); `complete` adds what a submission must have.
 */
export function contentProblems(c: Content, t: Template, complete: boolean, prefix = "content"): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `${prefix}.${field}`, description });

  if (c.priorities.length > MAX_PRIORITIES) add("priorities", `at most ${MAX_PRIORITIES} priorities`);
  if (complete && c.priorities.length === 0) add("priorities", "rank at least one priority");
  const themes = new Set(t.themes.map((th) => th.code));
  const keys = new Set<string>();
  const ranks = new Set<number>();
  c.priorities.forEach((p, i) => {
    const at = `priorities[${i}]`;
    if (p.code && p.emergingTitle) add(`${at}.code`, "give a theme code or an emerging issue's title, not both");
    else if (!p.code && !p.emergingTitle) add(`${at}.code`, "give a theme code, or an emerging issue's title");
    else if (p.code && !themes.has(p.code))
      add(`${at}.code`, `unknown priority code ${p.code}; taxonomy ${t.taxonomyVersion} has ${[...themes].join(", ")}`);
    else {
      const key = priorityKey(p);
      if (keys.has(key)) add(p.code ? `${at}.code` : `${at}.emerging_title`, `${key} is ranked twice`);
      keys.add(key);
    }
    if (!Number.isInteger(p.rank) || p.rank < 1 || p.rank > MAX_PRIORITIES)
      add(`${at}.rank`, `a rank from 1 to ${MAX_PRIORITIES}`);
    else if (ranks.has(p.rank)) add(`${at}.rank`, `rank ${p.rank} is given twice`);
    else if (complete && p.rank > c.priorities.length)
      add(`${at}.rank`, `ranks run from 1 to ${c.priorities.length} without gaps`);
    ranks.add(p.rank);
    if (p.emergingTitle && !p.rationale) add(`${at}.rationale`, "say why this emerging issue matters");
    else if (complete && !p.rationale) add(`${at}.rationale`, "say why this is a priority");
  });

  const defs = new Map(t.indicators.map((d) => [d.code, d]));
  const seen = new Set<string>();
  let weighted = false;
  c.indicators.forEach((v, i) => {
    const at = `indicators[${i}]`;
    const def = defs.get(v.code);
    if (!def) {
      add(`${at}.code`, `unknown indicator ${v.code}; the template has ${[...defs.keys()].join(", ") || "none"}`);
      return;
    }
    if (seen.has(v.code)) add(`${at}.code`, `${v.code} is given twice`);
    seen.add(v.code);
    if (def.combine === "POPULATION_WEIGHTED_MEAN") weighted = true;
    if (v.unit !== def.unit) add(`${at}.unit`, `${v.code} is measured in ${def.unit}, not ${v.unit || "no unit"}`);
    const problem = valueProblem(v.value, def.unit);
    if (problem) add(`${at}.value`, problem);
    if (complete && !v.period) add(`${at}.period`, 'say which period the value covers, e.g. "2025/26"');
    if (complete && !v.source) add(`${at}.source`, "say where the figure comes from");
  });

  if (!Number.isInteger(c.population) || c.population < 0 || c.population > MAX_POPULATION)
    add("population", `a whole number of residents up to ${MAX_POPULATION.toLocaleString("en-GB")}`);
  else if (complete && weighted && c.population === 0)
    add("population", "give the area's population: it weights the area's rates and percentages");
  if (complete && !c.narrative) add("narrative", "summarise the assessment");
  return out;
}

function valueProblem(value: number, unit: Unit): string | undefined {
  if (!Number.isFinite(value)) return "a finite number";
  if (value < 0) return "not negative";
  if (unit === "COUNT" && !Number.isInteger(value)) return "a whole number";
  if (unit === "PERCENT" && value > 100) return "a percentage from 0 to 100";
  return undefined;
}

/** The state the versions give: DRAFT until something is submitted, then the latest's outcome. */
export const contributionState = (versions: readonly Version[]): ContributionState => reviewedState(versions);

/**
 * The version a compilation uses: the latest accepted one, or (COMPILE_FROM SUBMITTED) the latest
 * one not returned. None when the partnership has nothing usable: a gap.
 */
export function usedVersion(versions: readonly Version[], from: CompileFrom): Version | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i] as Version;
    if (v.outcome === "ACCEPTED" || (from === "SUBMITTED" && v.outcome === "SUBMITTED")) return v;
  }
  return undefined;
}

/** Overdue: nothing accepted or awaiting review, and the due time has passed. */
export function isOverdue(versions: readonly Version[], due: Date, now: Date): boolean {
  const state = contributionState(versions);
  return (state === "DRAFT" || state === "RETURNED") && now.getTime() > due.getTime();
}
