/** FerretDB, the local stand-in for MongoDB, storing in PostgreSQL (postgres.ts) or SQLite. */
import { mkdirSync } from "node:fs";
import { pingsFresh } from "@csp-mesh/kit";
import type { CachePaths } from "./paths";
import type { Ports } from "./ports";
import { ensurePostgres } from "./postgres";
import { type ManagedProcess, portOpen, runningPid, startDetached, tail, waitFor } from "./processes";

/** FerretDB's storage: PostgreSQL (default; measured faster and flat as data grows) or SQLite. */
export type FerretBackend = "postgresql" | "sqlite";

export function ferretBackend(env: NodeJS.ProcessEnv = process.env): FerretBackend {
  const v = env.CSP_FERRETDB_BACKEND ?? "postgresql";
  if (v !== "postgresql" && v !== "sqlite")
    throw new Error(`CSP_FERRETDB_BACKEND must be postgresql or sqlite, got "${v}"`);
  return v;
}

export const ferretProc = (p: CachePaths): ManagedProcess => ({
  name: "ferretdb",
  pidFile: p.ferretPid,
  marker: "ferretdb-local",
});

export const mongoReady = (url: string): Promise<boolean> => pingsFresh(url, 1_000);

export function mongoUrlFor(ports: Ports): string {
  return `mongodb://127.0.0.1:${ports.mongo}/`;
}

export async function ensureFerretDb(
  paths: CachePaths,
  ports: Ports,
  backend: FerretBackend,
  log: (m: string) => void,
): Promise<string[]> {
  const url = mongoUrlFor(ports);
  const proc = ferretProc(paths);
  if (runningPid(proc) === undefined && (await portOpen(ports.mongo))) {
    if (await mongoReady(url)) {
      log(`a MongoDB-compatible server not started by csp-mesh is already on port ${ports.mongo}; using it`);
      return [];
    }
    throw new Error(`port ${ports.mongo} is taken by something that is not a database; set CSP_MONGO_PORT`);
  }
  const started: string[] = [];
  if (runningPid(proc) === undefined) {
    let storage: string[];
    if (backend === "postgresql") {
      const pg = await ensurePostgres(paths, ports);
      if (pg.started) started.push("postgres");
      storage = ["-backend", "postgresql", "-postgresql-url", pg.url];
    } else {
      mkdirSync(paths.ferretData, { recursive: true });
      storage = ["-backend", "sqlite", "-data", paths.ferretData];
    }
    startDetached(
      proc,
      paths.ferretBinary,
      ["-listen", `127.0.0.1:${ports.mongo}`, ...storage, "-log-level", "warn"],
      paths.ferretLog,
      paths.run,
      undefined,
      // FerretDB decodes every document it reads into short-lived Go values: at Go's default (100)
      // the collector took a sixth of its CPU in the test suites, where FerretDB is the busiest
      // process. Its live heap is small (tens of MB), so collecting at five times it costs little memory.
      { ...process.env, GOGC: process.env.GOGC ?? "400" },
    );
    started.push("ferretdb");
  }
  await waitFor(
    "FerretDB",
    () => mongoReady(url),
    60_000,
    () => tail(paths.ferretLog),
  );
  return started;
}
