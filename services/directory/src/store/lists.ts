import { aggregateLists, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { PARTNER, PARTNER_SYSTEM, PERSON } from "../contract";
import { COLLECTIONS, type PartnerDoc, type PersonDoc, type SystemDoc } from "./documents";

/**
 * The directory's lists, by name (docs/architecture.md, "Lists and counts"): partners by kind
 * and by member, with status and kind as facts; people and partner systems by their partner.
 */
export function directoryLists(db: Db, log: Logger, sweepMs: number) {
  const byName = { key: (d: { _id: string }) => d._id, log, sweepMs };
  return {
    partners: aggregateLists<PartnerDoc>(db, {
      collection: COLLECTIONS.partners,
      kind: PARTNER,
      listing: (p) => ({ views: { kind: p.kind, member: p.members }, facts: { st: p.status, kind: p.kind } }),
      fields: { kind: 1, members: 1, status: 1 },
      ...byName,
    }),
    people: aggregateLists<PersonDoc>(db, {
      collection: COLLECTIONS.people,
      kind: PERSON,
      listing: (p) => ({ views: { partner: p.partner } }),
      fields: { partner: 1 },
      ...byName,
    }),
    systems: aggregateLists<SystemDoc>(db, {
      collection: COLLECTIONS.systems,
      kind: PARTNER_SYSTEM,
      listing: (p) => ({ views: { partner: p.partner } }),
      fields: { partner: 1 },
      ...byName,
    }),
  };
}
