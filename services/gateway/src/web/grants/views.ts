/** How the grants service's values read to people (pure: unit-tested through the pages). */
import { formatPounds } from "@csp-mesh/kit";

export const PROGRAMME_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const PLAN_ID = PROGRAMME_ID;

export const KIND_TEXT: Record<string, string> = {
  PROGRAMME_KIND_ALLOCATION: "Allocation to named partnerships",
  PROGRAMME_KIND_OPEN_ROUND: "Open round",
};

export const PROGRAMME_STATE: Record<string, [string, string]> = {
  PROGRAMME_STATE_DRAFT: ["Draft", "govuk-tag--grey"],
  PROGRAMME_STATE_OPEN: ["Open", "govuk-tag--green"],
  PROGRAMME_STATE_CLOSED: ["Closed", "govuk-tag--blue"],
};

const TRIGGER_TEXT: Record<string, string> = {
  TRANCHE_TRIGGER_ON_AGREEMENT: "when the grant agreement is accepted",
  TRANCHE_TRIGGER_ON_MID_YEAR_RETURN: "when the mid-year monitoring return is accepted",
  TRANCHE_TRIGGER_ON_YEAR_END_RETURN: "when the year-end monitoring return is accepted",
};

/** int64 pence as the services send them (decimal strings) to pounds: "3600000" -> "£36,000.00". */
export const pounds = (pence: string | number) => formatPounds(Number(pence));
/** Pounds as typed into a box that shows the £ already: "3600000" -> "36,000.00". */
export const poundsTyped = (pence: string | number) => pounds(pence).replace(/^£/, "");

/** "2/3 when the grant agreement is accepted". */
export const trancheText = (t: { numerator: number; denominator: number; trigger: string }) =>
  `${t.numerator === t.denominator ? "All" : `${t.numerator}/${t.denominator}`} ${TRIGGER_TEXT[t.trigger] ?? t.trigger}`;

/** plans/<id>/objectives/<CODE> -> [plan name, code]. */
export function objectiveParts(name: string): [string, string] {
  const m = /^(plans\/[^/]+)\/objectives\/(.+)$/.exec(name);
  return m ? [m[1] as string, m[2] as string] : ["", name];
}
