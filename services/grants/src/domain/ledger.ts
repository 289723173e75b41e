/**
 * A programme's ledger, pure: what it has committed, award by award, never more than its budget.
 * The ledger is one small document per programme changed by conditional writes, so however many
 * decisions race, each sees the commitments before it and no more is committed than the budget.
 */
import { formatPounds } from "@csp-mesh/kit";

export interface Commitment {
  award: string;
  recipient: string;
  amountPence: number;
  /** The variation the amount comes from, once the award has been varied. */
  variation?: number;
  /** When it was committed (ISO 8601); absent on commitments made before the sweep existed. */
  time?: string;
}

/**
 * Commitments whose decision never made its award: the decision commits in the ledger first and
 * then makes the award, so a process stopped between the two leaves the budget held for nothing
 * until the same decision is asked again. Those older than `graceMs` (a decision in flight takes
 * milliseconds) and with no award are stranded; the sweep releases them.
 */
export function strandedCommitments(
  commitments: readonly Commitment[],
  awardExists: (award: string) => boolean,
  now: Date,
  graceMs: number,
): Commitment[] {
  return commitments.filter(
    (c) => !awardExists(c.award) && (c.time === undefined || now.getTime() - Date.parse(c.time) > graceMs),
  );
}

export const committedPence = (commitments: readonly Commitment[]) =>
  commitments.reduce((sum, c) => sum + c.amountPence, 0);

export type Committed = { ok: true; commitments: Commitment[]; changed: boolean } | { ok: false; message: string };

/**
 * The commitments with `c` added: unchanged when the award is committed already (a retry), refused
 * when it would take the total above the budget.
 */
export function commit(budgetPence: number, commitments: readonly Commitment[], c: Commitment): Committed {
  const existing = commitments.find((x) => x.award === c.award);
  if (existing) {
    if (existing.amountPence === c.amountPence) return { ok: true, commitments: [...commitments], changed: false };
    return { ok: false, message: `${c.award} is already committed at ${formatPounds(existing.amountPence)}` };
  }
  const remaining = budgetPence - committedPence(commitments);
  if (c.amountPence > remaining)
    return {
      ok: false,
      message: `only ${formatPounds(remaining)} of the budget of ${formatPounds(budgetPence)} is left`,
    };
  return { ok: true, commitments: [...commitments, c], changed: true };
}

/**
 * The commitments with the award's amount made `amountPence` by variation `variation`: unchanged when
 * already so (a retry), refused when an increase would take the total above the budget.
 */
export function vary(
  budgetPence: number,
  commitments: readonly Commitment[],
  award: string,
  amountPence: number,
  variation: number,
): Committed {
  const existing = commitments.find((x) => x.award === award);
  if (!existing) return { ok: false, message: `${award} has no commitment to vary` };
  if (existing.amountPence === amountPence && existing.variation === variation)
    return { ok: true, commitments: [...commitments], changed: false };
  const remaining = budgetPence - committedPence(commitments) + existing.amountPence;
  if (amountPence > remaining)
    return {
      ok: false,
      message: `only ${formatPounds(remaining)} of the budget of ${formatPounds(budgetPence)} is left for this award`,
    };
  return {
    ok: true,
    commitments: commitments.map((c) => (c.award === award ? { ...c, amountPence, variation } : c)),
    changed: true,
  };
}
