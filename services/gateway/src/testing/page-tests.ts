/**
 * What the web pages' handler tests share: their tables of tests by route, the routes of a module's
 * registrations and of the whole web service, the check that a table covers its routes exactly, and
 * the summaries of what a page asked (the calls, the tokens, a page kept from some people).
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import { Router } from "express";
import type { WebArea } from "../web/frame/area";
import { webFrame } from "../web/frame/page";
import { type WebOptions, webRouter } from "../web/router";
import type { FakeMesh } from "./fake-mesh";

/** Handler tests of an area's pages, by "METHOD /path" (as express has the route), each a list of named tests. */
export type PageTests = Record<string, Record<string, () => Promise<void>>>;

type Layer = { route?: { path: string; methods: Record<string, boolean> } };

/** "METHOD /path" of each route of a router, in the order they match. */
export const routeKeysOf = (r: Router): string[] =>
  (r.stack as unknown as Layer[]).flatMap((l) =>
    l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route?.path}`) : [],
  );

/** Options for building routers only to list their routes: nothing is called. */
const LISTING_ONLY = { devSignIn: [], resumers: [], pendingId: () => undefined } as unknown as WebOptions;

/** The routes the given registrations add (each called as an area is, on a router with the frame). */
export function routesOf(...registers: ((r: Router, a: WebArea) => void)[]): string[] {
  const r = Router();
  const frame = webFrame(LISTING_ONLY);
  for (const register of registers) register(r, frame);
  return routeKeysOf(r);
}

/** Every route of the web service, as the app registers them. */
export const webRouteKeys = (): string[] => routeKeysOf(webRouter(LISTING_ONLY));

/**
 * What a table of page tests misses (routes without a test) and names wrongly (tests of a route that
 * is not registered): both empty when the table covers the routes exactly.
 */
export function webCoverage(routes: string[], table: PageTests): { untested: string[]; unknown: string[] } {
  const tested = Object.entries(table)
    .filter(([, tests]) => Object.keys(tests).length > 0)
    .map(([key]) => key);
  return {
    untested: routes.filter((k) => !tested.includes(k)),
    unknown: Object.keys(table).filter((k) => !routes.includes(k)),
  };
}

/** The calls made, as "service.Method", without the frame's partner names. */
export const calledOf = (mesh: FakeMesh): string[] =>
  mesh.downstream.calls.filter((c) => c.method !== "ListPartners").map((c) => `${c.service}.${c.method}`);

/** The tokens the calls carried, each once. */
export const tokensOf = (mesh: FakeMesh): (string | undefined)[] => [
  ...new Set(mesh.downstream.calls.map((c) => c.token)),
];

/** The request id a page sends with each command (`expect.stringMatching(WEB_REQUEST_ID)`). */
export const WEB_REQUEST_ID = /^web-[0-9a-f-]{36}$/;

/** What a page kept from some people shows: each person's status, the malformed address's, and the calls made. */
export interface Refusals {
  statuses: [string, number][];
  malformed?: number;
  called: string[];
}

/**
 * Asks a page (a POST with an empty form) as each of `people`, and `malformed` (if given) as the OPCC:
 * what each got, and what was asked of the services.
 */
export async function refusalsOf(
  mesh: FakeMesh,
  people: string[],
  method: "GET" | "POST",
  path: string,
  malformed?: string,
): Promise<Refusals> {
  const statuses: [string, number][] = [];
  for (const as of people) statuses.push([as, (await mesh.send(method, path, { as, form: {} })).status]);
  const refusals: Refusals = { statuses, called: [] };
  if (malformed) refusals.malformed = (await mesh.send(method, malformed, { as: "opcc", form: {} })).status;
  return { ...refusals, called: calledOf(mesh) };
}

/** Refusals as "page not found" to each of `people` (and at the malformed address), nothing asked. */
export const notFoundTo = (people: string[], malformed: boolean): Refusals => ({
  statuses: people.map((as) => [as, 404]),
  ...(malformed ? { malformed: 404 } : {}),
  called: [],
});
