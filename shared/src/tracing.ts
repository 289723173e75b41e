/**
 * OpenTelemetry tracing, configured only by the standard OTEL_* environment variables
 * (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_TRACES_SAMPLER,
 * ...). With OTEL_TRACES_EXPORTER unset (or "none") nothing is loaded and nothing is patched: tracing
 * off costs nothing.
 *
 * Instrumentation works by patching modules as they are first required, so the SDK must start before
 * anything it instruments is loaded: each service's main.ts first imports "@csp-mesh/kit/tracing"
 * (register-tracing.ts), which calls startTracing().
 */
import path from "node:path";
import { context, isSpanContextValid, propagation, ROOT_CONTEXT, trace } from "@opentelemetry/api";

/** The service's name: OTEL_SERVICE_NAME, else SERVICE_NAME, else the folder of the main script (services/<name>/dist/main.js). */
export function tracingServiceName(env: NodeJS.ProcessEnv = process.env, main = process.argv[1] ?? ""): string {
  return (
    env.OTEL_SERVICE_NAME || env.SERVICE_NAME || path.basename(path.resolve(path.dirname(main), "..")) || "csp-mesh"
  );
}

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  return env.OTEL_SDK_DISABLED !== "true" && exporters.length > 0 && !exporters.includes("none");
}

interface Shutdown {
  shutdown(): Promise<void>;
}

let sdk: Shutdown | undefined;

/** Starts the SDK once per process when tracing is configured; a second call does nothing. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk || !tracingEnabled(env)) return sdk !== undefined;
  env.OTEL_SERVICE_NAME = tracingServiceName(env);
  // Traces only, unless asked: metrics are Prometheus's (/metrics) and logs go to stdout.
  env.OTEL_METRICS_EXPORTER ||= "none";
  env.OTEL_LOGS_EXPORTER ||= "none";
  // Loaded only now, so a process without tracing never reads the SDK at all.
  const { NodeSDK } = require("@opentelemetry/sdk-node") as typeof import("@opentelemetry/sdk-node");
  const { GrpcInstrumentation } =
    require("@opentelemetry/instrumentation-grpc") as typeof import("@opentelemetry/instrumentation-grpc");
  const { HttpInstrumentation } =
    require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { ExpressInstrumentation } =
    require("@opentelemetry/instrumentation-express") as typeof import("@opentelemetry/instrumentation-express");
  const { KafkaJsInstrumentation } =
    require("@opentelemetry/instrumentation-kafkajs") as typeof import("@opentelemetry/instrumentation-kafkajs");
  const { MongoDBInstrumentation } =
    require("@opentelemetry/instrumentation-mongodb") as typeof import("@opentelemetry/instrumentation-mongodb");
  const started = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        // Probes and metric scrapes are not requests anyone follows.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ""),
      }),
      new ExpressInstrumentation(),
      new GrpcInstrumentation({ ignoreGrpcMethods: ["Check", "Watch"] }),
      new KafkaJsInstrumentation(),
      // Statement text may hold personal data; the operation and collection are enough to follow a call.
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  started.start();
  sdk = started;
  return true;
}

/** Flushes spans still buffered; the kit calls it on shutdown. */
export async function stopTracing(): Promise<void> {
  const s = sdk;
  sdk = undefined;
  await s?.shutdown().catch(() => undefined);
}

/** The W3C traceparent of the active span, to carry inside an event (undefined when not tracing). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Runs `fn` as a continuation of the trace an event carries (or as it is, when it carries none). */
export function withTraceparent<T>(traceparent: string | undefined, fn: () => T): T {
  return traceparent ? context.with(propagation.extract(ROOT_CONTEXT, { traceparent }), fn) : fn();
}

/** The active trace id, for log lines (undefined when not tracing). */
export function currentTraceId(): string | undefined {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? span.traceId : undefined;
}
