/**
 * The contribution form's fields and values, with no request in sight: the stored content as the
 * form's values, the posted form as the content the service takes, the service's field paths as the
 * form's fields, and the form's fields themselves.
 */
import type { Ask } from "../../downstream";
import type { FormErrors } from "../frame/forms/errors";
import { type Field, type FormFields, posted, type Values } from "../frame/forms/fields";
import { type Content, type Cycle, TREND_ITEMS, templateOf, UNIT_TEXT } from "./views";

/** Rows offered for ranked priorities: the service accepts at most ten. */
const PRIORITY_ROWS = 10;
const EMERGING = "EMERGING";

/** Contribution content as the service takes it. */
export type DraftContent = NonNullable<Ask<"assessments", "SaveContributionDraft">["content"]>;
type DraftIndicator = NonNullable<DraftContent["indicators"]>[number];

/** The form's values from stored content: one row per rank, one group per template indicator. */
export function valuesOf(c: Content | null | undefined): Values {
  if (!c) return {};
  const v: Values = {
    population: c.population === "0" ? "" : c.population,
    threats: c.emergingThreats,
    views: c.communityViews,
    narrative: c.narrative,
  };
  for (const p of c.priorities) {
    v[`p${p.rank}-theme`] = p.code || EMERGING;
    v[`p${p.rank}-emerging`] = p.emergingTitle;
    v[`p${p.rank}-rationale`] = p.rationale;
  }
  for (const x of c.indicators) {
    v[`i-${x.code}-value`] = String(x.value);
    v[`i-${x.code}-period`] = x.period;
    v[`i-${x.code}-trend`] = x.trend;
    v[`i-${x.code}-source`] = x.source;
  }
  return v;
}

/**
 * The content as the service takes it, from the posted form: filled priority rows ranked in page
 * order (so ranks never have gaps), indicators with a value. `fieldOf` maps the service's field paths
 * back to the form's fields.
 */
export function contentOf(
  b: Values,
  cycle: Cycle,
  form: FormErrors,
): { content: DraftContent; fieldOf: (f: string) => string | undefined } {
  const rows = [...Array(PRIORITY_ROWS).keys()].map((i) => i + 1).filter((r) => posted(b, `p${r}-theme`) !== "");
  const priorities = rows.map((r, i) => {
    const theme = posted(b, `p${r}-theme`);
    return {
      rank: i + 1,
      code: theme === EMERGING ? "" : theme,
      emergingTitle: theme === EMERGING ? posted(b, `p${r}-emerging`) : "",
      rationale: posted(b, `p${r}-rationale`),
      evidence: "",
    };
  });
  const indicators = templateOf(cycle)
    .indicators.filter((def) => posted(b, `i-${def.code}-value`) !== "")
    .map((def) => {
      const raw = posted(b, `i-${def.code}-value`).replace(/,/g, "");
      const value = Number(raw);
      if (!Number.isFinite(value)) form.add(`i-${def.code}-value`, `Enter ${def.title.toLowerCase()} as a number`);
      return {
        code: def.code,
        value: Number.isFinite(value) ? value : 0,
        unit: def.unit,
        period: posted(b, `i-${def.code}-period`),
        trend: (posted(b, `i-${def.code}-trend`) || "TREND_UNSPECIFIED") as DraftIndicator["trend"],
        source: posted(b, `i-${def.code}-source`),
      };
    });
  const population = posted(b, "population").replace(/,/g, "");
  if (population && !/^\d+$/.test(population)) form.add("population", "Enter the population as a whole number");
  const content = {
    priorities,
    indicators,
    population: /^\d+$/.test(population) ? population : "0",
    emergingThreats: posted(b, "threats"),
    communityViews: posted(b, "views"),
    narrative: posted(b, "narrative"),
  };
  const fieldOf = formFieldOf(
    (i) => rows[i],
    (i) => indicators[i]?.code,
  );
  return { content, fieldOf };
}

/**
 * The form field a service field path names: content.priorities[i].rationale -> p<row>-rationale,
 * content.indicators[i].value -> i-<code>-value. Given which form row holds priority i and which
 * code indicator i has, as the posted form or the stored working copy says.
 */
export function formFieldOf(rowOf: (i: number) => number | undefined, codeOf: (i: number) => string | undefined) {
  return (f: string): string | undefined => {
    const p = /^content\.priorities\[(\d+)\]\.(\w+)$/.exec(f);
    if (p) {
      const row = rowOf(Number(p[1]));
      return `p${row}-${p[2] === "emerging_title" ? "emerging" : p[2] === "rationale" ? "rationale" : "theme"}`;
    }
    const x = /^content\.indicators\[(\d+)\]\.(\w+)$/.exec(f);
    if (x) return `i-${codeOf(Number(x[1]))}-${x[2] === "unit" ? "value" : x[2]}`;
    return (
      {
        "content.population": "population",
        "content.narrative": "narrative",
        "content.priorities": "p1-theme",
      } as Record<string, string>
    )[f];
  };
}

/** The form's fields in page order (so the error summary lists them in that order). */
export function fieldOrder(cycle: Cycle) {
  const order: Record<string, { anchor?: string; label: string }> = {};
  for (let r = 1; r <= PRIORITY_ROWS; r++) {
    order[`p${r}-theme`] = { label: `Priority ${r}` };
    order[`p${r}-emerging`] = { label: `Priority ${r}, emerging issue` };
    order[`p${r}-rationale`] = { label: `Priority ${r}, why` };
  }
  for (const def of templateOf(cycle).indicators)
    for (const part of ["value", "period", "source"])
      order[`i-${def.code}-${part}`] = { label: `${def.title}, ${part}` };
  order.population = { label: "Population" };
  order.narrative = { label: "Summary of the assessment" };
  return order;
}

/** The ranked priority rows: a theme from the cycle's template, or an emerging issue of their own. */
export function priorityFields(f: FormFields, cycle: Cycle): Field[] {
  const themeItems = [
    { value: "", text: "Not used" },
    ...templateOf(cycle).themes.map((t) => ({ value: t.code, text: t.title })),
    { value: EMERGING, text: "An emerging issue not listed" },
  ];
  return [...Array(PRIORITY_ROWS).keys()].map((i) =>
    f.fieldset(`Priority ${i + 1}`, [
      f.select(`p${i + 1}-theme`, "Theme", themeItems),
      f.input(`p${i + 1}-emerging`, "Emerging issue (if not listed)"),
      f.textarea(`p${i + 1}-rationale`, "Why it is a priority, and the evidence", { rows: 2 }),
    ]),
  );
}

/** One group of fields per indicator of the cycle's template. */
export function indicatorFields(f: FormFields, cycle: Cycle): Field[] {
  return templateOf(cycle).indicators.map((def) =>
    f.fieldset(`${def.title} (${UNIT_TEXT[def.unit] ?? def.unit})`, [
      f.input(`i-${def.code}-value`, "Value", { classes: "govuk-input--width-10", inputmode: "decimal" }),
      f.input(`i-${def.code}-period`, "Period", {
        classes: "govuk-input--width-10",
        hint: { text: "For example, 2025/26" },
      }),
      f.select(`i-${def.code}-trend`, "Trend", TREND_ITEMS),
      f.input(`i-${def.code}-source`, "Source"),
    ]),
  );
}
