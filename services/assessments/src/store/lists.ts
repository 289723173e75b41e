import { aggregateLists, type Logger, type ResourceKind } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { ASSESSMENT_CONTRIBUTION, ASSESSMENT_CYCLE, ASSESSMENT_EDITION } from "../contract";
import { contributionState } from "../domain/contribution";
import { COLLECTIONS, type ContributionDoc, type CycleDoc, type EditionDoc } from "./documents";

/** A kind listed whole (in each reader's scope), newest first by its sort key. */
const wholeLists =
  <D extends CycleDoc | EditionDoc>(collection: string, kind: ResourceKind) =>
  (db: Db, log: Logger, sweepMs: number) =>
    aggregateLists<D>(db, { collection, kind, listing: () => ({ views: {} }), log, sweepMs });

/**
 * Cycles and their editions are the growing lists here (a cycle a year and its editions, kept for
 * ever): every cycle's editions is the panel's and the partnerships' list of what was published.
 * One cycle's contributions and editions are few, found by the cycle's name.
 */
export const cycleLists = wholeLists<CycleDoc>(COLLECTIONS.cycles, ASSESSMENT_CYCLE);
export const editionLists = wholeLists<EditionDoc>(COLLECTIONS.editions, ASSESSMENT_EDITION);

/**
 * Every cycle's contributions by state, newest cycle first, with the cycle as a fact: the OPCC's
 * "awaiting review" across cycles is one view (`state:SUBMITTED`), not a read of every cycle's.
 */
export function contributionLists(db: Db, log: Logger, sweepMs: number) {
  return aggregateLists<ContributionDoc>(db, {
    collection: COLLECTIONS.contributions,
    kind: ASSESSMENT_CONTRIBUTION,
    listing: (d) => ({ views: { state: contributionState(d.versions) }, facts: { cy: d.cycle } }),
    fields: { versions: 1, cycle: 1 },
    log,
    sweepMs,
  });
}
