import { randomUUID } from "node:crypto";
import {
  Metadata,
  type MethodDefinition,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { z } from "zod";
import { unsafeText } from "../api/text-safety";
import type { Caller } from "../auth/caller";
import { bearerToken, type TokenVerifier } from "../auth/verifier";
import { acceptCorrelationId, runWithContext } from "../context";
import { AppError, classifyError, fromZodError, invalidArgument, unauthenticated, unavailable } from "../errors";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import { answeredBeforeDeadline } from "./deadline-guard";
import type { RateLimiter } from "./rate-limit";
import { toServiceError } from "./status-details";
import { certificateThumbprint } from "./tls";

export interface CallContext {
  /** The verified caller. Absent only on methods declared public. */
  caller: Caller;
  correlationId: string;
  deadline: Date | undefined;
  metadata: Metadata;
  /** Thumbprint (x5t#S256) of the client certificate this connection presented, if any. */
  peerCertificate: string | undefined;
}

export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

/** A unary method, or (for client/server streaming RPCs) a streaming one; each message is validated. */
export interface MethodSpec<Req = unknown, Res = unknown> {
  /** Validates (and may normalise) each decoded request message; a failure is INVALID_ARGUMENT with field violations. */
  request: z.ZodType<Req>;
  handler?: UnaryHandler<Req, Res>;
  /** Client streaming: the validated messages as they arrive; resolves with the one response. */
  clientStream?: (messages: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>;
  /** Server streaming: one request; `send` resolves when the message is flushed (back-pressure). */
  serverStream?: (request: Req, send: (message: Res) => Promise<void>, ctx: CallContext) => Promise<void>;
  /** No token required (credential exchange, development sign-in). */
  public?: boolean;
}

/** A table of methods with different request types. */
// biome-ignore lint/suspicious/noExplicitAny: each entry is checked by method<Req, Res>() where it is declared
export type AnyMethodSpec = MethodSpec<any, any>;

/** Declares a method: the request schema and its handler, typed together. */
export function method<Req, Res>(spec: MethodSpec<Req, Res>): MethodSpec<Req, Res> {
  return spec;
}

export interface ChainDeps {
  verifier: TokenVerifier;
  metrics: Metrics;
  log: Logger;
  limiter: RateLimiter;
  /** False while the service's database does not answer: calls are refused at once with UNAVAILABLE. */
  available?: () => boolean;
}

/** What a request deserializer returns instead of throwing when the bytes are not a valid message. */
const UNDECODABLE = Symbol("undecodable");
interface Undecodable {
  [UNDECODABLE]: string;
}
const isUndecodable = (m: unknown): m is Undecodable => typeof m === "object" && m !== null && UNDECODABLE in m;

/**
 * The service definition with request deserializers that do not throw: grpc-js answers a throwing
 * deserializer with INTERNAL, but bytes that are not a valid message are the caller's mistake, so the
 * chain answers INVALID_ARGUMENT instead.
 */
export function tolerantDefinition(service: ServiceDefinition): ServiceDefinition {
  const out: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, def] of Object.entries(service) as [string, MethodDefinition<unknown, unknown>][]) {
    out[name] = {
      ...def,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return def.requestDeserialize(bytes);
        } catch (err) {
          return { [UNDECODABLE]: (err as Error).message } satisfies Undecodable;
        }
      },
    };
  }
  return out as ServiceDefinition;
}

const notAMessage = (m: Undecodable) =>
  invalidArgument(
    `the request is not a valid protobuf message of this method's type (${m[UNDECODABLE].slice(0, 200)})`,
  );

const ANONYMOUS: Caller = { subject: "anonymous", partner: "partners/none", roles: [] as never, kind: "person" };

/**
 * The interceptor chain every method runs through, in order: correlation id, deadline check,
 * authentication, rate limit, request validation (every message of a stream), the handler, error
 * mapping, logging, metrics. Unary, client-streaming and server-streaming methods share it.
 * Implemented as a handler wrapper rather than grpc-js server interceptors because the verified
 * caller must reach the handler, and interceptors have no channel to pass it.
 */
export function implement(
  service: ServiceDefinition,
  methods: Record<string, AnyMethodSpec>,
  deps: ChainDeps,
): UntypedServiceImplementation {
  const impl: UntypedServiceImplementation = {};
  for (const [name, def] of Object.entries(service) as [string, MethodDefinition<unknown, unknown>][]) {
    const spec = methods[name] as MethodSpec<unknown, unknown> | undefined;
    if (!spec) throw new Error(`method ${def.path} has no implementation`);
    if (def.requestStream && def.responseStream)
      throw new Error(`${def.path}: bidirectional streaming is not supported`);
    const kind = def.requestStream ? "clientStream" : def.responseStream ? "serverStream" : "handler";
    if (!spec[kind])
      throw new Error(`${def.path} is ${kind === "handler" ? "unary" : kind} but its spec has no ${kind}`);
    impl[name] = wrap(def.path, kind, spec, deps);
  }
  return impl;
}

type AnyCall = (
  | ServerUnaryCall<unknown, unknown>
  | ServerReadableStream<unknown, unknown>
  | ServerWritableStream<unknown, unknown>
) & {
  metadata: Metadata;
};

/** Deadline of a call as a Date, if it has a finite one. */
function deadlineOf(call: AnyCall): Date | undefined {
  const v = call.getDeadline();
  if (v instanceof Date) return v;
  return Number.isFinite(v) ? new Date(v) : undefined;
}

