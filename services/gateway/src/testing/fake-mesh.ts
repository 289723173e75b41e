/**
 * The gateway's app with fakes for everything behind it, for fast handler tests of pages and REST
 * routes: a downstream that answers from programmed responses and records each call, a session
 * store holding one signed-in person per cookie, a verifier that trusts the fake tokens. No Kafka,
 * no database, no other service: what a page renders for each role, and what it asks for.
 */
import type { AddressInfo } from "node:net";
import { type Caller, createLogger, type Role, type TokenVerifier } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import { Registry } from "prom-client";
import { createApp } from "../app";
import type { Downstream, Service, Services } from "../downstream";
import type { PendingForms, SessionStore } from "../web/frame/sessions";

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
  on<S extends Service>(
    service: S,
    method: keyof Services[S] & string,
    answer: Answer | Record<string, unknown>,
  ): this {
    this.answers.set(`${service}.${method}`, typeof answer === "function" ? answer : () => answer);
    return this;
  }

  /** The requests made to `service.method`, in order. */
  requests<S extends Service>(service: S, method: keyof Services[S] & string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.service === service && c.method === method).map((c) => c.request);
  }

  private async call(service: Service, method: string, request: unknown, token?: string): Promise<unknown> {
    this.calls.push({ service, method, request: request as Record<string, unknown>, token });
    const answer = this.answers.get(`${service}.${method}`);
    if (!answer) throw new Error(`the fake downstream has no answer for ${service}.${method}`);
    return answer(request as Record<string, unknown>, this.callerOf(token));
  }
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
  close(): Promise<void>;
}

/** Starts the gateway's app on a loopback port with every dependency faked. */
export async function startFakeMesh(): Promise<FakeMesh> {
  const callerOf = (token: string | undefined): Caller => {
    const who = PEOPLE[String(token).replace(/^token-/, "")];
    if (!who) throw grpcError("UNAUTHENTICATED", "no such fake token");
    return who;
  };
  const downstream = new FakeDownstream(callerOf);
  const verifier = { verify: async (token: string) => callerOf(token) } as unknown as TokenVerifier;
  // The session cookie's value is the person's key; their token is "token-<key>".
  const sessions = {
    resolve: async (id: string) =>
      PEOPLE[id] ? { token: `token-${id}`, displayName: PEOPLE[id]?.subject ?? id } : undefined,
    peek: async (id: string) => ({ live: Boolean(PEOPLE[id]) }),
    keepAlive: async (id: string) => ({ live: Boolean(PEOPLE[id]) }),
  } as unknown as SessionStore;
  const app = createApp({
    downstream: downstream.api,
    topicPrefix: "test.",
    verifier,
    sessions,
    pendingForms: {} as PendingForms,
    sessionIdleSeconds: 1800,
    sessionMaxSeconds: 43_200,
    log: createLogger("gateway-test", "silent"),
    secureCookies: false,
    cookieSecret: "a-cookie-secret-for-handler-tests-only",
    devSignIn: undefined,
    uploadMaxBytes: 1024 * 1024,
    rateLimitPerMinute: 10_000,
    registry: new Registry(),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type { Role };
