/**
 * The force-wide compilation, pure and deterministic: the same inputs give the same result, byte for
 * byte, whatever order they arrive in (inputs are sorted by partner first; strings compare by code
 * unit, never by locale; combined figures are rounded to 4 decimal places).
 *
 * Priority scores (a Borda count): a partnership's rank r earns 11 - r points (rank 1 earns 10,
 * rank 10 earns 1); a priority's score is the sum over the partnerships naming it. Order: higher
 * score; then named by more partnerships; then the better best rank; then the key in code-unit order.
 * Emerging issues are matched across partnerships by their normalised title.
 *
 * Indicators combine by their declared rule: SUM adds the areas' values; POPULATION_WEIGHTED_MEAN is
 * sum(value x population) / sum(population) over the areas that gave a value; NOT_COMBINABLE gives
 * no force-wide figure. Every figure lists the contribution versions (by hash) that fed it.
 */
import { contentSha256 } from "@csp-mesh/kit";
import { type Content, MAX_PRIORITIES, priorityKey, priorityTitle, type Trend } from "./contribution";
import type { CombineRule, CompileFrom, Template, Unit } from "./template";

export interface CompileInput {
  partner: string;
  version: number;
  sha256: string;
  state: "SUBMITTED" | "ACCEPTED";
  content: Content;
}

export interface PriorityProvenance {
  partner: string;
  version: number;
  sha256: string;
  rank: number;
}

export interface IndicatorProvenance {
  partner: string;
  version: number;
  sha256: string;
  value: number;
  period: string;
  trend: Trend;
  source: string;
  population: number;
}

export interface PriorityScore {
  position: number;
  key: string;
  title: string;
  emerging: boolean;
  score: number;
  partnerCount: number;
  partners: string[];
  bestRank: number;
  provenance: PriorityProvenance[];
}

export interface IndicatorFigure {
  code: string;
  title: string;
  unit: Unit;
  combine: CombineRule;
  combined: boolean;
  value: number;
  areas: number;
  provenance: IndicatorProvenance[];
}

export interface CompilationBody {
  cycle: string;
  compileFrom: CompileFrom;
  taxonomyVersion: string;
  inputs: { partner: string; version: number; sha256: string; state: "SUBMITTED" | "ACCEPTED" }[];
  gaps: string[];
  priorities: PriorityScore[];
  indicators: IndicatorFigure[];
}

export interface Compilation extends CompilationBody {
  /** SHA-256 of the body's canonical JSON. */
  sha256: string;
}

export const pointsFor = (rank: number) => MAX_PRIORITIES + 1 - rank;

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round4 = (x: number) => {
  const r = Math.round(x * 10_000) / 10_000;
  return Object.is(r, -0) ? 0 : r;
};

export function compile(
  cycle: string,
  template: Template,
  compileFrom: CompileFrom,
  addressees: readonly string[],
  inputs: readonly CompileInput[],
): Compilation {
  const sorted = [...inputs].sort((a, b) => byCodeUnit(a.partner, b.partner));
  const contributed = new Set(sorted.map((i) => i.partner));
  const body: CompilationBody = {
    cycle,
    compileFrom,
    taxonomyVersion: template.taxonomyVersion,
    inputs: sorted.map(({ partner, version, sha256, state }) => ({ partner, version, sha256, state })),
    gaps: [...new Set(addressees)].filter((p) => !contributed.has(p)).sort(byCodeUnit),
    priorities: scorePriorities(template, sorted),
    indicators: combineIndicators(template, sorted),
  };
  return { ...body, sha256: contentSha256(body) };
}

function scorePriorities(template: Template, inputs: readonly CompileInput[]): PriorityScore[] {
  const byKey = new Map<string, Omit<PriorityScore, "position">>();
  for (const input of inputs) {
    const ranked = [...input.content.priorities].sort((a, b) => a.rank - b.rank);
    for (const p of ranked) {
      const key = priorityKey(p);
      const entry = byKey.get(key) ?? {
        key,
        title: priorityTitle(p, template),
        emerging: !p.code,
        score: 0,
        partnerCount: 0,
        partners: [],
        bestRank: p.rank,
        provenance: [],
      };
      entry.score += pointsFor(p.rank);
      entry.partnerCount += 1;
      entry.partners.push(input.partner);
      entry.bestRank = Math.min(entry.bestRank, p.rank);
      entry.provenance.push({ partner: input.partner, version: input.version, sha256: input.sha256, rank: p.rank });
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()]
    .sort(
      (a, b) =>
        b.score - a.score || b.partnerCount - a.partnerCount || a.bestRank - b.bestRank || byCodeUnit(a.key, b.key),
    )
    .map((p, i) => ({ position: i + 1, ...p }));
}

function combineIndicators(template: Template, inputs: readonly CompileInput[]): IndicatorFigure[] {
  return template.indicators.map((def) => {
    const provenance: IndicatorProvenance[] = [];
    for (const input of inputs) {
      const v = input.content.indicators.find((x) => x.code === def.code);
      if (!v) continue;
      provenance.push({
        partner: input.partner,
        version: input.version,
        sha256: input.sha256,
        value: v.value,
        period: v.period,
        trend: v.trend,
        source: v.source,
        population: input.content.population,
      });
    }
    const figure = { code: def.code, title: def.title, unit: def.unit, combine: def.combine };
    const combinedValue = combineValues(def.combine, provenance);
    return {
      ...figure,
      combined: combinedValue !== undefined,
      value: combinedValue ?? 0,
      areas: provenance.length,
      provenance,
    };
  });
}

function combineValues(rule: CombineRule, values: readonly IndicatorProvenance[]): number | undefined {
  if (values.length === 0 || rule === "NOT_COMBINABLE") return undefined;
  if (rule === "SUM") return round4(values.reduce((s, v) => s + v.value, 0));
  const population = values.reduce((s, v) => s + v.population, 0);
  if (population === 0) return undefined;
  return round4(values.reduce((s, v) => s + v.value * v.population, 0) / population);
}
