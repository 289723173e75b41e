/**
 * Transactional outbox without multi-document transactions.
 *
 * An aggregate's pending events live inside the aggregate's own document (`_outbox`), so the
 * state change and its events are one atomic single-document write. The relay (relay.ts) publishes
 * them in array order and removes exactly the published entries (by value where needed: FerretDB
 * 1.24 ignores `$pull` with query operators).
 */
import type { Document, UpdateFilter } from "mongodb";
import type { DomainEvent } from "../events/domain-event";

export interface OutboxEntry extends DomainEvent {
  /** When the entry was written, for the publish-lag metric. */
  stagedAt: Date;
}

export interface OutboxFields {
  _outbox?: OutboxEntry[];
  /** Set with every staged event; cleared by the relay when the array is empty. Indexed. */
  _outboxPending?: boolean;
  /** Left by relays before leases moved to `_outbox_leases`; never written now, still hidden. */
  _outboxLease?: Date;
  _outboxLeaseToken?: string;
}

export const OUTBOX_PROJECTION_EXCLUDE = {
  _outbox: 0,
  _outboxPending: 0,
  _outboxLease: 0,
  _outboxLeaseToken: 0,
} as const;

const entries = (events: DomainEvent[]): OutboxEntry[] => events.map((e) => ({ ...e, stagedAt: new Date() }));

/** A new aggregate document carrying its first events. */
export function insertWithEvents<T extends Document>(doc: T, events: DomainEvent[]): T & OutboxFields {
  return events.length > 0 ? { ...doc, _outbox: entries(events), _outboxPending: true } : { ...doc, _outbox: [] };
}

/** Adds the events to an update so they are written in the same atomic operation as the change. */
export function updateWithEvents<T extends Document>(update: UpdateFilter<T>, events: DomainEvent[]): UpdateFilter<T> {
  if (events.length === 0) return update;
  const u = update as Record<string, Record<string, unknown> | undefined>;
  return {
    ...update,
    $push: { ...(u.$push ?? {}), _outbox: { $each: entries(events) } },
    $set: { ...(u.$set ?? {}), _outboxPending: true },
  } as unknown as UpdateFilter<T>;
}

/** The document without its outbox bookkeeping (for results of findAndModify, which cannot project on FerretDB). */
export function withoutOutbox<T extends Document>(doc: T): Omit<T, keyof OutboxFields> {
  const { _outbox, _outboxPending, _outboxLease, _outboxLeaseToken, ...rest } = doc as T & OutboxFields;
  return rest;
}
