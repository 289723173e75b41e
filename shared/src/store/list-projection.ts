/**
 * Keeps a ListIndex exactly in step with a collection of source documents (aggregates).
 *
 * Every write of a source document sets `_listsPending: true` in the same single-document write
 * (`LISTS_PENDING`), so no change can be missed. Right after its write the service calls
 * `project(id, doc)` with the document it wrote, and waits: the projection brings the document's
 * list items in line with it and clears the flag, conditional on the etag projected, so a change
 * made meanwhile keeps it set and is projected again from the stored document. Projections are
 * group-committed: whatever has queued while a batch was being written goes out as the next
 * batch, with one write per bucket touched, so busy buckets (this month's submitted reports) are
 * written once per batch rather than once per change. One replica at a time projects a document
 * (a lease in `<name>_list_state`, which also records the items last applied, so only the
 * difference is written); a replica that dies mid-way leaves the flag set, and the sweep (every
 * `sweepMs`) picks it up. So a write's response comes after its lists show it, and after a crash
 * the lists lag by at most `sweepMs` plus the lease.
 */
import { randomUUID } from "node:crypto";
import type { Collection, Db, Document } from "mongodb";
import { runOnce } from "../db/migrations";
import { isDuplicateKey } from "../errors";
import type { Logger } from "../log";
import type { ListIndex, ListItem } from "./list-index";

/** Merge into the `$set` (or the inserted document) of every write of a projected source document. */
export const LISTS_PENDING = { _listsPending: true } as const;

export interface ProjectedFields {
  _id: string;
  etag: string;
  _listsPending?: boolean;
}

interface StateDoc {
  _id: string;
  holder: string;
  until: Date;
  /** Identities of the items applied (see identity()). */
  items: string[];
  etag: string;
}

const SEP = "\u001f";
/** Documents projected together at most. */
const BATCH = 200;
const identity = (it: ListItem) => [it.view, it.order, it.id, it.k, JSON.stringify(it.f), it.w ?? 1].join(SEP);
function fromIdentity(s: string): ListItem {
  const [view = "", order = "", id = "", k = "", f = "{}", w = "1"] = s.split(SEP);
  return { view, order, id, k, f: JSON.parse(f), w: Number(w) };
}

export interface ListProjectionOptions<D> {
  index: ListIndex;
  source: Collection<D & Document>;
  /** The items a document belongs to: pure. */
  itemsOf: (doc: D) => ListItem[];
  /** Fields itemsOf reads (and `etag`), so the read transfers no more. */
  projection: Document;
  log: Logger;
  leaseMs?: number;
  sweepMs?: number;
}

export class ListProjection<D extends ProjectedFields> {
  private readonly state: Collection<StateDoc>;
  private readonly me = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private readonly leaseMs: number;
  private readonly queue = new Map<string, { waiters: (() => void)[]; written: D | undefined }>();
  private draining: Promise<void> | undefined;

  constructor(
    db: Db,
    private readonly o: ListProjectionOptions<D>,
  ) {
    this.state = db.collection(`${o.index.name}_list_state`);
    this.leaseMs = o.leaseMs ?? 15_000;
  }

  /** The items a document belongs to (what a rebuild would make of it). */
  itemsOf(doc: D): ListItem[] {
    return this.o.itemsOf(doc);
  }

  async ensureIndexes(): Promise<void> {
    await this.o.source.createIndex({ _listsPending: 1 });
  }

  /**
   * Fills the lists for documents written before them, once per database (`migration` names it in
   * `_migrations`), then starts the sweep.
   */
  async open(db: Db, migration: string): Promise<void> {
    await runOnce(db, migration, async () => {
      await this.rebuild();
    });
    this.start();
  }

  /** Sweeps now and every `sweepMs` for documents whose projection did not finish. */
  start(): void {
    const tick = () => {
      this.sweeping ??= this.sweep()
        .then(() => undefined)
        .catch((err) => this.o.log.warn({ err }, "list projection sweep failed; will retry"))
        .finally(() => {
          this.sweeping = undefined;
        });
    };
    tick();
    this.timer = setInterval(tick, this.o.sweepMs ?? 10_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await this.draining;
  }

  /** Projects every document still flagged. */
  async sweep(): Promise<number> {
    const pending = await this.o.source
      .find({ _listsPending: true } as never, { projection: { _id: 1 } })
      .limit(500)
      .toArray();
    await Promise.all(pending.map((d) => this.project(String(d._id))));
    return pending.length;
  }

  /**
   * Brings the lists in line with document `id`: with `written`, the document as the caller just
   * wrote it (checked by the etag when the flag is cleared), otherwise as stored. Resolves once
   * the batch holding it is written; if another replica holds the document for too long, the flag
   * stays set for the sweep.
   */
  project(id: string, written?: D): Promise<void> {
    const queued = this.queue.get(id);
    const entry = queued ?? { waiters: [] as (() => void)[], written };
    if (queued) queued.written = undefined; // two writes queued: project what is stored
    this.queue.set(id, entry);
    const done = new Promise<void>((resolve) => entry.waiters.push(resolve));
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
    return done;
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0) {
      const batch = [...this.queue].slice(0, BATCH);
      for (const [id] of batch) this.queue.delete(id);
      let again: string[] = [];
      try {
        again = await this.projectBatch(batch.map(([id, e]) => ({ id, written: e.written })));
      } catch (err) {
        this.o.log.warn({ err }, "list projection failed; the sweep will retry");
      }
      const retry = new Set(again);
      for (const [id, e] of batch) {
        if (retry.has(id)) {
          // Changed again meanwhile: project what is stored now, and let the writer wait for it.
          const next = this.queue.get(id) ?? { waiters: [], written: undefined };
          next.written = undefined;
          next.waiters.push(...e.waiters);
          this.queue.set(id, next);
        } else for (const w of e.waiters) w();
      }
    }
  }

