/**
 * A programme's money and outcomes, pure: committed, paid, underspent and repaid against the budget,
 * per recipient; and per plan objective, the awards and projects that serve it, the money awarded to
 * them (each award shared between its projects in proportion to what they asked, to the penny) and
 * their outcome measures with the actual from the accepted year-end return. Computed from the awards
 * a reader may see, so the panel's view holds only what is released to it.
 */
import type { Measure, Project } from "./application";
import { type AwardState, type PaymentTranche, paidPence } from "./award";
import type { CloseOut } from "./closeout";

/** A funded project as the award keeps it: what it serves and how its outcomes are measured. */
export interface AwardOutcome {
  project: string;
  objectives: string[];
  requestedPence: number;
  measures: (Measure & { actual?: number })[];
}

export const outcomesOf = (projects: readonly Project[]): AwardOutcome[] =>
  projects.map((p) => ({
    project: p.title,
    objectives: p.objectives,
    requestedPence: p.lines.reduce((sum, l) => sum + l.amountPence, 0),
    measures: p.measures.map((m) => ({ title: m.title, unit: m.unit, baseline: m.baseline, target: m.target })),
  }));

/** The measures' actuals from a return's answers (sections measure-<project>-<measure>, from 1). */
export const withActuals = (outcomes: readonly AwardOutcome[], answers: Readonly<Record<string, number>>) =>
  outcomes.map((o, i) => ({
    ...o,
    measures: o.measures.map((m, j) => {
      const actual = answers[`measure-${i + 1}-${j + 1}`];
      return actual === undefined ? m : { ...m, actual };
    }),
  }));

/**
 * `totalPence` shared in proportion to `weights`, in whole pence adding up exactly: each share rounded
 * down, the pence left over going to the largest remainders (the first on a tie).
 */
export function apportion(totalPence: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? totalPence : 0));
  const exact = weights.map((w) => (totalPence * w) / sum);
  const shares = exact.map(Math.floor);
  let left = totalPence - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

export interface SummaryAward {
  _id: string;
  owner: string;
  ownerName: string;
  state: AwardState;
  amountPence: number;
  tranches: PaymentTranche[];
  closeOut?: CloseOut;
  outcomes?: AwardOutcome[];
}

export interface RecipientLine {
  partner: string;
  partnerName: string;
  award: string;
  state: AwardState;
  awardedPence: number;
  paidPence: number;
  underspendPence: number;
  repaidPence: number;
  holdBack: boolean;
}

export interface ObjectiveLine {
  objective: string;
  awards: number;
  projects: number;
  awardedPence: number;
  measures: { partner: string; partnerName: string; project: string; measure: AwardOutcome["measures"][number] }[];
}

export interface ProgrammeSummary {
  budgetPence: number;
  committedPence: number;
  paidPence: number;
  underspendPence: number;
  repaidPence: number;
  recipients: RecipientLine[];
  objectives: ObjectiveLine[];
}

/** The programme's summary over `awards`; objectives listed in `objectives` order, then any others. */
export function programmeSummary(
  budgetPence: number,
  objectives: readonly string[],
  awards: readonly SummaryAward[],
): ProgrammeSummary {
  const recipients = [...awards]
    .sort((a, b) => a.ownerName.localeCompare(b.ownerName))
    .map(
      (a): RecipientLine => ({
        partner: a.owner,
        partnerName: a.ownerName,
        award: a._id,
        state: a.state,
        awardedPence: a.amountPence,
        paidPence: paidPence(a.tranches),
        underspendPence: a.closeOut?.underspendPence ?? 0,
        repaidPence: a.closeOut?.repaidPence ?? 0,
        holdBack: a.closeOut?.holdBack ?? false,
      }),
    );
  const lines = new Map<string, ObjectiveLine & { awardSet: Set<string> }>();
  const lineOf = (objective: string) => {
    let l = lines.get(objective);
    if (!l) {
      l = { objective, awards: 0, projects: 0, awardedPence: 0, measures: [], awardSet: new Set() };
      lines.set(objective, l);
    }
    return l;
  };
  for (const o of objectives) lineOf(o);
  for (const a of awards) {
    const outcomes = a.outcomes ?? [];
    const shares = apportion(
      a.amountPence,
      outcomes.map((o) => o.requestedPence),
    );
    outcomes.forEach((o, i) => {
      for (const objective of o.objectives) {
        const l = lineOf(objective);
        l.awardSet.add(a._id);
        l.projects++;
        l.awardedPence += shares[i] ?? 0;
        for (const m of o.measures)
          l.measures.push({ partner: a.owner, partnerName: a.ownerName, project: o.project, measure: m });
      }
    });
  }
  const sum = (f: (r: RecipientLine) => number) => recipients.reduce((s, r) => s + f(r), 0);
  return {
    budgetPence,
    committedPence: sum((r) => r.awardedPence),
    paidPence: sum((r) => r.paidPence),
    underspendPence: sum((r) => r.underspendPence),
    repaidPence: sum((r) => r.repaidPence),
    recipients,
    objectives: [...lines.values()].map(({ awardSet, ...l }) => ({ ...l, awards: awardSet.size })),
  };
}
