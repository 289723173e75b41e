/**
 * Monitoring returns, pure: a return is a report request to the recipient (so the reports
 * service's due dates, reminders, overdue escalation, webhooks, review and return all apply), with
 * sections made from the award: spend to date in pounds, each outcome measure's actual, and a
 * narrative. Accepting the mid-year return releases the tranches paid on it; the year-end's, those
 * paid on the year-end return.
 */
import { formatPounds } from "@csp-mesh/kit";
import type { Measure, Project } from "./application";
import { type PaymentTranche, trancheState } from "./award";
import type { TrancheTrigger } from "./programme";

export const RETURN_KINDS = ["MID_YEAR", "YEAR_END"] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];
export type ReturnState = "ISSUED" | "ACCEPTED";

export interface MonitoringReturn {
  kind: ReturnKind;
  /** reportRequests/<id> */
  reportRequest: string;
  state: ReturnState;
  dueTime: Date;
  issuedBy: string;
  acceptTime?: Date;
}

const TITLES: Record<ReturnKind, string> = {
  MID_YEAR: "Mid-year monitoring return",
  YEAR_END: "Year-end monitoring return",
};
const TRIGGERS: Record<ReturnKind, TrancheTrigger> = { MID_YEAR: "ON_MID_YEAR_RETURN", YEAR_END: "ON_YEAR_END_RETURN" };

/** The report request's section, in the reports service's shape (proto-loader names). */
export interface ReturnSection {
  id: string;
  title: string;
  help: string;
  type: "SECTION_TYPE_TEXT" | "SECTION_TYPE_NUMBER";
  required: boolean;
  min?: number;
  max?: number;
}

const UNIT_TEXT: Record<string, string> = { COUNT: "", PERCENT: "%", RATE_PER_1000: " per 1,000" };
const measureText = (m: Measure) =>
  `${m.title} (baseline ${m.baseline}${UNIT_TEXT[m.unit] ?? ""}, target ${m.target}${UNIT_TEXT[m.unit] ?? ""})`;

/** The return's sections: spend to date (no more than paid is possible, so bounded by the award), each measure, the narrative. */
export function returnSections(kind: ReturnKind, amountPence: number, projects: Project[]): ReturnSection[] {
  const measures = projects.flatMap((p, i) =>
    p.measures.map((m, j) => ({
      id: `measure-${i + 1}-${j + 1}`,
      title: `${p.title}: ${measureText(m)}, the actual so far`,
      help: "The figure now, in the measure's own unit.",
      type: "SECTION_TYPE_NUMBER" as const,
      required: true,
    })),
  );
  return [
    {
      id: "spend",
      title: kind === "YEAR_END" ? "Spent in the year, in pounds" : "Spent so far, in pounds",
      help: `Of the grant of ${formatPounds(amountPence)}, in pounds and pence (e.g. 12345.67).`,
      type: "SECTION_TYPE_NUMBER",
      required: true,
      min: 0,
      max: amountPence / 100,
    },
    ...measures,
    {
      id: "progress",
      title: kind === "YEAR_END" ? "What the grant delivered" : "Progress so far",
      help: "What has been delivered against each project, what has not and why.",
      type: "SECTION_TYPE_TEXT",
      required: true,
    },
  ];
}

/** The report request's title and issue of concern. */
export function returnRequestText(kind: ReturnKind, programmeTitle: string, partnershipName: string) {
  return {
    title: `${TITLES[kind]}: ${programmeTitle}`,
    issueOfConcern: `${partnershipName}'s ${TITLES[kind].toLowerCase()} on its grant from the ${programmeTitle}, as the grant agreement's monitoring condition requires.`,
  };
}

/** Why the return may not be issued now, if it may not. */
export function issueRefusal(
  state: string,
  returns: readonly MonitoringReturn[],
  kind: ReturnKind,
): string | undefined {
  if (state !== "ACTIVE") return "monitoring returns are issued once the agreement has been accepted";
  if (returns.some((r) => r.kind === kind)) return `the ${TITLES[kind].toLowerCase()} has already been issued`;
  return undefined;
}

/**
 * The award once its return is accepted: the return marked accepted and the tranches paid on it
 * due (and their numbers); undefined when there is nothing to change (a redelivered event, or a return not issued).
 */
export function onReturnAccepted(
  a: { returns?: readonly MonitoringReturn[]; tranches: readonly PaymentTranche[] },
  reportRequest: string,
  at: Date,
): { returns: MonitoringReturn[]; tranches: PaymentTranche[]; kind: ReturnKind; due: number[] } | undefined {
  const r = a.returns?.find((x) => x.reportRequest === reportRequest);
  if (!r || r.state === "ACCEPTED") return undefined;
  const releases = (t: PaymentTranche) => t.trigger === TRIGGERS[r.kind] && trancheState(t) === "SCHEDULED";
  return {
    kind: r.kind,
    returns: (a.returns ?? []).map((x) => (x === r ? { ...x, state: "ACCEPTED", acceptTime: at } : x)),
    tranches: a.tranches.map((t) => (releases(t) ? { ...t, state: "DUE" } : t)),
    due: a.tranches.filter(releases).map((t) => t.number),
  };
}
