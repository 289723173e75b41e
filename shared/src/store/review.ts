/**
 * The OPCC's review of a partnership's latest submitted version, for an aggregate that keeps its
 * versions in its own document (the kit's reviewed versions): read in the caller's scope, the
 * review right checked, the version returned with reasons or accepted, and its event written with it.
 */
import { commandKey } from "../api/request-schemas";
import type { Caller } from "../auth/caller";
import type { DomainEvent } from "../events/domain-event";
import { enforce, type ResourceFacts } from "../policy/policy";
import { type ReviewedVersion, withReviewed } from "../reviewed-versions";
import type { AggregateDoc, AggregateStore } from "./aggregate-store";

export async function reviewLatestVersion<
  C,
  D extends AggregateDoc & ResourceFacts & { versions: ReviewedVersion<C>[] },
>(
  store: AggregateStore<D>,
  caller: Caller,
  req: { name: string; version: number; requestId: string },
  outcome: "RETURNED" | "ACCEPTED",
  reasons: string,
  eventOf: (doc: D, reviewed: ReviewedVersion<C>) => DomainEvent,
): Promise<D> {
  const current = await store.get(caller, req.name);
  enforce(caller, "review", store.kind, current, req.name);
  return store.mutate(current, commandKey(req.requestId, { ...req, outcome }), (doc) => {
    const { version, versions } = withReviewed(doc.versions, req.version, outcome, reasons, caller);
    return { set: { versions } as Partial<D>, events: [eventOf(doc, version)] };
  });
}
