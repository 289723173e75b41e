/**
 * Assessing a business case, pure: the programme's rubric, each scorer's declaration of interest
 * and scores, and when a decision may be made and what it may award (whole pence).
 */
import { type FieldViolation, formatPounds } from "@csp-mesh/kit";

export interface Criterion {
  code: string;
  title: string;
  weight: number;
}

/** Used when a programme gives none: the questions a commissioning panel asks of a business case. */
export const DEFAULT_RUBRIC: Criterion[] = [
  { code: "STRATEGIC-FIT", title: "Serves the plan's objectives and the partnership's assessed priorities", weight: 3 },
  { code: "NEED", title: "Evidence of need", weight: 2 },
  { code: "OUTCOMES", title: "Measurable outcomes", weight: 2 },
  { code: "VALUE", title: "Value for money", weight: 2 },
  { code: "DELIVERY", title: "Can be delivered in the year", weight: 1 },
];
export const DEFAULT_MIN_SCORERS = 2;
export const MAX_SCORE = 5;

const CODE = /^[A-Z][A-Z0-9-]{1,31}$/;

/** Everything wrong with a rubric and its minimum number of scorers. */
export function rubricProblems(rubric: Criterion[], minScorers: number, prefix = "programme"): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `${prefix}.${field}`, description });
  if (rubric.length === 0 || rubric.length > 12) add("rubric", "one to twelve criteria");
  const seen = new Set<string>();
  rubric.forEach((c, i) => {
    if (!CODE.test(c.code)) add(`rubric[${i}].code`, "capitals, digits and hyphens (2 to 32)");
    else if (seen.has(c.code)) add(`rubric[${i}].code`, `${c.code} is given twice`);
    seen.add(c.code);
    if (c.title.trim() === "") add(`rubric[${i}].title`, "say what the criterion asks");
    if (!Number.isInteger(c.weight) || c.weight < 1 || c.weight > 10)
      add(`rubric[${i}].weight`, "a weight from 1 to 10");
  });
  if (!Number.isInteger(minScorers) || minScorers < 1 || minScorers > 10) add("min_scorers", "from 1 to 10 scorers");
  return out;
}

export interface Interest {
  scorer: string;
  scorerName: string;
  conflict: boolean;
  details: string;
  time: Date;
}

export interface CriterionScore {
  code: string;
  score: number;
}

export interface Scoring {
  scorer: string;
  scorerName: string;
  version: number;
  scores: CriterionScore[];
  /** The weighted sum, and the most the rubric allows, when scored (the rubric never changes). */
  weightedTotal: number;
  maxTotal: number;
  comment: string;
  time: Date;
}

export const maxTotal = (rubric: Criterion[]) => MAX_SCORE * rubric.reduce((sum, c) => sum + c.weight, 0);

export function weightedTotal(scores: CriterionScore[], rubric: Criterion[]): number {
  const weight = new Map(rubric.map((c) => [c.code, c.weight]));
  return scores.reduce((sum, s) => sum + s.score * (weight.get(s.code) ?? 0), 0);
}

/** The mean weighted total of the scorings of `version`, rounded down (0 with none). */
export function meanTotal(scorings: Scoring[], version: number): number {
  const of = scorings.filter((s) => s.version === version);
  return of.length === 0 ? 0 : Math.floor(of.reduce((sum, s) => sum + s.weightedTotal, 0) / of.length);
}

/** Every criterion of the rubric once, each a whole number from 0 to 5. */
export function scoreProblems(scores: CriterionScore[], rubric: Criterion[]): FieldViolation[] {
  const out: FieldViolation[] = [];
  const codes = new Set(rubric.map((c) => c.code));
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    if (!codes.has(s.code))
      out.push({ field: `scores[${i}].code`, description: `the rubric has no criterion ${s.code}` });
    else if (seen.has(s.code)) out.push({ field: `scores[${i}].code`, description: `${s.code} is scored twice` });
    seen.add(s.code);
    if (!Number.isInteger(s.score) || s.score < 0 || s.score > MAX_SCORE)
      out.push({ field: `scores[${i}].score`, description: `a whole number from 0 to ${MAX_SCORE}` });
  });
  const missing = rubric.filter((c) => !seen.has(c.code)).map((c) => c.code);
  if (missing.length > 0)
    out.push({ field: "scores", description: `score every criterion: ${missing.join(", ")} missing` });
  return out;
}

