import type { Collection, Document, Filter } from "mongodb";
import { z } from "zod";
import { invalidArgument } from "./errors";
import { allOf, type MongoFilter } from "./policy/policy";

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

/** The paging fields every List request has (AIP-158). */
export const listBaseSchema = z.object({ pageSize: pageSizeSchema, pageToken: z.string().max(2000) });

export interface Page<D> {
  items: D[];
  nextPageToken: string;
}

export interface PageOptions {
  projection?: Document;
  /** A unique, sortable string field to page by (default `_id`), e.g. a due-time-then-id key. */
  key?: string;
  /**
   * What a page token is bound to. Defaults to the filter itself; give the request's own filter
   * fields when the database filter contains a moving value such as "now".
   */
  fingerprint?: string;
  /** Largest key first (e.g. newest first). */
  descending?: boolean;
}

/**
 * One page of `filter` (which must already include the caller's scope), ordered by `key`, with a
 * token for the next page. Reads one extra document to know whether another page exists.
 */
export async function findPage<D extends Document>(
  col: Collection<D>,
  filter: Filter<D>,
  pageSize: number,
  pageToken: string,
  opts: PageOptions = {},
): Promise<Page<D>> {
  const key = opts.key ?? "_id";
  const fingerprint = opts.fingerprint ?? JSON.stringify(filter);
  const after = decodePageToken(pageToken, fingerprint);
  const size = effectivePageSize(pageSize);
  // Flat (allOf), so the filter's own top-level keys stay answerable from an index on later pages.
  const beyond = { [key]: { [opts.descending ? "$lt" : "$gt"]: after } };
  const query = after === undefined ? filter : (allOf(filter as MongoFilter, beyond) as Filter<D>);
  const docs = (await col
    .find(query, opts.projection ? { projection: opts.projection } : {})
    .sort({ [key]: opts.descending ? -1 : 1 })
    .limit(size + 1)
    .toArray()) as D[];
  const items = docs.slice(0, size);
  const last = items[items.length - 1] as Record<string, unknown> | undefined;
  return {
    items,
    nextPageToken: docs.length > size && last ? encodePageToken(String(last[key]), fingerprint) : "",
  };
}
