/**
 * A business case for a programme, pure: its content checked against the programme's terms, what
 * it asks for (whole pence), and when another version may be submitted. Its versions and review
 * follow the kit's reviewed versions, as a contribution to an assessment does.
 */
import {
  type Check,
  type FieldViolation,
  formatDateTime,
  formatPounds,
  mayChangeReviewed,
  type ReviewedState,
  type ReviewedVersion,
  reviewedState,
} from "@csp-mesh/kit";
import type { ProgrammeTerms } from "./programme";

export const MEASURE_UNITS = ["COUNT", "PERCENT"] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

export interface CostLine {
  description: string;
  amountPence: number;
}

export interface Measure {
  title: string;
  unit: MeasureUnit | "";
  baseline: number;
  target: number;
}

export interface Project {
  title: string;
  summary: string;
  countyWide: boolean;
  lines: CostLine[];
  measures: Measure[];
  objectives: string[];
  jsaPriorities: string[];
}

export interface Declarations {
  conflictOfInterest: boolean;
  conflictDetails: string;
  policeStaffInvolved: boolean;
  policeStaffDetails: string;
}

export interface Content {
  projects: Project[];
  answers: { code: string; answer: string }[];
  declarations: Declarations;
  narrative: string;
}

export const EMPTY_CONTENT: Content = {
  projects: [],
  answers: [],
  declarations: { conflictOfInterest: false, conflictDetails: "", policeStaffInvolved: false, policeStaffDetails: "" },
  narrative: "",
};

export const MAX_PROJECTS = 10;
export const MAX_LINES = 20;
export const MAX_MEASURES = 10;
/** Versions are kept in the application's document: bounded, so it stays small. */
export const MAX_VERSIONS = 10;

export type ApplicationState = ReviewedState | "AWARDED" | "DECLINED";
export type Version = ReviewedVersion<Content>;
export const NOUN = "the application";

export const projectPence = (p: Pick<Project, "lines">) => p.lines.reduce((sum, l) => sum + l.amountPence, 0);
export const requestedPence = (c: Pick<Content, "projects">) => c.projects.reduce((sum, p) => sum + projectPence(p), 0);

/** The programme's terms an application is checked against. */
export type Terms = Pick<
  ProgrammeTerms,
  "kind" | "objectives" | "projectMaxPence" | "countyWideMaxPence" | "questions" | "allocations"
>;

/**
 * Everything wrong with the content for the programme, each naming its field. A draft is checked
 * for what it says (known objectives and questions, sane figures, limits); `complete` adds what a
 * submission must have. JSA priorities are checked against their cycles elsewhere (a call away).
 */
