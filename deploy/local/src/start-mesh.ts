/**
 * `npm start`: brings up the local infrastructure (unless MONGO_URL/KAFKA_BROKERS are set), then
 * every service as its own process, each on its own ports. Ctrl-C stops the services, then the
 * infrastructure this command started.
 */
import { developmentCertificates, tlsEnv } from "./certs";
import { down, up } from "./infra";
import { startMesh } from "./mesh";
import { cachePaths } from "./paths";

/** `npm start -- --tls`: gRPC over TLS with development certificates, and one for the demo partner system. */
const TLS = process.argv.includes("--tls") || process.env.CSP_TLS === "1";
const DEMO_SYSTEM = "demo-maidstone-case-system";

async function main() {
  const infra = await up();
  const infraReady = Date.now();
  let stopping = false;
  const stopInfra = async () => {
    if (infra.started.length > 0) {
      console.error(`[mesh] stopping ${infra.started.join(", ")}...`);
      await down(process.env, infra.started);
    }
  };
  let mesh: Awaited<ReturnType<typeof startMesh>>;
  try {
    const certs = TLS ? developmentCertificates(cachePaths().certificates, [DEMO_SYSTEM]) : undefined;
    mesh = await startMesh({
      mongoUrl: infra.mongoUrl,
      kafkaBrokers: infra.kafkaBrokers,
      smtpUrl: infra.smtpUrl,
      ...(certs ? { env: tlsEnv(certs) } : {}),
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
}

main().catch((err: unknown) => {
  console.error(`[mesh] ${(err as Error).message}`);
  process.exit(1);
});
