/**
 * A published edition, pure: a frozen, hashed snapshot of a compilation with the contribution
 * versions it used, and its three exports. All three are rendered from the same object, so they
 * cannot disagree: JSON (canonical), CSV (one row per priority and per indicator) and a printable
 * HTML page whose chart of priority scores has the same figures beside it as a table.
 */
import path from "node:path";
import type { Classification } from "@csp-mesh/kit";
import { canonicalJson, contentSha256 } from "@csp-mesh/kit";
import { stringify } from "csv-stringify/sync";
import nunjucks from "nunjucks";
import type { Compilation, IndicatorFigure, PriorityScore } from "./compile";
import type { Content } from "./contribution";

export interface EditionInput {
  partner: string;
  version: number;
  sha256: string;
  content: Content;
}

/** What the edition's hash covers. */
export interface EditionBody {
  cycle: string;
  number: number;
  year: string;
  title: string;
  note: string;
  classification: Classification;
  compilation: Compilation;
  inputs: EditionInput[];
  partnerNames: Record<string, string>;
}

export interface Edition extends EditionBody {
  name: string;
  sha256: string;
  publishedBy: string;
  publishedByName: string;
  publishTime: Date;
}

export const editionSha256 = (body: EditionBody) => contentSha256(body);

export const FORMATS = ["JSON", "CSV", "HTML"] as const;
export type Format = (typeof FORMATS)[number];

export interface Export {
  filename: string;
  contentType: string;
  data: Buffer;
}

const fileStem = (e: Edition) => `assessment-${e.year.replace("/", "-")}-edition-${e.number}`;

export function exportEdition(e: Edition, format: Format): Export {
  switch (format) {
    case "JSON":
      return {
        filename: `${fileStem(e)}.json`,
        contentType: "application/json",
        data: Buffer.from(canonicalJson({ ...e, publishTime: e.publishTime.toISOString() })),
      };
    case "CSV":
      return { filename: `${fileStem(e)}.csv`, contentType: "text/csv; charset=utf-8", data: Buffer.from(toCsv(e)) };
    case "HTML":
      return { filename: `${fileStem(e)}.html`, contentType: "text/html; charset=utf-8", data: Buffer.from(toHtml(e)) };
  }
}

const CSV_COLUMNS = [
  "record_type",
  "position",
  "key",
  "title",
  "emerging",
  "unit",
  "combine",
  "value",
  "count",
  "best_rank",
  "partners",
  "provenance",
];

const hashRef = (p: { partner: string; version: number; sha256: string }) =>
  `${p.partner} v${p.version} sha256:${p.sha256}`;

function toCsv(e: Edition): string {
  const priorities = e.compilation.priorities.map((p: PriorityScore) => [
    "priority",
    p.position,
    p.key,
    p.title,
    p.emerging,
    "",
    "",
    p.score,
    p.partnerCount,
    p.bestRank,
    p.partners.join(";"),
    p.provenance.map((x) => `${hashRef(x)} rank ${x.rank}`).join("; "),
  ]);
  const indicators = e.compilation.indicators.map((f: IndicatorFigure, i) => [
    "indicator",
    i + 1,
    f.code,
    f.title,
    false,
    f.unit,
    f.combine,
    f.combined ? f.value : "",
    f.areas,
    "",
    f.provenance.map((x) => x.partner).join(";"),
    f.provenance.map((x) => `${hashRef(x)} value ${x.value}`).join("; "),
  ]);
  return stringify([...priorities, ...indicators], { header: true, columns: CSV_COLUMNS, cast: { boolean: String } });
}

const views = new nunjucks.Environment(
  new nunjucks.FileSystemLoader(path.resolve(__dirname, "..", "..", "templates")),
  { autoescape: true, throwOnUndefined: false },
);

/** Bar geometry for the chart: the longest bar is the top score. */
export function chartBars(priorities: readonly PriorityScore[], width = 360) {
  const top = Math.max(1, ...priorities.map((p) => p.score));
  return priorities.map((p, i) => ({
    ...p,
    y: 8 + i * 32,
    width: Math.max(2, Math.round((p.score / top) * width)),
  }));
}

const UNIT_TEXT: Record<string, string> = {
  COUNT: "Count",
  RATE_PER_1000: "Per 1,000 residents",
  PERCENT: "Percentage",
  GBP: "Pounds",
};
const COMBINE_TEXT: Record<string, string> = {
  SUM: "Added up",
  POPULATION_WEIGHTED_MEAN: "Mean weighted by population",
  NOT_COMBINABLE: "Not combined",
};
const LONDON = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/London" });

function toHtml(e: Edition): string {
  const name = (partner: string) => e.partnerNames[partner] ?? partner;
  const bars = chartBars(e.compilation.priorities);
  return views.render("edition.njk", {
    e,
    bars,
    chartHeight: 16 + bars.length * 32,
    name,
    unitText: (u: string) => UNIT_TEXT[u] ?? u,
    combineText: (c: string) => COMBINE_TEXT[c] ?? c,
    publishTime: `${LONDON.format(e.publishTime)} (UK time)`,
  });
}
