/**
 * The gateway's app with fakes for everything behind it, for fast handler tests of pages and REST
 * routes: a downstream that answers from programmed responses and records each call
 * (fake-downstream.ts), a session store holding one signed-in person per cookie and a verifier that
 * trusts the fake tokens (fake-sessions.ts). No Kafka, no database, no other service: what a page
 * renders for each role, and what it asks for. Reading pages: page-reading.ts; route tables: page-tests.ts.
 */
import type { AddressInfo } from "node:net";
import { createLogger } from "@csp-mesh/kit";
import { Registry } from "prom-client";
import { createApp } from "../app";
import type { DemoPerson } from "../web/account/sign-in";
import type { PendingFormDoc, PendingForms, SessionStore } from "../web/frame/sessions";
import { FakeDownstream } from "./fake-downstream";
import { callerOf, fakeSessions, fakeVerifier, MemoryPendingForms, type PEOPLE } from "./fake-sessions";

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

/** Starts the gateway's app on a loopback port with every dependency faked. */
export async function startFakeMesh(options: { devSignIn?: DemoPerson[] } = {}): Promise<FakeMesh> {
  const downstream = new FakeDownstream(callerOf);
  const { sessions, sessionsStarted, sessionsEnded } = fakeSessions();
  const pendingForms = new MemoryPendingForms();
  const app = createApp({
    downstream: downstream.api,
    topicPrefix: "test.",
    verifier: fakeVerifier(),
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
