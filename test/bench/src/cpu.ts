/**
 * CPU time per process, from /proc: where the machine's cores went during a phase. Services are
 * measured by pid; the infrastructure by process tree, since PostgreSQL works in one process per
 * connection (each in a session of its own, so process groups would miss them).
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

interface Stat {
  pid: number;
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

export type CpuSnapshot = Record<string, number>;

/** CPU seconds used so far by each named pid (`pids`) and each named process with its descendants (`trees`). */
export function cpuSnapshot(pids: Record<string, number>, trees: Record<string, number>): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const [name, pid] of Object.entries(pids)) {
    const s = readStat(pid);
    if (s) out[name] = s.cpuTicks / TICKS_PER_SECOND;
  }
  let all: Stat[] = [];
  try {
    all = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .flatMap((d) => readStat(Number(d)) ?? []);
  } catch {
    return out;
  }
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(all.map((s) => [s.pid, s]));
  const treeTicks = (pid: number): number =>
    (byPid.get(pid)?.cpuTicks ?? 0) + (children.get(pid) ?? []).reduce((n, c) => n + treeTicks(c.pid), 0);
  for (const [name, root] of Object.entries(trees)) {
    if (byPid.has(root)) out[name] = treeTicks(root) / TICKS_PER_SECOND;
  }
  return out;
}

/** CPU seconds each used between two snapshots, and as a share of the machine over `seconds`. */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, seconds: number, cores: number) {
  const out: Record<string, { cpuSeconds: number; shareOfMachine: number }> = {};
  for (const [name, end] of Object.entries(b)) {
    const used = end - (a[name] ?? 0);
    out[name] = {
      cpuSeconds: Math.round(used * 10) / 10,
      shareOfMachine: Math.round((used / (seconds * cores)) * 100) / 100,
    };
  }
  return out;
}
