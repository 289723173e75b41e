/**
 * Read models for lists and counts that stay as fast with a decade of data as with a demo's.
 *
 * The local database (FerretDB 1.24 on PostgreSQL) serves only top-level equality from an index and
 * sorts, limits and counts in Go after decoding every matching document, so a list answered by
 * querying a growing collection slows down linearly with the years of data. Here every list is a
 * chain of **bucket documents**, each holding the list's items whose order key falls in one bucket
 * (a month of a date key, the first letters of a title key), and one **directory document** per
 * view naming its buckets with their item counts. A page reads the directory by `_id`, then bucket
 * documents by `_id` in order until it is full; a count reads the directory only. Nothing ever
 * scans, on FerretDB or on MongoDB.
 *
 * Exactness: a change to a bucket is one single-document write that sets and unsets whole items by
 * id (so applying it twice changes nothing) and increments the bucket's version `v`; the write
 * returns the bucket as it was, from which the count after it is exact. The directory keeps, per
 * bucket, `v` and the count packed in one number and updated with `$max`, so the copy from the
 * newest write wins whatever order writers finish in. A write that leaves a bucket's count as it
 * was writes no copy: the newest write that changed the count wrote the same count.
 */
import type { Collection, Db, Document } from "mongodb";
import { isDuplicateKey } from "../errors";
import {
  type BucketDoc,
  type DirectoryDoc,
  field,
  type ItemsPage,
  ListReads,
  type ListStorage,
  type PageQuery,
  pack,
  type StoredItem,
} from "./list-reads";

export type { ItemsPage, PageQuery, StoredItem } from "./list-reads";
export { ListReads } from "./list-reads";

/** One item of one list, in one of the list's orders. */
export interface ListItem {
  /** The view, e.g. `all` or `p:partners/csp-dover|s:SUBMITTED`. */
  view: string;
  /** The order, a name from the index's `orders`, e.g. `due`. */
  order: string;
  /** Unique within the view, e.g. the request's name, or request and addressee. */
  id: string;
  /** The order key; unique per unit of the list (several items may share it, e.g. slots of one request). */
  k: string;
  /** Small facts for filters that are not lists of their own. */
  f: Record<string, string | number | boolean | string[]>;
  /** What the item counts for in the view's counts (default 1), e.g. a request's addressees in a state. */
  w?: number;
}

const weight = (items: Record<string, StoredItem> | undefined) =>
  Object.values(items ?? {}).reduce((n, it) => n + (it.w ?? 1), 0);

/**
 * Views whose counts are read together may share one directory document (e.g. a scope's state
 * views: one read gives every state's count): `{ doc, member }` names it and the view's place in it.
 */
export type DirectoryGroup = (view: string) => { doc: string; member: string } | undefined;

/** How a key maps to its bucket: monotone (a larger key never has a smaller bucket). */
export type Bucketing = (k: string) => string;

/** The first `n` characters of the key: `prefixBucket(7)` of an ISO-date-first key is its month. */
export const prefixBucket =
  (n: number): Bucketing =>
  (k) =>
    k.slice(0, n);
/** Month of an ISO-date-first key (`2026-12-02T...|...` -> `2026-12`). */
export const monthBucket: Bucketing = prefixBucket(7);

export class ListIndex implements ListStorage {
  readonly buckets: Collection<BucketDoc>;
  readonly directories: Collection<DirectoryDoc>;

  constructor(
    db: Db,
    readonly name: string,
    readonly orders: Record<string, Bucketing>,
    private readonly group: DirectoryGroup = () => undefined,
  ) {
    this.buckets = db.collection(`${name}_list_buckets`);
    this.directories = db.collection(`${name}_list_directories`);
  }

  bucketOf(order: string, k: string): string {
    const b = this.orders[order];
    if (!b) throw new Error(`unknown list order ${order}`);
    return b(k);
  }

  /** Where a view's directory is: its document and the field inside `o`. */
  directoryOf(view: string): { doc: string; member: string } {
    const g = this.group(view);
    return g ? { doc: g.doc, member: field("v", g.member) } : { doc: view, member: "_" };
  }

  bucketId(view: string, order: string, bucket: string): string {
    return `${view}#${order}#${bucket}`;
  }

