import { type DomainEvent, type ServiceSpec, structuredCloudEvent } from "@csp-mesh/kit";
import { settingsMethods } from "./api/settings-api";
import { webhooksMethods } from "./api/webhooks-api";
import { type NotifierConfig, notifierConfigSchema } from "./config";
import { MESH_EVENT_DOMAINS } from "./contract";
import { Dispatcher } from "./dispatcher";
import { pausedNotice } from "./domain/notices";
import { partnerView } from "./domain/partner-view";
import { emailHandlers } from "./email/handlers";
import { Mailer } from "./email/mailer";
import { EmailScheduler } from "./email/scheduler";
import { EmailWriter } from "./email/writer";
import { EmailStore } from "./store/email";
import { WebhookStore } from "./store/webhooks";

export const notifierSpec: ServiceSpec<NotifierConfig> = {
  name: "notifier",
  configSchema: notifierConfigSchema,
  protoFiles: ["csp/notifier/v1/notifier.proto"],
  grpcServices: ["csp.notifier.v1.WebhooksService", "csp.notifier.v1.NotificationSettingsService"],
  // Email: projections, reminders and digests in emailHandlers/EmailScheduler, sending in Mailer.
  // Webhooks: fan-out below, sending in Dispatcher.
  events: MESH_EVENT_DOMAINS.flatMap((d) => d.events),
  async setup(kit) {
    const store = new WebhookStore(kit.mongo.db, kit.log, kit.config.LIST_SWEEP_MS);
    await store.init();
    const emails = new EmailStore(kit.mongo.db);
    await emails.init();
    const writer = new EmailWriter(emails, kit.config);
    const dispatcher = new Dispatcher(store, kit.config, kit.log, (sub, reason) =>
      writer
        .write(`${sub._id}/paused/${Date.now()}`, [
          pausedNotice({ name: sub._id, owner: sub.owner, url: sub.url, reason }, kit.config.PUBLIC_BASE_URL),
        ])
        .then(() => undefined),
    );
    dispatcher.start();
    const scheduler = new EmailScheduler(emails, writer, kit.config, kit.log);
    scheduler.start();
    const mailer = writer.enabled ? new Mailer(emails, kit.config, kit.log) : undefined;
    mailer?.start();
    if (!writer.enabled) kit.log.warn("SMTP_URL is not set: no email will be written or sent (webhooks still are)");

    /** One delivery per subscription that wants this event and whose partner it concerns. */
    const fanOut = async (e: DomainEvent) => {
      // Paused subscriptions queue theirs too: nothing is lost while a receiver is down.
      for await (const sub of store.subscriptions.find({ eventTypes: e.type })) {
        const data = partnerView(e.type, e.data, sub.owner);
        if (!data) continue;
        const body = structuredCloudEvent(e, data);
        const now = new Date();
        // Already queued if the event is seen again (redelivered, or by a second replica).
        await store.queue({
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
        });
      }
    };

    return {
      consumers: [
        {
          group: "notifier.webhooks",
          domains: MESH_EVENT_DOMAINS.map((d) => d.domain),
          handlers: { "*": fanOut },
        },
        {
          group: "notifier.email",
          domains: ["directory", "reports", "meetings", "grants"],
          handlers: emailHandlers(emails, writer, kit.config),
        },
      ],
      grpc: {
        "csp.notifier.v1.WebhooksService": webhooksMethods(store, kit.config.WEBHOOK_ALLOW_LOOPBACK_HTTP),
        "csp.notifier.v1.NotificationSettingsService": settingsMethods(emails),
      },
      onStop: async () => {
        await Promise.all([dispatcher.stop(), scheduler.stop(), mailer?.stop()]);
        await store.stop();
      },
    };
  },
};
