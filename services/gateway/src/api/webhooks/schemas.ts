/** REST schemas for webhook subscriptions (the notifier's WebhooksService): the OpenAPI document is generated from them. */
import { WEBHOOK_EVENT_TYPES } from "@csp-mesh/notifier/contract";
import { z } from "zod";
import { NullableTimestamp, page, requestIdField, Timestamp } from "../common-schemas";
import { optionalPartnerRef } from "../fields";

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const eventType = z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]]);
const subscriptionState = z.enum(["SUBSCRIPTION_STATE_ACTIVE", "SUBSCRIPTION_STATE_PAUSED"]);
const deliveryStatus = z.enum(["DELIVERY_STATUS_PENDING", "DELIVERY_STATUS_DELIVERED", "DELIVERY_STATUS_FAILED"]);

export const WebhookSubscription = z
  .object({
    name: z.string(),
    partner: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    state: subscriptionState,
    pauseReason: z.string(),
    consecutiveFailures: z.number().int(),
    createdBy: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
  })
  .openapi("WebhookSubscription");

export const WebhookDelivery = z
  .object({
    name: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: deliveryStatus,
    attempts: z.array(z.object({ time: Timestamp, httpStatus: z.number().int(), error: z.string() })),
    nextAttemptTime: NullableTimestamp,
    createTime: Timestamp,
  })
  .openapi("WebhookDelivery");

export const webhooks = {
  ids: {
    subscription: z.object({ id: z.string().regex(ID) }),
    delivery: z.object({ id: z.string().regex(ID), eventId: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/) }),
  },
  queries: {
    page: z.object(page),
    deliveries: z.object({ ...page, status: deliveryStatus.optional() }),
  },
  bodies: {
    create: z
      .object({
        subscriptionId: z.string().regex(ID, "2-63 lower-case letters, digits and hyphens"),
        subscription: z.object({
          partner: optionalPartnerRef.default("").openapi({ description: "Default: the caller's own partner" }),
          url: z
            .string()
            .max(2000)
            .regex(/^https?:\/\/[A-Za-z0-9.:[\]-]+(\/[!-~]*)?$/, "an https:// address, in ASCII")
            .openapi({
              description:
                "https:// (http:// only to 127.0.0.1 or localhost when the mesh allows it); no credentials in it",
            }),
          eventTypes: z.array(eventType).min(1).max(100),
        }),
        requestId: requestIdField,
      })
      .openapi("CreateWebhookSubscription"),
  },
  responses: {
    created: z
      .object({
        subscription: WebhookSubscription,
        secret: z.string().openapi({ description: "The signing secret (whsec_...), shown once" }),
      })
      .openapi("CreatedWebhookSubscription"),
    subscriptions: z
      .object({ subscriptions: z.array(WebhookSubscription), nextPageToken: z.string() })
      .openapi("WebhookSubscriptionList"),
    deliveries: z
      .object({ deliveries: z.array(WebhookDelivery), nextPageToken: z.string() })
      .openapi("WebhookDeliveryList"),
  },
};
