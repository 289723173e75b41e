import { aggregateLists, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { GRANT_PLAN, GRANT_PROGRAMME } from "../contract";
import { COLLECTIONS, type PlanDoc, type ProgrammeDoc } from "./documents";

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
