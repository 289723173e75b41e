import { context, propagation, ROOT_CONTEXT, TraceFlags, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { z } from "zod";
import { defineEvent, newEvent } from "./events/domain-event";
import { fromKafkaMessage, structuredCloudEvent, toKafkaMessage } from "./events/kafka-binding";
import { sendBatches } from "./events/publisher";
import { createLogger } from "./log";
import { currentTraceparent, tracingEnabled, tracingServiceName, withTraceparent } from "./tracing";

const Thing = defineEvent("thing.happened", "things", z.object({ name: z.string() }), "A thing happened.");
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";
const inSpan = <T>(fn: () => T): T =>
  context.with(
    trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.SAMPLED }),
    fn,
  );

describe("tracing configuration", () => {
  it("is on only when OTEL_TRACES_EXPORTER names an exporter and the SDK is not disabled", () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: "none" })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "true" })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: "otlp" })).toBe(true);
  });

  it("names each service after itself unless OTEL_SERVICE_NAME says otherwise", () => {
    expect(tracingServiceName({}, "/app/services/reports/dist/main.js")).toBe("reports");
    expect(tracingServiceName({ SERVICE_NAME: "audit" }, "/x/main.js")).toBe("audit");
    expect(tracingServiceName({ OTEL_SERVICE_NAME: "gw", SERVICE_NAME: "gateway" }, "/x/main.js")).toBe("gw");
  });
});

describe("trace context through events and logs", () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  it("carries nothing when no span is active", () => {
    expect(currentTraceparent()).toBeUndefined();
    const e = newEvent(Thing, "csp-mesh/test", "things/t1", { name: "one", classification: "OFFICIAL" });
    expect(e).not.toHaveProperty("traceparent");
  });

  it("puts the active span's traceparent in the event, the Kafka headers and a webhook's CloudEvent", () => {
    const e = inSpan(() => newEvent(Thing, "csp-mesh/test", "things/t1", { name: "one", classification: "OFFICIAL" }));
    expect(e.traceparent).toBe(`00-${TRACE}-${SPAN}-01`);
    const m = toKafkaMessage(e);
    expect(m.headers?.ce_traceparent).toBe(e.traceparent);
    const received = fromKafkaMessage({
      key: Buffer.from(String(m.key)),
      value: Buffer.from(String(m.value)),
      headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])),
    });
    expect(received.traceparent).toBe(e.traceparent);
    expect(JSON.parse(structuredCloudEvent(e, {})).traceparent).toBe(e.traceparent);
    // The relay, later and elsewhere, continues that trace.
    expect(withTraceparent(e.traceparent, () => trace.getSpanContext(context.active())?.traceId)).toBe(TRACE);
  });

  it("writes the trace id on every log line of the request", () => {
    const lines: string[] = [];
    const log = createLogger("test", "info", { write: (s: string) => lines.push(s) });
    inSpan(() => log.info("inside"));
    log.info("outside");
    expect(JSON.parse(lines[0] ?? "{}").traceId).toBe(TRACE);
    expect(JSON.parse(lines[1] ?? "{}").traceId).toBeUndefined();
  });
});

describe("sendBatches", () => {
  const ev = (domain: string, id: string, traceparent?: string) => ({
    id,
    type: "t",
    domain,
    source: "s",
    subject: "x",
    time: new Date().toISOString(),
    classification: "OFFICIAL" as const,
    correlationId: "c",
    ...(traceparent ? { traceparent } : {}),
    data: {},
  });

  it("sends one batch per topic when not tracing, keeping order", () => {
    const batches = sendBatches([ev("a", "1"), ev("b", "2"), ev("a", "3")], (e) => e.domain);
    expect(batches.map((b) => [b.topic, b.list.map((e) => e.id)])).toEqual([
      ["a", ["1", "3"]],
      ["b", ["2"]],
    ]);
  });

  it("splits a topic's events into runs that share a trace, in order", () => {
    const batches = sendBatches(
      [ev("a", "1", "t1"), ev("a", "2", "t1"), ev("a", "3", "t2"), ev("a", "4", "t1")],
      (e) => e.domain,
    );
    expect(batches.map((b) => [b.traceparent, b.list.map((e) => e.id)])).toEqual([
      ["t1", ["1", "2"]],
      ["t2", ["3"]],
      ["t1", ["4"]],
    ]);
  });
});
