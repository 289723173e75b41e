/**
 * Subscriptions and deliveries. A delivery's `_id` is `<subscription>/deliveries/<event id>`, so an
 * event redelivered to the notifier (or seen by two replicas) makes one delivery; a dispatcher claims a
 * due delivery with one conditional update (a lease), so two replicas never send it at the same time.
 */
import type { Classification } from "@csp-mesh/kit";
import type { Collection, Db } from "mongodb";
import { claimOne } from "./lease";

export type SubscriptionState = "ACTIVE" | "PAUSED";
export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

export interface SubscriptionDoc {
  _id: string;
  /** The partner whose events it receives (the policy's `owner`). */
  owner: string;
  classification: Classification;
  url: string;
  eventTypes: string[];
  state: SubscriptionState;
  pauseReason: string;
  consecutiveFailures: number;
  /** The Standard Webhooks signing secret (whsec_...): needed to sign, so it is kept, never shown again. */
  secret: string;
  createdBy: string;
  createTime: Date;
  updateTime: Date;
  requestId?: string;
}

export interface Attempt {
  time: Date;
  httpStatus: number;
  error: string;
}

export interface DeliveryDoc {
  _id: string;
  subscription: string;
  owner: string;
  classification: Classification;
  eventId: string;
  eventType: string;
  /** The exact body sent (a CloudEvent in JSON), so a resend sends the same bytes. */
  body: string;
  status: DeliveryStatus;
  attempts: Attempt[];
  nextAttemptTime: Date;
  /** While an attempt is in flight: until when the claiming replica holds it. */
  leaseUntil?: Date;
  createTime: Date;
}

export class WebhookStore {
  readonly subscriptions: Collection<SubscriptionDoc>;
  readonly deliveries: Collection<DeliveryDoc>;

  constructor(db: Db) {
    this.subscriptions = db.collection<SubscriptionDoc>("webhook_subscriptions");
    this.deliveries = db.collection<DeliveryDoc>("webhook_deliveries");
  }

  async init(): Promise<void> {
    await this.subscriptions.createIndex({ owner: 1, state: 1 });
    await this.subscriptions.createIndex({ eventTypes: 1 });
    await this.deliveries.createIndex({ status: 1, nextAttemptTime: 1 });
    await this.deliveries.createIndex({ subscription: 1, _id: 1 });
  }

  /** Takes one due delivery for this replica for `leaseMs`, or none. */
  async claimDue(now: Date, leaseMs: number): Promise<DeliveryDoc | null> {
    return claimOne(this.deliveries, { status: "PENDING", nextAttemptTime: { $lte: now } }, now, leaseMs);
  }
}
