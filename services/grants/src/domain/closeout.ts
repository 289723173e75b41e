/**
 * Closing an award after its year-end return, pure: what was spent (the return's answer, in pounds,
 * as whole pence), the underspend against what was paid (to be repaid, as the agreement's
 * conditions require), the repayment recorded, and the hold-back flag for a recipient that
 * underspent in the year before as well.
 */
import { formatPounds } from "@csp-mesh/kit";

export type RepaymentState = "NONE" | "REQUESTED" | "REPAID";

export interface CloseOut {
  spentPence: number;
  underspendPence: number;
  repayment: RepaymentState;
  repaidPence?: number;
  repaidDate?: string;
  reference?: string;
  /** Underspent in the financial year before as well: consider holding back next year's grant. */
  holdBack: boolean;
  closedBy: string;
  time: Date;
}

/** A return's answer in pounds as whole pence; undefined when it is not a sum of money (negative, fractions of a penny). */
export function poundsAnswerToPence(pounds: number | undefined): number | undefined {
  if (pounds === undefined || !Number.isFinite(pounds) || pounds < 0) return undefined;
  const pence = Math.round(pounds * 100);
  // A double holding a two-place decimal is within a hair of whole pence; anything else is not money.
  return Math.abs(pence - pounds * 100) < 1e-6 && Number.isSafeInteger(pence) ? pence : undefined;
}

/** "2027/28" -> "2026/27". */
export function previousYear(year: string): string {
  const first = Number(year.slice(0, 4)) - 1;
  return `${first}/${String((first + 1) % 100).padStart(2, "0")}`;
}

/** The close-out from what was paid and spent; underspends of earlier years by financial year. */
export function closeOut(
  o: { paidPence: number; spentPence: number; year: string; underspends: Record<string, number> },
  closedBy: string,
  at: Date,
): CloseOut {
  const underspendPence = Math.max(0, o.paidPence - o.spentPence);
  return {
    spentPence: o.spentPence,
    underspendPence,
    repayment: underspendPence > 0 ? "REQUESTED" : "NONE",
    holdBack: underspendPence > 0 && (o.underspends[previousYear(o.year)] ?? 0) > 0,
    closedBy,
    time: at,
  };
}

/**
 * Why a repayment of `amountPence` may not be recorded, if it may not: the award's state, or an
 * amount that is not the underspend (a problem with the request's field).
 */
export function repaymentRefusal(
  c: CloseOut | undefined,
  amountPence: number,
): { field?: "amount_pence"; message: string } | undefined {
  if (!c || c.repayment === "NONE") return { message: "there is no repayment to record: the award has no underspend" };
  if (c.repayment === "REPAID") return { message: "the repayment has already been recorded" };
  if (amountPence !== c.underspendPence)
    return {
      field: "amount_pence",
      message: `the repayment must be the underspend, ${formatPounds(c.underspendPence)}`,
    };
  return undefined;
}
