import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";

/** A process we started, remembered in a pid file so `infra:down` stops exactly what `infra:up` began. */
export interface ManagedProcess {
  name: string;
  pidFile: string;
  /** A string the process's command line must contain; guards against a recycled pid. */
  marker: string;
  /** The signal that asks for a prompt clean stop (SIGTERM unless the program wants another). */
  stopSignal?: NodeJS.Signals;
}

export function runningPid(p: ManagedProcess): number | undefined {
  if (!existsSync(p.pidFile)) return undefined;
  const pid = Number(readFileSync(p.pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes(p.marker) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function startDetached(
  p: ManagedProcess,
  cmd: string,
  args: string[],
  logFile: string,
  cwd: string,
  user?: { uid: number; gid: number },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const out = openSync(logFile, "a");
  // Detached in its own process group: it outlives `infra:up`, and stopping it stops its children too.
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", out, out], ...(user ?? {}) });
  if (child.pid === undefined) throw new Error(`could not start ${p.name}`);
  child.unref();
  writeFileSync(p.pidFile, String(child.pid));
  return child.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, wait for a clean exit, then SIGKILL. Returns true if something was stopped. */
export async function stopManaged(p: ManagedProcess, graceMs = 30_000): Promise<boolean> {
  const pid = runningPid(p);
  rmSync(p.pidFile, { force: true });
  if (pid === undefined) return false;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signalGroup(p.stopSignal ?? "SIGTERM");
  const until = Date.now() + graceMs;
  while (alive(pid) && Date.now() < until) await sleep(200);
  if (alive(pid)) {
    signalGroup("SIGKILL");
    while (alive(pid)) await sleep(100);
  }
  return true;
}

/** SIGKILL to the process group, as a crash would: no clean shutdown (for fault tests). */
export async function killManaged(p: ManagedProcess): Promise<boolean> {
  const pid = runningPid(p);
  if (pid === undefined) return false;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    process.kill(pid, "SIGKILL");
  }
  while (alive(pid)) await sleep(50);
  rmSync(p.pidFile, { force: true });
  return true;
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  diagnostics: () => string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(300);
  }
  // One last look: on a first run another tool's build (a synchronous go build) can hold the event
  // loop past the deadline while the process became ready long before.
  if (await check()) return;
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s.\n${diagnostics()}`);
}

export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return `last lines of ${file}:\n${readFileSync(file, "utf8").split("\n").slice(-lines).join("\n")}`;
}
