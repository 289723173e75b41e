/**
 * The ledger in MongoDB: one document per position, `_id` = seq, so two replicas can never put two
 * records at one position (the insert of the second fails and it takes the next); `eventId` is
 * unique, so an event redelivered after a crash is recorded once. No transactions needed.
 *
 * Lists (docs/architecture.md, "Lists and counts"): the whole ledger is paged by position (`_id`
 * arithmetic: positions have no gaps); a resource's records by `subject` (a handful each); records
 * of one event type, which grow with the years, from a list read model, `type:<type>` in position
 * order, written after each append and again whenever the event is delivered again, so a crash
 * between the two is mended by the redelivery.
 */
import { type DomainEvent, isDuplicateKey, ListIndex, prefixBucket } from "@csp-mesh/kit";
import type { Collection, Db } from "mongodb";
import { type ChainEntry, contentHash, GENESIS, linkHash, payloadHash, type RecordContent } from "../domain/chain";

export interface LedgerDoc {
  _id: number;
  eventId: string;
  type: string;
  source: string;
  subject: string;
  classification: DomainEvent["classification"];
  eventTime: Date;
  recordTime: Date;
  correlationId: string;
  payloadSha256: string;
  payloadJson: string;
  /** The previous position's hash and this one's (see domain/chain.ts). */
  prevHash: string;
  hash: string;
  /** The OPCC owns the ledger; the policy's `owner` field. */
  owner: string;
  /** Partners the event names (resource names found in its payload or subject): who may export it. */
  partners: string[];
}

export const LEDGER = "audit_ledger";
/** The one order of the ledger's lists; keys are positions padded to 12 digits, 1,000 to a bucket. */
export const BY_POSITION = "seq";
export const positionKey = (seq: number) => String(seq).padStart(12, "0");
/** Positions walked past the recorded head before it is recorded and read again. */
export const WALK_STEPS = 100;
const PARTNER_NAME = /partners\/[a-z0-9][a-z0-9-]{1,62}/g;

export const contentOf = (d: LedgerDoc): RecordContent => ({
  seq: d._id,
  eventId: d.eventId,
  type: d.type,
  source: d.source,
  subject: d.subject,
  classification: d.classification,
  eventTime: d.eventTime.toISOString(),
  recordTime: d.recordTime.toISOString(),
  correlationId: d.correlationId,
  payloadJson: d.payloadJson,
});

export const entryOf = (d: LedgerDoc): ChainEntry => ({
  seq: d._id,
  hash: d.hash,
  record: contentOf(d),
  payloadSha256: d.payloadSha256,
});

/** A position and its hash: the ledger's head, or the last record a replica appended. */
type Head = { seq: number; hash: string };
/** An event as it is appended: its position comes from the ledger, its record time by default now. */
type NewRecord = Omit<RecordContent, "seq" | "recordTime"> & { recordTime?: string };

export class Ledger {
  readonly col: Collection<LedgerDoc>;
  readonly lists: ListIndex;
  private readonly heads: Collection<Head & { _id: string }>;
  /** This ledger's last append (positions never change once written), unknown until the first. */
  private last: Head | undefined;

  constructor(db: Db) {
    this.col = db.collection<LedgerDoc>(LEDGER);
    this.lists = new ListIndex(db, LEDGER, { [BY_POSITION]: prefixBucket(9) });
    this.heads = db.collection(`${LEDGER}_head`);
  }

  private listed(seq: number, type: string) {
    return { view: `type:${type}`, order: BY_POSITION, id: String(seq), k: positionKey(seq), f: {} };
  }

  /** Fills the type lists from the records (a migration, and for data loaded straight in). */
  async rebuildLists(): Promise<number> {
    const items = [];
    for await (const d of this.col.find({}, { projection: { type: 1 } })) items.push(this.listed(d._id, d.type));
    await this.lists.replaceAll(items);
    return items.length;
  }

  async init(): Promise<void> {
    await this.col.createIndex({ eventId: 1 }, { unique: true });
    await this.col.createIndex({ subject: 1, _id: 1 });
    await this.col.createIndex({ type: 1, _id: 1 });
    await this.col.createIndex({ partners: 1, _id: 1 });
  }

