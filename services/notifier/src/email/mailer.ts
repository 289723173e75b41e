/**
 * Sends waiting emails over SMTP with nodemailer: each claimed with a lease first (so two replicas
 * never send the same one), with a Message-ID derived from its id (so a resend after a crash is
 * recognisably the same message), retried with backoff and jitter while the server refuses or is
 * unreachable, and marked FAILED when the attempts run out.
 */
import { createHash } from "node:crypto";
import { type Logger, PeriodicTask } from "@csp-mesh/kit";
import nodemailer, { type Transporter } from "nodemailer";
import type { NotifierConfig } from "../config";
import { nextAttemptDelay } from "../domain/retry";
import type { EmailDoc, EmailStore } from "../store/email";
import { claimOne } from "../store/lease";

const LEASE_MS = 60_000;

export class Mailer {
  private readonly task: PeriodicTask;
  private readonly transport: Transporter;

  constructor(
    private readonly store: EmailStore,
    private readonly config: NotifierConfig,
    private readonly log: Logger,
  ) {
    this.transport = nodemailer.createTransport(config.SMTP_URL, { from: config.MAIL_FROM });
    this.task = new PeriodicTask("email dispatch", config.EMAIL_DISPATCH_MS, () => this.pass(), log);
  }

  start(): void {
    this.task.start();
  }

  async stop(): Promise<void> {
    await this.task.stop();
    this.transport.close();
  }

  /** Sends every email due now; returns how many were attempted. */
  async pass(now = new Date()): Promise<number> {
    let n = 0;
    for (;;) {
      const e = await claimOne(this.store.emails, { status: "PENDING", nextAttemptTime: { $lte: now } }, now, LEASE_MS);
      if (!e) return n;
      await this.send(e);
      n += 1;
    }
  }

  private async send(e: EmailDoc): Promise<void> {
    const time = new Date();
    try {
      await this.transport.sendMail({
        to: e.to,
        subject: e.subject,
        text: e.text,
        html: e.html,
        messageId: `<${createHash("sha256").update(e._id).digest("hex").slice(0, 32)}@csp-mesh>`,
        headers: { "X-CSP-Mesh-Email": e._id, "Auto-Submitted": "auto-generated" },
        ...(e.calendar
          ? { icalEvent: { method: e.calendar.method, filename: "meeting.ics", content: e.calendar.content } }
          : {}),
      });
      await this.store.emails.updateOne(
        { _id: e._id },
        {
          $set: { status: "SENT", sentTime: time, attempts: [...e.attempts, { time, error: "" }] },
          $unset: { leaseUntil: "" },
        },
      );
    } catch (err) {
      const attempts = [...e.attempts, { time, error: (err as Error).message.slice(0, 300) }];
      const failed = attempts.length >= this.config.EMAIL_MAX_ATTEMPTS;
      await this.store.emails.updateOne(
        { _id: e._id },
        {
          $set: {
            status: failed ? "FAILED" : "PENDING",
            attempts,
            nextAttemptTime: new Date(Date.now() + nextAttemptDelay(attempts.length, this.config.EMAIL_RETRY_BASE_MS)),
          },
          $unset: { leaseUntil: "" },
        },
      );
      // The address is personal data: the log names the email's id, not its recipient.
      this.log.warn(
        { email: e._id, attempt: attempts.length, err: (err as Error).message },
        failed ? "email failed" : "email will be retried",
      );
    }
  }
}