/** The kit's text rule (api/text-safety.ts), before the method's own schema: INVALID_ARGUMENT naming each field. */
function checkText(message: unknown): void {
  const problems = unsafeText(message);
  if (problems.length > 0) throw invalidArgument(`invalid text: ${problems.map((p) => p.field).join(", ")}`, problems);
}

/** Validated messages of a client stream, as an async iterable; a bad message ends the call with INVALID_ARGUMENT. */
async function* validated<Req>(
  stream: ServerReadableStream<unknown, unknown>,
  schema: z.ZodType<Req>,
): AsyncIterable<Req> {
  let i = 0;
  for await (const message of stream) {
    if (isUndecodable(message)) throw notAMessage(message);
    checkText(message);
    const parsed = schema.safeParse(message);
    if (!parsed.success) {
      const err = fromZodError(parsed.error);
      throw new AppError(err.code, `message ${i}: ${err.message}`, err.fieldViolations);
    }
    i += 1;
    yield parsed.data;
  }
}

function wrap(
  path: string,
  kind: "handler" | "clientStream" | "serverStream",
  spec: MethodSpec<unknown, unknown>,
  deps: ChainDeps,
) {
  return (call: AnyCall, callback?: sendUnaryData<unknown>) => {
    const started = process.hrtime.bigint();
    const correlationId = acceptCorrelationId(call.metadata.get("x-correlation-id")[0]) ?? randomUUID();
    const deadline = deadlineOf(call);
    const header = new Metadata();
    header.set("x-correlation-id", correlationId);
    call.sendMetadata(header);

    const finish = (code: string, err?: AppError) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.grpcHandled.inc({ method: path, code });
      deps.metrics.grpcSeconds.observe({ method: path }, seconds);
      const line = { method: path, code, ms: Math.round(seconds * 1000), correlationId };
      if (!err) deps.log.debug(line, "grpc call");
      else if (err.code === "INTERNAL") deps.log.error(line, "grpc call failed");
      else deps.log.info({ ...line, reason: err.message }, "grpc call refused");
    };

    const run = async (): Promise<unknown> => {
      if (deadline && deadline.getTime() <= Date.now()) throw new AppError("DEADLINE_EXCEEDED", "deadline exceeded");
      // Fail fast rather than wait out the database driver's server selection on every call.
      if (deps.available && !deps.available()) throw unavailable("the database is unavailable; retry later");
      let caller = ANONYMOUS;
      let token: string | undefined;
      if (!spec.public) {
        token = bearerToken(call.metadata.get("authorization")[0]);
        if (!token) throw unauthenticated("missing bearer token in authorization metadata");
        caller = await deps.verifier.verify(token);
      }
      const peerCertificate = peerCertificateOf(call);
      // A certificate-bound token (RFC 8705) is worthless without the certificate's private key.
      if (caller.certificateThumbprint && caller.certificateThumbprint !== peerCertificate) {
        throw unauthenticated("this token is bound to a client certificate the connection did not present");
      }
      const limitKey = spec.public ? `peer:${call.getPeer().replace(/:\d+$/, "")}` : caller.subject;
      if (!deps.limiter.take(limitKey)) throw new AppError("RESOURCE_EXHAUSTED", "rate limit exceeded; slow down");
      const ctx: CallContext = { caller, correlationId, deadline, metadata: call.metadata, peerCertificate };
      return runWithContext({ correlationId, caller, token, deadline }, async () => {
        if (kind === "clientStream" && spec.clientStream) {
          return spec.clientStream(validated(call as ServerReadableStream<unknown, unknown>, spec.request), ctx);
        }
        const request = (call as ServerUnaryCall<unknown, unknown>).request;
        if (isUndecodable(request)) throw notAMessage(request);
        checkText(request);
        const parsed = spec.request.safeParse(request);
        if (!parsed.success) throw fromZodError(parsed.error);
        if (kind === "serverStream" && spec.serverStream) {
          const out = call as ServerWritableStream<unknown, unknown>;
          const send = (m: unknown) =>
            new Promise<void>((resolve, reject) => {
              if (out.cancelled) return reject(new AppError("ABORTED", "the client cancelled the call"));
              if (out.write(m)) resolve();
              else out.once("drain", () => resolve());
            });
          await spec.serverStream(parsed.data, send, ctx);
          return undefined;
        }
        return (spec.handler as UnaryHandler<unknown, unknown>)(parsed.data, ctx);
      });
    };

    // A download is answered as it streams; the guard is for calls answered once, at their end.
    (kind === "serverStream" ? run() : answeredBeforeDeadline(run(), deadline, deps.available)).then(
      (response) => {
        finish("OK");
        if (kind === "serverStream") (call as ServerWritableStream<unknown, unknown>).end();
        else callback?.(null, response);
      },
      (err: unknown) => {
        const appErr = classifyError(err);
        if (appErr.code === "INTERNAL") deps.log.error({ err, method: path }, "unexpected error");
        finish(appErr.code, appErr);
        const serviceError = toServiceError(appErr) as never;
        if (kind === "serverStream") (call as ServerWritableStream<unknown, unknown>).emit("error", serviceError);
        else callback?.(serviceError);
      },
    );
  };
}

/** The client certificate of a TLS connection, as its thumbprint; undefined on plaintext or without one. */
function peerCertificateOf(call: AnyCall): string | undefined {
  const raw = call.getAuthContext?.()?.sslPeerCertificate?.raw;
  return raw && raw.length > 0 ? certificateThumbprint(raw) : undefined;
}
