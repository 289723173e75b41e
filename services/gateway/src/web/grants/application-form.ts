/**
 * The business case form's fields and values, with no request in sight: stored content as the form's
 * values, the posted form as the content the service takes (amounts typed as pounds, sent as whole
 * pence through the kit's parsePounds), the service's field paths as the form's fields, and the
 * fields themselves. A fixed number of rows for projects, cost lines and measures; empty rows are
 * left out.
 */
import { parsePounds } from "@csp-mesh/kit";
import type { Ask, Reply } from "../../downstream";
import type { FormErrors } from "../frame/forms/errors";
import { AMOUNT_PROBLEM, type Field, type FormFields, posted, type Values } from "../frame/forms/fields";
import { poundsTyped } from "./views";

export const PROJECTS = 3;
export const LINES = 5;
export const MEASURES = 3;

export type DraftContent = NonNullable<Ask<"grants", "SaveApplicationDraft">["content"]>;
type StoredContent = NonNullable<Reply<"grants", "GetApplication">["draft"]>;
type Programme = Reply<"grants", "GetProgramme">;
export interface Choice {
  value: string;
  text: string;
}

const rows = (n: number) => [...Array(n).keys()].map((i) => i + 1);
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);
const figureText = (n: number) => (Number.isFinite(n) ? String(n) : "");

/** The form's values from stored content. */
export function valuesOf(c: StoredContent | null | undefined): Values {
  if (!c) return {};
  const v: Values = {
    narrative: c.narrative,
    conflict: c.declarations?.conflictOfInterest ? "yes" : "no",
    "conflict-details": c.declarations?.conflictDetails ?? "",
    police: c.declarations?.policeStaffInvolved ? "yes" : "no",
    "police-details": c.declarations?.policeStaffDetails ?? "",
  };
  for (const a of c.answers) v[`q-${a.code}`] = a.answer;
  c.projects.slice(0, PROJECTS).forEach((p, i) => {
    const at = `p${i + 1}`;
    v[`${at}-title`] = p.title;
    v[`${at}-summary`] = p.summary;
    v[`${at}-county`] = p.countyWide ? "yes" : "";
    v[`${at}-objectives`] = p.objectives;
    v[`${at}-priorities`] = p.jsaPriorities;
    p.lines.slice(0, LINES).forEach((l, j) => {
      v[`${at}-l${j + 1}-desc`] = l.description;
      v[`${at}-l${j + 1}-amount`] = poundsTyped(l.amountPence);
    });
    p.measures.slice(0, MEASURES).forEach((m, k) => {
      v[`${at}-m${k + 1}-title`] = m.title;
      v[`${at}-m${k + 1}-unit`] = m.unit === "MEASURE_UNIT_UNSPECIFIED" ? "" : m.unit;
      v[`${at}-m${k + 1}-baseline`] = figureText(m.baseline);
      v[`${at}-m${k + 1}-target`] = figureText(m.target);
    });
  });
  return v;
}

/** Which form rows hold the content's projects, lines and measures (for mapping fields back). */
interface Layout {
  projects: number[];
  lines: number[][];
  measures: number[][];
}

/**
 * The content as the service takes it, from the posted form, with the page's own problems (amounts
 * and figures that cannot be read) added to `form`; `fieldOf` maps the service's field paths back.
 */
