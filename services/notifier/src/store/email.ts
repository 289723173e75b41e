/**
 * The notifier's email records: who people are (a projection of the directory's person and partner
 * events), how each wants their email, the emails themselves, the reminders still to fire and the
 * meetings as convened. An email's `_id` is `<cause>/<notice>/<person>`, so an event handled twice or
 * a reminder fired on two replicas writes it once.
 */
import type { Classification } from "@csp-mesh/kit";
import type { Collection, Db } from "mongodb";

export interface ContactDoc {
  /** people/<id> */
  _id: string;
  displayName: string;
  email: string;
  partner: string;
  roles: string[];
  active: boolean;
}

export interface PartnerNameDoc {
  _id: string;
  displayName: string;
}

export type EmailDelivery = "IMMEDIATE" | "DAILY_DIGEST";

export interface PreferenceDoc {
  /** people/<id> */
  _id: string;
  emailDelivery: EmailDelivery;
  updateTime: Date;
}

/** PENDING: to send; HELD: waiting for the person's digest; DIGESTED: went in one. */
export type EmailStatus = "PENDING" | "SENT" | "FAILED" | "HELD" | "DIGESTED";

export interface EmailDoc {
  _id: string;
  person: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The page it links to (what a digest lists). */
  link: string;
  calendar?: { method: "PUBLISH" | "CANCEL"; content: string };
  status: EmailStatus;
  attempts: { time: Date; error: string }[];
  nextAttemptTime: Date;
  leaseUntil?: Date;
  createTime: Date;
  sentTime?: Date;
  /** For a digest: the emails it gathered. */
  gathers?: string[];
}

export type ReminderState = "SCHEDULED" | "FIRED" | "CANCELLED";

export interface ReminderDoc {
  /** <report request or action>/<partner>/<days>d */
  _id: string;
  subject: string;
  kind: "report" | "action";
  partner: string;
  dueTime: Date;
  fireTime: Date;
  title: string;
  classification: Classification;
  state: ReminderState;
  leaseUntil?: Date;
}

export interface MeetingViewDoc {
  _id: string;
  invitees: string[];
  start: Date;
  end: Date;
  sequence: number;
  basis: string;
}

export class EmailStore {
  readonly contacts: Collection<ContactDoc>;
  readonly partners: Collection<PartnerNameDoc>;
  readonly preferences: Collection<PreferenceDoc>;
  readonly emails: Collection<EmailDoc>;
  readonly reminders: Collection<ReminderDoc>;
  readonly meetings: Collection<MeetingViewDoc>;

  constructor(db: Db) {
    this.contacts = db.collection("email_contacts");
    this.partners = db.collection("email_partners");
    this.preferences = db.collection("email_preferences");
    this.emails = db.collection("emails");
    this.reminders = db.collection("email_reminders");
    this.meetings = db.collection("email_meetings");
  }

  async init(): Promise<void> {
    await this.contacts.createIndex({ partner: 1, active: 1 });
    await this.emails.createIndex({ status: 1, nextAttemptTime: 1 });
    await this.emails.createIndex({ person: 1, status: 1 });
    await this.reminders.createIndex({ state: 1, fireTime: 1 });
    await this.reminders.createIndex({ subject: 1, partner: 1 });
  }

  /**
   * Active people with an address, of these partners (any partner if absent) in one of these roles.
   * A partner's people are read by two top-level equalities (what FerretDB answers from its index);
   * roles and address are checked here.
   */
  async recipients(partners: string[] | undefined, roles: string[]): Promise<ContactDoc[]> {
    const wanted = (c: ContactDoc) => c.email !== "" && c.roles.some((r) => roles.includes(r));
    const found = partners
      ? (
          await Promise.all(
            [...new Set(partners)].map((partner) => this.contacts.find({ partner, active: true }).toArray()),
          )
        ).flat()
      : await this.contacts.find({ active: true }).toArray();
    return found.filter(wanted).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  /** Display names of these partners, each read by _id (a partner not known yet keeps its id). */
  async partnerNames(partners: string[]): Promise<Map<string, string>> {
    const docs = await Promise.all(partners.map((p) => this.partners.findOne({ _id: p })));
    return new Map(docs.flatMap((d) => (d ? [[d._id, d.displayName] as const] : [])));
  }

  async deliveryOf(person: string): Promise<EmailDelivery> {
    return (await this.preferences.findOne({ _id: person }))?.emailDelivery ?? "IMMEDIATE";
  }
}
