/**
 * A partnership's calendar feed: its people issue a secret address to subscribe to from Outlook (or
 * any calendar app), see whether one is active, replace or revoke it. The feed itself is served
 * without a session: calendar apps cannot sign in, the secret in the address is the credential.
 */
import { isGrpcServiceError } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import { FEED_PATH, feedUrl } from "../../api/meetings/routes";
import type { WebArea } from "../frame/area";
import { formatDateTime } from "../frame/forms/dates";
import { at } from "../frame/labels";
import type { Tok } from "./views";

interface Feed {
  active: boolean;
  secret: string;
  issueTime: Tok | null;
}

export function registerCalendarFeedPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  const show = (req: Request, res: Response, feed: Feed, url = "") =>
    render(req, res, "form-page.njk", {
      title: "Calendar feed",
      panel: url ? { titleText: "Feed address issued", html: "Copy it now: it is not shown again" } : undefined,
      intro: [
        "Subscribe to your partnership's meetings from Outlook or another calendar app: the entries follow every change, reschedule and cancellation.",
        "Anyone with the address can read the feed, so keep it like a password. OFFICIAL-SENSITIVE meetings show their times only.",
      ],
      inset: url ? `Feed address: ${url}` : undefined,
      summary: [
        {
          key: { text: "Status" },
          value: { text: feed.active ? `Active since ${formatDateTime(at(feed.issueTime as Tok))}` : "No active feed" },
        },
      ],
      forms: [
        {
          action: "/calendar-feed",
          fields: [],
          submit: feed.active ? "Issue a new address (the old one stops working)" : "Issue a feed address",
          more: feed.active
            ? [{ text: "Revoke the feed", formaction: "/calendar-feed/revoke", classes: "govuk-button--warning" }]
            : [],
        },
      ],
    });

  r.get(
    "/calendar-feed",
    page(async (req, res, s) => {
      if (s.isPanel) return notFound(req, res);
      show(req, res, await d.meetings.GetCalendarFeed({}, s.token));
    }),
  );
  r.post(
    "/calendar-feed",
    page(async (req, res, s) => {
      if (s.isPanel) return notFound(req, res);
      const feed = await d.meetings.IssueCalendarFeed({}, s.token);
      res.setHeader("cache-control", "no-store");
      show(req, res, feed, feedUrl(req, feed.secret));
    }),
  );
  r.post(
    "/calendar-feed/revoke",
    page(async (req, res, s) => {
      if (s.isPanel) return notFound(req, res);
      await d.meetings.RevokeCalendarFeed({}, s.token);
      res.redirect(303, "/calendar-feed");
    }),
  );

  r.get(`${FEED_PATH}/:secret.ics`, async (req, res, next) => {
    try {
      const cal = await d.meetings.ReadCalendarFeed({ secret: String(req.params.secret) });
      res.type("text/calendar; charset=utf-8").setHeader("cache-control", "private, max-age=300");
      res.send(cal.ics);
    } catch (err) {
      if (isGrpcServiceError(err) && (err.code === status.NOT_FOUND || err.code === status.INVALID_ARGUMENT))
        return notFound(req, res);
      // A calendar app polls the feed: a service that is down is "try again later", not an error.
      if (isGrpcServiceError(err) && (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED))
        return res
          .status(503)
          .set("retry-after", "300")
          .type("text/plain")
          .send("The feed is unavailable; try again later.");
      next(err);
    }
  });
}
