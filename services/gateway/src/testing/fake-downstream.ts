/**
 * The fake downstream of the handler tests: every service's methods, each answered from a programmed
 * response, and every call recorded (service, method, request, token) for a test to read back.
 */
import type { Caller } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Downstream, Reply, Service, Services } from "../downstream";

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
  "combinations",
  "directory",
  "identity",
  "reports",
  "meetings",
  "assessments",
  "notifier",
  "notificationSettings",
  "plans",
  "grants",
  "register",
];

/** An upload's messages as the service receives them: the metadata, then the file's bytes in chunks. */
export async function received(messages: unknown) {
  const all: { metadata?: unknown; chunk?: Buffer }[] = [];
  for await (const m of messages as AsyncIterable<{ metadata?: unknown; chunk?: Buffer }>) all.push(m);
  const chunks = all.slice(1).map((m) => m.chunk as Buffer);
  return { metadata: all[0]?.metadata, chunks, bytes: Buffer.concat(chunks) };
}
