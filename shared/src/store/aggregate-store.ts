/**
 * An aggregate kept as one document with its pending events (transactional outbox), changed by
 * optimistic concurrency: each change is computed from the document as read and written with one
 * `updateOne({_id, etag})` (a top-level equality the database serves from its index), together with
 * its events and the command's idempotency record; a writer that lost the race reads again and
 * recomputes. Reads are scoped by the caller through the shared policy. For aggregates whose size is
 * bounded (a meeting's invitations, an action's updates); see "Data shape for the hot paths".
 */
import type { Collection, Document, Filter, OptionalUnlessRequiredId, UpdateFilter } from "mongodb";
import type { Caller } from "../auth/caller";
import { newEtag } from "../db/etag";
import { isDuplicateKey } from "../db/mongo";
import { aborted, alreadyExists, notFound } from "../errors";
import type { DomainEvent } from "../events/domain-event";
import { insertWithEvents, OUTBOX_PROJECTION_EXCLUDE, type OutboxFields, updateWithEvents } from "../outbox/outbox";
import { findPage, type Page } from "../pagination";
import type { ResourceKind } from "../policy/policy";
import { scopedFilter } from "../policy/policy";

export interface AggregateDoc extends OutboxFields, Document {
  _id: string;
  etag: string;
  /** `${requestId}#${hash}` of every command applied (bounded by the aggregate's lifecycle). */
  commands: string[];
  requestId: string;
  requestHash: string;
  sortKey: string;
  updateTime: Date;
}

/** What a change does: the fields it sets and the events it raises; `undefined` changes nothing. */
export type Change<D> = { set: Partial<D>; events: DomainEvent[] } | undefined;

const ATTEMPTS = 8;

export class AggregateStore<D extends AggregateDoc> {
  constructor(
    readonly col: Collection<D>,
    private readonly nudge: () => void,
    private readonly kind: ResourceKind,
    private readonly label: string,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ requestId: 1 }, { unique: true });
    await this.col.createIndex({ sortKey: 1 }, { unique: true });
    await this.col.createIndex({ etag: 1 });
  }

  /** The document the caller may see, or NOT_FOUND (also when it exists but is out of scope). */
  async get(caller: Caller, name: string): Promise<D> {
    const filter = scopedFilter(caller, this.kind, { _id: name } as Filter<D>);
    const doc = filter ? await this.col.findOne(filter, { projection: OUTBOX_PROJECTION_EXCLUDE }) : null;
    if (!doc) throw notFound(`${this.label} ${name}`);
    return doc as D;
  }

  async getInternal(name: string): Promise<D | null> {
    return (await this.col.findOne({ _id: name } as Filter<D>, { projection: OUTBOX_PROJECTION_EXCLUDE })) as D | null;
  }

  /** Inserts with its first events; a retry with the same request id returns the first result. */
  async create(doc: D, events: DomainEvent[]): Promise<D> {
    try {
      await this.col.insertOne(insertWithEvents(doc, events) as OptionalUnlessRequiredId<D>);
      if (events.length > 0) this.nudge();
      return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = (await this.col.findOne({ requestId: doc.requestId } as Filter<D>, {
        projection: OUTBOX_PROJECTION_EXCLUDE,
      })) as D | null;
      if (first && first.requestHash === doc.requestHash) return first;
      if (first) throw alreadyExists(`request_id was already used for a different ${this.label}`);
      throw err;
    }
  }

  async list(
    caller: Caller,
    filter: Filter<D>,
    pageSize: number,
    pageToken: string,
    fingerprint: string,
  ): Promise<Page<D>> {
    const scoped = scopedFilter(caller, this.kind, filter);
    if (!scoped) return { items: [], nextPageToken: "" };
    return findPage(this.col, scoped, pageSize, pageToken, {
      projection: OUTBOX_PROJECTION_EXCLUDE,
      key: "sortKey",
      fingerprint,
    });
  }

  /**
   * Applies `change` to the document as it now is. `command` (`${requestId}#${hash}`) makes a retry
   * return the state without applying it twice; the same request id with other content is refused.
   */
  async mutate(current: D, command: string | undefined, change: (doc: D) => Change<D>): Promise<D> {
    let doc = current;
    for (let i = 0; i < ATTEMPTS; i++) {
      if (command) {
        const [id] = command.split("#");
        const seen = doc.commands.find((c) => c.startsWith(`${id}#`));
        if (seen === command) return doc;
        if (seen) throw alreadyExists(`request_id ${id} was already used for a different command`);
      }
      const c = change(doc);
      if (!c) return doc;
      const etag = newEtag();
      const next = { ...doc, ...c.set, etag, updateTime: new Date() } as D;
      if (command) next.commands = [...doc.commands, command];
      const update: UpdateFilter<D> = {
        $set: { ...c.set, etag, updateTime: next.updateTime } as Partial<D>,
        ...(command ? { $push: { commands: command } as never } : {}),
      };
      const r = await this.col.updateOne(
        { _id: doc._id, etag: doc.etag } as Filter<D>,
        updateWithEvents(update, c.events),
      );
      if (r.modifiedCount === 1) {
        if (c.events.length > 0) this.nudge();
        return next;
      }
      const fresh = await this.getInternal(doc._id);
      if (!fresh) throw notFound(`${this.label} ${doc._id}`);
      doc = fresh;
    }
    throw aborted(`${this.label} ${current._id} is changing too fast; retry`);
  }
}
