/** REST schemas for a person's notification settings (the notifier's NotificationSettingsService). */
import { z } from "zod";
import { NullableTimestamp } from "../common-schemas";

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
