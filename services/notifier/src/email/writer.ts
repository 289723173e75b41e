/**
 * Turns notices into emails, one per person who should read each: rendered now (what was true when
 * it happened), held for the digest when the person chose one and the notice may wait, and written
 * under a deterministic id so a repeat writes nothing.
 */
import { isDuplicateKey } from "@csp-mesh/kit";
import type { NotifierConfig } from "../config";
import { renderEmail } from "../domain/email-layout";
import { invitationIcs } from "../domain/invitation";
import type { Notice } from "../domain/notices";
import type { EmailDoc, EmailStore } from "../store/email";

export class EmailWriter {
  constructor(
    private readonly store: EmailStore,
    private readonly config: Pick<NotifierConfig, "SMTP_URL" | "MAIL_FROM">,
  ) {}

  /** Without an SMTP server nothing is written (and so nothing is sent later by surprise). */
  get enabled(): boolean {
    return this.config.SMTP_URL !== "";
  }

  /** Writes the emails `notices` cause; `cause` is the event's or reminder's id. Returns how many were new. */
  async write(cause: string, notices: Notice[], now = new Date()): Promise<number> {
    if (!this.enabled) return 0;
    let written = 0;
    for (const notice of notices) {
      for (const person of await this.store.recipients(notice.audience.partners, notice.audience.roles)) {
        const held = notice.digestable && (await this.store.deliveryOf(person._id)) === "DAILY_DIGEST";
        const email = renderEmail(notice.words, person.displayName);
        const doc: EmailDoc = {
          _id: `${cause}/${notice.key}/${person._id}`,
          person: person._id,
          to: person.email,
          ...email,
          link: notice.words.link.href,
          ...(notice.calendar
            ? {
                calendar: {
                  method: notice.calendar.method,
                  content: invitationIcs(notice.calendar, notice.words.link.href, fromAddress(this.config.MAIL_FROM)),
                },
              }
            : {}),
          status: held ? "HELD" : "PENDING",
          attempts: [],
          nextAttemptTime: now,
          createTime: now,
        };
        try {
          await this.store.emails.insertOne(doc);
          written += 1;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    }
    return written;
  }
}

/** "Name <a@b>" -> "a@b". */
export const fromAddress = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
