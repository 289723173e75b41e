/**
 * The ledger sweep: each replica, on a timer, releases the budget held by decisions that committed
 * in a programme's ledger and stopped before making their award (see strandedCommitments). It reads
 * every ledger (one small document per programme: a handful a year) and each committed award by
 * `_id`; a release is a conditional write, so replicas sweeping at once release each commitment once.
 */
import type { Logger } from "@csp-mesh/kit";
import type { Collection } from "mongodb";
import { strandedCommitments } from "../domain/ledger";
import type { LedgerDoc } from "../store/documents";
import type { Stores } from "./stores";

/** A decision in flight takes milliseconds; ten minutes leaves no doubt it has stopped. */
export const STRANDED_AFTER_MS = 10 * 60_000;

export async function sweepLedgers(
  stores: Stores,
  ledgers: Collection<LedgerDoc>,
  log: Logger,
  now = new Date(),
): Promise<number> {
  let released = 0;
  for await (const ledger of ledgers.find({})) {
    const made = new Set<string>();
    for (const c of ledger.commitments) if (await stores.awards.getInternal(c.award)) made.add(c.award);
    const stranded = strandedCommitments(ledger.commitments, (a) => made.has(a), now, STRANDED_AFTER_MS);
    if (stranded.length === 0) continue;
    const gone = new Set(stranded.map((c) => c.award));
    await stores.ledgers.mutate(ledger, undefined, (doc) => {
      const keep = doc.commitments.filter((c) => !gone.has(c.award) || made.has(c.award));
      return keep.length === doc.commitments.length ? undefined : { set: { commitments: keep }, events: [] };
    });
    for (const c of stranded)
      log.warn(
        { programme: ledger.programme, award: c.award, amountPence: c.amountPence },
        "released the budget held by a decision that stopped before making its award",
      );
    released += stranded.length;
  }
  return released;
}
