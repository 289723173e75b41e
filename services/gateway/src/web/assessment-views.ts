/** What the assessments area's pages share: the service's messages as the pages read them, and labels. */
import type { Tok } from "./meeting-views";

export const CYCLE_ID = /^a-[0-9]{4}-[0-9]{2}-[a-f0-9]{8}$/;
export const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export interface Theme {
  code: string;
  title: string;
}
export interface IndicatorDef {
  code: string;
  title: string;
  unit: string;
  combine: string;
}
export interface Cycle {
  name: string;
  year: string;
  title: string;
  dueTime: Tok;
  partners: string[];
  template: { taxonomyVersion: string; themes: Theme[]; indicators: IndicatorDef[] };
  compileFrom: string;
  classification: string;
  partnerDisplayNames: Record<string, string>;
}
export interface Priority {
  rank: number;
  code: string;
  emergingTitle: string;
  rationale: string;
  evidence: string;
  key: string;
}
export interface IndicatorValue {
  code: string;
  value: number;
  unit: string;
  period: string;
  trend: string;
  source: string;
}
export interface Content {
  priorities: Priority[];
  indicators: IndicatorValue[];
  population: string;
  emergingThreats: string;
  communityViews: string;
  narrative: string;
}
export interface Version {
  version: number;
  sha256: string;
  authorDisplayName: string;
  submitTime: Tok;
  content: Content;
  outcome: string;
  returnReasons: string;
}
export interface Contribution {
  name: string;
  partner: string;
  state: string;
  draft: Content | null;
  unsubmittedChanges: boolean;
  versions: Version[];
  responses: { priorityKey: string; priorityTitle: string; response: string; planObjective: string }[];
  etag: string;
}
export interface Provenance {
  partner: string;
  version: number;
  sha256: string;
  rank: number;
  value: number;
}
export interface Compilation {
  sha256: string;
  compileFrom: string;
  inputs: { partner: string; version: number; sha256: string; state: string }[];
  gaps: string[];
  priorities: {
    position: number;
    key: string;
    title: string;
    emerging: boolean;
    score: number;
    partnerCount: number;
    bestRank: number;
    provenance: Provenance[];
  }[];
  indicators: {
    code: string;
    title: string;
    unit: string;
    combine: string;
    combined: boolean;
    value: number;
    areas: number;
    provenance: Provenance[];
  }[];
  compileTime: Tok | null;
}
export interface Edition {
  name: string;
  number: number;
  year: string;
  title: string;
  note: string;
  sha256: string;
  publishTime: Tok;
  classification: string;
  compilation: Compilation;
}

export const CONTRIBUTION_STATE: Record<string, [string, string]> = {
  CONTRIBUTION_STATE_NOT_STARTED: ["Not started", "govuk-tag--grey"],
  CONTRIBUTION_STATE_DRAFT: ["Draft", "govuk-tag--yellow"],
  CONTRIBUTION_STATE_SUBMITTED: ["Submitted", "govuk-tag--purple"],
  CONTRIBUTION_STATE_RETURNED: ["Returned", "govuk-tag--orange"],
  CONTRIBUTION_STATE_ACCEPTED: ["Accepted", "govuk-tag--green"],
};
export const contributionTag = (state: string): [string, string] =>
  CONTRIBUTION_STATE[state] ?? [state, "govuk-tag--grey"];

export const UNIT_TEXT: Record<string, string> = {
  UNIT_COUNT: "count",
  UNIT_RATE_PER_1000: "per 1,000 residents",
  UNIT_PERCENT: "%",
  UNIT_GBP: "£",
};
export const COMBINE_TEXT: Record<string, string> = {
  COMBINE_RULE_SUM: "Added up",
  COMBINE_RULE_POPULATION_WEIGHTED_MEAN: "Mean weighted by population",
  COMBINE_RULE_NOT_COMBINABLE: "Not combined",
};
export const TREND_ITEMS = [
  { value: "TREND_UNSPECIFIED", text: "Not stated" },
  { value: "TREND_RISING", text: "Rising" },
  { value: "TREND_STABLE", text: "Stable" },
  { value: "TREND_FALLING", text: "Falling" },
];

/** assessments/<id> -> <id>; assessments/<id>/editions/<n> -> <n>. */
export const lastSegment = (name: string) => name.split("/").at(-1) ?? "";
export const cycleIdOf = (name: string) => name.split("/")[1] ?? "";
/** The priority as people read it: the theme's title, or the emerging issue's own. */
export const priorityText = (p: Priority, themes: Theme[]) =>
  p.code ? (themes.find((t) => t.code === p.code)?.title ?? p.code) : `${p.emergingTitle} (emerging issue)`;
