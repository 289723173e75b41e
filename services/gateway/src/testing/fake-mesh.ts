/**
 * The gateway's app with fakes for everything behind it, for fast handler tests of pages and REST
 * routes: a downstream that answers from programmed responses and records each call, a session
 * store holding one signed-in person per cookie, a verifier that trusts the fake tokens. No Kafka,
 * no database, no other service: what a page renders for each role, and what it asks for.
 */
import type { AddressInfo } from "node:net";
import { type Caller, createLogger, type Role, type TokenVerifier } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import { Router } from "express";
import { Registry } from "prom-client";
import { createApp } from "../app";
import type { Downstream, Reply, Service, Services } from "../downstream";
import type { DemoPerson } from "../web/account/sign-in";
import type { WebArea } from "../web/frame/area";
import { webFrame } from "../web/frame/page";
import type { PendingFormDoc, PendingForms, SessionStore } from "../web/frame/sessions";
import { type WebOptions, webRouter } from "../web/router";

export interface RecordedCall {
  service: Service;
  method: string;
  request: Record<string, unknown>;
  token: string | undefined;
}

type Answer = (request: Record<string, unknown>, caller: Caller) => unknown;

/** A gRPC refusal as the real clients raise it (code, details), for a programmed failure. */
export const grpcError = (code: keyof typeof status, details: string) =>
  Object.assign(new Error(`${status[code]} ${code}: ${details}`), { code: status[code], details, metadata: undefined });

export class FakeDownstream {
  readonly calls: RecordedCall[] = [];
  private readonly answers = new Map<string, Answer>();
  /** What the app is given: every service's methods, each answered by `call`. */
  readonly api: Downstream;

  constructor(private readonly callerOf: (token: string | undefined) => Caller) {
    const service = (name: Service) =>
      new Proxy(
        {},
        { get: (_t, method) => (request: unknown, token?: string) => this.call(name, String(method), request, token) },
      );
    this.api = {
      ...(Object.fromEntries(SERVICES.map((s) => [s, service(s)])) as unknown as Services),
      ready: async () => true,
      close: () => undefined,
    };
    // Every page asks for partner names (the header, the lists): a small directory by default.
    this.on("directory", "ListPartners", () => ({
      partners: [
        { name: "partners/opcc-kent", displayName: "Office of the Kent PCC" },
        { name: "partners/csp-dover", displayName: "Dover CSP" },
        { name: "partners/csp-maidstone", displayName: "Maidstone CSP" },
      ],
      nextPageToken: "",
    }));
  }

  /** Answers `service.method` with `answer` (a value, or a function of the request and caller). */
  on<S extends Service, M extends keyof Services[S] & string>(
    service: S,
    method: M,
    answer: Answer | Reply<S, M> | Record<string, unknown>,
  ): this {
    this.answers.set(`${service}.${method}`, typeof answer === "function" ? (answer as Answer) : () => answer);
    return this;
  }

  /** The requests made to `service.method`, in order. */
  requests<S extends Service>(service: S, method: keyof Services[S] & string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.service === service && c.method === method).map((c) => c.request);
  }

  /**
   * A unary or upload call answers with a promise, as if `async`. A download (server streaming) is
   * answered with an async iterable of its messages (an `async function*` answer), not a promise of
   * one; a call refused before it starts fails both ways, as a real download fails as it is read.
   */
  private call(service: Service, method: string, request: unknown, token?: string): unknown {
    this.calls.push({ service, method, request: request as Record<string, unknown>, token });
    const answer = this.answers.get(`${service}.${method}`);
    try {
      if (!answer) throw new Error(`the fake downstream has no answer for ${service}.${method}`);
      // A call made without a token (a sign-in, a calendar feed read by its secret) has no caller.
      const caller = token === undefined ? (undefined as unknown as Caller) : this.callerOf(token);
      const reply = answer(request as Record<string, unknown>, caller);
      return isAsyncIterable(reply) ? reply : Promise.resolve(reply);
    } catch (err) {
      return refused(err);
    }
  }
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  typeof v === "object" && v !== null && Symbol.asyncIterator in v;

