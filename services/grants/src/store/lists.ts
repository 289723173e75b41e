import { aggregateLists, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { GRANT_APPLICATION, GRANT_AWARD, GRANT_PLAN, GRANT_PROGRAMME } from "../contract";
import { applicationState } from "../domain/application";
import { type ApplicationDoc, type AwardDoc, COLLECTIONS, type PlanDoc, type ProgrammeDoc } from "./documents";

/** Plans, newest first: a handful over the years, each read whole. */
export function planLists(db: Db, log: Logger, sweepMs: number) {
  return aggregateLists<PlanDoc>(db, {
    collection: COLLECTIONS.plans,
    kind: GRANT_PLAN,
    listing: () => ({ views: {} }),
    log,
    sweepMs,
  });
}

/** Programmes, newest year first, and by state (the OPCC's drafts; what is open now). */
export function programmeLists(db: Db, log: Logger, sweepMs: number) {
  return aggregateLists<ProgrammeDoc>(db, {
    collection: COLLECTIONS.programmes,
    kind: GRANT_PROGRAMME,
    listing: (d) => ({ views: { state: d.state } }),
    fields: { state: 1 },
    log,
    sweepMs,
  });
}

/**
 * Applications by programme, by state across programmes (the OPCC's "awaiting review") and by both:
 * an open round may gather hundreds, so no list reads the collection.
 */
export function applicationLists(db: Db, log: Logger, sweepMs: number) {
  return aggregateLists<ApplicationDoc>(db, {
    collection: COLLECTIONS.applications,
    kind: GRANT_APPLICATION,
    listing: (d) => {
      const state = applicationState(d.versions, d.decision);
      return { views: { state, prog: d.programme, ps: `${d.programme}~${state}` } };
    },
    fields: { versions: 1, programme: 1, decision: 1 },
    log,
    sweepMs,
  });
}

/**
 * Awards, newest first, and by programme: the OPCC's and the panel's whole list, a recipient's own.
 * Those whose agreement is accepted are published (the public register), all years and by year.
 */
export function awardLists(db: Db, log: Logger, sweepMs: number) {
  return aggregateLists<AwardDoc>(db, {
    collection: COLLECTIONS.awards,
    kind: GRANT_AWARD,
    listing: (d) => ({
      views: { prog: d.programme, ...(d.acceptTime ? { pub: "all", pubyear: d.year } : {}) },
    }),
    fields: { programme: 1, acceptTime: 1, year: 1 },
    log,
    sweepMs,
  });
}
