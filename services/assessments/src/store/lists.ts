import { aggregateLists, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { COLLECTIONS, type CycleDoc } from "./documents";

/**
 * Cycles are the one growing list here (a cycle a year, kept for ever), newest first by their
 * sort key; a cycle's contributions and editions are few, found by the cycle's name.
 */
export function cycleLists(db: Db, log: Logger, sweepMs: number) {
  return aggregateLists<CycleDoc>(db, {
    collection: COLLECTIONS.cycles,
    kind: "assessment-cycle",
    listing: () => ({ views: {} }),
    log,
    sweepMs,
  });
}
