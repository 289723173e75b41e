import { randomUUID } from "node:crypto";
import type { Collection, Db, Document } from "mongodb";
import type { EventPublisher } from "../events/publisher";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import type { OutboxEntry, OutboxFields } from "./outbox";

export interface RelayOptions {
  collections: string[];
  pollMs: number;
  /** How long a claimed aggregate is ours; another replica may take it over after that. */
  leaseMs?: number;
}

type OutboxDoc = Document & OutboxFields;

/**
 * Publishes staged events. Safe with several replicas: an aggregate is claimed with a lease
 * (findOneAndUpdate) before its events are sent, so one replica publishes an aggregate's events
 * at a time and in order. A crash after publishing but before removal republishes those events;
 * consumers drop the duplicates by event id.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly leaseMs: number;
  private pendingTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly publisher: EventPublisher,
    private readonly opts: RelayOptions,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.leaseMs = opts.leaseMs ?? 15_000;
  }

  async start(): Promise<void> {
    for (const name of this.opts.collections) {
      await this.db.collection(name).createIndex({ _outboxPending: 1 });
    }
    this.running = true;
    this.loop = this.run();
    this.pendingTimer = setInterval(() => void this.samplePending(), 5_000);
    this.pendingTimer.unref();
  }

  /** Called after a local write so its events go out now rather than at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pendingTimer) clearInterval(this.pendingTimer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoff = this.opts.pollMs;
    while (this.running) {
      let didWork = false;
      let failed = false;
      for (const name of this.opts.collections) {
        try {
          // Drain a collection before moving on, but let stop() interrupt.
          while (this.running && (await this.relayOne(this.db.collection<OutboxDoc>(name)))) didWork = true;
        } catch (err) {
          failed = true;
          this.metrics.outboxPublishFailures.inc();
          this.log.warn({ err: (err as Error).message, collection: name }, "outbox relay: publish failed; will retry");
        }
      }
      if (didWork && !failed) {
        backoff = this.opts.pollMs;
        continue;
      }
      backoff = failed ? Math.min(backoff * 2, 5_000) : this.opts.pollMs;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Claims one aggregate with pending events, publishes them, removes them. False if none. */
  private async relayOne(col: Collection<OutboxDoc>): Promise<boolean> {
    const now = new Date();
    const token = randomUUID();
    const claimed = await col.findOneAndUpdate(
      {
        _outboxPending: true,
        $or: [{ _outboxLease: { $exists: false } }, { _outboxLease: { $lt: now } }],
      },
      { $set: { _outboxLease: new Date(now.getTime() + this.leaseMs), _outboxLeaseToken: token } },
      // No projection: FerretDB 1.24's findAndModify does not support one.
      { returnDocument: "after" },
    );
    if (!claimed) return false;
    const pending: OutboxEntry[] = claimed._outbox ?? [];
    try {
      await this.publisher.publish(pending.map(({ stagedAt: _s, ...event }) => event));
    } catch (err) {
      await col.updateOne(
        { _id: claimed._id, _outboxLeaseToken: token },
        { $unset: { _outboxLease: "", _outboxLeaseToken: "" } },
      );
      throw err;
    }
    for (const e of pending) this.metrics.outboxLagSeconds.observe((Date.now() - e.stagedAt.getTime()) / 1000);
    // Remove exactly what was published; events staged meanwhile stay for the next round.
    await col.updateOne(
      { _id: claimed._id, _outboxLeaseToken: token },
      {
        $pullAll: { _outbox: pending } as never,
        $unset: { _outboxLease: "", _outboxLeaseToken: "" },
      },
    );
    await col.updateOne({ _id: claimed._id, _outbox: { $size: 0 } }, { $unset: { _outboxPending: "" } });
    return true;
  }

  private async samplePending(): Promise<void> {
    for (const name of this.opts.collections) {
      try {
        const n = await this.db.collection(name).countDocuments({ _outboxPending: true });
        this.metrics.outboxPending.set({ collection: name }, n);
      } catch {
        /* a sampling miss is not worth a log line */
      }
    }
  }
}
