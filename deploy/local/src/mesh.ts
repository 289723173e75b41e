/**
 * The services of the mesh as local processes: which entry point, which ports, which settings.
 * `npm start` and the benchmark both start the mesh through here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { channelCredentials, waitServing } from "@csp-mesh/kit";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * How long a service may take to report SERVING. A broker that has just started can keep producers
 * waiting while it loads its transaction-state log ("the coordinator is loading"), which on this
 * machine has taken more than 30 s. Longer than a service's own patience with its dependencies (the
 * kit's START_TIMEOUT_MS, 120 s), so a slow start ends in the service's own error, not in this
 * waiter giving up first: a fresh three-node cluster on a busy machine once took over 90 s.
 */
const START_TIMEOUT_MS = 150_000;

/**
 * V8 heap settings for every service process. Node sizes its heap from the machine's memory (on a
 * 24 GiB machine a 4 GB old space and 32 MB semi-spaces), so an idle service sat at 130-180 MB and
 * the reports service at 300 MB under load, mostly uncollected garbage. With these the benchmark's
 * throughput is unchanged and every service stays under 150 MB (docs/benchmark.md; 2 MB semi-spaces,
 * because with 4 MB the reports service sometimes measured just over). The container
 * image sets the same through NODE_OPTIONS.
 */
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=2", "--max-old-space-size=96"];

export interface ServiceRun {
  name: string;
  entry: string;
  grpcPort: number;
  httpPort: number;
  env: Record<string, string>;
}

export interface MeshOptions {
  mongoUrl: string;
  kafkaBrokers: string;
  /**
   * Added to every port, so a second mesh (the benchmark's, a test's) can run beside `npm start`;
   * with an offset the gRPC ports also move below the ephemeral range (50051 + 800 -> 25851).
   */
  portOffset?: number;
  /** Prefix for database names and topics. */
  namePrefix?: string;
  /** Where the notifier sends email (smtp://...); without it the mesh writes no email. */
  smtpUrl?: string;
  /** Extra settings for every service. */
  env?: Record<string, string>;
  stdio?: "inherit" | "ignore";
}

export function meshServices(o: MeshOptions): ServiceRun[] {
  const off = o.portOffset ?? 0;
  // A second mesh (the tests', the benchmark's) puts its gRPC ports below the kernel's ephemeral
  // range (32768-60999 here): there, a port another process's connection or port-0 listener had just
  // been given made a test mesh fail to bind (EADDRINUSE) with two suites running at once.
  const grpc = (base: number) => (off === 0 ? base : base - 25_000 + off);
  const db = (name: string) => `${o.namePrefix ?? "csp_"}${name}`;
  const directoryGrpc = grpc(50051);
  const directoryHttp = 9401 + off;
  const jwks = `http://127.0.0.1:${directoryHttp}/.well-known/jwks.json`;
  return [
    {
      name: "directory",
      entry: "services/directory/dist/main.js",
      grpcPort: directoryGrpc,
      httpPort: directoryHttp,
      env: { MONGO_DB: db("directory"), DEV_SIGN_IN_ENABLED: "true", SEED_DEMO_ON_EMPTY: "true" },
    },
    {
      name: "reports",
      entry: "services/reports/dist/main.js",
      grpcPort: grpc(50053),
      httpPort: 9403 + off,
      env: {
        MONGO_DB: db("reports"),
        AUTH_JWKS_URL: jwks,
        DIRECTORY_ADDRESS: `127.0.0.1:${directoryGrpc}`,
        GRANTS_ADDRESS: `127.0.0.1:${grpc(50063)}`,
      },
    },
    {
      name: "meetings",
      entry: "services/meetings/dist/main.js",
      grpcPort: grpc(50055),
      httpPort: 9405 + off,
      env: {
        MONGO_DB: db("meetings"),
        AUTH_JWKS_URL: jwks,
        DIRECTORY_ADDRESS: `127.0.0.1:${directoryGrpc}`,
        GRANTS_ADDRESS: `127.0.0.1:${grpc(50063)}`,
        PUBLIC_BASE_URL: `http://127.0.0.1:${8080 + off}`,
      },
    },
    {
      name: "assessments",
      entry: "services/assessments/dist/main.js",
      grpcPort: grpc(50057),
      httpPort: 9407 + off,
      env: {
        MONGO_DB: db("assessments"),
        AUTH_JWKS_URL: jwks,
        DIRECTORY_ADDRESS: `127.0.0.1:${directoryGrpc}`,
        GRANTS_ADDRESS: `127.0.0.1:${grpc(50063)}`,
      },
    },
    {
      name: "grants",
      entry: "services/grants/dist/main.js",
      grpcPort: grpc(50063),
      httpPort: 9413 + off,
      env: {
        MONGO_DB: db("grants"),
        AUTH_JWKS_URL: jwks,
        DIRECTORY_ADDRESS: `127.0.0.1:${directoryGrpc}`,
        ASSESSMENTS_ADDRESS: `127.0.0.1:${grpc(50057)}`,
        REPORTS_ADDRESS: `127.0.0.1:${grpc(50053)}`,
      },
    },
    {
      name: "gateway",
      entry: "services/gateway/dist/main.js",
      grpcPort: grpc(50060),
      httpPort: 8080 + off,
      env: {
        MONGO_DB: db("gateway"),
        AUTH_JWKS_URL: jwks,
        DIRECTORY_ADDRESS: `127.0.0.1:${directoryGrpc}`,
        REPORTS_ADDRESS: `127.0.0.1:${grpc(50053)}`,
        MEETINGS_ADDRESS: `127.0.0.1:${grpc(50055)}`,
        ASSESSMENTS_ADDRESS: `127.0.0.1:${grpc(50057)}`,
        NOTIFIER_ADDRESS: `127.0.0.1:${grpc(50061)}`,
        GRANTS_ADDRESS: `127.0.0.1:${grpc(50063)}`,
        DEV_SIGN_IN_ENABLED: "true",
      },
    },
    {
      name: "audit",
      entry: "services/audit/dist/main.js",
      grpcPort: grpc(50059),
      httpPort: 9409 + off,
      env: { MONGO_DB: db("audit"), AUTH_JWKS_URL: jwks },
    },
    {
      name: "notifier",
      entry: "services/notifier/dist/main.js",
      grpcPort: grpc(50061),
      httpPort: 9411 + off,
      // Locally a partner developer's receiver is usually http://127.0.0.1:<port>.
      env: {
        MONGO_DB: db("notifier"),
        AUTH_JWKS_URL: jwks,
        WEBHOOK_ALLOW_LOOPBACK_HTTP: "true",
        SMTP_URL: o.smtpUrl ?? "",
        PUBLIC_BASE_URL: `http://127.0.0.1:${8080 + off}`,
      },
    },
  ];
}