export function contentOf(
  b: Values,
  programme: Programme,
  form: FormErrors,
): { content: DraftContent; fieldOf: (f: string) => string | undefined } {
  const filled = (ids: string[]) => ids.some((id) => posted(b, id) !== "");
  const layout: Layout = { projects: [], lines: [], measures: [] };
  const projects = rows(PROJECTS).flatMap((n) => {
    const at = `p${n}`;
    const lineRows = rows(LINES).filter((j) => filled([`${at}-l${j}-desc`, `${at}-l${j}-amount`]));
    const measureRows = rows(MEASURES).filter((k) =>
      filled([`${at}-m${k}-title`, `${at}-m${k}-baseline`, `${at}-m${k}-target`]),
    );
    if (!filled([`${at}-title`, `${at}-summary`]) && lineRows.length === 0 && measureRows.length === 0) return [];
    layout.projects.push(n);
    layout.lines.push(lineRows);
    layout.measures.push(measureRows);
    const figure = (id: string) => {
      const typed = posted(b, id).replace(/,/g, "");
      if (typed === "") return 0;
      const x = Number(typed);
      if (!/^\d+(\.\d+)?$/.test(typed)) form.add(id, "Enter a number, like 40 or 12.5");
      return Number.isFinite(x) ? x : 0;
    };
    return [
      {
        title: posted(b, `${at}-title`),
        summary: posted(b, `${at}-summary`),
        countyWide: posted(b, `${at}-county`) === "yes",
        lines: lineRows.map((j) => {
          const typed = posted(b, `${at}-l${j}-amount`);
          const pence = parsePounds(typed);
          if (pence === undefined) form.add(`${at}-l${j}-amount`, AMOUNT_PROBLEM);
          return { description: posted(b, `${at}-l${j}-desc`), amountPence: String(pence ?? 0) };
        }),
        measures: measureRows.map((k) => ({
          title: posted(b, `${at}-m${k}-title`),
          unit: (posted(b, `${at}-m${k}-unit`) || "MEASURE_UNIT_UNSPECIFIED") as "MEASURE_UNIT_COUNT",
          baseline: figure(`${at}-m${k}-baseline`),
          target: figure(`${at}-m${k}-target`),
        })),
        objectives: list(b[`${at}-objectives`]),
        jsaPriorities: list(b[`${at}-priorities`]),
      },
    ];
  });
  const content: DraftContent = {
    projects,
    answers: programme.questions.map((q) => ({ code: q.code, answer: posted(b, `q-${q.code}`) })),
    declarations: {
      conflictOfInterest: posted(b, "conflict") === "yes",
      conflictDetails: posted(b, "conflict-details"),
      policeStaffInvolved: posted(b, "police") === "yes",
      policeStaffDetails: posted(b, "police-details"),
    },
    narrative: posted(b, "narrative"),
  };
  return { content, fieldOf: formFieldOf(layout, programme) };
}

/** The layout stored content has: its projects, lines and measures in the first rows. */
export function storedLayout(c: StoredContent): Layout {
  return {
    projects: c.projects.map((_, i) => i + 1),
    lines: c.projects.map((p) => p.lines.map((_, j) => j + 1)),
    measures: c.projects.map((p) => p.measures.map((_, k) => k + 1)),
  };
}

/** The form field a service field path names, given the layout of the content it checked. */
export function formFieldOf(layout: Layout, programme: Pick<Programme, "questions">) {
  return (f: string): string | undefined => {
    const p = /^content\.projects\[(\d+)\](?:\.(\w+)(?:\[(\d+)\](?:\.(\w+))?)?)?$/.exec(f);
    if (p) {
      const i = Number(p[1]);
      const at = `p${layout.projects[i] ?? 1}`;
      const [part, j, sub] = [p[2], p[3] === undefined ? undefined : Number(p[3]), p[4]];
      if (part === "lines" && j !== undefined)
        return `${at}-l${layout.lines[i]?.[j] ?? 1}-${sub === "description" ? "desc" : "amount"}`;
      if (part === "lines") return `${at}-l1-amount`;
      if (part === "measures" && j !== undefined)
        return `${at}-m${layout.measures[i]?.[j] ?? 1}-${sub === "unit" ? "unit" : (sub ?? "title")}`;
      if (part === "measures") return `${at}-m1-title`;
      if (part === "objectives") return `${at}-objectives`;
      if (part === "jsa_priorities") return `${at}-priorities`;
      if (part === "county_wide") return `${at}-county`;
      if (part === "summary") return `${at}-summary`;
      return `${at}-title`;
    }
    const q = /^content\.answers(?:\[(\d+)\])?/.exec(f);
    if (q) return `q-${programme.questions[Number(q[1] ?? 0)]?.code ?? ""}`;
    return (
      {
        "content.projects": "p1-title",
        "content.narrative": "narrative",
        "content.declarations.conflict_details": "conflict-details",
        "content.declarations.police_staff_details": "police-details",
        programme: "p1-title",
      } as Record<string, string>
    )[f];
  };
}

