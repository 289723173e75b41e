import { randomUUID } from "node:crypto";
import type { Collection, Db, Document, Filter } from "mongodb";
import { isDuplicateKey } from "../errors";
import type { EventPublisher } from "../events/publisher";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import type { OutboxEntry, OutboxFields } from "./outbox";

export interface RelayOptions {
  collections: string[];
  pollMs: number;
  /**
   * The poll's interval grows from pollMs to this (doubling) while polls find nothing, and is back
   * to pollMs once one does. Kept under a third of the lease, so an idle holder still renews it.
   */
  idlePollMs?: number;
  /** How long a replica's turn at relaying a collection lasts unless renewed; another may take over after. */
  leaseMs?: number;
  /** Aggregates published per pass (one Kafka send for all their events). */
  batchSize?: number;
}

type OutboxDoc = Document & OutboxFields;

interface LeaseDoc {
  _id: string;
  holder: string;
  until: Date;
}

/** Where the relays of a service's replicas take turns, one small document per outbox collection. */
export const OUTBOX_LEASES = "_outbox_leases";

/**
 * Publishes staged events. One replica at a time relays a collection, holding a lease (a small
 * document in `_outbox_leases`, renewed each pass); the others stand by and take over when it
 * lapses. Each pass reads up to `batchSize` aggregates with pending events by a top-level equality
 * the database serves from its index, sends all their events at once (acks=all, idempotent
 * producer; an aggregate's events share a key, so their order holds), then clears each aggregate
 * with one write by `_id` that removes exactly what was sent. A relay that lost its lease without
 * knowing can at worst send events twice, never lose one; consumers drop duplicates by event id.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  /** Collections written here since their last pass; a nudge that comes mid-pass is kept, not lost. */
  private readonly dirty = new Set<string>();
  private loop: Promise<void> | undefined;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly me = randomUUID();
  private readonly held = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly publisher: EventPublisher,
    private readonly opts: RelayOptions,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.leaseMs = opts.leaseMs ?? 15_000;
    this.batchSize = opts.batchSize ?? 100;
  }

  async start(): Promise<void> {
    for (const name of this.opts.collections) {
      await this.db.collection(name).createIndex({ _outboxPending: 1 });
    }
    this.running = true;
    this.loop = this.run();
    this.metrics.outboxSamplers.add(this.sampler);
  }

  /**
   * Called after a local write so its events go out now rather than at the next poll. Only the
   * collection written is visited; the poll, for other replicas' writes and retries, visits every
   * collection.
   */
  nudge(collection: string): void {
    if (this.opts.collections.includes(collection)) this.dirty.add(collection);
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.metrics.outboxSamplers.delete(this.sampler);
    this.wake?.();
    await this.loop;
    // Hand over at once rather than making the next replica wait for the lease to lapse.
    for (const name of this.held.keys())
      await this.leases()
        .updateOne({ _id: name, holder: this.me }, { $set: { until: new Date(0) } })
        .catch(() => undefined);
  }

  private leases(): Collection<LeaseDoc> {
    return this.db.collection<LeaseDoc>(OUTBOX_LEASES);
  }

  private async run(): Promise<void> {
    const { pollMs } = this.opts;
    const idlePollMs = Math.max(pollMs, Math.min(this.opts.idlePollMs ?? pollMs, this.leaseMs / 3));
    let backoff = pollMs;
    // Polls that find nothing (the usual case: a replica's own writes nudge it) come less often,
    // up to idlePollMs: an idle service polled every outbox collection every second for ever.
    let quiet = pollMs;
    let everything = true; // the first pass and every poll visit every collection
    while (this.running) {
      const names = everything ? this.opts.collections : this.opts.collections.filter((n) => this.dirty.has(n));
      for (const name of names) this.dirty.delete(name);
      let failed = false;
      let found = false;
      for (const name of names) {
        try {
          if (!(await this.haveTurn(name))) continue;
          // Drain a collection before moving on, but let stop() interrupt.
          while (this.running && (await this.relayBatch(this.db.collection<OutboxDoc>(name))) > 0) {
            found = true;
            if (!(await this.haveTurn(name))) break;
          }
        } catch (err) {
          failed = true;
          this.metrics.outboxPublishFailures.inc();
          this.log.warn({ err: (err as Error).message, collection: name }, "outbox relay: publish failed; will retry");
        }
      }
      if (found) quiet = pollMs;
      else if (everything) quiet = Math.min(quiet * 2, idlePollMs);
      backoff = failed ? Math.min(backoff * 2, 5_000) : pollMs;
      // Written to while this pass ran: go again at once for those collections.
      if (!failed && this.dirty.size > 0) {
        everything = false;
        continue;
      }
      everything = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(true), failed ? backoff : quiet);
        this.wake = () => {
          clearTimeout(t);
          resolve(failed);
        };
      });
      this.wake = undefined;
    }
  }

  /** True while this replica holds the collection's lease; takes or renews it when due. */
  private async haveTurn(name: string): Promise<boolean> {
    const now = Date.now();
    const until = this.held.get(name);
    if (until !== undefined && until - now > this.leaseMs / 2) return true;
    const next = new Date(now + this.leaseMs);
    try {
      const r = await this.leases().updateOne(
        { _id: name, $or: [{ holder: this.me }, { until: { $lt: new Date(now) } }] },
        { $set: { holder: this.me, until: next } },
        { upsert: true },
      );
      if (r.matchedCount + r.upsertedCount === 1) {
        this.held.set(name, next.getTime());
        return true;
      }
    } catch (err) {
      // Another replica created the lease document first (duplicate _id on upsert): not our turn.
      if (!isDuplicateKey(err)) throw err;
    }
    this.held.delete(name);
    return false;
  }

  /** Publishes and clears a batch of aggregates with pending events; how many it took. */
  private async relayBatch(col: Collection<OutboxDoc>): Promise<number> {
    const docs = await col.find({ _outboxPending: true }, { limit: this.batchSize }).toArray();
    if (docs.length === 0) return 0;
    const events = docs.flatMap((d) => d._outbox ?? []);
    await this.publisher.publish(events.map(({ stagedAt: _s, ...event }) => event));
    for (const e of events) this.metrics.outboxLagSeconds.observe((Date.now() - e.stagedAt.getTime()) / 1000);
    await Promise.all(docs.map((d) => this.clear(col, d._id, d._outbox ?? [])));
    return docs.length;
  }

  /**
   * Removes exactly what was published. Entries are only ever appended by writers and removed from
   * the front by the relay, so "starts with the first entry sent and has as many entries as were
   * sent" means "is what was sent": then one write empties it and drops the pending flag. Otherwise
   * (more staged meanwhile, or another relay got there first) the sent entries are pulled by value.
   */
  private async clear(col: Collection<OutboxDoc>, id: unknown, sent: OutboxEntry[]): Promise<void> {
    const first = sent[0];
    const exact = (
      first
        ? { _id: id, "_outbox.0.id": first.id, _outbox: { $size: sent.length } }
        : { _id: id, _outbox: { $size: 0 } }
    ) as Filter<OutboxDoc>;
    const emptied = await col.updateOne(exact, { $set: { _outbox: [] }, $unset: { _outboxPending: "" } });
    if (emptied.matchedCount === 1 || sent.length === 0) return;
    await col.updateOne({ _id: id } as Filter<OutboxDoc>, { $pullAll: { _outbox: sent } as never });
  }

  /** Sets the pending gauge for each collection; called when the metrics are scraped. */
  private readonly sampler = async (): Promise<void> => {
    await Promise.all(
      this.opts.collections.map(async (name) => {
        try {
          const n = await this.db.collection(name).countDocuments({ _outboxPending: true });
          this.metrics.outboxPending.set({ collection: name }, n);
        } catch {
          /* a sampling miss is not worth a log line: the scrape shows the last count */
        }
      }),
    );
  };
}
