/**
 * The database filter and order for ListReportRequests, from the validated request. Pure, so what
 * each option selects is unit-tested; the caller's scope is added by the store (scopedFilter).
 */
import type { Filter } from "mongodb";
import type { z } from "zod";
import { AWAITING_PARTNER } from "../domain/lifecycle";
import type { RequestDoc } from "../store/documents";
import type { listRequestsSchema } from "./schemas";

type ListRequest = z.output<typeof listRequestsSchema>;

export interface ListQuery {
  filter: Filter<RequestDoc>;
  key: "sortKey" | "createdKey" | "titleKey";
  descending: boolean;
}

/**
 * Everything but the search words, which the search index answers (store/search-index.ts).
 * `who` is the addressee whose own slot state filters look at: the partnership itself, or the one
 * the OPCC names; undefined means any addressee.
 */
export function listQuery(req: ListRequest, who: string | undefined, now: Date): ListQuery {
  const and: Filter<RequestDoc>[] = [];
  if (req.addressee) and.push({ addressees: req.addressee });
  if (req.legalBasis) and.push({ legalBasis: req.legalBasis });
  if (req.classification) and.push({ classification: req.classification });
  if (req.dueBefore) and.push({ dueTime: { $lt: req.dueBefore } });
  if (req.dueAfter) and.push({ dueTime: { $gte: req.dueAfter } });
  const inState = (states: readonly string[]): Filter<RequestDoc> =>
    who
      ? { addresseeStates: states.length === 1 ? `${who}|${states[0]}` : { $in: states.map((s) => `${who}|${s}`) } }
      : ({ "assignments.state": states.length === 1 ? states[0] : { $in: [...states] } } as Filter<RequestDoc>);
  if (req.state) and.push(inState([req.state]));
  if (req.awaitingPartner || req.overdueOnly) and.push(inState(AWAITING_PARTNER));
  if (req.overdueOnly) and.push({ dueTime: { $lt: now } });
  const filter: Filter<RequestDoc> = and.length > 0 ? { $and: and } : {};
  if (req.orderBy === "create_time desc") return { filter, key: "createdKey", descending: true };
  if (req.orderBy === "title") return { filter, key: "titleKey", descending: false };
  if (req.orderBy === "due_time desc") return { filter, key: "sortKey", descending: true };
  return { filter, key: "sortKey", descending: false };
}
