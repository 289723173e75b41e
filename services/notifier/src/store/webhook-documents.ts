/**
 * The webhook store's documents: subscriptions and their deliveries. Apart from the store so the
 * deliveries' lists (lists.ts) can name them without importing the store that builds those lists.
 */
import type { Classification } from "@csp-mesh/kit";

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
  /** Changes with every change of status (the lists' projection checks it). */
  etag: string;
  _listsPending?: boolean;
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
