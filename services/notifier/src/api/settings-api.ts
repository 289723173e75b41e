/** csp.notifier.v1.NotificationSettingsService: a person's own choice of single emails or a daily digest. */
import {
  type AnyMethodSpec,
  type Caller,
  invalidArgument,
  method,
  notFound,
  permissionDenied,
  protoEnum,
  toTimestamp,
} from "@csp-mesh/kit";
import { z } from "zod";
import type { EmailDelivery, EmailStore } from "../store/email";

const settingsName = z
  .string()
  .regex(
    /^people\/([a-z0-9][a-z0-9-]{0,62}|-)\/notificationSettings$/,
    "must be people/<id>/notificationSettings (people/-/notificationSettings for your own)",
  );

/** The person whose settings `name` names: only the caller's own exist for the caller. */
function ownerOf(caller: Caller, name: string): string {
  if (caller.kind !== "person") throw permissionDenied("partner systems do not receive email; they use webhooks");
  const person = name.slice(0, -"/notificationSettings".length).replace(/^people\/-$/, caller.subject);
  if (person !== caller.subject) throw notFound(name);
  return person;
}

export function settingsMethods(store: EmailStore): Record<string, AnyMethodSpec> {
  const toProto = async (person: string) => {
    const [pref, contact] = await Promise.all([
      store.preferences.findOne({ _id: person }),
      store.contacts.findOne({ _id: person }),
    ]);
    return {
      name: `${person}/notificationSettings`,
      emailDelivery: `EMAIL_DELIVERY_${pref?.emailDelivery ?? "IMMEDIATE"}`,
      email: contact?.email ?? "",
      updateTime: pref ? toTimestamp(pref.updateTime) : null,
    };
  };

  return {
    GetNotificationSettings: method({
      request: z.object({ name: settingsName }),
      handler: async (req, { caller }) => toProto(ownerOf(caller, req.name)),
    }),

    UpdateNotificationSettings: method({
      request: z.object({
        notificationSettings: z.object({
          name: settingsName,
          emailDelivery: protoEnum("EMAIL_DELIVERY", ["IMMEDIATE", "DAILY_DIGEST"] as const),
        }),
      }),
      handler: async (req, { caller }) => {
        const person = ownerOf(caller, req.notificationSettings.name);
        const delivery: EmailDelivery | undefined = req.notificationSettings.emailDelivery;
        if (!delivery) {
          throw invalidArgument("choose how emails are delivered", [
            { field: "notification_settings.email_delivery", description: "must be IMMEDIATE or DAILY_DIGEST" },
          ]);
        }
        await store.preferences.updateOne(
          { _id: person },
          { $set: { emailDelivery: delivery, updateTime: new Date() } },
          { upsert: true },
        );
        // Back to single emails: what was waiting for the digest goes now.
        if (delivery === "IMMEDIATE") {
          await store.emails.updateMany(
            { person, status: "HELD" },
            { $set: { status: "PENDING", nextAttemptTime: new Date() } },
          );
        }
        return toProto(person);
      },
    }),
  };
}