export type Refusal = { code: "FAILED_PRECONDITION" | "PERMISSION_DENIED"; message: string };

const conflictOf = (interests: Interest[], who: string) => interests.find((i) => i.scorer === who);

/** Why `scorer` may not score now, if they may not: declare first, never when conflicted, only the accepted version. */
export function scoreRefusal(
  a: { accepted: boolean; latestVersion: number; decided: boolean; interests: Interest[] },
  scorer: string,
  version: number,
): Refusal | undefined {
  const declared = conflictOf(a.interests, scorer);
  if (declared?.conflict)
    return { code: "PERMISSION_DENIED", message: "you declared a conflict of interest in this application" };
  if (!declared) return { code: "FAILED_PRECONDITION", message: "declare any conflict of interest before scoring" };
  if (a.decided) return { code: "FAILED_PRECONDITION", message: "the application has been decided" };
  if (!a.accepted) return { code: "FAILED_PRECONDITION", message: "only an accepted business case is scored" };
  if (version !== a.latestVersion)
    return {
      code: "FAILED_PRECONDITION",
      message: `version ${version} is not the accepted one; version ${a.latestVersion} is`,
    };
  return undefined;
}

/** The scorings the decision rests on: of the accepted version, by scorers with no conflict. */
export const countingScorings = (scorings: Scoring[], interests: Interest[], version: number) =>
  scorings.filter((s) => s.version === version && conflictOf(interests, s.scorer)?.conflict === false);

/** Why `decider` may not decide now, if they may not. */
export function decideRefusal(
  a: { accepted: boolean; latestVersion: number; decided: boolean; interests: Interest[]; scorings: Scoring[] },
  decider: string,
  minScorers: number,
): Refusal | undefined {
  if (conflictOf(a.interests, decider)?.conflict)
    return { code: "PERMISSION_DENIED", message: "you declared a conflict of interest in this application" };
  if (a.decided) return { code: "FAILED_PRECONDITION", message: "the application has already been decided" };
  if (!a.accepted) return { code: "FAILED_PRECONDITION", message: "only an accepted business case is decided" };
  const counted = countingScorings(a.scorings, a.interests, a.latestVersion).length;
  if (counted < minScorers)
    return {
      code: "FAILED_PRECONDITION",
      message: `${minScorers} scorers must score it first; ${counted} ${counted === 1 ? "has" : "have"}`,
    };
  return undefined;
}

export type DecisionKind = "AWARD" | "DECLINE";

/** What is wrong with the decision itself: an award of more than 0, up to what is asked and allocated; reasons. */
export function decisionProblems(
  d: { decision: DecisionKind | undefined; amountPence: number; reasons: string },
  limits: { requestedPence: number; allocationPence?: number },
): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (!d.decision) out.push({ field: "decision", description: "AWARD or DECLINE" });
  if (d.reasons.trim().length < 10)
    out.push({ field: "reasons", description: "give the reasons for the decision (at least 10 characters)" });
  if (d.decision === "AWARD") {
    if (d.amountPence <= 0) out.push({ field: "amount_pence", description: "award more than £0.00" });
    else if (d.amountPence > limits.requestedPence)
      out.push({
        field: "amount_pence",
        description: `no more than the business case asks for, ${formatPounds(limits.requestedPence)}`,
      });
    else if (limits.allocationPence !== undefined && d.amountPence > limits.allocationPence)
      out.push({
        field: "amount_pence",
        description: `no more than the partnership's allocation, ${formatPounds(limits.allocationPence)}`,
      });
  } else if (d.decision === "DECLINE" && d.amountPence !== 0)
    out.push({ field: "amount_pence", description: "a declined application is awarded nothing" });
  return out;
}
