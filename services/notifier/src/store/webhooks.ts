/**
 * Subscriptions and deliveries. A delivery's `_id` is `<subscription>/deliveries/<event id>`, so an
 * event redelivered to the notifier (or seen by two replicas) makes one delivery; a dispatcher claims a
 * due delivery with one conditional update (a lease), so two replicas never send it at the same time.
 */
import { isDuplicateKey, LISTS_PENDING, type Logger, newEtag } from "@csp-mesh/kit";
import type { Collection, Db } from "mongodb";
import { claimOne } from "./lease";
import { BY_CREATED, type DeliveryLists, deliveryLists, deliveryView } from "./lists";
import type { DeliveryDoc, DeliveryStatus, SubscriptionDoc } from "./webhook-documents";

export class WebhookStore {
  readonly subscriptions: Collection<SubscriptionDoc>;
  readonly deliveries: Collection<DeliveryDoc>;
  readonly lists: DeliveryLists;

  constructor(
    private readonly db: Db,
    log: Logger,
    sweepMs: number,
  ) {
    this.subscriptions = db.collection<SubscriptionDoc>("webhook_subscriptions");
    this.deliveries = db.collection<DeliveryDoc>("webhook_deliveries");
    this.lists = deliveryLists(db, log, sweepMs);
  }

  async init(): Promise<void> {
    await this.subscriptions.createIndex({ owner: 1, state: 1 });
    await this.subscriptions.createIndex({ eventTypes: 1 });
    await this.deliveries.createIndex({ status: 1, nextAttemptTime: 1 });
    await this.deliveries.createIndex({ subscription: 1, _id: 1 });
    await this.lists.projection.ensureIndexes();
    await this.lists.projection.open(this.db, "notifier.delivery-lists-v1");
  }

  /** Queues a delivery; false if it was already queued (the event seen again). */
  async queue(d: Omit<DeliveryDoc, "etag">): Promise<boolean> {
    const doc: DeliveryDoc = { ...d, etag: newEtag() };
    try {
      await this.deliveries.insertOne({ ...doc, ...LISTS_PENDING });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    await this.lists.projection.project(doc._id, doc);
    return true;
  }

  /**
   * Changes a delivery's status (and what goes with it), in one write that also marks it for the
   * lists, then brings the lists in line before answering.
   */
  async setStatus(
    id: string,
    set: Partial<Omit<DeliveryDoc, "_id" | "etag">> & { status: DeliveryStatus },
    unset: { leaseUntil?: "" } = {},
  ): Promise<DeliveryDoc | null> {
    const updated = await this.deliveries.findOneAndUpdate(
      { _id: id },
      { $set: { ...set, etag: newEtag(), ...LISTS_PENDING }, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
      { returnDocument: "after" },
    );
    if (updated) await this.lists.projection.project(id, updated);
    return updated;
  }

  /** Deletes a subscription's deliveries and takes them off its lists. */
  async deleteDeliveriesOf(subscription: string): Promise<void> {
    await this.deliveries.deleteMany({ subscription });
    const ids = new Set<string>();
    let after: string | undefined;
    do {
      const page = await this.lists.index.page({
        view: deliveryView(subscription),
        order: BY_CREATED,
        after,
        size: 500,
      });
      for (const it of page.items) ids.add(it.id);
      after = page.nextAfter;
    } while (after !== undefined);
    await Promise.all([...ids].map((id) => this.lists.projection.project(id)));
  }

  async stop(): Promise<void> {
    await this.lists.projection.stop();
  }

  /** Takes one due delivery for this replica for `leaseMs`, or none. */
  async claimDue(now: Date, leaseMs: number): Promise<DeliveryDoc | null> {
    return claimOne(this.deliveries, { status: "PENDING", nextAttemptTime: { $lte: now } }, now, leaseMs);
  }
}
