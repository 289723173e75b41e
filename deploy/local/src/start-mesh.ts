/**
 * `npm start`: brings up the local infrastructure (unless MONGO_URL/KAFKA_BROKERS are set), then
 * every service as its own process, each on its own ports. Ctrl-C stops the services, then the
 * infrastructure this command started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync } from "node:fs";
import path from "node:path";
import { channelCredentials } from "@csp-mesh/kit";
import { developmentCertificates, tlsEnv } from "./certs";
import { runDemoSeed } from "./demo/seed";
import { down, up } from "./infra";
import { startMesh } from "./mesh";
import { cachePaths, LOCAL_DIR } from "./paths";
import { portOpen } from "./processes";
import { provisionJaeger } from "./provision";

/** `npm start -- --tls`: gRPC over TLS with development certificates, and one for the demo partner system. */
const TLS = process.argv.includes("--tls") || process.env.CSP_TLS === "1";
const DEMO_SYSTEM = "demo-maidstone-case-system";
/** `npm start -- --trace`: a local Jaeger, and every service tracing to it over OTLP/HTTP. */
const TRACE = process.argv.includes("--trace");
const JAEGER_UI = "http://127.0.0.1:16686";

/** Starts Jaeger (building it on first use) and waits for its OTLP/HTTP port; it ends with this command. */
async function startJaeger(): Promise<ChildProcess> {
  const paths = cachePaths();
  provisionJaeger(paths, (m) => console.error(`[mesh] ${m}`));
  if (await portOpen(4318)) throw new Error("port 4318 (OTLP/HTTP) is taken: is another trace collector running?");
  const out = openSync(paths.jaegerLog, "a");
  const config = path.join(LOCAL_DIR, "jaeger.yaml");
  const child = spawn(paths.jaegerBinary, ["--config", config], { stdio: ["ignore", out, out] });
  for (let i = 0; i < 120 && !(await portOpen(4318)); i++) await new Promise((r) => setTimeout(r, 250));
  if (!(await portOpen(4318))) throw new Error(`Jaeger did not open 4318; see ${paths.jaegerLog}`);
  return child;
}

const traceEnv = {
  OTEL_TRACES_EXPORTER: "otlp",
  OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
};

async function main() {
  const infra = await up();
  let infraReady = Date.now();
  let jaeger: ChildProcess | undefined;
  let stopping = false;
  const stopInfra = async () => {
    jaeger?.kill("SIGTERM");
    if (infra.started.length > 0) {
      console.error(`[mesh] stopping ${infra.started.join(", ")}...`);
      await down(process.env, infra.started);
    }
  };
  let mesh: Awaited<ReturnType<typeof startMesh>>;
  let certs: ReturnType<typeof developmentCertificates> | undefined;
  try {
    if (TRACE) {
      jaeger = await startJaeger();
      infraReady = Date.now();
    }
    certs = TLS ? developmentCertificates(cachePaths().certificates, [DEMO_SYSTEM]) : undefined;
    mesh = await startMesh({
      mongoUrl: infra.mongoUrl,
      kafkaBrokers: infra.kafkaBrokers,
      smtpUrl: infra.smtpUrl,
      env: { ...(certs ? tlsEnv(certs) : {}), ...(TRACE ? traceEnv : {}) },
    });
    if (certs) {
      const demo = certs.clients[DEMO_SYSTEM];
      console.error(`[mesh] gRPC over TLS: CA ${certs.ca}`);
      console.error(`[mesh] a client certificate to bind a partner system to: ${demo?.cert} (key ${demo?.key}),`);
      console.error(`[mesh]   certificate_sha256 ${demo?.sha256} (see docs/integration.md)`);
    }
  } catch (err) {
    console.error(`[mesh] ${(err as Error).message}`);
    await stopInfra();
    process.exit(1);
  }
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.error("[mesh] stopping services...");
    await mesh.stop();
    await stopInfra();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  mesh.onUnexpectedExit((name, code) => {
    console.error(`[mesh] ${name} exited (${code}); stopping the mesh`);
    void stop(1);
  });
  console.error(
    `[mesh] every service SERVING ${((Date.now() - infraReady) / 1000).toFixed(1)} s after the infrastructure was up`,
  );
  if (jaeger)
    console.error(
      `[mesh] traces of every request in Jaeger (OTLP in on 127.0.0.1:4318): ${JAEGER_UI}/api/traces?service=gateway&limit=5`,
    );
  for (const s of mesh.services)
    console.error(`[mesh] ${s.name}: gRPC 127.0.0.1:${s.grpcPort}, metrics http://127.0.0.1:${s.httpPort}/metrics`);
  const web = mesh.services.find((s) => s.name === "gateway");
  if (web)
    console.error(
      `[mesh] web service and REST API: http://localhost:${web.httpPort} (sign in as a demonstration person)`,
    );
  if (infra.mailUrl)
    console.error(`[mesh] email the mesh sends (to the demonstration people): read it at ${infra.mailUrl}`);
  console.error("[mesh] Ctrl-C stops everything this command started.");
  // On an empty mesh, demonstration content made through the services' APIs (CSP_DEMO=off: none).
  const grpc = (name: string) => `127.0.0.1:${mesh.services.find((s) => s.name === name)?.grpcPort}`;
  await runDemoSeed({
    addresses: {
      directory: grpc("directory"),
      reports: grpc("reports"),
      meetings: grpc("meetings"),
      assessments: grpc("assessments"),
      grants: grpc("grants"),
    },
    channel: channelCredentials({ ...process.env, ...(certs ? tlsEnv(certs) : {}) }),
  });
}

main().catch((err: unknown) => {
  console.error(`[mesh] ${(err as Error).message}`);
  process.exit(1);
});
