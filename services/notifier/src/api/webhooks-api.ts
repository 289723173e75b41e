/** csp.notifier.v1.WebhooksService: a partner's subscriptions and their deliveries. */
import { randomBytes } from "node:crypto";
import {
  type AnyMethodSpec,
  alreadyExists,
  type Caller,
  enforce,
  findPage,
  invalidArgument,
  isDuplicateKey,
  listBaseSchema,
  method,
  notFound,
  protoEnum,
  readViewPage,
  requestIdSchema,
  resourceId,
  scopedFilter,
  toTimestamp,
} from "@csp-mesh/kit";
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_SUBSCRIPTION } from "../contract";
import { BY_CREATED, deliveryView } from "../store/lists";
import type { DeliveryDoc, SubscriptionDoc } from "../store/webhook-documents";
import type { WebhookStore } from "../store/webhooks";

const KIND = WEBHOOK_SUBSCRIPTION;
const KNOWN_TYPES = new Set(WEBHOOK_EVENT_TYPES);
const subscriptionName = z
  .string()
  .regex(/^webhookSubscriptions\/[a-z0-9][a-z0-9-]{1,62}$/, "must be a resource name like webhookSubscriptions/<id>");
const deliveryName = z
  .string()
  .regex(
    /^webhookSubscriptions\/[a-z0-9][a-z0-9-]{1,62}\/deliveries\/[A-Za-z0-9._:-]{1,100}$/,
    "must be a resource name like webhookSubscriptions/<id>/deliveries/<event id>",
  );
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function subscriptionToProto(d: SubscriptionDoc) {
  return {
    name: d._id,
    partner: d.owner,
    url: d.url,
    eventTypes: d.eventTypes,
    state: `SUBSCRIPTION_STATE_${d.state}`,
    pauseReason: d.pauseReason,
    consecutiveFailures: d.consecutiveFailures,
    createdBy: d.createdBy,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
  };
}

export function deliveryToProto(d: DeliveryDoc) {
  return {
    name: d._id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: `DELIVERY_STATUS_${d.status}`,
    attempts: d.attempts.map((a) => ({ time: toTimestamp(a.time), httpStatus: a.httpStatus, error: a.error })),
    nextAttemptTime: d.status === "PENDING" ? toTimestamp(d.nextAttemptTime) : null,
    createTime: toTimestamp(d.createTime),
  };
}

