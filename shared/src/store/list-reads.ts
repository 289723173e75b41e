/**
 * The read side of the list read models (list-index.ts): pages and counts from directory and bucket
 * documents read by `_id`, each document read at most once by one `ListReads`. One answer (a page
 * with its state counts, a home page's panel) often needs the same directory several times: a
 * scope's state directory holds a month's count per state for a decade, and decoding it four times
 * per call was most of a list call's work at that size. A `ListReads` lives for one answer only, so
 * nothing is served from before the call began.
 */
import type { Collection } from "mongodb";

/** One item as stored in its bucket. */
export interface StoredItem {
  id: string;
  k: string;
  f: Record<string, string | number | boolean | string[]>;
  w?: number;
}

export interface BucketDoc {
  _id: string;
  items: Record<string, StoredItem>;
  v: number;
}

export interface DirectoryDoc {
  _id: string;
  /** view (as its field; `_` when the document is the view's own) -> order -> bucket -> packed version and count. */
  o: Record<string, Record<string, Record<string, number>>>;
}

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

/** Where a list's documents are and how its keys map to them (the ListIndex). */
export interface ListStorage {
  readonly buckets: Collection<BucketDoc>;
  readonly directories: Collection<DirectoryDoc>;
  bucketOf(order: string, k: string): string;
  bucketId(view: string, order: string, bucket: string): string;
  directoryOf(view: string): { doc: string; member: string };
}

/** Version and count in one number, ordered by version first: `$max` keeps the newest. */
const COUNT_BITS = 2 ** 24;
export const pack = (v: number, n: number) => v * COUNT_BITS + n;
const countOf = (packed: number) => packed % COUNT_BITS;

/** Field names may not hold `.` or start with `$`: buckets and item ids are encoded, with a letter first. */
export const field = (prefix: string, s: string) => `${prefix}${encodeURIComponent(s).replaceAll(".", "%2E")}`;
const unfield = (f: string) => decodeURIComponent(f.slice(1));

export class ListReads {
  private readonly directoryDocs = new Map<string, Promise<DirectoryDoc | null>>();
  private readonly bucketDocs = new Map<string, Promise<BucketDoc | null>>();

  constructor(private readonly s: ListStorage) {}

  private directory(_id: string): Promise<DirectoryDoc | null> {
    return once(this.directoryDocs, _id, () => this.s.directories.findOne({ _id }));
  }

  private bucket(_id: string): Promise<BucketDoc | null> {
    return once(this.bucketDocs, _id, () => this.s.buckets.findOne({ _id }));
  }

  /** The view's non-empty buckets in `order`, ascending, with their counts. */
  async bucketsOf(view: string, order: string): Promise<{ bucket: string; n: number }[]> {
    const { doc, member } = this.s.directoryOf(view);
    return bucketList((await this.directory(doc))?.o[member]?.[order]);
  }

  /** The counts of every view of a directory group in `order`, from one read: view member -> count. */
  async groupCounts(doc: string, order: string): Promise<Map<string, number>> {
    const dir = await this.directory(doc);
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
    const lo = min === undefined ? undefined : this.s.bucketOf(order, min);
    const hi = max === undefined ? undefined : this.s.bucketOf(order, max);
    let total = 0;
    const edges: string[] = [];
    for (const b of await this.bucketsOf(view, order)) {
      if ((lo !== undefined && b.bucket < lo) || (hi !== undefined && b.bucket > hi)) continue;
      if (b.bucket === lo || b.bucket === hi) edges.push(b.bucket);
      else total += b.n;
    }
    for (const bucket of edges) {
      const doc = await this.bucket(this.s.bucketId(view, order, bucket));
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
    const lo = lowKey === undefined ? undefined : this.s.bucketOf(q.order, lowKey);
    const hi = highKey === undefined ? undefined : this.s.bucketOf(q.order, highKey);
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
        buckets.slice(i, i + 2).map((b) => this.bucket(this.s.bucketId(q.view, q.order, b))),
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
}

/** The read of `key` already made for this answer, or a new one kept for the rest of it. */
function once<T>(made: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let doc = made.get(key);
  if (!doc) {
    doc = read();
    made.set(key, doc);
  }
  return doc;
}

function compare(a: StoredItem, b: StoredItem): number {
  if (a.k !== b.k) return a.k < b.k ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A directory's buckets of one order, non-empty, ascending, with their counts. */
function bucketList(map: Record<string, number> | undefined): { bucket: string; n: number }[] {
  return Object.entries(map ?? {})
    .map(([f, packed]) => ({ bucket: unfield(f), n: countOf(packed) }))
    .filter((b) => b.n > 0)
    .sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
}
