import {
  ASSESSMENT_EVENTS,
  DIRECTORY_EVENTS,
  type DomainEvent,
  isDuplicateKey,
  MEETING_EVENTS,
  REPORT_EVENTS,
  type ServiceSpec,
  structuredCloudEvent,
} from "@csp-mesh/kit";
import { webhooksMethods } from "./api/webhooks-api";
import { type NotifierConfig, notifierConfigSchema } from "./config";
import { Dispatcher } from "./dispatcher";
import { partnerView } from "./domain/partner-view";
import { type DeliveryDoc, WebhookStore } from "./store/webhooks";

export const notifierSpec: ServiceSpec<NotifierConfig> = {
  name: "notifier",
  configSchema: notifierConfigSchema,
  protoFiles: ["csp/notifier/v1/notifier.proto"],
  events: [...DIRECTORY_EVENTS, ...REPORT_EVENTS, ...MEETING_EVENTS, ...ASSESSMENT_EVENTS],
  async setup(kit) {
    const store = new WebhookStore(kit.mongo.db);
    await store.init();
    const dispatcher = new Dispatcher(store, kit.config, kit.log);
    dispatcher.start();

    /** One delivery per subscription that wants this event and whose partner it concerns. */
    const fanOut = async (e: DomainEvent) => {
      // Paused subscriptions queue theirs too: nothing is lost while a receiver is down.
      for await (const sub of store.subscriptions.find({ eventTypes: e.type })) {
        const data = partnerView(e.type, e.data, sub.owner);
        if (!data) continue;
        const body = structuredCloudEvent(e, data);
        const now = new Date();
        const delivery: DeliveryDoc = {
          _id: `${sub._id}/deliveries/${e.id}`,
          subscription: sub._id,
          owner: sub.owner,
          classification: sub.classification,
          eventId: e.id,
          eventType: e.type,
          body,
          status: "PENDING",
          attempts: [],
          nextAttemptTime: now,
          createTime: now,
        };
        try {
          await store.deliveries.insertOne(delivery);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // already queued (a redelivered event)
        }
      }
    };

    return {
      consumers: [
        {
          group: "notifier.webhooks",
          domains: ["directory", "reports", "meetings", "assessments"],
          handlers: { "*": fanOut },
        },
      ],
      grpc: {
        "csp.notifier.v1.WebhooksService": webhooksMethods(store, kit.config.WEBHOOK_ALLOW_LOOPBACK_HTTP),
      },
      onStop: () => dispatcher.stop(),
    };
  },
};
