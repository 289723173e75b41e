/** Signing in and out: development sign-in as a demonstration person, and what was kept from an ended session. */

import type { TokenVerifier } from "@csp-mesh/kit";
import type { Request, Router } from "express";
import { SESSION_COOKIE, sessionCookieOptions, sessionToken, sessionWith } from "../../auth";
import type { Resumer, WebArea } from "../frame/area";
import { PENDING_COOKIE, type PendingForms, type SessionStore } from "../frame/sessions";

export interface DemoPerson {
  id: string;
  displayName: string;
  partner: string;
  roles: string[];
}

export interface SignInOptions {
  verifier: TokenVerifier;
  sessions: SessionStore;
  pendingForms: PendingForms;
  sessionMaxSeconds: number;
  secureCookies: boolean;
  devSignIn: DemoPerson[] | undefined;
  resumers: Resumer[];
  pendingId: (req: Request) => string | undefined;
}

export function registerSignInPages(r: Router, a: WebArea, o: SignInOptions): void {
  const { d, page, render } = a;
  const { resumers, pendingId } = o;

  r.get(
    "/sign-in",
    page(
      async (req, res) => {
        if (!o.devSignIn)
          return render(req, res, "message.njk", {
            title: "Sign in",
            message: "Sign in through your organisation's account (OpenID Connect); development sign-in is off.",
          });
        render(req, res, "account/sign-in.njk", {
          title: "Sign in",
          people: signInItems(o.devSignIn, undefined),
          errors: {},
          kept: Boolean(pendingId(req)),
        });
      },
      { public: true },
    ),
  );

  r.post(
    "/sign-in",
    page(
      async (req, res) => {
        const people = o.devSignIn;
        const person = String((req.body as Record<string, unknown>).person ?? "");
        const chosen = people?.find((p) => p.id === person);
        if (!people || !chosen) {
          res.status(400);
          const message = "Choose who you want to sign in as";
          return render(req, res, "account/sign-in.njk", {
            title: "Sign in",
            people: signInItems(people ?? [], undefined),
            errors: { person: message },
            errorList: [{ text: message, href: "#person" }],
          });
        }
        const t = await d.identity.DevSignIn({
          person: `people/${chosen.id}`,
        });
        const id = await o.sessions.start(`people/${chosen.id}`, chosen.displayName, t);
        res.cookie(SESSION_COOKIE, id, sessionCookieOptions(o.secureCookies, o.sessionMaxSeconds));
        const kept = pendingId(req);
        if (!kept) return res.redirect(303, "/");
        // What they typed before their session ended: saved now if it was a draft, otherwise shown
        // back to them to send (after this redirect, with a form token for the new session).
        const session = await sessionWith(id, t.accessToken, chosen.displayName, o.verifier);
        const form = await o.pendingForms.get(kept, session.caller.subject);
        if (!form) {
          res.clearCookie(PENDING_COOKIE, sessionCookieOptions(o.secureCookies));
          return res.redirect(303, "/");
        }
        const resume = resumers.find((x) => x.path.test(form.path));
        const match = resume?.path.exec(form.path);
        const next = resume && match ? await resume.run(session, match, form.fields).catch(() => undefined) : undefined;
        if (next === undefined) return res.redirect(303, "/resume");
        await o.pendingForms.drop(kept);
        res.clearCookie(PENDING_COOKIE, sessionCookieOptions(o.secureCookies));
        res.redirect(303, next);
      },
      { public: true },
    ),
  );

  r.get("/sign-out", async (req, res, next) => {
    try {
      // Ended on the server: replaying the old cookie afterwards finds no session.
      const id = sessionToken(req);
      if (id) await o.sessions.end(id);
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(o.secureCookies));
      res.redirect(303, "/sign-in");
    } catch (err) {
      next(err);
    }
  });
}

function signInItems(people: DemoPerson[], chosen: string | undefined) {
  return people.map((p) => ({
    value: p.id,
    text: `${p.displayName}`,
    hint: { text: `${p.roles.join(", ")}, ${p.partner}` },
    checked: p.id === chosen,
  }));
}
