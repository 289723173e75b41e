/**
 * `npm start`: brings up the local infrastructure (unless MONGO_URL/KAFKA_BROKERS are set), then
 * every service as its own process, each on its own ports. Ctrl-C stops the services, then the
 * infrastructure this command started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { waitServing } from "./health";
import { down, up } from "./infra";

const ROOT = path.resolve(__dirname, "..", "..", "..");

interface ServiceRun {
  name: string;
  entry: string;
  grpcPort: number;
  httpPort: number;
  env: Record<string, string>;
}

const DIRECTORY_HTTP = 9401;
export const SERVICES: ServiceRun[] = [
  {
    name: "directory",
    entry: "services/directory/dist/main.js",
    grpcPort: 50051,
    httpPort: DIRECTORY_HTTP,
    env: { MONGO_DB: "csp_directory", DEV_SIGN_IN_ENABLED: "true", SEED_DEMO_ON_EMPTY: "true" },
  },
  {
    name: "audit",
    entry: "services/audit/dist/main.js",
    grpcPort: 50059,
    httpPort: 9409,
    env: { MONGO_DB: "csp_audit", AUTH_JWKS_URL: `http://127.0.0.1:${DIRECTORY_HTTP}/.well-known/jwks.json` },
  },
];

async function main() {
  const infra = await up();
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.error("[mesh] stopping services...");
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
          }),
      ),
    );
    if (infra.started.length > 0) {
      console.error(`[mesh] stopping ${infra.started.join(", ")}...`);
      await down(process.env, infra.started);
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  const infraReady = Date.now();
  for (const s of SERVICES) {
    const child = spawn(process.execPath, [path.join(ROOT, s.entry)], {
      stdio: "inherit",
      env: {
        ...process.env,
        MONGO_URL: infra.mongoUrl,
        KAFKA_BROKERS: infra.kafkaBrokers,
        GRPC_PORT: String(s.grpcPort),
        HTTP_PORT: String(s.httpPort),
        ...s.env,
      },
    });
    child.on("exit", (code, signal) => {
      if (!stopping) {
        console.error(`[mesh] ${s.name} exited (${code ?? signal}); stopping the mesh`);
        void stop(1);
      }
    });
    children.push(child);
    // The directory publishes the JWKS the others fetch, so it must be up before they start.
    if (s.name === "directory") await waitServing(`127.0.0.1:${s.grpcPort}`, 30_000);
  }
  try {
    await Promise.all(SERVICES.map((s) => waitServing(`127.0.0.1:${s.grpcPort}`, 30_000)));
  } catch (err) {
    console.error(`[mesh] ${(err as Error).message}`);
    return stop(1);
  }
  console.error(
    `[mesh] every service SERVING ${((Date.now() - infraReady) / 1000).toFixed(1)} s after the infrastructure was up`,
  );
  console.error(
    `[mesh] services: ${SERVICES.map((s) => `${s.name} grpc 127.0.0.1:${s.grpcPort} (metrics http://127.0.0.1:${s.httpPort}/metrics)`).join(", ")}`,
  );
  console.error("[mesh] Ctrl-C stops everything this command started.");
}

main().catch((err: unknown) => {
  console.error(`[mesh] ${(err as Error).message}`);
  process.exit(1);
});
