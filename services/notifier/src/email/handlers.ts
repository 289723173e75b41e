/**
 * What the email side does with each domain event: keeps its projections (people, partner names,
 * meetings as convened), schedules and cancels reminders, and writes the emails an event causes.
 * Every step is idempotent (upserts, unique ids), as the consumer may hand an event over twice.
 */
import { DIRECTORY_EVENTS } from "@csp-mesh/directory/contract";
import { GRANT_EVENTS } from "@csp-mesh/grants/contract";
import type { DomainEvent, EventContract, EventHandler } from "@csp-mesh/kit";
import type { NotifierConfig } from "../config";
import { type EventView, noticesFor } from "../domain/notices";
import type { EmailStore, ReminderDoc } from "../store/email";
import type { EmailWriter } from "./writer";

/**
 * Events older than this cause no email: a notifier added to a running mesh (or an email consumer
 * reading the topics from the start) must not write to people about last month's business.
 */
const STALE_MS = 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function emailHandlers(
  store: EmailStore,
  writer: EmailWriter,
  config: Pick<NotifierConfig, "PUBLIC_BASE_URL" | "REPORT_REMINDER_DAYS" | "ACTION_REMINDER_DAYS">,
): Record<string, EventHandler> {
  const view = (e: DomainEvent): EventView => ({ ...e, data: e.data });

  /** Writes the emails the event causes (unless it is stale). */
  const notify = async (e: DomainEvent, meeting?: Parameters<typeof noticesFor>[1]["meeting"]) => {
    if (Date.now() - Date.parse(e.time) > STALE_MS) return;
    // The notices are pure: a first pass learns which partnerships they name, whose names are then
    // read by _id (never the whole collection, which grows with a national deployment's partners).
    const draft = (partnerName: (p: string) => string) =>
      noticesFor(view(e), { baseUrl: config.PUBLIC_BASE_URL, partnerName, ...(meeting ? { meeting } : {}) });
    const named = new Set<string>();
    draft((p) => {
      named.add(p);
      return p;
    });
    const names = await store.partnerNames([...named]);
    const notices = draft((p) => names.get(p) ?? p);
    if (notices.length) await writer.write(e.id, notices);
  };

  /** One reminder per partner and per "days before" that is still ahead. */
  const schedule = async (
    e: DomainEvent,
    kind: ReminderDoc["kind"],
    subject: string,
    partners: string[],
    dueTime: Date,
    title: string,
    days: number[],
  ) => {
    const now = Date.now();
    for (const partner of partners) {
      for (const d of days) {
        const fireTime = new Date(dueTime.getTime() - d * DAY_MS);
        if (fireTime.getTime() <= now) continue;
        const doc: ReminderDoc = {
          _id: `${subject}/${partner}/${d}d`,
          subject,
          kind,
          partner,
          dueTime,
          fireTime,
          title,
          classification: e.classification,
          state: "SCHEDULED",
        };
        await store.reminders.updateOne({ _id: doc._id }, { $setOnInsert: doc }, { upsert: true });
      }
    }
  };

  /** Stops the reminders still to fire for a subject (one partner's, or everyone's). */
  const cancel = (subject: string, partner?: string) =>
    store.reminders.updateMany(
      { subject, state: "SCHEDULED", ...(partner ? { partner } : {}) },
      { $set: { state: "CANCELLED" } },
    );

  const toNotices = (events: EventContract[]) =>
    Object.fromEntries(events.map((d): [string, EventHandler] => [d.type, (e) => notify(e)]));

  return {
    "person.created": (e) => upsertContact(store, e),
    "person.updated": (e) => upsertContact(store, e),
    "partner.created": (e) => upsertPartner(store, e),
    "partner.updated": (e) => upsertPartner(store, e),

    "report.requested": async (e) => {
      const d = e.data;
      await schedule(
        e,
        "report",
        str(d.reportRequest),
        (d.addressees as string[]) ?? [],
        new Date(str(d.dueTime)),
        str(d.title),
        config.REPORT_REMINDER_DAYS,
      );
      await notify(e);
    },
    "report.submitted": async (e) => {
      await cancel(str(e.data.reportRequest), str(e.data.partner));
    },
    "report.returned": async (e) => {
      // Returned for changes: the reminders not yet due apply again.
      await store.reminders.updateMany(
        {
          subject: str(e.data.reportRequest),
          partner: str(e.data.partner),
          state: "CANCELLED",
          fireTime: { $gt: new Date() },
        },
        { $set: { state: "SCHEDULED" } },
      );
      await notify(e);
    },
    "report.withdrawn": async (e) => {
      await cancel(str(e.data.reportRequest), str(e.data.partner) || undefined);
    },
    "report.overdue": notify,

    "meeting.convened": async (e) => {
      const d = e.data;
      await store.meetings.updateOne(
        { _id: str(d.meeting) },
        {
          $setOnInsert: {
            invitees: (d.invitees as string[]) ?? [],
            start: new Date(str(d.startTime)),
            end: new Date(str(d.endTime)),
            sequence: 0,
            basis: str(d.basis),
          },
        },
        { upsert: true },
      );
      await notify(e);
    },
    "meeting.rescheduled": async (e) => {
      const d = e.data;
      const m = await store.meetings.findOne({ _id: str(d.meeting) });
      // The emails first (they say where it was), then the projection (where it is now).
      if (m && Number(d.sequence) > m.sequence) {
        await notify(e, m);
        await store.meetings.updateOne(
          { _id: m._id },
          { $set: { start: new Date(str(d.startTime)), end: new Date(str(d.endTime)), sequence: Number(d.sequence) } },
        );
      }
    },
    "meeting.cancelled": async (e) => {
      const m = await store.meetings.findOne({ _id: str(e.data.meeting) });
      if (m) await notify(e, m);
    },
    "meeting.action-created": async (e) => {
      const d = e.data;
      await schedule(
        e,
        "action",
        str(d.action),
        [str(d.partner)],
        new Date(str(d.dueTime)),
        "",
        config.ACTION_REMINDER_DAYS,
      );
    },
    "meeting.action-updated": async (e) => {
      if (e.data.status !== "OPEN") await cancel(str(e.data.action));
    },
    "meeting.action-overdue": notify,
    // Grants, and the directory's combination agreements: every event goes to the notices
    // (domain/grant-notices.ts, combination-notices.ts say which cause an email), so a notice added
    // there is never left without its handler here.
    ...toNotices(GRANT_EVENTS.events),
    ...toNotices(DIRECTORY_EVENTS.events.filter((d) => d.type.startsWith("combination."))),
  };
}

async function upsertContact(store: EmailStore, e: DomainEvent): Promise<void> {
  const d = e.data;
  await store.contacts.updateOne(
    { _id: str(d.name) },
    {
      $set: {
        displayName: str(d.displayName),
        partner: str(d.partner),
        roles: (d.roles as string[]) ?? [],
        active: d.active === true,
        // Events from before addresses were carried keep what we knew.
        ...(typeof d.email === "string" ? { email: d.email } : {}),
      },
      $setOnInsert: typeof d.email === "string" ? {} : { email: "" },
    },
    { upsert: true },
  );
}

async function upsertPartner(store: EmailStore, e: DomainEvent): Promise<void> {
  await store.partners.updateOne(
    { _id: str(e.data.name) },
    { $set: { displayName: str(e.data.displayName) } },
    { upsert: true },
  );
}
