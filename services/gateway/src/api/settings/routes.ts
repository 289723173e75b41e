/** /v1/me/notification-settings: how the signed-in person gets the mesh's emails (the notifier's NotificationSettingsService). */
import type { z } from "zod";
import type { Downstream } from "../../downstream";
import type { RestRoute } from "../route";
import { NotificationSettings, updateNotificationSettings } from "./schemas";

const TAG = "Notifications";
const OWN = "people/-/notificationSettings";

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