export function contentProblems(
  c: Content,
  t: Terms,
  applicant: string,
  complete: boolean,
  prefix = "content",
): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `${prefix}.${field}`, description });

  if (c.projects.length > MAX_PROJECTS) add("projects", `at most ${MAX_PROJECTS} projects`);
  if (complete && c.projects.length === 0) add("projects", "describe at least one project");
  c.projects.forEach((p, i) => {
    const at = `projects[${i}]`;
    if (p.title.trim() === "") add(`${at}.title`, "give the project's title");
    if (complete && p.summary.trim() === "") add(`${at}.summary`, "say what the project will do");
    if (p.lines.length > MAX_LINES) add(`${at}.lines`, `at most ${MAX_LINES} cost lines`);
    if (complete && p.lines.length === 0) add(`${at}.lines`, "cost the project: at least one line");
    p.lines.forEach((l, j) => {
      if (l.description.trim() === "") add(`${at}.lines[${j}].description`, "say what the money is for");
      if (l.amountPence <= 0) add(`${at}.lines[${j}].amount_pence`, "more than 0");
    });
    if (p.measures.length > MAX_MEASURES) add(`${at}.measures`, `at most ${MAX_MEASURES} measures`);
    if (complete && p.measures.length === 0) add(`${at}.measures`, "give at least one outcome measure");
    p.measures.forEach((m, j) => {
      const mf = `${at}.measures[${j}]`;
      if (m.title.trim() === "") add(`${mf}.title`, "say what is measured");
      if (m.unit === "") add(`${mf}.unit`, "COUNT or PERCENT");
      for (const part of ["baseline", "target"] as const) {
        const problem = figureProblem(m[part], m.unit);
        if (problem) add(`${mf}.${part}`, problem);
      }
    });
    if (complete && p.objectives.length === 0) add(`${at}.objectives`, "name a plan objective the project serves");
    p.objectives.forEach((o, j) => {
      if (!t.objectives.includes(o))
        add(
          `${at}.objectives[${j}]`,
          `${o} is not an objective of this programme; it serves ${t.objectives.join(", ")}`,
        );
    });
    if (new Set(p.objectives).size !== p.objectives.length) add(`${at}.objectives`, "an objective is named twice");
    if (new Set(p.jsaPriorities).size !== p.jsaPriorities.length)
      add(`${at}.jsa_priorities`, "a priority is named twice");
    if (t.kind === "OPEN_ROUND") {
      if (p.countyWide && t.countyWideMaxPence === 0)
        add(`${at}.county_wide`, "this programme funds no county-wide projects");
      const limit = p.countyWide ? t.countyWideMaxPence : t.projectMaxPence;
      const asked = projectPence(p);
      if (limit > 0 && asked > limit)
        add(
          `${at}.lines`,
          `the project asks for ${formatPounds(asked)}, more than the ${formatPounds(limit)} a ${p.countyWide ? "county-wide" : "local"} project may`,
        );
    } else if (p.countyWide) add(`${at}.county_wide`, "only an open round funds county-wide projects");
  });
  if (t.kind === "ALLOCATION") {
    const allocation = t.allocations.find((a) => a.partner === applicant)?.amountPence ?? 0;
    const asked = requestedPence(c);
    if (asked > allocation)
      add(
        "projects",
        `the projects ask for ${formatPounds(asked)}, more than the allocation of ${formatPounds(allocation)}`,
      );
  }

  const codes = new Set(t.questions.map((q) => q.code));
  const answered = new Set<string>();
  c.answers.forEach((a, i) => {
    if (!codes.has(a.code)) add(`answers[${i}].code`, `the programme asks no question ${a.code}`);
    else if (answered.has(a.code)) add(`answers[${i}].code`, `${a.code} is answered twice`);
    else if (complete && a.answer.trim() === "") add(`answers[${i}].answer`, "answer the question");
    answered.add(a.code);
  });
  if (complete)
    t.questions.forEach((q) => {
      if (!answered.has(q.code)) add("answers", `answer "${q.text}" (${q.code})`);
    });

  const d = c.declarations;
  if (d.conflictOfInterest && d.conflictDetails.trim() === "")
    add("declarations.conflict_details", "describe the conflict of interest");
  if (d.policeStaffInvolved && d.policeStaffDetails.trim() === "")
    add("declarations.police_staff_details", "say how serving police officers or staff are involved");
  if (complete && c.narrative.trim() === "") add("narrative", "summarise the business case");
  return out;
}

function figureProblem(value: number, unit: MeasureUnit | ""): string | undefined {
  if (!Number.isFinite(value)) return "a finite number";
  if (value < 0) return "not negative";
  if (unit === "COUNT" && !Number.isInteger(value)) return "a whole number";
  if (unit === "PERCENT" && value > 100) return "a percentage from 0 to 100";
  return undefined;
}

/** The state: once decided, AWARDED or DECLINED; before, what the versions give (DRAFT, then the latest's outcome). */
export const applicationState = (
  versions: readonly Version[],
  decision?: { decision: "AWARD" | "DECLINE" },
): ApplicationState => (decision ? (decision.decision === "AWARD" ? "AWARDED" : "DECLINED") : reviewedState(versions));

/** Whether another version may be submitted: not once accepted, and never more than MAX_VERSIONS. */
export function maySubmit(versions: readonly Version[]): Check {
  const allowed = mayChangeReviewed(versions, NOUN);
  if (!allowed.ok) return allowed;
  if (versions.length >= MAX_VERSIONS)
    return { ok: false, message: `at most ${MAX_VERSIONS} versions; ask the OPCC to review the latest` };
  return { ok: true };
}

/**
 * Why a submission is outside the programme's window, if it is: a first submission only while the
 * window is open; a resubmission after a return until the programme closes (checked by its state).
 */
export function windowProblem(versions: readonly Version[], window: { open: Date; close: Date }, now: Date) {
  if (versions.length > 0) return undefined;
  if (now.getTime() < window.open.getTime()) return `applications open on ${formatDateTime(window.open)}`;
  if (now.getTime() >= window.close.getTime())
    return `applications closed on ${formatDateTime(window.close)}; only a returned application may be resubmitted`;
  return undefined;
}
