/**
 * Sends due webhook deliveries: signed (Standard Webhooks, via the `standardwebhooks` library), one
 * at a time per replica, each claimed with a lease first. A 2xx answer delivers it; anything else
 * schedules the next attempt with backoff and jitter until the attempts run out (FAILED); a run of
 * failed deliveries pauses the subscription and says why.
 */
import { type Logger, PeriodicTask } from "@csp-mesh/kit";
import { Webhook } from "standardwebhooks";
import type { NotifierConfig } from "./config";
import { nextAttemptDelay } from "./domain/retry";
import type { DeliveryDoc, SubscriptionDoc } from "./store/webhook-documents";
import type { WebhookStore } from "./store/webhooks";

export class Dispatcher {
  private readonly task: PeriodicTask;

  constructor(
    private readonly store: WebhookStore,
    private readonly config: NotifierConfig,
    private readonly log: Logger,
    /** Told when the mesh pauses a subscription (the partner is emailed). */
    private readonly onPaused: (sub: SubscriptionDoc, reason: string) => Promise<void> = async () => undefined,
  ) {
    this.task = new PeriodicTask("webhook dispatch", config.WEBHOOK_DISPATCH_MS, () => this.pass(), log);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Sends every delivery that is due now; returns how many were attempted. */
  async pass(): Promise<number> {
    let n = 0;
    for (;;) {
      const d = await this.store.claimDue(new Date(), this.config.WEBHOOK_TIMEOUT_MS * 3);
      if (!d) return n;
      await this.attempt(d);
      n += 1;
    }
  }

  private async attempt(d: DeliveryDoc): Promise<void> {
    const sub = await this.store.subscriptions.findOne({ _id: d.subscription });
    if (!sub || sub.state !== "ACTIVE") {
      // Paused or deleted meanwhile: keep it pending, and look again in a minute.
      await this.store.deliveries.updateOne(
        { _id: d._id },
        { $set: { nextAttemptTime: new Date(Date.now() + 60_000) }, $unset: { leaseUntil: "" } },
      );
      return;
    }
    const time = new Date();
    let httpStatus = 0;
    let error = "";
    try {
      const headers = new Webhook(sub.secret).sign(d._id, time, d.body);
      const res = await fetch(sub.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": d._id,
          "webhook-timestamp": String(Math.floor(time.getTime() / 1000)),
          "webhook-signature": headers,
        },
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      httpStatus = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status > 299) error = `answered ${res.status}`;
    } catch (err) {
      error = (err as Error).name === "TimeoutError" ? "timed out" : "no answer (connection failed)";
    }
    const attempts = [...d.attempts, { time, httpStatus, error }];
    if (!error) {
      await this.store.setStatus(d._id, { status: "DELIVERED", attempts }, { leaseUntil: "" });
      await this.store.subscriptions.updateOne({ _id: sub._id }, { $set: { consecutiveFailures: 0 } });
      return;
    }
    const failed = attempts.length >= this.config.WEBHOOK_MAX_ATTEMPTS;
    await this.store.setStatus(
      d._id,
      {
        status: failed ? "FAILED" : "PENDING",
        attempts,
        nextAttemptTime: new Date(Date.now() + nextAttemptDelay(attempts.length, this.config.WEBHOOK_RETRY_BASE_MS)),
      },
      { leaseUntil: "" },
    );
    this.log.info(
      { delivery: d._id, attempt: attempts.length, error },
      failed ? "webhook delivery failed" : "webhook delivery will be retried",
    );
    if (!failed) return;
    const updated = await this.store.subscriptions.findOneAndUpdate(
      { _id: sub._id },
      { $inc: { consecutiveFailures: 1 }, $set: { updateTime: new Date() } },
      { returnDocument: "after" },
    );
    if (
      updated &&
      updated.state === "ACTIVE" &&
      updated.consecutiveFailures >= this.config.WEBHOOK_PAUSE_AFTER_FAILURES
    ) {
      const reason = `paused by the mesh after ${updated.consecutiveFailures} failed deliveries in a row; resume it when the endpoint answers`;
      const paused = await this.store.subscriptions.updateOne(
        { _id: sub._id, state: "ACTIVE" },
        { $set: { state: "PAUSED", pauseReason: reason } },
      );
      this.log.warn({ subscription: sub._id }, "webhook subscription paused after repeated failures");
      // Only the replica whose write paused it tells the partner.
      if (paused.modifiedCount === 1) await this.onPaused(sub, reason);
    }
  }
}