/** A rejected promise that is also a download failing at its first read. */
function refused(err: unknown): Promise<never> & AsyncIterable<never> {
  const rejected = Promise.reject(err);
  rejected.catch(() => undefined); // a download's caller never awaits it: not an unhandled rejection
  return Object.assign(rejected, { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(err) }) });
}

const SERVICES: Service[] = [
  "directory",
  "identity",
  "reports",
  "meetings",
  "assessments",
  "notifier",
  "notificationSettings",
];

/** People to sign in as, one per role, named like the demonstration's. */
export const PEOPLE: Record<string, Caller> = {
  opcc: { subject: "people/opcc-staff-1", partner: "partners/opcc-kent", roles: ["opcc-staff"], kind: "person" },
  officer: { subject: "people/dover-officer", partner: "partners/csp-dover", roles: ["csp-officer"], kind: "person" },
  panel: {
    subject: "people/panel-member-1",
    partner: "partners/police-and-crime-panel",
    roles: ["panel-member"],
    kind: "person",
  },
};

export interface FakeMesh {
  url: string;
  downstream: FakeDownstream;
  /** GET (or POST a form) as the named person; the response with its text. */
  get(path: string, as?: keyof typeof PEOPLE): Promise<{ status: number; text: string }>;
  /**
   * A web request with the session cookie `as` (a key of PEOPLE; "ended-<key>" is that person's
   * session that has ended): a POST carries a form token for that session unless told otherwise.
   */
  send(method: "GET" | "POST", path: string, o?: WebCall): Promise<WebReply>;
  /**
   * The form token the app issues to the session `as` (csrf-csrf, double submit bound to the session
   * id): the value of every form's hidden `_csrf` field and of the csp.x-csrf cookie, as a page sets it.
   */
  csrfToken(as?: string): Promise<string>;
  /** Session ids started by a sign-in, and ended by signing out, in order. */
  sessionsStarted: string[];
  sessionsEnded: string[];
  /** The fake session store (spy on peek/keepAlive for the timeout warning's calls). */
  sessions: SessionStore;
  /** Forms kept when their session had ended, by the id in their cookie. */
  keptForms: Map<string, PendingFormDoc>;
  close(): Promise<void>;
}

/** A web request of the fake mesh (see FakeMesh.send). */
export interface WebCall {
  /** The session cookie's value: a key of PEOPLE, or any other (unknown, or "ended-<key>") id. */
  as?: string;
  /** A url-encoded form (a list sends the field once per value). */
  form?: Record<string, string | string[]>;
  /** A multipart form instead (its form token goes in the query, as the app's upload forms send it). */
  multipart?: FormData;
  /** The form token to send: by default the session's own; false sends none. */
  csrf?: string | false;
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface WebReply {
  status: number;
  text: string;
  headers: Headers;
  /** The Location header ("" if none). */
  location: string;
  /** Cookies set by the reply, by name (a cleared cookie is ""). */
  cookies: Record<string, string>;
}

const CSRF_COOKIE = "csp.x-csrf";

/** In memory, as PendingForms keeps forms: without the form token, bound to the person when known. */
class MemoryPendingForms {
  readonly kept = new Map<string, PendingFormDoc>();
  private next = 1;
  async keep(path: string, body: Record<string, unknown>, person: string | undefined): Promise<string> {
    const id = `kept-${this.next++}`;
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(body))
      if (k !== "_csrf") fields[k] = Array.isArray(v) ? v.map(String) : String(v);
    this.kept.set(id, { _id: id, path, fields, ...(person ? { person } : {}), created: new Date() });
    return id;
  }
  async get(id: string, person: string): Promise<PendingFormDoc | undefined> {
    const doc = this.kept.get(id);
    return doc && (!doc.person || doc.person === person) ? doc : undefined;
  }
  async take(id: string, person: string): Promise<PendingFormDoc | undefined> {
    const doc = await this.get(id, person);
    this.kept.delete(id);
    return doc;
  }
  async drop(id: string): Promise<void> {
    this.kept.delete(id);
  }
}

