/**
 * Tracing: the whole mesh as processes, configured only by the standard OTEL_* variables (OTLP over
 * HTTP with JSON), exports to an OTLP/HTTP receiver held in memory here. One REST call that creates a
 * report request must produce one trace joining the gateway's HTTP span, the reports service's gRPC
 * span, the Kafka producer span of the event (sent later by the outbox relay) and the audit
 * service's consumer span. Remove the traceparent from the outbox's events and the producer and
 * consumer spans start traces of their own: this test fails.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type RunningMesh, startMesh } from "../../deploy/local/src/mesh";
import { createReportRequestOverRest, devToken, eventually } from "../support/mesh";

const OFFSET = 800;
const ARTIFACTS = path.resolve(__dirname, "..", "artifacts");

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}
/** OTLP span kinds. */
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: Omit<Span, "service">[] }[];
  }[];
}

/** An ordinary OTLP/HTTP receiver (JSON encoding), keeping what it receives in memory. */
function startReceiver(): Promise<{ server: Server; url: string; spans: Span[]; requests: string[] }> {
  const spans: Span[] = [];
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
      if (req.url === "/v1/traces" && req.headers["content-type"]?.startsWith("application/json")) {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpJson;
        for (const rs of body.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue ?? "";
          for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push({ ...s, service });
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, requests }),
    ),
  );
}

const KINDS = ["", "internal", "server", "client", "producer", "consumer"];

/** Writes test/artifacts/trace.txt: each span under its parent, with its service, kind and duration. */
function writeTrace(spans: Span[]): void {
  const start = (s: Span) => BigInt(s.startTimeUnixNano);
  const t0 = spans.reduce((m, s) => (start(s) < m ? start(s) : m), start(spans[0] as Span));
  const ms = (n: bigint) => Number(n / 1_000_000n);
  const lines = [`trace ${spans[0]?.traceId}`];
  const walk = (parent: string | undefined, depth: number) => {
    const children = spans
      .filter(
        (s) => (s.parentSpanId || undefined) === parent || (!parent && !spans.some((p) => p.spanId === s.parentSpanId)),
      )
      .filter((s) => (parent ? s.parentSpanId === parent : true))
      .sort((a, b) => (start(a) < start(b) ? -1 : 1));
    for (const s of children) {
      lines.push(
        `${"  ".repeat(depth)}${s.service.padEnd(10)} ${KINDS[s.kind]?.padEnd(8)} ${s.name}  +${ms(start(s) - t0)} ms, ${ms(BigInt(s.endTimeUnixNano) - start(s))} ms`,
      );
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, "trace.txt"), `${lines.join("\n")}\n`);
}

describe("one trace across gateway, reports, Kafka and audit", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let mesh: RunningMesh;
  const run = process.env.CSP_TEST_RUN_ID as string;

  beforeAll(async () => {
    receiver = await startReceiver();
    mesh = await startMesh({
      mongoUrl: process.env.MONGO_URL as string,
      kafkaBrokers: process.env.KAFKA_BROKERS as string,
      portOffset: OFFSET,
      namePrefix: `${run}_trace_`,
      env: {
        KAFKA_TOPIC_PREFIX: `${run}.trace.`,
        LOG_LEVEL: "warn",
        // Only the standard variables.
        OTEL_TRACES_EXPORTER: "otlp",
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_BSP_SCHEDULE_DELAY: "300",
      },
      stdio: "ignore",
    });
  }, 180_000);

  afterAll(async () => {
    await mesh?.stop();
    await new Promise((r) => receiver?.server.close(r));
  });

  test("a REST call creating a report request is followed to the audit ledger", async () => {
    const port = (name: string) => mesh.services.find((s) => s.name === name)?.grpcPort as number;
    const accessToken = await devToken(port("directory"), "people/opcc-staff-1");
    const gateway = mesh.services.find((s) => s.name === "gateway")?.httpPort as number;
    const res = await createReportRequestOverRest(`http://127.0.0.1:${gateway}`, accessToken, "Traced request");
    expect(res.status).toBe(201);

    const find = () => {
      const entry = receiver.spans.find(
        (s) => s.service === "gateway" && s.kind === SERVER && /report-requests/.test(s.name + JSON.stringify(s)),
      );
      if (!entry) return undefined;
      const trace = receiver.spans.filter((s) => s.traceId === entry.traceId);
      return {
        entry,
        reports: trace.find((s) => s.service === "reports" && s.kind === SERVER && /CreateReportRequest/.test(s.name)),
        producer: trace.find((s) => s.service === "reports" && s.kind === PRODUCER),
        audit: trace.find((s) => s.service === "audit" && s.kind === CONSUMER),
      };
    };
    const found = await eventually(
      async () => {
        const f = find();
        return f?.reports && f.producer && f.audit ? f : undefined;
      },
      30_000,
      "the whole trace",
    ).catch(() => undefined);
    const seen = find();
    expect({
      gateway: Boolean(seen?.entry),
      reports: Boolean(seen?.reports),
      producer: Boolean(seen?.producer),
      audit: Boolean(seen?.audit),
      services: [...new Set(receiver.spans.map((s) => s.service))].sort(),
    }).toEqual({
      gateway: true,
      reports: true,
      producer: true,
      audit: true,
      services: expect.arrayContaining(["audit", "directory", "gateway", "reports"]),
    });
    // The consumer's span follows the producer's: Kafka carried the context.
    expect(found?.audit?.parentSpanId).toBe(found?.producer?.spanId);
    expect(receiver.requests.every((r) => r.startsWith("POST /v1/traces application/json"))).toBe(true);
    // The trace as a tree, for reading (docs/operations.md shows one).
    if (found) writeTrace(receiver.spans.filter((s) => s.traceId === found.entry.traceId));
  }, 120_000);
});
