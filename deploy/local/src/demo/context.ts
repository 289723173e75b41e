/** What every step of the demonstration shares: the mesh, the plan's times, request ids and the log. */
import { toTimestamp } from "@csp-mesh/kit";
import type { DemoMesh } from "./client";
import { AREA, type DemoTimes, PARTNERS, type Partnership, requestIdFor } from "./plan";

export interface DemoContext {
  mesh: DemoMesh;
  times: DemoTimes;
  /** One line per thing created. */
  log: (line: string) => void;
  /** AIP-155 request id for this run: "demo-<run>-<what>". */
  rid: (what: string) => string;
  /** The parts that could not be finished, for the last line. */
  failures: string[];
}

export function demoContext(mesh: DemoMesh, times: DemoTimes, log: (line: string) => void): DemoContext {
  return { mesh, times, log, rid: requestIdFor(times), failures: [] };
}

/** partners/<id> of a partnership. */
export const partner = (p: Partnership): string => PARTNERS[p];

/** "Maidstone CSP", for log lines. */
export const csp = (p: Partnership): string => `${AREA[p]} CSP`;

/** A Date as google.protobuf.Timestamp for proto-loader (int64 seconds as a decimal string). */
export const timestamp = toTimestamp;

/** Waits until `at` has passed (by `marginMs`), so that a service comparing with its own clock agrees. */
export async function waitUntil(at: Date, marginMs = 1_000): Promise<void> {
  const ms = at.getTime() + marginMs - Date.now();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** Runs one part of the demonstration; a failure is logged and the other parts go on. */
export async function attempt<T>(ctx: DemoContext, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    ctx.failures.push(what);
    ctx.log(`could not finish ${what}: ${(err as Error).message}`);
    return undefined;
  }
}
