/**
 * What every reliability scenario shares: its size (small inside `npm test`, full under
 * `npm run test:reliability`), how outcomes of calls are tallied, and the row it records for the
 * summary table (test/artifacts/reliability/<scenario>.json, printed by scripts/reliability-summary.mjs).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkHealth } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import { eventually } from "./mesh";

export const FULL = process.env.CSP_RELIABILITY === "full";

/** `ci` inside `npm test`, `full` under `npm run test:reliability`. */
export const size = <T>(ci: T, full: T): T => (FULL ? full : ci);

export interface ReliabilityRow {
  scenario: string;
  /** What it proves, in a line. */
  proves: string;
  operations: number;
  lost: number;
  duplicated: number;
  /** Answers that were INTERNAL, UNKNOWN (gRPC) or 5xx (HTTP). */
  serverErrors: number;
  /** From the fault's end until everything was whole again, in seconds. */
  recoverySeconds: number;
  /** Anything else worth reading in the table. */
  notes?: string;
}

const DIR = path.resolve(__dirname, "..", "artifacts", "reliability");

/**
 * Each service's health once every one answers SERVING, or as they last answered after `timeoutMs`.
 * "Still serving afterwards" is asked until it holds, not sampled at one instant: a gateway says
 * NOT_SERVING until its next check (every 2 s) when a downstream's health answer took over its 1 s
 * limit, which happens on a machine busy with the scenario's load (seen once in a fresh-clone run).
 */
export async function healthAfterwards(grpcPorts: number[], timeoutMs = 15_000): Promise<string[]> {
  let health: string[] = [];
  const serving = async () => {
    health = await Promise.all(grpcPorts.map((p) => checkHealth(`127.0.0.1:${p}`, 2000)));
    return health.every((h) => h === "SERVING") ? true : undefined;
  };
  // Not serving in time: the last answers, for the scenario's row and its assertion.
  await eventually(serving, timeoutMs, "every service SERVING").catch(() => undefined);
  return health;
}

export function recordRow(row: ReliabilityRow): void {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(
    path.join(DIR, `${row.scenario}.json`),
    `${JSON.stringify({ ...row, size: FULL ? "full" : "ci" }, null, 2)}\n`,
  );
}

/** Counts call outcomes by gRPC status name; INTERNAL and UNKNOWN are the server errors. */
export class Outcomes {
  readonly byCode = new Map<string, number>();
  /** The first server errors' messages, so a failed run says what they were. */
  readonly serverErrorDetails: string[] = [];

  add(err: unknown): void {
    const code = err === undefined ? "OK" : (status[(err as { code?: number }).code ?? 2] ?? "UNKNOWN");
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    if ((code === "INTERNAL" || code === "UNKNOWN") && this.serverErrorDetails.length < 3)
      this.serverErrorDetails.push(
        String((err as { details?: string; message?: string }).details ?? (err as Error).message),
      );
  }

  get serverErrors(): number {
    return (this.byCode.get("INTERNAL") ?? 0) + (this.byCode.get("UNKNOWN") ?? 0);
  }

  toString(): string {
    const counts = [...this.byCode.entries()].map(([k, v]) => `${k} ${v}`).join(", ");
    return this.serverErrorDetails.length > 0
      ? `${counts} (server errors: ${this.serverErrorDetails.join("; ")})`
      : counts;
  }
}

/**
 * Settings for a private Kafka or FerretDB beside the shared ones (its own ports, run directory and
 * data), so a test can kill or stop it without disturbing any other suite.
 */
export function privateInfra(label: string, ports: Record<string, number>, extra: NodeJS.ProcessEnv = {}) {
  const runDir = mkdtempSync(path.join(tmpdir(), `csp-${label}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGO_URL: "",
    KAFKA_BROKERS: "",
    SMTP_URL: "",
    CSP_MESH_RUN_DIR: runDir,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    ...extra,
  };
  return { env, runDir };
}
