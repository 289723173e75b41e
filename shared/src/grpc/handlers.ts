import { randomUUID } from "node:crypto";
import {
  Metadata,
  type MethodDefinition,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import type { z } from "zod";
import type { Caller } from "../auth/caller";
import { bearerToken, type TokenVerifier } from "../auth/verifier";
import { acceptCorrelationId, runWithContext } from "../context";
import { AppError, classifyError, fromZodError, unauthenticated } from "../errors";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import type { RateLimiter } from "./rate-limit";
import { toServiceError } from "./status-details";

export interface CallContext {
  /** The verified caller. Absent only on methods declared public. */
  caller: Caller;
  correlationId: string;
  deadline: Date | undefined;
  metadata: Metadata;
}

export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

export interface MethodSpec<Req = unknown, Res = unknown> {
  /** Validates (and may normalise) the decoded request; a failure is INVALID_ARGUMENT with field violations. */
  request: z.ZodType<Req>;
  handler: UnaryHandler<Req, Res>;
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
}

const ANONYMOUS: Caller = { subject: "anonymous", partner: "partners/none", roles: [] as never, kind: "person" };

/**
 * The interceptor chain every method runs through, in order: correlation id, deadline check,
 * authentication, rate limit, request validation, the handler, error mapping, logging, metrics.
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
    if (def.requestStream || def.responseStream)
      throw new Error(`streaming method ${def.path} needs a streaming wrapper`);
    impl[name] = unaryWrapper(def.path, spec, deps);
  }
  return impl;
}

function unaryWrapper(path: string, spec: MethodSpec<unknown, unknown>, deps: ChainDeps) {
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const started = process.hrtime.bigint();
    const correlationId = acceptCorrelationId(call.metadata.get("x-correlation-id")[0]) ?? randomUUID();
    const deadlineValue = call.getDeadline();
    const deadline =
      deadlineValue instanceof Date
        ? deadlineValue
        : Number.isFinite(deadlineValue)
          ? new Date(deadlineValue)
          : undefined;
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

    const run = async () => {
      if (deadline && deadline.getTime() <= Date.now()) throw new AppError("DEADLINE_EXCEEDED", "deadline exceeded");
      let caller = ANONYMOUS;
      let token: string | undefined;
      if (!spec.public) {
        token = bearerToken(call.metadata.get("authorization")[0]);
        if (!token) throw unauthenticated("missing bearer token in authorization metadata");
        caller = await deps.verifier.verify(token);
      }
      const limitKey = spec.public ? `peer:${call.getPeer().replace(/:\d+$/, "")}` : caller.subject;
      if (!deps.limiter.take(limitKey)) throw new AppError("RESOURCE_EXHAUSTED", "rate limit exceeded; slow down");
      const parsed = spec.request.safeParse(call.request);
      if (!parsed.success) throw fromZodError(parsed.error);
      return runWithContext({ correlationId, caller, token, deadline }, () =>
        spec.handler(parsed.data, { caller, correlationId, deadline, metadata: call.metadata }),
      );
    };

    run().then(
      (response) => {
        finish("OK");
        callback(null, response);
      },
      (err: unknown) => {
        const appErr = classifyError(err);
        if (appErr.code === "INTERNAL") deps.log.error({ err, method: path }, "unexpected error");
        finish(appErr.code, appErr);
        callback(toServiceError(appErr) as never);
      },
    );
  };
}