export function webhooksMethods(store: WebhookStore, allowLoopbackHttp: boolean): Record<string, AnyMethodSpec> {
  /** The subscription if the caller may see it (NOT_FOUND otherwise), and may do `action` to it. */
  const visible = async (caller: Caller, name: string, action: "read" | "update") => {
    const scope = scopedFilter(caller, KIND, { _id: name });
    const sub = scope ? await store.subscriptions.findOne(scope) : null;
    if (!sub) throw notFound(name);
    enforce(caller, action, KIND, { owner: sub.owner, classification: sub.classification }, name);
    return sub;
  };

  const endpoint = z
    .string()
    .max(2000)
    .superRefine((u, ctx) => {
      let url: URL;
      try {
        url = new URL(u);
      } catch {
        ctx.addIssue({ code: "custom", message: "not a valid address" });
        return;
      }
      if (!/^[\x21-\x7e]+$/.test(u)) {
        ctx.addIssue({ code: "custom", message: "ASCII only (an internationalised host name in its xn-- form)" });
        return;
      }
      const ok =
        url.protocol === "https:" || (allowLoopbackHttp && url.protocol === "http:" && LOOPBACK.has(url.hostname));
      if (!ok) ctx.addIssue({ code: "custom", message: "must be an https:// address" });
      if (url.username || url.password) ctx.addIssue({ code: "custom", message: "must not carry credentials" });
    });

  return {
    CreateWebhookSubscription: method({
      request: z.object({
        subscriptionId: resourceId,
        subscription: z.object({
          partner: z.union([
            z.literal(""),
            z.string().regex(/^partners\/[a-z0-9][a-z0-9-]{1,62}$/, "must be partners/<id>"),
          ]),
          url: endpoint,
          eventTypes: z
            .array(z.string().refine((t) => KNOWN_TYPES.has(t), "not an event type of the mesh (see /asyncapi.json)"))
            .min(1, "name at least one event type")
            .max(100),
        }),
        requestId: requestIdSchema,
      }),
      handler: async (req, { caller }) => {
        const partner = req.subscription.partner || caller.partner;
        enforce(caller, "create", KIND, { owner: partner, classification: "OFFICIAL" }, "a webhook subscription");
        const now = new Date();
        const doc: SubscriptionDoc = {
          _id: `webhookSubscriptions/${req.subscriptionId}`,
          owner: partner,
          classification: "OFFICIAL",
          url: req.subscription.url,
          eventTypes: [...new Set(req.subscription.eventTypes)].sort(),
          state: "ACTIVE",
          pauseReason: "",
          consecutiveFailures: 0,
          secret: `whsec_${randomBytes(32).toString("base64")}`,
          createdBy: caller.subject,
          createTime: now,
          updateTime: now,
        };
        try {
          await store.subscriptions.insertOne(doc);
        } catch (err) {
          // The secret is shown once, so a retry cannot be answered with the first result: the name decides.
          if (isDuplicateKey(err)) throw alreadyExists(`${doc._id} already exists`);
          throw err;
        }
        return { subscription: subscriptionToProto(doc), secret: doc.secret };
      },
    }),

    GetWebhookSubscription: method({
      request: z.object({ name: subscriptionName }),
      handler: async (req, { caller }) => subscriptionToProto(await visible(caller, req.name, "read")),
    }),

    ListWebhookSubscriptions: method({
      request: listBaseSchema,
      handler: async (req, { caller }) => {
        const scope = scopedFilter(caller, KIND, {});
        if (scope === null) return { subscriptions: [], nextPageToken: "" };
        const page = await findPage(store.subscriptions, scope, req.pageSize, req.pageToken);
        return { subscriptions: page.items.map(subscriptionToProto), nextPageToken: page.nextPageToken };
      },
    }),

    SetWebhookSubscriptionState: method({
      request: z.object({
        name: subscriptionName,
        state: protoEnum("SUBSCRIPTION_STATE", ["ACTIVE", "PAUSED"] as const),
      }),
      handler: async (req, { caller }) => {
        if (!req.state)
          throw invalidArgument("invalid request: state", [{ field: "state", description: "choose ACTIVE or PAUSED" }]);
        const sub = await visible(caller, req.name, "update");
        const changes =
          req.state === "ACTIVE"
            ? { state: "ACTIVE" as const, pauseReason: "", consecutiveFailures: 0 }
            : { state: "PAUSED" as const, pauseReason: `paused by ${caller.subject}` };
        const updated = await store.subscriptions.findOneAndUpdate(
          { _id: sub._id },
          { $set: { ...changes, updateTime: new Date() } },
          { returnDocument: "after" },
        );
        if (!updated) throw notFound(req.name);
        // What queued up while paused goes out now rather than at its deferred time.
        if (updated.state === "ACTIVE")
          await store.deliveries.updateMany(
            { subscription: updated._id, status: "PENDING" },
            { $set: { nextAttemptTime: new Date() } },
          );
        return subscriptionToProto(updated);
      },
    }),

    DeleteWebhookSubscription: method({
      request: z.object({ name: subscriptionName }),
      handler: async (req, { caller }) => {
        const sub = await visible(caller, req.name, "update");
        await store.subscriptions.deleteOne({ _id: sub._id });
        await store.deleteDeliveriesOf(sub._id);
        return subscriptionToProto(sub);
      },
    }),

    ListWebhookDeliveries: method({
      request: listBaseSchema.extend({
        parent: subscriptionName,
        status: protoEnum("DELIVERY_STATUS", ["PENDING", "DELIVERED", "FAILED"] as const),
      }),
      handler: async (req, { caller }) => {
        const sub = await visible(caller, req.parent, "read");
        // Newest first, from the subscription's lists (store/lists.ts), each delivery read by `_id`.
        const page = await readViewPage(
          store.lists.index,
          { view: deliveryView(sub._id, req.status || undefined), order: BY_CREATED, descending: true },
          { pageSize: req.pageSize, pageToken: req.pageToken, fingerprint: `${sub._id}|${req.status}` },
          (id) => store.deliveries.findOne({ _id: id }),
        );
        return { deliveries: page.items.map(deliveryToProto), nextPageToken: page.nextPageToken };
      },
    }),

    ResendWebhookDelivery: method({
      request: z.object({ name: deliveryName }),
      handler: async (req, { caller }) => {
        const parent = req.name.split("/deliveries/")[0] as string;
        await visible(caller, parent, "update");
        if (!req.name.startsWith(`${parent}/deliveries/`)) throw notFound(req.name);
        const updated = await store.setStatus(
          req.name,
          { status: "PENDING", nextAttemptTime: new Date() },
          { leaseUntil: "" },
        );
        if (!updated) throw notFound(req.name);
        return deliveryToProto(updated);
      },
    }),
  };
}