/** Starts the gateway's app on a loopback port with every dependency faked. */
export async function startFakeMesh(options: { devSignIn?: DemoPerson[] } = {}): Promise<FakeMesh> {
  const callerOf = (token: string | undefined): Caller => {
    const who = PEOPLE[String(token).replace(/^token-/, "")];
    if (!who) throw grpcError("UNAUTHENTICATED", "no such fake token");
    return who;
  };
  const downstream = new FakeDownstream(callerOf);
  const verifier = { verify: async (token: string) => callerOf(token) } as unknown as TokenVerifier;
  // The session cookie's value is the person's key; their token is "token-<key>".
  // A sign-in starts the session of the person its token names; "ended-<key>" is <key>'s ended session.
  const sessionsStarted: string[] = [];
  const sessionsEnded: string[] = [];
  const sessions = {
    resolve: async (id: string) =>
      PEOPLE[id] ? { token: `token-${id}`, displayName: PEOPLE[id]?.subject ?? id } : undefined,
    peek: async (id: string) => ({ live: Boolean(PEOPLE[id]) }),
    keepAlive: async (id: string) => ({ live: Boolean(PEOPLE[id]) }),
    start: async (_person: string, _displayName: string, t: { accessToken: string }) => {
      const id = t.accessToken.replace(/^token-/, "");
      sessionsStarted.push(id);
      return id;
    },
    end: async (id: string) => {
      sessionsEnded.push(id);
    },
    personOfEnded: async (id: string) => (id.startsWith("ended-") ? PEOPLE[id.slice(6)]?.subject : undefined),
  } as unknown as SessionStore;
  const pendingForms = new MemoryPendingForms();
  const app = createApp({
    downstream: downstream.api,
    topicPrefix: "test.",
    verifier,
    sessions,
    pendingForms: pendingForms as unknown as PendingForms,
    sessionIdleSeconds: 1800,
    sessionMaxSeconds: 43_200,
    log: createLogger("gateway-test", "silent"),
    secureCookies: false,
    cookieSecret: "a-cookie-secret-for-handler-tests-only",
    devSignIn: options.devSignIn,
    uploadMaxBytes: 1024 * 1024,
    rateLimitPerMinute: 10_000,
    registry: new Registry(),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new Map<string, string>();
  return {
    url,
    downstream,
    async get(path, as) {
      const res = await fetch(`${url}${path}`, {
        redirect: "manual",
        headers: as ? { cookie: `csp_session=${as}` } : {},
      });
      return { status: res.status, text: await res.text() };
    },
    send,
    csrfToken,
    sessionsStarted,
    sessionsEnded,
    sessions,
    keptForms: pendingForms.kept,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  async function csrfToken(as?: string): Promise<string> {
    const key = as ?? "";
    const known = tokens.get(key);
    if (known) return known;
    // Every page sets it; the session's status is a page that asks no service.
    const reply = await send("GET", "/session/status", { as });
    const token = reply.cookies[CSRF_COOKIE];
    if (!token) throw new Error("the app set no form token cookie");
    tokens.set(key, token);
    return token;
  }

  async function send(method: "GET" | "POST", path: string, o: WebCall = {}): Promise<WebReply> {
    const cookies: Record<string, string> = { ...(o.as ? { csp_session: o.as } : {}), ...o.cookies };
    let target = `${url}${path}`;
    let body: URLSearchParams | FormData | undefined;
    if (method === "POST") {
      const token = o.csrf === false ? undefined : (o.csrf ?? (await csrfToken(o.as)));
      if (token) cookies[CSRF_COOKIE] = token;
      if (o.multipart) {
        body = o.multipart;
        if (token) target += `${path.includes("?") ? "&" : "?"}_csrf=${encodeURIComponent(token)}`;
      } else {
        body = new URLSearchParams();
        for (const [k, v] of Object.entries(o.form ?? {})) for (const x of [v].flat()) body.append(k, x);
        if (token) body.append("_csrf", token);
      }
    }
    const cookie = Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
    const res = await fetch(target, {
      method,
      redirect: "manual",
      headers: { ...(cookie ? { cookie } : {}), ...o.headers },
      body,
    });
    const set = Object.fromEntries(
      res.headers.getSetCookie().map((c) => {
        const [pair = ""] = c.split(";");
        const at = pair.indexOf("=");
        return [pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))];
      }),
    );
    return {
      status: res.status,
      text: await res.text(),
      headers: res.headers,
      location: res.headers.get("location") ?? "",
      cookies: set,
    };
  }
}

// ---- what the web pages' handler tests share --------------------------------------------------------

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

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", nbsp: " " };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? "");

/** A page's text as people read it: tags removed (inline ones without a space), entities decoded, white space collapsed. */
export const textOf = (html: string): string =>
  decode(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ")
      .replace(/<\/?(a|strong|span|code|em|b|i|ins|del)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " "),
  ).trim();

/** The document's title ("Error: " first when the page shows an error summary). */
export const titleOf = (html: string): string => textOf(/<title[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? "");

/** The page's heading (its govuk-heading-l, else its first h1: a panel's title is an h1 too). */
export const headingOf = (html: string): string =>
  textOf(
    (/<h1 class="govuk-heading-l">([\s\S]*?)<\/h1>/.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html))?.[1] ?? "",
  );

/** The GOV.UK error summary's items, each the message and the field it links to (none: no summary). */
export function errorSummary(html: string): { text: string; href: string }[] {
  const at = html.indexOf("govuk-error-summary__list");
  if (at < 0) return [];
  const list = html.slice(at, html.indexOf("</ul>", at));
  return [...list.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    text: textOf(m[2] ?? ""),
    href: decode(m[1] ?? ""),
  }));
}