export interface RunningMesh {
  services: ServiceRun[];
  /** Stops every service (SIGTERM, then they shut down gracefully). */
  stop(): Promise<void>;
  /** Process id of each running service, by name (e.g. to read its resident memory). */
  pids(): Record<string, number>;
  /** Called if a service exits on its own. */
  onUnexpectedExit(fn: (service: string, code: number | string | null) => void): void;
}

/** Starts every service and resolves once each reports SERVING on the gRPC health check. */
export async function startMesh(o: MeshOptions): Promise<RunningMesh> {
  const services = meshServices(o);
  const channel = channelCredentials({ ...process.env, ...o.env });
  const children: ChildProcess[] = [];
  let stopping = false;
  let onExit: (service: string, code: number | string | null) => void = () => undefined;
  const stop = async () => {
    stopping = true;
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
  };
  /** Each service's end before it reported SERVING: why it stopped, with the last of what it wrote. */
  const exits: Promise<never>[] = [];
  const serving = (s: ServiceRun, i: number) =>
    Promise.race([waitServing(`127.0.0.1:${s.grpcPort}`, START_TIMEOUT_MS, channel), exits[i] as Promise<never>]);
  try {
    for (const s of services) {
      // With output ignored, its error output is still kept (the last lines), to say why it failed.
      const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, path.join(ROOT, s.entry)], {
        stdio: o.stdio === "ignore" ? ["ignore", "ignore", "pipe"] : "inherit",
        env: {
          ...process.env,
          MONGO_URL: o.mongoUrl,
          KAFKA_BROKERS: o.kafkaBrokers,
          GRPC_PORT: String(s.grpcPort),
          HTTP_PORT: String(s.httpPort),
          ...o.env,
          ...s.env,
        },
      });
      let tail = "";
      child.stderr?.on("data", (b: Buffer) => {
        tail = (tail + b.toString()).slice(-2000);
      });
      child.on("exit", (code, signal) => {
        if (!stopping) onExit(s.name, code ?? signal);
      });
      const exited = new Promise<never>((_resolve, reject) =>
        child.once("exit", (code, signal) =>
          reject(
            new Error(`${s.name} exited (${code ?? signal}) before it was SERVING${tail ? `: ${tail.trim()}` : ""}`),
          ),
        ),
      );
      exited.catch(() => undefined); // raced below while starting; later exits go to onUnexpectedExit
      exits.push(exited);
      children.push(child);
      // The directory publishes the JWKS the others fetch, so it must be up before they start.
      if (s.name === "directory") await serving(s, children.length - 1);
    }
    await Promise.all(services.map(serving));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    services,
    stop,
    pids: () =>
      Object.fromEntries(services.flatMap((s, i) => (children[i]?.pid ? [[s.name, children[i].pid as number]] : []))),
    onUnexpectedExit: (fn) => {
      onExit = fn;
    },
  };
}

/** Resident set size of each process, in MB, from /proc (Linux; empty elsewhere). */
export function residentMb(pids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
      if (Number.isFinite(kb)) out[name] = Math.round(kb / 1024);
    } catch {
      /* not Linux, or the process is gone */
    }
  }
  return out;
}
