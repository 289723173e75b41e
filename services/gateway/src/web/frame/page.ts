/**
 * The web framework every area builds on: the signed-in person's session on each page, the page
 * wrapper that turns a service's refusal into the right page (never a bare 500), kept forms after a
 * session ends, rendering with the layout's navigation, and partner names. No area code here.
 */
import { isGrpcServiceError, type TokenVerifier } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { NextFunction, Request, Response } from "express";
import { type Session, sessionCookieOptions, sessionOf, sessionToken } from "../../auth";
import type { Downstream } from "../../downstream";
import type { Resumer, WebArea } from "./area";
import { navigation } from "./navigation";
import { PENDING_COOKIE, PENDING_SECONDS, type PendingForms, type SessionStore } from "./sessions";

export interface FrameOptions {
  downstream: Downstream;
  verifier: TokenVerifier;
  sessions: SessionStore;
  pendingForms: PendingForms;
  sessionIdleSeconds: number;
  secureCookies: boolean;
  uploadMaxBytes: number;
}

type Locals = { session: Session; partnerNames: Map<string, string>; name: string };

/** The pieces every area's pages are built with, and the kept-form resumers they registered. */
export function webFrame(
  o: FrameOptions,
): WebArea & { resumers: Resumer[]; pendingId: (req: Request) => string | undefined } {
  const d = o.downstream;
  // Every partner's name (for every page), and which are active partnerships (for the choices of
  // partnerships to address): read once a minute, and again at once after a combination changes them.
  let partnerCache: { at: number; names: Map<string, string> } | undefined;
  const activePartnerships = new WeakMap<Map<string, string>, Set<string>>();

  const partnerNames = async (token: string): Promise<Map<string, string>> => {
    if (partnerCache && Date.now() - partnerCache.at < 60_000) return partnerCache.names;
    const names = new Map<string, string>();
    const active = new Set<string>();
    let pageToken = "";
    do {
      const page = await d.directory.ListPartners({ pageSize: 500, pageToken }, token);
      for (const p of page.partners) {
        names.set(p.name, p.displayName);
        // A partner without its kind or status (a test's fake directory) counts by its name.
        const partnership = p.kind
          ? p.kind === "PARTNER_KIND_CSP" || p.kind === "PARTNER_KIND_COUNTY_CSP"
          : p.name.startsWith("partners/csp-");
        if (partnership && (!p.status || p.status === "PARTNER_STATUS_ACTIVE")) active.add(p.name);
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    partnerCache = { at: Date.now(), names };
    activePartnerships.set(names, active);
    return names;
  };

  const render = (req: Request, res: Response, view: string, data: Record<string, unknown>) => {
    const l = res.locals as Partial<Locals>;
    res.render(view, {
      ...data,
      csrfToken: res.locals.csrfToken,
      cspNonce: res.locals.cspNonce,
      navigation: navigation(l.session, req.path),
      session: l.session
        ? {
            name: l.name,
            isOpcc: l.session.isOpcc,
            isPanel: l.session.isPanel,
            partnerName: l.partnerNames?.get(l.session.caller.partner) ?? l.session.caller.partner,
            // The timeout warning shows this long before the idle timeout (GOV.UK pattern: 2 minutes).
            warnSeconds: Math.min(120, Math.floor(o.sessionIdleSeconds / 2)),
            idleSeconds: o.sessionIdleSeconds,
          }
        : undefined,
    });
  };

  const notFound = (req: Request, res: Response) =>
    res.status(404) &&
    render(req, res, "message.njk", {
      title: "Page not found",
      message: "If you typed the web address, check it is correct. You may not have access to this page.",
      link: { href: "/", text: "Go to the start" },
    });

  /** Runs a page handler; downstream refusals become the right page, never a bare 500. */
  const page =
    (fn: (req: Request, res: Response, s: Session) => Promise<unknown>, opts: { public?: boolean } = {}) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const s = await sessionOf(req, o.verifier, o.sessions);
        if (s) {
          res.locals.session = s;
          res.locals.name = s.displayName || s.caller.subject;
          res.locals.partnerNames = await partnerNames(s.token);
        }
        if (!s && !opts.public) {
          // A form posted after the session ended: keep what was typed for when they sign in again.
          const body = req.body as Record<string, unknown> | undefined;
          if (req.method === "POST" && req.is("application/x-www-form-urlencoded") && body) {
            const old = sessionToken(req);
            const person = old ? await o.sessions.personOfEnded(old) : undefined;
            const kept = await o.pendingForms.keep(req.path, body, person);
            res.cookie(PENDING_COOKIE, kept, sessionCookieOptions(o.secureCookies, PENDING_SECONDS));
            return res.redirect(303, "/sign-in?kept=1");
          }
          return res.redirect(303, "/sign-in");
        }
        await fn(req, res, s as Session);
      } catch (err) {
        if (isGrpcServiceError(err)) {
          if (err.code === status.NOT_FOUND) return notFound(req, res);
          if (err.code === status.UNAUTHENTICATED) return res.redirect(303, "/sign-in");
          if (err.code === status.PERMISSION_DENIED) {
            res.status(403);
            return render(req, res, "message.njk", { title: "You cannot do that", message: err.details });
          }
          if (err.code === status.FAILED_PRECONDITION || err.code === status.ABORTED) {
            res.status(409);
            return render(req, res, "message.njk", {
              title: "That is not possible now",
              message: err.details,
              link: { href: req.path.replace(/\/[^/]*$/, "") || "/", text: "Go back" },
            });
          }
          if (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED) {
            res.status(503);
            return render(req, res, "message.njk", {
              title: "Sorry, the service is unavailable",
              message: "Try again in a few minutes. Nothing you sent has been lost or half-saved.",
            });
          }
        }
        next(err);
      }
    };

  const pendingId = (req: Request) => {
    const v = (req.cookies as Record<string, string> | undefined)?.[PENDING_COOKIE];
    return typeof v === "string" && v.length > 0 ? v : undefined;
  };
  /**
   * Forms that are saved straight away when their person signs in again after the session ended
   * mid-form (saving a draft changes nothing anyone else sees); any other kept form is shown back
   * to them on /resume to send. `run` returns where to go next, or undefined to fall back to that.
   */
  const resumers: Resumer[] = [];

  const nameOf = (res: Response, partner: string) =>
    (res.locals as Locals).partnerNames.get(partner) ?? partner.replace(/^partners\//, "");

  /** The community safety partnerships, [name, display name], by display name. */
  const csps = (res: Response) => {
    const names = (res.locals as Locals).partnerNames;
    const active = activePartnerships.get(names);
    return [...names.entries()]
      .filter(([n]) => (active ? active.has(n) : n.startsWith("partners/csp-")))
      .sort((a, b) => a[1].localeCompare(b[1]));
  };
  const partnershipItems = (res: Response, chosen: string[], all: boolean) => [
    { value: "all", text: "All active community safety partnerships", checked: all, behaviour: undefined },
    { divider: "or" },
    ...csps(res).map(([value, text]) => ({ value, text, checked: chosen.includes(value) })),
  ];

  return {
    d,
    page,
    render,
    notFound,
    nameOf,
    csps,
    partnershipItems,
    partnersChanged: () => {
      partnerCache = undefined;
    },
    uploadMaxBytes: o.uploadMaxBytes,
    resume: (path, run) => resumers.push({ path, run }),
    resumers,
    pendingId,
  };
}