  /**
   * Removes and adds items: one write per bucket touched (items set and unset by id, so a repeat
   * changes nothing), then one `$max` per view's directory for the buckets whose count changed
   * (most changes only change an item's facts). Idempotent.
   */
  async apply(remove: ListItem[], add: ListItem[]): Promise<void> {
    // Per bucket, each item set (its stored form) or removed (undefined); a later add wins.
    const writes = new Map<
      string,
      { view: string; order: string; bucket: string; items: Map<string, StoredItem | undefined> }
    >();
    const put = (it: ListItem, value: StoredItem | undefined) => {
      const bucket = this.bucketOf(it.order, it.k);
      const _id = this.bucketId(it.view, it.order, bucket);
      const w = writes.get(_id) ?? { view: it.view, order: it.order, bucket, items: new Map() };
      writes.set(_id, w);
      w.items.set(field("i", it.id), value);
    };
    for (const it of remove) put(it, undefined);
    for (const it of add) put(it, stored(it)); // the same item moved within its bucket: set wins
    const counts = new Map<string, Document>();
    await Promise.all(
      [...writes].map(async ([_id, w]) => {
        const set: Document = {};
        const unset: Document = {};
        for (const [item, it] of w.items)
          if (it) set[`items.${item}`] = it;
          else unset[`items.${item}`] = "";
        const update: Document = { $inc: { v: 1 } };
        if (Object.keys(set).length > 0) update.$set = set;
        if (Object.keys(unset).length > 0) update.$unset = unset;
        const before = await this.buckets.findOneAndUpdate({ _id }, update, { upsert: true, returnDocument: "before" });
        // The write is atomic, so the bucket after it is the one before with these items changed.
        const items = { ...before?.items };
        for (const [item, it] of w.items)
          if (it) items[item] = it;
          else delete items[item];
        const n = weight(items);
        // What the bucket counts for did not change: the directory already has (or will have, from
        // the write that made it so) this count, so there is nothing to raise it to.
        if (before && n === weight(before.items)) return;
        const { doc, member } = this.directoryOf(w.view);
        const dir = counts.get(doc) ?? {};
        dir[`o.${member}.${w.order}.${field("b", w.bucket)}`] = pack((before?.v ?? 0) + 1, n);
        counts.set(doc, dir);
      }),
    );
    await Promise.all(
      [...counts].map(async ([view, max]) => {
        for (let i = 0; ; i++)
          try {
            await this.directories.updateOne({ _id: view }, { $max: max } as never, { upsert: true });
            return;
          } catch (err) {
            // Two writers creating the directory at once: the loser updates the one that now exists.
            if (!isDuplicateKey(err) || i > 2) throw err;
          }
      }),
    );
  }

  /**
   * Reads for one answer: a page and its counts often need the same directory (and edge bucket),
   * and each is then read once. Make one per call, never keep one: it would serve old counts.
   * `count` and `page` below are the one-call forms.
   */
  reads(): ListReads {
    return new ListReads(this);
  }

  /** What the view's items count for (in any one order: each order holds them all). */
  count(view: string, order: string): Promise<number> {
    return this.reads().count(view, order);
  }

  /** One page of a view (see ListReads.page). */
  page(q: PageQuery): Promise<ItemsPage> {
    return this.reads().page(q);
  }

  /** Every item, for comparing with what a rebuild would make. */
  async *all(): AsyncGenerator<ListItem> {
    for await (const b of this.buckets.find({})) {
      const [view = "", order = ""] = b._id.split("#");
      for (const it of Object.values(b.items ?? {})) yield { view, order, ...it };
    }
  }

  /** Replaces the whole read model with `items` (see ListProjection.rebuild). */
  async replaceAll(items: Iterable<ListItem>): Promise<void> {
    const buckets = new Map<string, BucketDoc>();
    const dirs = new Map<string, DirectoryDoc>();
    for (const it of items) {
      const bucket = this.bucketOf(it.order, it.k);
      const _id = this.bucketId(it.view, it.order, bucket);
      const b = buckets.get(_id) ?? { _id, items: {}, v: 1 };
      buckets.set(_id, b);
      b.items[field("i", it.id)] = stored(it);
      const { doc, member } = this.directoryOf(it.view);
      const d = dirs.get(doc) ?? { _id: doc, o: {} };
      dirs.set(doc, d);
      const ofView = d.o[member] ?? {};
      d.o[member] = ofView;
      const byOrder = ofView[it.order] ?? {};
      ofView[it.order] = byOrder;
      byOrder[field("b", bucket)] = pack(1, weight(b.items));
    }
    await this.buckets.deleteMany({});
    await this.directories.deleteMany({});
    await insertInBatches(this.buckets, [...buckets.values()]);
    await insertInBatches(this.directories, [...dirs.values()]);
  }
}

const stored = (it: ListItem): StoredItem => ({
  id: it.id,
  k: it.k,
  f: it.f,
  ...(it.w === undefined ? {} : { w: it.w }),
});

/** Inserts in batches; a document already there (a replica rebuilding at the same time) is the same. */
async function insertInBatches<D extends { _id: string }>(col: Collection<D>, docs: D[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500)
    try {
      await col.insertMany(docs.slice(i, i + 500) as never, { ordered: false });
    } catch (err) {
      const errors = (err as { writeErrors?: unknown[] }).writeErrors;
      if (!isDuplicateKey(err) && !(Array.isArray(errors) && errors.every(isDuplicateKey))) throw err;
    }
}
