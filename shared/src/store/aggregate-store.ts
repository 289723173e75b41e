/**
 * An aggregate kept as one document with its pending events (transactional outbox), changed by
 * optimistic concurrency: each change is computed from the document as read and written with one
 * `updateOne({_id, etag})` (a top-level equality the database serves from its index), together with
 * its events and the command's idempotency record; a writer that lost the race reads again and
 * recomputes. Reads are scoped by the caller through the shared policy. For aggregates whose size is
 * bounded (a meeting's invitations, an action's updates); see "Data shape for the hot paths".
 */
import type { Collection, Db, Document, Filter, OptionalUnlessRequiredId, UpdateFilter } from "mongodb";
import type { Caller } from "../auth/caller";
import { newEtag } from "../db/etag";
import { aborted, alreadyExists, isDuplicateKey, notFound } from "../errors";
import type { DomainEvent } from "../events/domain-event";
import type { Logger } from "../log";
import { insertWithEvents, OUTBOX_PROJECTION_EXCLUDE, type OutboxFields, updateWithEvents } from "../outbox/outbox";
import { decodePageToken, effectivePageSize, encodePageToken, findPage, type Page } from "../pagination";
import type { ResourceFacts, ResourceKind } from "../policy/policy";
import { scopedFilter } from "../policy/policy";
import { type Bucketing, ListIndex, type ListItem, type PageQuery, prefixBucket, type StoredItem } from "./list-index";
import { LISTS_PENDING, ListProjection } from "./list-projection";
import { callerScopeView, scopeViewsOf } from "./scope-views";

export interface AggregateDoc extends OutboxFields, Document {
  _id: string;
  etag: string;
  /**
   * `${requestId}#${hash}` of every command applied (bounded by the aggregate's lifecycle); absent
   * only on documents stored before a service adopted the kit's store (read as empty).
   */
  commands?: string[];
  requestId: string;
  requestHash: string;
  sortKey: string;
  updateTime: Date;
}

/** What a change does: the fields it sets and the events it raises; `undefined` changes nothing. */
export type Change<D> =
  | {
      set: Partial<D>;
      events: DomainEvent[];
      /**
       * A write narrower than `set`, for a change to one part of a document that others change
       * too (one addressee's slot of a report request): `$set` these paths and `$push` these
       * values, on condition of `guard` (that part as read) instead of the etag, so writers of
       * other parts never conflict. `set` still gives the document's fields after the change.
       */
      partial?: { guard: Record<string, unknown>; set: Record<string, unknown>; push?: Record<string, unknown> };
    }
  | undefined;

const ATTEMPTS = 8;

/** A `sortKey` that lists newest first: the time counted down (fixed width), then the name. */
export const newestFirst = (time: Date, name: string) =>
  `${String(8_640_000_000_000_000 - time.getTime()).padStart(16, "0")}|${name}`;

/** The one order of an aggregate's lists: its `sortKey`. */
export const BY_SORT_KEY = "sort";

/** What an aggregate is listed by: filters that are views of their own, and facts for rarer ones. */
export interface AggregateListing {
  /**
   * e.g. `{ state: "CONVENED" }`: the document is also in `<scope>|state:CONVENED`; a list of
   * values puts it in the view of each (e.g. a combined partnership's members).
   */
  views: Record<string, string | string[] | undefined>;
  facts?: ListItem["f"];
}

export interface AggregateLists<D> {
  index: ListIndex;
  projection: ListProjection<D & ProjectedAggregate>;
}
type ProjectedAggregate = { _id: string; etag: string };
type Listable = ProjectedAggregate & ResourceFacts;

/**
 * The list read models of an aggregate kind (docs/architecture.md, "Lists and counts"): every
 * document in the views of the scopes that may read it (kit scope-views) and, per filter, in
 * `<scope>|<filter>:<value>`, ordered by `sortKey`, bucketed by its first characters.
 */