/** The form's fields in page order, labelled, so the error summary reads in that order. */
export function fieldOrder(programme: Pick<Programme, "questions">) {
  const order: Record<string, { anchor?: string; label: string }> = {};
  for (const n of rows(PROJECTS)) {
    const at = `p${n}`;
    order[`${at}-title`] = { label: `Project ${n}, title` };
    order[`${at}-summary`] = { label: `Project ${n}, what it will do` };
    order[`${at}-county`] = { anchor: `${at}-county`, label: `Project ${n}, county-wide` };
    for (const j of rows(LINES)) {
      order[`${at}-l${j}-desc`] = { label: `Project ${n}, cost ${j}` };
      order[`${at}-l${j}-amount`] = { label: `Project ${n}, cost ${j} amount` };
    }
    for (const k of rows(MEASURES))
      for (const part of ["title", "unit", "baseline", "target"])
        order[`${at}-m${k}-${part}`] = { label: `Project ${n}, measure ${k} ${part}` };
    order[`${at}-objectives`] = { anchor: `${at}-objectives`, label: `Project ${n}, plan objectives` };
    order[`${at}-priorities`] = { anchor: `${at}-priorities`, label: `Project ${n}, assessment priorities` };
  }
  for (const q of programme.questions) order[`q-${q.code}`] = { label: q.text };
  order["conflict-details"] = { label: "Conflict of interest" };
  order["police-details"] = { label: "Police officers or staff involved" };
  order.narrative = { label: "Summary of the business case" };
  return order;
}

const UNITS = [
  { value: "", text: "Choose" },
  { value: "MEASURE_UNIT_COUNT", text: "A number of things" },
  { value: "MEASURE_UNIT_PERCENT", text: "A percentage" },
];

/** One group per project row: what it is, its costs, its measures and what it serves. */
export function projectFields(
  f: FormFields,
  programme: Programme,
  objectives: Choice[],
  priorities: Choice[],
): Field[] {
  const open = programme.kind === "PROGRAMME_KIND_OPEN_ROUND";
  return rows(PROJECTS).map((n) => {
    const at = `p${n}`;
    return f.fieldset(`Project ${n}${n > 1 ? " (optional)" : ""}`, [
      f.input(`${at}-title`, "Title"),
      f.textarea(`${at}-summary`, "What the project will do", { rows: 3 }),
      ...(open && programme.countyWideMaxPence !== "0"
        ? [f.checkboxes(`${at}-county`, "Reach", [{ value: "yes", text: "The project serves the whole county" }])]
        : []),
      ...rows(LINES).flatMap((j) => [
        f.input(
          `${at}-l${j}-desc`,
          `Cost ${j}: what it is for`,
          j === 1 ? { hint: { text: "For example, a part-time coordinator" } } : {},
        ),
        f.money(`${at}-l${j}-amount`, `Cost ${j}: amount`),
      ]),
      ...rows(MEASURES).flatMap((k) => [
        f.input(
          `${at}-m${k}-title`,
          `Outcome measure ${k}`,
          k === 1 ? { hint: { text: "For example, repeat victims of domestic abuse" } } : {},
        ),
        f.select(`${at}-m${k}-unit`, `Measure ${k}: unit`, UNITS),
        f.input(`${at}-m${k}-baseline`, `Measure ${k}: where it starts`, {
          inputmode: "decimal",
          classes: "govuk-input--width-5",
        }),
        f.input(`${at}-m${k}-target`, `Measure ${k}: the target`, {
          inputmode: "decimal",
          classes: "govuk-input--width-5",
        }),
      ]),
      f.checkboxes(`${at}-objectives`, "Police and Crime Plan objectives it serves", objectives),
      ...(priorities.length > 0
        ? [f.checkboxes(`${at}-priorities`, "Joint strategic assessment priorities it answers (optional)", priorities)]
        : []),
    ]);
  });
}

/** The programme's questions, the declarations and the summary. */
export function otherFields(f: FormFields, programme: Programme): Field[] {
  const yesNo = [
    { value: "no", text: "No" },
    { value: "yes", text: "Yes" },
  ];
  return [
    ...programme.questions.map((q) => f.textarea(`q-${q.code}`, q.text, { rows: 2 })),
    f.fieldset("Declarations", [
      f.radios("conflict", "Does anyone involved have a conflict of interest in this application?", yesNo),
      f.textarea("conflict-details", "If so, describe it (optional otherwise)", { rows: 2 }),
      f.radios("police", "Are serving police officers or staff involved in the projects?", yesNo),
      f.textarea("police-details", "If so, say how (optional otherwise)", { rows: 2 }),
    ]),
    f.textarea("narrative", "Summary of the business case", { rows: 5 }),
  ];
}
