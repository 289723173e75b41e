/** /v1/me/notification-settings: how the signed-in person gets the mesh's emails (the notifier's NotificationSettingsService). */
import { z } from "zod";
import type { Downstream } from "../downstream";
import type { RestRoute } from "./rest";
import { NullableTimestamp } from "./schemas";

const TAG = "Notifications";
const OWN = "people/-/notificationSettings";
const emailDelivery = z.enum(["EMAIL_DELIVERY_IMMEDIATE", "EMAIL_DELIVERY_DAILY_DIGEST"]).openapi({
  description:
    "IMMEDIATE: each email as it happens. DAILY_DIGEST: new requests, reminders and returned reports in one email a day; escalations and meeting changes always come at once",
});

export const NotificationSettings = z
  .object({
    name: z.string(),
    emailDelivery,
    email: z.string().openapi({ description: "Where the mesh writes (from the directory)" }),
    updateTime: NullableTimestamp,
  })
  .openapi("NotificationSettings");

export const updateNotificationSettings = z.object({ emailDelivery }).strict().openapi("UpdateNotificationSettings");

export function settingsRoutes(d: Downstream): RestRoute[] {
  return [
    {
      method: "get",
      path: "/v1/me/notification-settings",
      summary: "How you get the mesh's emails",
      tag: TAG,
      response: NotificationSettings,
      handler: ({ token }) => d.notificationSettings.GetNotificationSettings({ name: OWN }, token),
    },
    {
      method: "put",
      path: "/v1/me/notification-settings",
      summary: "Choose single emails or a daily digest",
      tag: TAG,
      body: updateNotificationSettings,
      response: NotificationSettings,
      handler: ({ body, token }) =>
        d.notificationSettings.UpdateNotificationSettings(
          { notificationSettings: { name: OWN, ...(body as z.infer<typeof updateNotificationSettings>) } },
          token,
        ),
    },
  ];
}
