/** What the assessments area's pages share: the service's messages as the pages read them, and labels. */
import type { Reply } from "../../downstream";

export const CYCLE_ID = /^a-[0-9]{4}-[0-9]{2}-[a-f0-9]{8}$/;
export const PARTNER_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export type Cycle = Reply<"assessments", "GetCycle">;
export type Theme = NonNullable<Cycle["template"]>["themes"][number];
export type IndicatorDef = NonNullable<Cycle["template"]>["indicators"][number];
export type Contribution = Reply<"assessments", "GetContribution">;
export type Version = Contribution["versions"][number];
export type Content = NonNullable<Version["content"]>;
export type Priority = Content["priorities"][number];
export type IndicatorValue = Content["indicators"][number];
/** A cycle's template and a version's content: the service always sends them. */
export const templateOf = (c: Cycle): NonNullable<Cycle["template"]> =>
  c.template ?? ({ taxonomyVersion: "", themes: [], indicators: [] } as unknown as NonNullable<Cycle["template"]>);
export const versionContent = (v: Version): Content =>
  v.content ??
  ({ priorities: [], indicators: [], population: "", communityViews: "", narrative: "" } as unknown as Content);
export type Compilation = Reply<"assessments", "GetCompilation">;
export type Provenance = Compilation["priorities"][number]["provenance"][number];
export type Edition = Reply<"assessments", "GetEdition">;

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

/** A service timestamp as a Date, and a state's GOV.UK tag: this area's own, so it needs nothing of meetings/. */
