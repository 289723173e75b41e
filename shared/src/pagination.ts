import { z } from "zod";
import { invalidArgument } from "./errors";

/** AIP-158 page sizes: 0 means the default; anything above the maximum is coerced down. */
export const pageSizeSchema = z.number().int().min(0, "must not be negative");

export function effectivePageSize(requested: number, dflt = 50, max = 500): number {
  if (requested <= 0) return dflt;
  return Math.min(requested, max);
}

/**
 * Opaque page tokens: the sort key of the last item returned, plus a fingerprint of the query so a
 * token cannot be replayed against a different filter.
 */
export function encodePageToken(lastKey: string, queryFingerprint: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey, q: queryFingerprint })).toString("base64url");
}

export function decodePageToken(token: string, queryFingerprint: string): string | undefined {
  if (token === "") return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { k?: unknown; q?: unknown };
    if (typeof parsed.k === "string" && parsed.q === queryFingerprint) return parsed.k;
  } catch {
    /* fall through */
  }
  throw invalidArgument("page_token is invalid or belongs to a different query", [
    { field: "page_token", description: "not a token from a previous page of this same query" },
  ]);
}
