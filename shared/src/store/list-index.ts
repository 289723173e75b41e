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
import { isDuplicateKey } from "../db/mongo";

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

export interface StoredItem {
  id: string;
  k: string;
  f: ListItem["f"];
  w?: number;
}

const weight = (items: Record<string, StoredItem> | undefined) =>
  Object.values(items ?? {}).reduce((n, it) => n + (it.w ?? 1), 0);

interface BucketDoc {
  _id: string;
  items: Record<string, StoredItem>;
  v: number;
}

interface DirectoryDoc {
  _id: string;
  /** view (as its field; `_` when the document is the view's own) -> order -> bucket -> packed version and count. */
  o: Record<string, Record<string, Record<string, number>>>;
}

/**
 * Views whose counts are read together may share one directory document (e.g. a scope's state
 * views: one read gives every state's count): `{ doc, member }` names it and the view's place in it.
 */
export type DirectoryGroup = (view: string) => { doc: string; member: string } | undefined;

/** Version and count in one number, ordered by version first: `$max` keeps the newest. */
const COUNT_BITS = 2 ** 24;
const pack = (v: number, n: number) => v * COUNT_BITS + n;
const countOf = (packed: number) => packed % COUNT_BITS;

/** How a key maps to its bucket: monotone (a larger key never has a smaller bucket). */
export type Bucketing = (k: string) => string;

/** The first `n` characters of the key: `prefixBucket(7)` of an ISO-date-first key is its month. */
export const prefixBucket =
  (n: number): Bucketing =>
  (k) =>
    k.slice(0, n);
/** Month of an ISO-date-first key (`2026-12-02T...|...` -> `2026-12`). */
export const monthBucket: Bucketing = prefixBucket(7);

/** Field names may not hold `.` or start with `$`: buckets and item ids are encoded, with a letter first. */
const field = (prefix: string, s: string) => `${prefix}${encodeURIComponent(s).replaceAll(".", "%2E")}`;
const unfield = (f: string) => decodeURIComponent(f.slice(1));

export interface PageQuery {
  view: string;
  order: string;
  descending?: boolean;
  /** Exclusive: items after this key (a page token's key). */
  after?: string | undefined;
  /** Inclusive lower bound on the key (ascending: from; descending: down to). */
  min?: string | undefined;
  /** Exclusive upper bound on the key. */
  max?: string | undefined;
  /** Further conditions on an item's facts. */
  match?: (item: StoredItem) => boolean;
  /** Distinct keys wanted; one more is looked for to know whether another page exists. */
  size: number;
}

export interface ItemsPage {
  /** Items of the first `size` distinct keys, in order. */
  items: StoredItem[];
  /** The last key returned, when more follow. */
  nextAfter: string | undefined;
}

export class ListIndex {
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
  private directoryOf(view: string): { doc: string; member: string } {
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

  /** The view's non-empty buckets in `order`, ascending, with their counts. */
  async bucketsOf(view: string, order: string): Promise<{ bucket: string; n: number }[]> {
    const { doc, member } = this.directoryOf(view);
    return bucketList((await this.directories.findOne({ _id: doc }))?.o[member]?.[order]);
  }

  /**
   * The counts of every view of a directory group in `order`, from one read: view member -> count.
   */
  async groupCounts(doc: string, order: string): Promise<Map<string, number>> {
    const dir = await this.directories.findOne({ _id: doc });
    return new Map(
      Object.entries(dir?.o ?? {}).map(([m, byOrder]) => [
        unfield(m),
        bucketList(byOrder[order]).reduce((s, b) => s + b.n, 0),
      ]),
    );
  }

  /** What the view's items count for (in any one order: each order holds them all). */
  async count(view: string, order: string): Promise<number> {
    return (await this.bucketsOf(view, order)).reduce((s, b) => s + b.n, 0);
  }

  /** Items of a view with keys in [min, max), counted without reading buckets wholly inside the range. */
  async countRange(view: string, order: string, min: string | undefined, max: string | undefined): Promise<number> {
    const lo = min === undefined ? undefined : this.bucketOf(order, min);
    const hi = max === undefined ? undefined : this.bucketOf(order, max);
    let total = 0;
    const edges: string[] = [];
    for (const b of await this.bucketsOf(view, order)) {
      if ((lo !== undefined && b.bucket < lo) || (hi !== undefined && b.bucket > hi)) continue;
      if (b.bucket === lo || b.bucket === hi) edges.push(b.bucket);
      else total += b.n;
    }
    for (const bucket of edges) {
      const doc = await this.buckets.findOne({ _id: this.bucketId(view, order, bucket) });
      for (const it of Object.values(doc?.items ?? {}))
        if ((min === undefined || it.k >= min) && (max === undefined || it.k < max)) total += it.w ?? 1;
    }
    return total;
  }

  /**
   * One page of a view: buckets read by `_id` in order, two at a time, until `size` distinct keys
   * (and one more, to know whether there is a next page) have been found.
   */
  async page(q: PageQuery): Promise<ItemsPage> {
    const desc = q.descending === true;
    const lowKey = desc ? q.min : q.after !== undefined && (q.min === undefined || q.after >= q.min) ? q.after : q.min;
    const highKey = desc && q.after !== undefined && (q.max === undefined || q.after < q.max) ? q.after : q.max;
    const lo = lowKey === undefined ? undefined : this.bucketOf(q.order, lowKey);
    const hi = highKey === undefined ? undefined : this.bucketOf(q.order, highKey);
    const inRange = (k: string) =>
      (q.min === undefined || k >= q.min) &&
      (q.max === undefined || k < q.max) &&
      (q.after === undefined || (desc ? k < q.after : k > q.after));
    let buckets = (await this.bucketsOf(q.view, q.order))
      .map((b) => b.bucket)
      .filter((b) => (lo === undefined || b >= lo) && (hi === undefined || b <= hi));
    if (desc) buckets = buckets.reverse();
    const found: StoredItem[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < buckets.length && keys.size <= q.size; i += 2) {
      const docs = await Promise.all(
        buckets.slice(i, i + 2).map((b) => this.buckets.findOne({ _id: this.bucketId(q.view, q.order, b) })),
      );
      for (const doc of docs) {
        const items = Object.values(doc?.items ?? {})
          .filter((it) => inRange(it.k) && (q.match?.(it) ?? true))
          .sort((a, b) => compare(a, b) * (desc ? -1 : 1));
        for (const it of items) {
          if (!keys.has(it.k) && keys.size > q.size) break;
          keys.add(it.k);
          found.push(it);
        }
      }
    }
    const ordered = [...keys].slice(0, q.size);
    const kept = new Set(ordered);
    return {
      items: found.filter((it) => kept.has(it.k)),
      nextAfter: keys.size > q.size ? ordered[ordered.length - 1] : undefined,
    };
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

function compare(a: StoredItem, b: StoredItem): number {
  if (a.k !== b.k) return a.k < b.k ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

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

/** A directory's buckets of one order, non-empty, ascending, with their counts. */
function bucketList(map: Record<string, number> | undefined): { bucket: string; n: number }[] {
  return Object.entries(map ?? {})
    .map(([f, packed]) => ({ bucket: unfield(f), n: countOf(packed) }))
    .filter((b) => b.n > 0)
    .sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
}
