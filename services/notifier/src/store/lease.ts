/**
 * Claiming one due item of work with a lease: one conditional update, so of several replicas exactly
 * one gets it; if that replica dies, the lease runs out and another takes it over.
 */
import type { Collection, Document, Filter, UpdateFilter, WithId } from "mongodb";

export async function claimOne<T extends Document>(
  col: Collection<T>,
  due: Filter<T>,
  now: Date,
  leaseMs: number,
): Promise<WithId<T> | null> {
  return col.findOneAndUpdate(
    // The due filter's equalities stay at the top level, where FerretDB answers them in the
    // database; wrapped in $and they would be checked after reading every document.
    { ...due, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lt: now } }] } as Filter<T>,
    { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } } as unknown as UpdateFilter<T>,
    { returnDocument: "after" },
  );
}
