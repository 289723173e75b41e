import type { Logger } from "./log";

export interface WaitOptions {
  /** Give up (rethrow the last failure) after this long. */
  timeoutMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Injected by tests; a real timer otherwise. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs `attempt` until it succeeds, waiting longer after each failure (doubling up to maxDelayMs).
 * A service started together with its infrastructure (a database still starting, one Kafka broker
 * of three not yet listening) waits for it instead of giving up on the first refused connection;
 * only a dependency that stays away for the whole `timeoutMs` stops the start.
 */
export async function waitForDependency<T>(
  what: string,
  attempt: () => Promise<T>,
  log: Logger,
  opts: WaitOptions,
): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const until = now() + opts.timeoutMs;
  let delay = opts.initialDelayMs ?? 250;
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 1) log.info({ tries }, `${what}: ready`);
      return result;
    } catch (err) {
      if (now() + delay > until) throw err;
      log.warn({ err: (err as Error).message, tries, retryInMs: delay }, `${what}: not ready yet; waiting`);
      await sleep(delay);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5_000);
    }
  }
}
