/** /v1/webhook-subscriptions: a partnership's webhook subscriptions and their deliveries (the notifier's WebhooksService). */
import type { z } from "zod";
import type { Ask, Downstream } from "../../downstream";
import { partnerName } from "../fields";
import type { RestRoute } from "../route";
import { webhooks as W, WebhookDelivery, WebhookSubscription } from "./schemas";

const TAG = "Webhooks";
const subName = (id: unknown) => `webhookSubscriptions/${String(id)}`;

export function webhookRoutes(d: Downstream): RestRoute[] {
  const setState = (
    verb: "pause" | "resume",
    state: Ask<"notifier", "SetWebhookSubscriptionState">["state"],
  ): RestRoute => ({
    method: "post",
    path: `/v1/webhook-subscriptions/{id}/${verb}`,
    summary:
      verb === "pause" ? "Pause a subscription (events are queued)" : "Resume a subscription; queued events go out",
    tag: TAG,
    params: W.ids.subscription,
    response: WebhookSubscription,
    handler: ({ params, token }) => d.notifier.SetWebhookSubscriptionState({ name: subName(params.id), state }, token),
  });
  return [
    {
      method: "get",
      path: "/v1/webhook-subscriptions",
      summary: "Webhook subscriptions you may see (your partnership's; every one for the OPCC)",
      tag: TAG,
      query: W.queries.page,
      response: W.responses.subscriptions,
      handler: ({ query, token }) => d.notifier.ListWebhookSubscriptions(query, token),
    },
    {
      method: "post",
      path: "/v1/webhook-subscriptions",
      summary: "Subscribe an endpoint to event types about your partnership's own material; the secret is shown once",
      tag: TAG,
      body: W.bodies.create,
      response: W.responses.created,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as z.infer<typeof W.bodies.create>;
        const partner = b.subscription.partner ? partnerName(b.subscription.partner) : "";
        return d.notifier.CreateWebhookSubscription({ ...b, subscription: { ...b.subscription, partner } }, token);
      },
    },
    {
      method: "get",
      path: "/v1/webhook-subscriptions/{id}",
      summary: "A webhook subscription",
      tag: TAG,
      params: W.ids.subscription,
      response: WebhookSubscription,
      handler: ({ params, token }) => d.notifier.GetWebhookSubscription({ name: subName(params.id) }, token),
    },
    {
      method: "delete",
      path: "/v1/webhook-subscriptions/{id}",
      summary: "Delete a subscription and its deliveries",
      tag: TAG,
      params: W.ids.subscription,
      response: WebhookSubscription,
      handler: ({ params, token }) => d.notifier.DeleteWebhookSubscription({ name: subName(params.id) }, token),
    },
    setState("pause", "SUBSCRIPTION_STATE_PAUSED"),
    setState("resume", "SUBSCRIPTION_STATE_ACTIVE"),
    {
      method: "get",
      path: "/v1/webhook-subscriptions/{id}/deliveries",
      summary: "A subscription's deliveries with every attempt, newest events last",
      tag: TAG,
      params: W.ids.subscription,
      query: W.queries.deliveries,
      response: W.responses.deliveries,
      handler: ({ params, query, token }) =>
        d.notifier.ListWebhookDeliveries({ parent: subName(params.id), ...query }, token),
    },
    {
      method: "post",
      path: "/v1/webhook-subscriptions/{id}/deliveries/{eventId}/resend",
      summary: "Send a delivery again (same webhook-id)",
      tag: TAG,
      params: W.ids.delivery,
      response: WebhookDelivery,
      handler: ({ params, token }) =>
        d.notifier.ResendWebhookDelivery({ name: `${subName(params.id)}/deliveries/${String(params.eventId)}` }, token),
    },
  ];
}