export function aggregateLists<D extends Listable>(
  db: Db,
  o: {
    collection: string;
    kind: ResourceKind;
    listing: (doc: D) => AggregateListing;
    /** The order key (default the aggregate's `sortKey`); it must end in the document's name. */
    key?: (doc: D) => string;
    /** Fields `listing` reads, besides the policy's facts. */
    fields?: Document;
    log: Logger;
    sweepMs: number;
    bucketing?: Bucketing;
  },
): AggregateLists<D> {
  const index = new ListIndex(db, o.collection, { [BY_SORT_KEY]: o.bucketing ?? prefixBucket(7) });
  const projection = new ListProjection<D>(db, {
    index,
    source: db.collection(o.collection),
    itemsOf: (doc) => {
      const { views, facts = {} } = o.listing(doc);
      const filters = Object.entries(views).flatMap(([name, v]) =>
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((value) => `${name}:${value}`),
      );
      const k = o.key ? o.key(doc) : String((doc as unknown as { sortKey: string }).sortKey);
      return scopeViewsOf(o.kind, doc).flatMap((scope) =>
        [scope, ...filters.map((f) => `${scope}|${f}`)].map((view) => ({
          view,
          order: BY_SORT_KEY,
          id: doc._id,
          k,
          f: facts,
        })),
      );
    },
    projection: {
      etag: 1,
      sortKey: 1,
      owner: 1,
      addressees: 1,
      classification: 1,
      releasedToPanel: 1,
      ...o.fields,
    },
    log: o.log,
    sweepMs: o.sweepMs,
  });
  return { index, projection: projection as unknown as ListProjection<D & ProjectedAggregate> };
}

/** One page of an aggregate's list: which view (a filter, or the whole scope) and what else to check. */
export interface ListQuery {
  /** `[filter, value]`: the view `<scope>|filter:value`; none: the caller's whole scope. */
  view?: [string, string] | undefined;
  match?: (item: StoredItem) => boolean;
  descending?: boolean;
  /** Bounds on `sortKey` (inclusive min, exclusive max). */
  min?: string;
  max?: string;
}

export class AggregateStore<D extends AggregateDoc> {
  constructor(
    readonly col: Collection<D>,
    private readonly nudge: (collection: string) => void,
    readonly kind: ResourceKind,
    private readonly label: string,
    readonly lists?: AggregateLists<D>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ requestId: 1 }, { unique: true });
    await this.col.createIndex({ sortKey: 1 }, { unique: true });
    await this.col.createIndex({ etag: 1 });
    await this.lists?.projection.ensureIndexes();
  }

  /** The document the caller may see, or NOT_FOUND (also when it exists but is out of scope). */
  async get(caller: Caller, name: string): Promise<D> {
    const doc = await this.find(caller, name);
    if (!doc) throw notFound(`${this.label} ${name}`);
    return doc;
  }

  /** The caller's view of `name`, or null when it does not exist or the caller may not read it. */
  async find(caller: Caller, name: string): Promise<D | null> {
    const filter = scopedFilter(caller, this.kind, { _id: name } as Filter<D>);
    return filter ? ((await this.col.findOne(filter, { projection: OUTBOX_PROJECTION_EXCLUDE })) as D | null) : null;
  }

  async getInternal(name: string): Promise<D | null> {
    return (await this.col.findOne({ _id: name } as Filter<D>, { projection: OUTBOX_PROJECTION_EXCLUDE })) as D | null;
  }

  /** Inserts with its first events; a retry with the same request id returns the first result. */
  async create(doc: D, events: DomainEvent[]): Promise<D> {
    try {
      const stored = this.lists ? { ...doc, ...LISTS_PENDING } : doc;
      await this.col.insertOne(insertWithEvents(stored, events) as OptionalUnlessRequiredId<D>);
      if (events.length > 0) this.nudge(this.col.collectionName);
      await this.lists?.projection.project(doc._id, doc);
      return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = (await this.col.findOne({ requestId: doc.requestId } as Filter<D>, {
        projection: OUTBOX_PROJECTION_EXCLUDE,
      })) as D | null;
      if (first && first.requestHash === doc.requestHash) return first;
      if (first) throw alreadyExists(`request_id ${doc.requestId} was already used for a different ${this.label}`);
      throw err;
    }
  }

  /**
   * A page of the caller's list from the read models: the view of its scope (or of a filter within
   * it), then each document on the page read by `_id` with the caller's scope.
   */
  listPage(caller: Caller, q: ListQuery, pageSize: number, pageToken: string, fingerprint: string): Promise<Page<D>> {
    if (!this.lists) throw new Error(`${this.label} has no lists`);
    return readListPage(this.lists.index, this.col, this.kind, caller, q, { pageSize, pageToken, fingerprint });
  }

  /** How many the caller's list holds (or one filter's view of it), from the view's directory alone. */
  async count(caller: Caller, view?: [string, string]): Promise<number> {
    if (!this.lists) throw new Error(`${this.label} has no lists`);
    const scope = callerScopeView(caller, this.kind);
    if (scope === null) return 0;
    return this.lists.index.count(view ? `${scope}|${view[0]}:${view[1]}` : scope, BY_SORT_KEY);
  }

  /**
   * A page of a filter whose matches are few and bounded (e.g. one cycle's contributions): an
   * equality on a top-level key, never a growing set (use `listPage` for those).
   */
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
      const done = doc.commands ?? [];
      if (command) {
        const [id] = command.split("#");
        const seen = done.find((c) => c.startsWith(`${id}#`));
        if (seen === command) return doc;
        if (seen) throw alreadyExists(`request_id ${id} was already used for a different command`);
      }
      const c = change(doc);
      if (!c) return doc;
      const etag = newEtag();
      const next = { ...doc, ...c.set, etag, updateTime: new Date() } as D;
      if (command) next.commands = [...done, command];
      const p = c.partial;
      const push = { ...p?.push, ...(command ? { commands: command } : {}) };
      const update: UpdateFilter<D> = {
        $set: {
          ...(p ? p.set : c.set),
          etag,
          updateTime: next.updateTime,
          ...(this.lists ? LISTS_PENDING : {}),
        } as never,
        ...(Object.keys(push).length > 0 ? { $push: push as never } : {}),
      };
      const guard = p ? p.guard : { etag: doc.etag };
      const r = await this.col.updateOne({ ...guard, _id: doc._id } as Filter<D>, updateWithEvents(update, c.events));
      if (r.modifiedCount === 1) {
        if (c.events.length > 0) this.nudge(this.col.collectionName);
        await this.lists?.projection.project(doc._id, next);
        return next;
      }
      const fresh = await this.getInternal(doc._id);
      if (!fresh) throw notFound(`${this.label} ${doc._id}`);
      doc = fresh;
    }
    throw aborted(`${this.label} ${current._id} is changing too fast; retry`);
  }
}

