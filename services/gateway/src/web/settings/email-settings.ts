/**
 * Email settings: a signed-in person chooses single emails or a daily digest (the notifier's
 * NotificationSettingsService), and sees the address the mesh writes to.
 */
import type { Request, Response, Router } from "express";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, posted } from "../frame/forms/fields";

interface Settings {
  emailDelivery: string;
  email: string;
}

const OWN = "people/-/notificationSettings";
const FIELDS = { delivery: { anchor: "delivery", message: "Select how you want to get emails from the mesh" } };
const CHOICES = [
  {
    value: "EMAIL_DELIVERY_IMMEDIATE",
    text: "Each email as it happens",
  },
  {
    value: "EMAIL_DELIVERY_DAILY_DIGEST",
    text: "One summary email a day",
    hint: "New requests, reminders and returned reports are gathered into one email each morning. Overdue escalations and meeting invitations, changes and cancellations still come at once.",
  },
];

export function registerEmailSettingsPages(r: Router, a: WebArea): void {
  const { d, page, render } = a;
  const show = (req: Request, res: Response, s: Settings, chosen: string, form?: FormErrors, saved = false) => {
    const f = new FormFields({ delivery: chosen }, form?.byField ?? {});
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Email settings",
      panel: saved ? { titleText: "Email settings saved" } : undefined,
      intro: [
        "The mesh emails you when something needs your attention: a new request, a reminder before a due date, a returned report, a meeting. Emails never contain OFFICIAL-SENSITIVE material, only a link to it.",
      ],
      summary: [
        {
          key: { text: "Emails go to" },
          value: { text: s.email || "No address is recorded for you: ask your administrator" },
        },
      ],
      forms: [
        {
          action: "/email-settings",
          fields: [f.radios("delivery", "How do you want to get emails?", CHOICES)],
          submit: "Save",
        },
      ],
      errorList: form?.summary,
    });
  };

  r.get(
    "/email-settings",
    page(async (req, res, s) => {
      const settings = await d.notificationSettings.GetNotificationSettings({ name: OWN }, s.token);
      show(req, res, settings, settings.emailDelivery, undefined, req.query.saved === "1");
    }),
  );
  r.post(
    "/email-settings",
    page(async (req, res, s) => {
      const chosen = posted(req.body as Record<string, unknown>, "delivery");
      if (!CHOICES.some((c) => c.value === chosen)) {
        const current = await d.notificationSettings.GetNotificationSettings({ name: OWN }, s.token);
        return show(req, res, current, "", new FormErrors(FIELDS).add("delivery", FIELDS.delivery.message));
      }
      await d.notificationSettings.UpdateNotificationSettings(
        {
          notificationSettings: {
            name: OWN,
            emailDelivery: chosen as NonNullable<
              Ask<"notificationSettings", "UpdateNotificationSettings">["notificationSettings"]
            >["emailDelivery"],
          },
        },
        s.token,
      );
      res.redirect(303, "/email-settings?saved=1");
    }),
  );
}
