/**
 * Helpers for the REST routes' handler tests (api/<area>/*.test.ts) over the fake mesh: a call with a
 * person's bearer token, a refusal carrying field violations, and the check that a table of route
 * tests names every route of an area, so a route added without a test fails its area's suite (an area
 * tested in several files: that the files' shares together name each of its routes exactly once).
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { invalidArgument, toServiceError } from "@csp-mesh/kit";
import { grpcError } from "../testing/fake-downstream";
import type { FakeMesh } from "../testing/fake-mesh";
import type { PEOPLE } from "../testing/fake-sessions";
import type { RestRoute } from "./route";

export interface RestReply {
  status: number;
  /** The media type without parameters, e.g. application/problem+json. */
  type: string;
  headers: Headers;
  bytes: Buffer;
  text: string;
  /** The body parsed as JSON (undefined if it is not JSON). */
  json: unknown;
}

export interface RestCall {
  /** Whose bearer token to send ("token-<person>"); default the OPCC's. */
  as?: keyof typeof PEOPLE;
  /** A bearer token to send instead; null sends no Authorization header. */
  token?: string | null;
  /** A JSON body. */
  body?: unknown;
  /** A raw body (an upload), sent as is. */
  raw?: Buffer | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
}

/** Calls the REST API of the fake mesh. */
export async function rest(mesh: FakeMesh, method: string, path: string, o: RestCall = {}): Promise<RestReply> {
  const token = o.token === undefined ? `token-${o.as ?? "opcc"}` : o.token;
  const headers: Record<string, string> = {
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
    ...o.headers,
  };
  const res = await fetch(`${mesh.url}${path}`, {
    method,
    headers,
    redirect: "manual",
    body: o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined),
    ...(o.raw instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0] ?? "";
  return { status: res.status, type, headers: res.headers, bytes, text, json };
}

/** A body streamed in the given chunks (chunked transfer, no content-length). */
export function streamOf(chunks: Buffer[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[i++];
      if (next) controller.enqueue(new Uint8Array(next));
      else controller.close();
    },
  });
}

/** INVALID_ARGUMENT with google.rpc.BadRequest field violations, as a service refuses a request. */
export function refusedFields(message: string, violations: { field: string; description: string }[]) {
  const e = toServiceError(invalidArgument(message, violations));
  return Object.assign(new Error(`3 INVALID_ARGUMENT: ${message}`), e);
}

export { grpcError };

/** "METHOD /path" of a route, as the route tables are keyed. */
export const routeKey = (r: Pick<RestRoute, "method" | "path">) => `${r.method.toUpperCase()} ${r.path}`;

/** The tests of each route of an area: by "METHOD /path", each a list of named tests. */
export type RouteTests = Record<string, Record<string, () => Promise<void>>>;

/**
 * What a table of route tests misses (routes of the area without a test) and names wrongly (tests of
 * a route the area does not have): both empty when the table covers the area exactly. With `share`
 * (an area tested in several files, see RouteSplit), only the routes the share names are the table's.
 */
export function coverage(
  routes: RestRoute[],
  table: RouteTests,
  share?: readonly string[],
): { untested: string[]; unknown: string[] } {
  const documented = routes.map(routeKey).filter((k) => !share || share.includes(k));
  const tested = Object.entries(table)
    .filter(([, tests]) => Object.keys(tests).length > 0)
    .map(([key]) => key);
  return {
    untested: documented.filter((k) => !tested.includes(k)),
    unknown: Object.keys(table).filter((k) => !documented.includes(k)),
  };
}

/**
 * An area's routes ("METHOD /path") by the test file, beside the area's routes, whose table tests
 * them: each file checks `coverage(<the area's routes>, routes, <split>["<file>"])`.
 */
export type RouteSplit = Record<string, readonly string[]>;

/**
 * What a split of an area's routes among its test files leaves out (routes in no file's share), names
 * wrongly (routes the area does not have) and gives twice: all empty when each route is in exactly one.
 */
export function splitCoverage(
  routes: RestRoute[],
  split: RouteSplit,
): { unassigned: string[]; unknown: string[]; twice: string[] } {
  const documented = routes.map(routeKey);
  const shared = Object.values(split).flat();
  return {
    unassigned: documented.filter((k) => !shared.includes(k)),
    unknown: shared.filter((k) => !documented.includes(k)),
    twice: shared.filter((k, i) => shared.indexOf(k) !== i),
  };
}

/**
 * The files of a split (in `dir`) that are missing, or do not check their table against their own
 * share: each must call `coverage(<routes>(...), routes, <splitName>["<file>"])`.
 */
export function filesNotChecking(dir: string, split: RouteSplit, splitName: string): string[] {
  return Object.keys(split).filter((file) => {
    const at = path.join(dir, file);
    const source = existsSync(at) ? readFileSync(at, "utf8") : "";
    const share = `${splitName}["${file}"]`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return !new RegExp(`coverage\\(\\s*\\w+Routes\\([^;]*?\\),\\s*routes,\\s*${share}\\s*,?\\s*\\)`).test(source);
  });
}

/** A timestamp as the services give one. */
export const ts = (iso: string) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });

/**
 * POSTs headers declaring a body of `declaredBytes` and sends none of it: the answer the gateway
 * gives from the declaration alone (fetch cannot declare a length it does not send).
 */
export function postDeclaring(
  mesh: FakeMesh,
  path: string,
  declaredBytes: number,
): Promise<{ status: number; type: string; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${mesh.url}${path}`,
      {
        method: "POST",
        headers: {
          authorization: "Bearer token-officer",
          "content-type": "application/pdf",
          "content-length": String(declaredBytes),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers["content-type"] ?? "").split(";")[0] ?? "",
            json: JSON.parse(text),
          });
          req.destroy();
        });
      },
    );
    req.on("error", reject);
    req.flushHeaders();
  });
}

/** What a fake upload was sent: the messages in order (the metadata first), and the bytes of the chunks. */
export async function readUpload(
  messages: unknown,
): Promise<{ first: unknown; chunks: number; bytes: Buffer; order: string[] }> {
  const order: string[] = [];
  const parts: Buffer[] = [];
  let first: unknown;
  for await (const m of messages as AsyncIterable<{ metadata?: unknown; chunk?: Buffer }>) {
    if (order.length === 0) first = m;
    if (m.chunk) parts.push(m.chunk);
    order.push(m.metadata ? "metadata" : "chunk");
  }
  return { first, chunks: parts.length, bytes: Buffer.concat(parts), order };
}
