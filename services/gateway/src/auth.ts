/** Who is calling the gateway: a bearer token (API clients) or the session cookie (people). */
import { bearerToken, type Caller, type TokenVerifier } from "@csp-mesh/kit";
import type { CookieOptions, Request } from "express";

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
  token: string;
  caller: Caller;
  isOpcc: boolean;
  isPartnership: boolean;
  isPanel: boolean;
}

/** The verified session of a browser request, or undefined (not signed in, expired, tampered). */
export async function sessionOf(req: Request, verifier: TokenVerifier): Promise<Session | undefined> {
  const token = sessionToken(req);
  if (!token) return undefined;
  try {
    const caller = await verifier.verify(token);
    return {
      token,
      caller,
      isOpcc: caller.roles.some((r) => r === "opcc-admin" || r === "opcc-staff"),
      isPartnership: caller.roles.some((r) => r === "csp-officer" || r === "csp-chair" || r === "partner-system"),
      isPanel: caller.roles.includes("panel-member"),
    };
  } catch {
    return undefined;
  }
}
