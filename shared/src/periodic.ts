import type { Logger } from "./log";

/**
 * A scan that every replica runs on a timer: one pass at a time per process (a slow pass is never
 * overlapped by the next), the timer does not keep the process alive, and stop() waits for the pass
 * in flight. Passes must be safe to run on several replicas at once (conditional writes decide).
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly what: string,
    private readonly everyMs: number,
    private readonly pass: () => Promise<number>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pass()
        .then(
          (n) => {
            if (n > 0) this.log.info({ raised: n }, `${this.what}: events raised`);
          },
          (err: unknown) => this.log.warn({ err: (err as Error).message }, `${this.what} failed; will retry`),
        )
        .finally(() => {
          this.running = undefined;
        });
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