  /** One batch; gives the documents that changed again while it was written. */
  private async projectBatch(batch: { id: string; written: D | undefined }[]): Promise<string[]> {
    const held = (await Promise.all(batch.map(async (b) => ({ ...b, lease: await this.claim(b.id) })))).filter(
      (b): b is typeof b & { lease: StateDoc } => b.lease !== null,
    );
    const docs = await Promise.all(
      held.map(
        async (b) =>
          b.written ??
          ((await this.o.source.findOne({ _id: b.id } as never, { projection: this.o.projection })) as D | null),
      ),
    );
    const remove: ListItem[] = [];
    const add: ListItem[] = [];
    const applied = held.map((b, i) => {
      const doc = docs[i];
      const wanted = doc ? this.o.itemsOf(doc) : [];
      const ids = new Set(wanted.map(identity));
      const old = new Set(b.lease.items);
      remove.push(...b.lease.items.filter((x) => !ids.has(x)).map(fromIdentity));
      add.push(...wanted.filter((it) => !old.has(identity(it))));
      return [...ids];
    });
    await this.o.index.apply(remove, add);
    const again = await Promise.all(
      held.map(async (b, i) => {
        const doc = docs[i];
        // What is applied, and the lease handed back, in one write.
        await this.state.updateOne(
          { _id: b.id, holder: this.me },
          { $set: { items: applied[i] ?? [], etag: doc?.etag ?? "", until: new Date(0) } },
        );
        if (!doc) return undefined;
        const cleared = await this.o.source.updateOne(
          { _id: b.id, etag: doc.etag, _listsPending: true } as never,
          { $set: { _listsPending: false } } as never,
        );
        if (cleared.modifiedCount === 1) return undefined;
        // Either already clear (projected by another) or changed since: look again if still flagged.
        const now = await this.o.source.findOne({ _id: b.id } as never, { projection: { _listsPending: 1 } });
        return now?._listsPending === true ? b.id : undefined;
      }),
    );
    return again.filter((x): x is string => x !== undefined);
  }

  /** Takes the document's projection lease, waiting up to about a second for another holder. */
  private async claim(id: string): Promise<StateDoc | null> {
    for (let i = 0; i < 40; i++) {
      const now = new Date();
      const lease = { holder: this.me, until: new Date(now.getTime() + this.leaseMs) };
      try {
        const before = await this.state.findOneAndUpdate(
          { _id: id, until: { $lt: now } },
          { $set: lease },
          { returnDocument: "before" },
        );
        if (before) return before;
        await this.state.insertOne({ _id: id, ...lease, items: [], etag: "" });
        return { _id: id, ...lease, items: [], etag: "" };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 25));
    }
    this.o.log.warn({ id }, "list projection busy elsewhere; left for the sweep");
    return null;
  }

  /**
   * Recomputes every list from the source documents, in bulk. For a migration or the rebuild
   * command: run it while nothing writes (at start-up before serving, or with the service stopped);
   * documents changed while it runs are flagged again and projected by the next sweep.
   */
  async rebuild(): Promise<{ documents: number; items: number }> {
    const items: ListItem[] = [];
    const states: StateDoc[] = [];
    let documents = 0;
    for await (const doc of this.o.source.find({}, { projection: this.o.projection })) {
      const mine = this.o.itemsOf(doc as unknown as D);
      documents++;
      items.push(...mine);
      states.push({
        _id: String(doc._id),
        holder: "",
        until: new Date(0),
        items: mine.map(identity),
        etag: String(doc.etag),
      });
    }
    await this.o.index.replaceAll(items);
    await this.state.deleteMany({});
    // Replaced, not inserted: a replica projecting meanwhile may have written one.
    for (let i = 0; i < states.length; i += 500)
      await this.state.bulkWrite(
        states.slice(i, i + 500).map((s) => ({ replaceOne: { filter: { _id: s._id }, replacement: s, upsert: true } })),
        { ordered: false },
      );
    // A flag set by a write the rebuild saw is cleared; one set by a later write stays for the sweep.
    const seen = new Map(states.map((s) => [s._id, s.etag]));
    for await (const d of this.o.source.find({ _listsPending: true } as never, { projection: { etag: 1 } })) {
      const etag = seen.get(String(d._id));
      if (etag !== undefined && etag === d.etag)
        await this.o.source.updateOne({ _id: d._id, etag } as never, { $set: { _listsPending: false } } as never);
    }
    return { documents, items: items.length };
  }
}