/**
 * A page of a kind's list read model for the caller: the view of its scope (or of a filter within
 * it), then each document on the page read by `_id` with the caller's scope, so a page never shows
 * more than the scope allows.
 */
export async function readListPage<D extends Document>(
  index: ListIndex,
  col: Collection<D>,
  kind: ResourceKind,
  caller: Caller,
  q: ListQuery,
  p: { pageSize: number; pageToken: string; fingerprint: string },
): Promise<Page<D>> {
  const scope = callerScopeView(caller, kind);
  if (scope === null) return { items: [], nextPageToken: "" };
  return readViewPage(
    index,
    {
      view: q.view ? `${scope}|${q.view[0]}:${q.view[1]}` : scope,
      order: BY_SORT_KEY,
      descending: q.descending === true,
      min: q.min,
      max: q.max,
      ...(q.match ? { match: q.match } : {}),
    },
    p,
    (id) => {
      const f = scopedFilter(caller, kind, { _id: id } as Filter<D>);
      return f
        ? (col.findOne(f, { projection: OUTBOX_PROJECTION_EXCLUDE }) as Promise<D | null>)
        : Promise.resolve(null);
    },
  );
}

/**
 * A page of one view of a list: its items from the index, then each item's document read by `_id`
 * through `read` (which applies the caller's scope, or answers null for what is gone).
 */
export async function readViewPage<D>(
  index: ListIndex,
  q: Omit<PageQuery, "size" | "after">,
  p: { pageSize: number; pageToken: string; fingerprint: string },
  read: (id: string) => Promise<D | null>,
): Promise<Page<D>> {
  const page = await index.page({
    ...q,
    after: decodePageToken(p.pageToken, p.fingerprint),
    size: effectivePageSize(p.pageSize),
  });
  const docs = await Promise.all(page.items.map((it) => read(it.id)));
  return {
    items: docs.filter((d): d is NonNullable<typeof d> => d !== null) as D[],
    nextPageToken: page.nextAfter === undefined ? "" : encodePageToken(page.nextAfter, p.fingerprint),
  };
}
