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
        const body = req.body as Record<string, unknown>;
        const person = String(body.person ?? "");
        // A demonstration person, or (still in development) anyone added to the directory since,
        // e.g. a combined partnership's officer, by id: the directory refuses an unknown or inactive one.
        const other = String(body["person-id"] ?? "")
          .trim()
          .replace(/^people\//, "");
        const chosen = other ? undefined : people?.find((p) => p.id === person);
        const refuse = (field: "person" | "person-id", message: string) => {
          res.status(400);
          return render(req, res, "account/sign-in.njk", {
            title: "Sign in",
            people: signInItems(people ?? [], undefined),
            personId: other,
            errors: { [field]: message },
            errorList: [{ text: message, href: `#${field}` }],
          });
        };
        if (!people || (!chosen && !other)) return refuse("person", "Choose who you want to sign in as");
        if (!chosen && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(other))
          return refuse("person-id", "Enter the person's id in the directory, like dg-officer");
        const who = `people/${chosen?.id ?? other}`;
        const t = await d.identity.DevSignIn({ person: who }).catch((err: { code?: number }) => {
          if (err.code === 16) return undefined; // UNAUTHENTICATED: no active person by that id
          throw err;
        });
        if (!t) return refuse("person-id", "There is no active person with that id in the directory");
        const displayName = chosen?.displayName ?? t.person?.displayName ?? who;
        const id = await o.sessions.start(who, displayName, t);
        res.cookie(SESSION_COOKIE, id, sessionCookieOptions(o.secureCookies, o.sessionMaxSeconds));
        const kept = pendingId(req);
        if (!kept) return res.redirect(303, "/");
        // What they typed before their session ended: saved now if it was a draft, otherwise shown
        // back to them to send (after this redirect, with a form token for the new session).
        const session = await sessionWith(id, t.accessToken, displayName, o.verifier);
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
