/**
 * An assessment cycle's template, pure: the priority taxonomy (versioned themes with codes) and the
 * indicators with their unit and how they combine across areas. A cycle opened without one gets the
 * mesh's default, drawn from the themes Kent & Medway's partnerships name year after year.
 */
import type { FieldViolation } from "@csp-mesh/kit";

export const UNITS = ["COUNT", "RATE_PER_1000", "PERCENT", "GBP"] as const;
export type Unit = (typeof UNITS)[number];
export const COMBINE_RULES = ["SUM", "POPULATION_WEIGHTED_MEAN", "NOT_COMBINABLE"] as const;
export type CombineRule = (typeof COMBINE_RULES)[number];
export const COMPILE_FROM = ["ACCEPTED", "SUBMITTED"] as const;
export type CompileFrom = (typeof COMPILE_FROM)[number];

export interface Theme {
  code: string;
  title: string;
}

export interface IndicatorDef {
  code: string;
  title: string;
  unit: Unit;
  combine: CombineRule;
}

export interface Template {
  taxonomyVersion: string;
  themes: Theme[];
  indicators: IndicatorDef[];
}

/** Theme and indicator codes: what an agenda link's priority segment accepts, upper case. */
export const CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;
export const MAX_THEMES = 50;
export const MAX_INDICATORS = 50;

export const DEFAULT_TEMPLATE: Template = {
  taxonomyVersion: "2026.1",
  themes: [
    { code: "VAWG", title: "Violence against women and girls" },
    { code: "SERIOUS-VIOLENCE", title: "Serious violence" },
    { code: "ASB", title: "Anti-social behaviour" },
    { code: "DRUGS-COUNTY-LINES", title: "Drugs and county lines" },
    { code: "DOMESTIC-ABUSE", title: "Domestic abuse" },
    { code: "ROAD-SAFETY", title: "Road safety" },
    { code: "FRAUD", title: "Fraud" },
    { code: "HATE-CRIME", title: "Hate crime" },
  ],
  indicators: [
    { code: "TOTAL-CRIME", title: "Total recorded crime", unit: "COUNT", combine: "SUM" },
    { code: "ASB-INCIDENTS", title: "Anti-social behaviour incidents", unit: "COUNT", combine: "SUM" },
    {
      code: "DA-RATE",
      title: "Domestic abuse incidents per 1,000 residents",
      unit: "RATE_PER_1000",
      combine: "POPULATION_WEIGHTED_MEAN",
    },
    {
      code: "FEEL-SAFE",
      title: "Residents who feel safe after dark (%)",
      unit: "PERCENT",
      combine: "POPULATION_WEIGHTED_MEAN",
    },
    { code: "LOCAL-MEASURE", title: "A locally defined measure", unit: "COUNT", combine: "NOT_COMBINABLE" },
  ],
};

/** "2026/27": a financial year, the second part the year after the first. */

/** Everything wrong with a template, each naming its field under `prefix`. */
export function templateProblems(t: Template, prefix = "cycle.template"): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `${prefix}.${field}`, description });
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/.test(t.taxonomyVersion))
    add("taxonomy_version", 'a version such as "2026.1" (letters, digits, ".", "_", "-")');
  if (t.themes.length === 0) add("themes", "name at least one theme");
  if (t.themes.length > MAX_THEMES) add("themes", `at most ${MAX_THEMES} themes`);
  if (t.indicators.length > MAX_INDICATORS) add("indicators", `at most ${MAX_INDICATORS} indicators`);
  const codes = new Set<string>();
  const checkCode = (field: string, code: string) => {
    if (!CODE.test(code)) add(field, "2-32 upper-case letters, digits, '_' and '-', starting with a letter");
    else if (codes.has(code)) add(field, `${code} is used twice`);
    codes.add(code);
  };
  t.themes.forEach((th, i) => {
    checkCode(`themes[${i}].code`, th.code);
    if (th.title.length === 0) add(`themes[${i}].title`, "a title is required");
  });
  t.indicators.forEach((ind, i) => {
    checkCode(`indicators[${i}].code`, ind.code);
    if (ind.title.length === 0) add(`indicators[${i}].title`, "a title is required");
    if (ind.combine === "SUM" && (ind.unit === "RATE_PER_1000" || ind.unit === "PERCENT"))
      add(`indicators[${i}].combine`, `${ind.unit} values cannot be added up across areas: use a weighted mean`);
  });
  return out;
}