/** The value of the form field named `name` as the page shows it (an input's value or a textarea's text). */
export function fieldValue(html: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const input = new RegExp(`<input[^>]*name="${esc}"[^>]*>`).exec(html)?.[0];
  if (input) return decode(/value="([^"]*)"/.exec(input)?.[1] ?? "");
  const area = new RegExp(`<textarea[^>]*name="${esc}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return area ? decode(area[1] ?? "").replace(/^\n/, "") : undefined;
}

/** The values of the checked radios and checkboxes named `name`, and of the selected options of its select. */
export function chosen(html: string, name: string): string[] {
  const boxes = [...html.matchAll(/<input[^>]*>/g)]
    .map((m) => m[0])
    .filter((t) => t.includes(`name="${name}"`) && / checked/.test(t))
    .map((t) => decode(/value="([^"]*)"/.exec(t)?.[1] ?? ""));
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  const options = [...select.matchAll(/<option value="([^"]*)"[^>]*selected/g)].map((m) => decode(m[1] ?? ""));
  return [...boxes, ...options];
}

export type { Role };

/** Each table of a page: its caption, head and body rows, every cell as text. */
export function tables(html: string): { caption: string; head: string[]; rows: string[][] }[] {
  const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1] ?? ""));
  return [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map((t) => {
    const body = t[1] ?? "";
    const head = /<thead[^>]*>([\s\S]*?)<\/thead>/.exec(body)?.[1] ?? "";
    const rows = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
    return {
      caption: textOf(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(body)?.[1] ?? ""),
      head: cells(head),
      rows: [...rows.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => cells(r[1] ?? "")),
    };
  });
}

/** A page's GOV.UK summary lists, as [key, value] text pairs in order (the actions' text left out). */
export function summaryRows(html: string): [string, string][] {
  return [...html.matchAll(/<div class="govuk-summary-list__row[^"]*">([\s\S]*?)<\/div>/g)].map((row) => [
    textOf(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>/.exec(row[1] ?? "")?.[1] ?? ""),
    textOf(/<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/.exec(row[1] ?? "")?.[1] ?? ""),
  ]);
}