  /**
   * The last position and its hash. Kept in a small document of its own: finding the largest
   * position by sorting the ledger reads every record on FerretDB (0.7 s at 50,000 records, on every
   * append). The document may lag (a replica that stopped between its append and recording the
   * head, or another replica's append): the positions after it are read by `_id` until one is
   * missing, since positions have no gaps. The walk records how far it got and looks at the document
   * again every WALK_STEPS positions, so a head moved far ahead meanwhile (a bulk load, a busy
   * replica) ends it instead of being followed one record at a time.
   */
  async head(): Promise<Head> {
    for (;;) {
      const known = await this.heads.findOne({ _id: "head" });
      let h = known ? { seq: known.seq, hash: known.hash } : await this.headBySorting();
      let steps = 0;
      for (; steps < WALK_STEPS; steps++) {
        const next = await this.col.findOne({ _id: h.seq + 1 }, { projection: { hash: 1 } });
        if (!next) break;
        h = { seq: next._id, hash: next.hash };
      }
      if (!known || known.seq < h.seq) await this.recordHead(h.seq, h.hash);
      if (steps < WALK_STEPS) return h; // the position after h is free: h is the head
    }
  }

  /** Once per ledger, before the head was kept: the largest position, by sorting. */
  private async headBySorting(): Promise<Head> {
    const last = await this.col
      .find({}, { projection: { hash: 1 } })
      .sort({ _id: -1 })
      .limit(1)
      .next();
    return last ? { seq: last._id, hash: last.hash } : { seq: 0, hash: GENESIS };
  }

  /** Moves the recorded head forward, never back. */
  private async recordHead(seq: number, hash: string): Promise<void> {
    const r = await this.heads.updateOne({ _id: "head", seq: { $lt: seq } }, { $set: { seq, hash } });
    if (r.matchedCount === 1) return;
    try {
      await this.heads.insertOne({ _id: "head", seq, hash });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // there already, at this position or beyond
    }
  }

  /**
   * Appends the event at the next position, once; returns its position. The position after this
   * ledger's last append is tried first, with no read: the insert fails on a taken position (another
   * replica appended) or on the event's id (a redelivery), and only then is the head found again or
   * the earlier record returned. On FerretDB that took an event's commands from seven to four.
   */
  async append(e: NewRecord): Promise<number> {
    for (;;) {
      const head = this.last ?? (await this.head());
      const doc = this.linked(head, e);
      try {
        await this.col.insertOne(doc);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        this.last = undefined;
        const existing = await this.col.findOne({ eventId: e.eventId }, { projection: { _id: 1, type: 1 } });
        if (existing) {
          // Recorded before: its list entry again, in case the first delivery stopped short of it.
          await this.lists.apply([], [this.listed(existing._id, existing.type)]);
          return existing._id;
        }
        continue; // another replica took the position: find the head again
      }
      this.last = { seq: doc._id, hash: doc.hash };
      await this.recordHead(doc._id, doc.hash);
      await this.lists.apply([], [this.listed(doc._id, doc.type)]);
      return doc._id;
    }
  }

  /** The record of `e` at the position after `head`, chained to it. */
  private linked(head: Head, e: NewRecord): LedgerDoc {
    const content: RecordContent = { ...e, seq: head.seq + 1, recordTime: e.recordTime ?? new Date().toISOString() };
    return {
      _id: content.seq,
      eventId: content.eventId,
      type: content.type,
      source: content.source,
      subject: content.subject,
      classification: content.classification as DomainEvent["classification"],
      eventTime: new Date(content.eventTime),
      recordTime: new Date(content.recordTime),
      correlationId: content.correlationId,
      payloadSha256: payloadHash(content.payloadJson),
      payloadJson: content.payloadJson,
      prevHash: head.hash,
      hash: linkHash(head.hash, contentHash(content)),
      owner: "partners/opcc-kent",
      partners: [...new Set([content.subject, content.payloadJson].flatMap((s) => s.match(PARTNER_NAME) ?? []))].sort(),
    };
  }

  /** Every position in order, a page at a time (for verification and export). */
  async *all(batch = 500): AsyncGenerator<LedgerDoc> {
    let after = 0;
    for (;;) {
      const docs = await this.col
        .find({ _id: { $gt: after } })
        .sort({ _id: 1 })
        .limit(batch)
        .toArray();
      if (docs.length === 0) return;
      yield* docs;
      after = docs[docs.length - 1]?._id ?? after;
    }
  }
}
