/**
 * Time-driven email: reminders before due times, and each person's daily digest. Both are stored
 * (reminders as rows with their fire time, digests as emails with a per-person-per-day id), so they
 * survive restarts; every replica scans, and a lease or a unique id decides which one acts.
 */
import {
  isDuplicateKey,
  isoCalendarDate,
  type Logger,
  londonDate,
  londonFields,
  londonInstant,
  PeriodicTask,
} from "@csp-mesh/kit";
import type { NotifierConfig } from "../config";
import { renderEmail } from "../domain/email-layout";
import { digestWords, reminderNotice } from "../domain/notices";
import type { EmailDoc, EmailStore } from "../store/email";
import { claimOne } from "../store/lease";
import type { EmailWriter } from "./writer";

const LEASE_MS = 60_000;

/** The London calendar day of an instant, as YYYY-MM-DD. */
export function londonDay(at: Date): string {
  return isoCalendarDate(londonFields(at));
}

export class EmailScheduler {
  private readonly task: PeriodicTask;

  constructor(
    private readonly store: EmailStore,
    private readonly writer: EmailWriter,
    private readonly config: NotifierConfig,
    log: Logger,
  ) {
    this.task = new PeriodicTask(
      "reminders and digests",
      config.SCHEDULE_SCAN_MS,
      async () => (await this.reminderPass()) + (await this.digestPass()),
      log,
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Fires every reminder due by `now`: its emails first, then FIRED (a crash between re-fires, writing nothing new). */
  async reminderPass(now = new Date()): Promise<number> {
    let n = 0;
    for (;;) {
      const r = await claimOne(this.store.reminders, { state: "SCHEDULED", fireTime: { $lte: now } }, now, LEASE_MS);
      if (!r) return n;
      await this.writer.write(r._id, [reminderNotice(r, this.config.PUBLIC_BASE_URL)], now);
      await this.store.reminders.updateOne({ _id: r._id }, { $set: { state: "FIRED" }, $unset: { leaseUntil: "" } });
      n += 1;
    }
  }

  /**
   * Each day at DIGEST_HOUR (London time), sends each person who has held emails one digest of what was
   * held before that hour; what arrives later waits for the next day's. The digest's id (person and
   * day) makes it once per day across replicas and restarts; a crash after writing it is finished by
   * the next pass, which marks what the digest gathered.
   */
  async digestPass(now = new Date()): Promise<number> {
    if (!this.writer.enabled) return 0;
    const cutoff = londonInstant(londonDate(now), this.config.DIGEST_HOUR);
    if (now < cutoff) return 0;
    const day = londonDay(now);
    let n = 0;
    for (const person of await this.store.emails.distinct("person", { status: "HELD" })) {
      const id = `digest/${day}/${person}`;
      const existing = await this.store.emails.findOne({ _id: id });
      if (existing) {
        await this.markGathered(existing);
        continue;
      }
      const held = await this.store.emails
        .find({ person, status: "HELD", createTime: { $lt: cutoff } })
        .sort({ createTime: 1 })
        .toArray();
      const contact = await this.store.contacts.findOne({ _id: person });
      if (held.length === 0 || !contact) continue;
      const words = digestWords(
        held.map((e) => ({ subject: e.subject, href: e.link })),
        day,
        this.config.PUBLIC_BASE_URL,
      );
      const digest: EmailDoc = {
        _id: id,
        person,
        to: contact.email,
        ...renderEmail(words, contact.displayName),
        link: this.config.PUBLIC_BASE_URL,
        status: "PENDING",
        attempts: [],
        nextAttemptTime: now,
        createTime: now,
        gathers: held.map((e) => e._id),
      };
      try {
        await this.store.emails.insertOne(digest);
        n += 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        continue; // another replica wrote today's digest first, and marks what it gathered
      }
      await this.markGathered(digest);
    }
    return n;
  }

  private async markGathered(digest: EmailDoc): Promise<void> {
    await this.store.emails.updateMany(
      { _id: { $in: digest.gathers ?? [] }, status: "HELD" },
      { $set: { status: "DIGESTED" } },
    );
  }
}
