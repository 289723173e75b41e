/**
 * The parts of a session people see beyond sign-in: the timeout warning's two calls (how long is
 * left, without counting as activity; and "stay signed in"), and /resume, where a form posted after
 * the session ended is shown back to its person to send again.
 */
import type { RequestHandler, Router } from "express";
import { sessionCookieOptions, sessionToken } from "../../auth";
import type { WebArea } from "../frame/area";
import { PENDING_COOKIE, type PendingForms, type SessionStore } from "../frame/sessions";

export interface SessionPagesOptions {
  sessions: SessionStore;
  pendingForms: PendingForms;
  secureCookies: boolean;
}

const secondsLeft = (v: { live: boolean; endsAt?: Date }) => ({
  live: v.live,
  secondsLeft: v.endsAt ? Math.max(0, Math.floor((v.endsAt.getTime() - Date.now()) / 1000)) : 0,
});

export function registerSessionPages(r: Router, a: WebArea, o: SessionPagesOptions): void {
  /** How long the session has left, as JSON, after `look` (which may or may not count as activity). */
  const timeLeft =
    (look: (id: string) => Promise<{ live: boolean; endsAt?: Date }>): RequestHandler =>
    async (req, res, next) => {
      try {
        const id = sessionToken(req);
        res.set("cache-control", "no-store");
        res.json(secondsLeft(id ? await look(id) : { live: false }));
      } catch (err) {
        next(err);
      }
    };
  r.get(
    "/session/status",
    timeLeft((id) => o.sessions.peek(id)),
  );
  r.post(
    "/session/keep-alive",
    timeLeft((id) => o.sessions.keepAlive(id)),
  );

  r.get(
    "/resume",
    a.page(async (req, res, s) => {
      const id = (req.cookies as Record<string, string> | undefined)?.[PENDING_COOKIE];
      const form = id ? await o.pendingForms.take(id, s.caller.subject) : undefined;
      res.clearCookie(PENDING_COOKIE, sessionCookieOptions(o.secureCookies));
      if (!form) return res.redirect(303, "/");
      // Shown back as hidden fields of a form with a token for this session: one button sends it.
      const fields = Object.entries(form.fields).flatMap(([name, v]) =>
        (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })),
      );
      a.render(req, res, "account/resume.njk", {
        title: "Send what you typed",
        action: form.path,
        fields,
        typed: fields.filter((f) => f.value.trim() !== "" && !/^(action|requestId|questionCount)$/.test(f.name)),
      });
    }),
  );
}
