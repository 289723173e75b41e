import {
  type CallOptions,
  type ChannelCredentials,
  type Client,
  credentials,
  InterceptingCall,
  type Interceptor,
  Metadata,
  type ServiceClientConstructor,
} from "@grpc/grpc-js";
import { currentContext } from "../context";

export interface ClientOptions {
  /** Deadline for calls that set none and are not inside a request with an earlier one. */
  defaultDeadlineMs?: number;
  /**
   * Methods safe to retry (reads). Only these are retried, on UNAVAILABLE, by gRPC's own retry
   * policy; a write is never sent twice by the client.
   */
  idempotentMethods?: string[];
  /** Token to send when not inside a request (otherwise the current caller's token is forwarded). */
  token?: () => string | undefined;
  maxMessageBytes?: number;
  /** Plaintext unless given (see channelCredentials in tls.ts). */
  channelCredentials?: ChannelCredentials;
}

/**
 * A gRPC client with the mesh's conventions: bearer token and correlation id forwarded from the
 * current request, deadlines always set (the caller's remaining deadline propagates downstream).
 */
export function createClient<C extends Client>(
  ctor: ServiceClientConstructor,
  address: string,
  opts: ClientOptions = {},
): C {
  const serviceName = serviceNameOf(ctor);
  const serviceConfig = {
    methodConfig: [
      {
        name: (opts.idempotentMethods ?? []).map((m) => ({ service: serviceName, method: m })),
        retryPolicy: {
          maxAttempts: 3,
          initialBackoff: "0.1s",
          maxBackoff: "1s",
          backoffMultiplier: 2,
          retryableStatusCodes: ["UNAVAILABLE"],
        },
      },
    ].filter((c) => c.name.length > 0),
  };
  const interceptor: Interceptor = (options, nextCall) => {
    const ctx = currentContext();
    const dflt = new Date(Date.now() + (opts.defaultDeadlineMs ?? 5_000));
    const inherited = ctx?.deadline;
    const mine = options.deadline === undefined ? dflt : new Date(options.deadline as Date | number);
    const effective = inherited && inherited < mine ? inherited : mine;
    const next = { ...options, deadline: effective };
    return new InterceptingCall(nextCall(next), {
      start(metadata, listener, nextStart) {
        const token = ctx?.token ?? opts.token?.();
        if (token && metadata.get("authorization").length === 0) metadata.set("authorization", `Bearer ${token}`);
        if (ctx?.correlationId && metadata.get("x-correlation-id").length === 0)
          metadata.set("x-correlation-id", ctx.correlationId);
        nextStart(metadata, listener);
      },
    });
  };
  return new ctor(address, opts.channelCredentials ?? credentials.createInsecure(), {
    interceptors: [interceptor],
    "grpc.service_config": JSON.stringify(serviceConfig),
    "grpc.max_receive_message_length": opts.maxMessageBytes ?? 4 * 1024 * 1024,
    "grpc.max_send_message_length": opts.maxMessageBytes ?? 4 * 1024 * 1024,
  }) as unknown as C;
}

function serviceNameOf(ctor: ServiceClientConstructor): string {
  const first = Object.values(ctor.service)[0];
  // path is "/package.Service/Method"
  return first ? (first.path.split("/")[1] ?? "") : "";
}

function methodOf(client: Client, methodName: string): Function {
  const fn = (client as unknown as Record<string, Function>)[methodName];
  if (typeof fn !== "function") throw new Error(`no method ${methodName}`);
  return fn;
}

/** Promise form of a unary call, with optional per-call metadata. */
export function unary<Req, Res>(
  client: Client,
  methodName: string,
  request: Req,
  metadata: Metadata = new Metadata(),
  options: CallOptions = {},
): Promise<Res> {
  const fn = methodOf(client, methodName);
  return new Promise<Res>((resolve, reject) => {
    fn.call(client, request, metadata, options, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res)));
  });
}

export function bearer(token: string): Metadata {
  const m = new Metadata();
  m.set("authorization", `Bearer ${token}`);
  return m;
}

/** Client streaming: writes every message (respecting back-pressure), then resolves with the response. */
export function clientStream<Req, Res>(
  client: Client,
  methodName: string,
  messages: Iterable<Req> | AsyncIterable<Req>,
  metadata: Metadata = new Metadata(),
  options: CallOptions = {},
): Promise<Res> {
  const fn = methodOf(client, methodName);
  return new Promise<Res>((resolve, reject) => {
    const call = fn.call(client, metadata, options, (err: Error | null, res: Res) =>
      err ? reject(err) : resolve(res),
    );
    (async () => {
      for await (const m of messages) {
        if (!call.write(m)) await new Promise((r) => call.once("drain", r));
      }
      call.end();
    })().catch((err: unknown) => {
      call.cancel();
      reject(err);
    });
  });
}

/** Server streaming as an async iterable of response messages; a failed call throws from the loop. */
export async function* serverStream<Req, Res>(
  client: Client,
  methodName: string,
  request: Req,
  metadata: Metadata = new Metadata(),
  options: CallOptions = {},
): AsyncIterable<Res> {
  const fn = methodOf(client, methodName);
  const call = fn.call(client, request, metadata, options) as AsyncIterable<Res> & { cancel(): void };
  try {
    for await (const m of call) yield m;
  } finally {
    call.cancel();
  }
}
