/** Who is calling the gateway: a bearer token (API clients) or the session cookie (people). */
import { bearerToken, type Caller, isOpcc, type TokenVerifier } from "@csp-mesh/kit";
import type { CookieOptions, Request } from "express";
import type { SessionStore } from "./web/frame/sessions";

export const SESSION_COOKIE = "csp_session";

export function apiToken(req: Request): string | undefined {
  return bearerToken(req.headers.authorization);
}

export function sessionToken(req: Request): string | undefined {
  const v = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}),
  };
}

export interface Session {
  /** The session id from the cookie (the server keeps the token). */
  id: string;
  token: string;
  displayName: string;
  caller: Caller;
  isOpcc: boolean;
  isPartnership: boolean;
  isPanel: boolean;
}

/** The live, verified session of a browser request, or undefined (none, ended, expired, tampered). */
export async function sessionOf(
  req: Request,
  verifier: TokenVerifier,
  sessions: SessionStore,
): Promise<Session | undefined> {
  const id = sessionToken(req);
  if (!id) return undefined;
  try {
    const doc = await sessions.resolve(id);
    if (!doc) return undefined;
    return await sessionWith(id, doc.token, doc.displayName, verifier);
  } catch {
    return undefined;
  }
}

/** A session from its id and the person's token (verified: the roles come from the token only). */
export async function sessionWith(
  id: string,
  token: string,
  displayName: string,
  verifier: TokenVerifier,
): Promise<Session> {
  const caller = await verifier.verify(token);
  return {
    id,
    token,
    displayName,
    caller,
    isOpcc: isOpcc(caller),
    isPartnership: caller.roles.some((r) => r === "csp-officer" || r === "csp-chair" || r === "partner-system"),
    isPanel: caller.roles.includes("panel-member"),
  };
}
