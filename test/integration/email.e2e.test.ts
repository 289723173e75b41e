/**
 * Email, against the real services, database, broker and SMTP server (the local Mailpit, read through
 * its API): a new report request reaches the addressed partnership's officer within seconds, and
 * nobody else's; a sensitive request's email carries no title; a reminder and an overdue escalation
 * are each sent exactly once with two notifier replicas running, one of them restarted in between; a
 * meeting's invitation, move and cancellation come with a calendar file a real parser reads; a person
 * who chose the daily digest gets nothing at once, and their held emails go when they choose single
 * emails again.
 */
import type { RunningService } from "@csp-mesh/kit";
import ical from "node-ical";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { NotifierConfig } from "../../services/notifier/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { mailMessage, mailPart, mailsMentioning, recipients } from "../support/mailpit";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  FAST_SCANS,
  failure,
  isolation,
  signIn,
  startDirectory,
  startMeetings,
  startNotifier,
  startReports,
} from "../support/mesh";

const M = "partners/csp-maidstone";
const MAIDSTONE_OFFICER = "community.safety@maidstone.example";
const MAIDSTONE_CHAIR = "csp.chair@maidstone.example";
const OPCC = ["alex.morgan@opcc.example", "priya.shah@opcc.example", "tom.ellis@opcc.example"];
const seconds = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: 0 });
const idOf = (name: string) => name.split("/")[1] as string;

describe("email: requests, reminders and escalations once across replicas, meetings with ICS, digests", () => {
  const iso = isolation("email");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  const notifiers: RunningService<NotifierConfig>[] = [];
  const t = { opcc: "", officer: "" };
  // Reminders 8 s before a report is due; every replica scans every 200 ms.
  const notifierEnv = {
    SMTP_URL: process.env.SMTP_URL as string,
    REPORT_REMINDER_DAYS: String(8 / 86_400),
    SCHEDULE_SCAN_MS: "200",
    EMAIL_DISPATCH_MS: "200",
    PUBLIC_BASE_URL: "http://127.0.0.1:8080",
  };
  const startReplica = () => startNotifier(`${iso.db}_n`, iso.topicPrefix, directory, notifierEnv);

  const createRequest = (title: string, dueInMs: number, classification = "CLASSIFICATION_OFFICIAL") =>
    call<{ name: string }>(
      clients(reports.grpcPort).reports,
      "CreateReportRequest",
      {
        reportRequest: {
          title,
          issueOfConcern: "An issue of concern for the email test.",
          addressees: [{ partner: M }],
          sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
          dueTime: seconds(Date.now() + dueInMs),
          classification,
          legalBasis: "LEGAL_BASIS_INFORMAL",
        },
      },
      t.opcc,
    );
  /** The emails mentioning `name` once at least `n` have arrived. */
  const mails = (name: string, n: number, timeout = 20_000) =>
    eventually(async () => {
      const found = await mailsMentioning(idOf(name));
      return found.length >= n ? found : undefined;
    }, timeout);

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, FAST_SCANS);
    meetings = await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory, FAST_SCANS);
    notifiers.push(await startReplica(), await startReplica());
    const identity = clients(directory.grpcPort).identity;
    t.opcc = await signIn(identity, "people/opcc-staff-1");
    t.officer = await signIn(identity, "people/maidstone-officer");
  });

  afterAll(async () => {
    for (const svc of [...notifiers.slice(-1), meetings, reports, directory]) await dropDatabase(svc);
    for (const svc of [...notifiers, meetings, reports, directory]) await svc?.stop();
  });

  test("a new request reaches the addressed partnership's officer, in GOV.UK style with a plain-text part", async () => {
    const req = await createRequest("Email test: shop theft in the town centre", 7 * 86_400_000);
    const [mail] = await mails(req.name, 1);
    expect(recipients([mail as never])).toEqual([MAIDSTONE_OFFICER]);
    expect(mail?.Subject).toBe("New report request: Email test: shop theft in the town centre");
    const full = await mailMessage(mail?.ID as string);
    expect(full.Text).toContain(`http://127.0.0.1:8080/requests/${idOf(req.name)}`);
    expect(full.Text).toContain("Dear ");
    expect(full.HTML).toContain("Community safety partnership mesh");
    // Only Maidstone's officer: a few seconds later still one email.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await mailsMentioning(idOf(req.name))).toHaveLength(1);
  });

  test("an OFFICIAL-SENSITIVE request's email names no title, only a link", async () => {
    const req = await createRequest("Email test: a named suspect", 7 * 86_400_000, "CLASSIFICATION_OFFICIAL_SENSITIVE");
    const [mail] = await mails(req.name, 1);
    expect(mail?.Subject).toBe("New report request (OFFICIAL-SENSITIVE: sign in to read it)");
    const full = await mailMessage(mail?.ID as string);
    expect(full.Text).not.toContain("named suspect");
    expect(full.HTML).not.toContain("named suspect");
  });

  test("a reminder and an overdue escalation each sent once, by two replicas with one restarted between", async () => {
    const req = await createRequest("Email test: due in 16 seconds", 16_000);
    // The reminder (8 s before the due time), to the officer.
    const reminder = await eventually(async () => {
      const found = (await mailsMentioning(idOf(req.name))).filter((m) => m.Subject.startsWith("Reminder:"));
      return found.length ? found : undefined;
    }, 30_000);
    expect(recipients(reminder)).toEqual([MAIDSTONE_OFFICER]);
    // One replica goes down and comes back before the request falls overdue.
    const first = notifiers.shift() as RunningService<NotifierConfig>;
    await first.stop();
    notifiers.push(await startReplica());
    // The escalation: to Maidstone's chair and to the OPCC.
    await eventually(async () => {
      const found = (await mailsMentioning(idOf(req.name))).filter((m) => m.Subject.includes("verdue"));
      return found.length >= 4 ? found : undefined;
    }, 40_000);
    // Give every replica time to act twice if it were going to.
    await new Promise((r) => setTimeout(r, 3000));
    const all = await mailsMentioning(idOf(req.name));
    const bySubject = (p: (s: string) => boolean) => recipients(all.filter((m) => p(m.Subject)));
    expect(bySubject((s) => s.startsWith("New report request"))).toEqual([MAIDSTONE_OFFICER]);
    expect(bySubject((s) => s.startsWith("Reminder:"))).toEqual([MAIDSTONE_OFFICER]);
    expect(bySubject((s) => s === "Your partnership's report is overdue")).toEqual([MAIDSTONE_CHAIR]);
    expect(bySubject((s) => s.startsWith("Overdue report:"))).toEqual(OPCC);
    expect(all).toHaveLength(1 + 1 + 1 + OPCC.length);
  }, 90_000);

  test("a meeting's invitation, move and cancellation carry a calendar file that updates one entry", async () => {
    const m = clients(meetings.grpcPort).meetings;
    const start = Date.now() + 7 * 86_400_000;
    const created = await call<{ name: string }>(
      m,
      "CreateMeeting",
      {
        meeting: {
          title: "Email test meeting",
          purpose: "Agree joint priorities for the email test.",
          basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
          place: "Kent Police HQ, Maidstone",
          onlineJoining: "",
          classification: "CLASSIFICATION_OFFICIAL",
          invitations: [{ partner: M }],
          allActiveCsps: false,
          startTime: seconds(start),
          endTime: seconds(start + 3_600_000),
          responseDeadline: seconds(start - 86_400_000),
        },
      },
      t.opcc,
    );
    await call(m, "ConveneMeeting", { name: created.name }, t.opcc);
    await call(
      m,
      "RescheduleMeeting",
      {
        name: created.name,
        startTime: seconds(start + 86_400_000),
        endTime: seconds(start + 90_000_000),
        reason: "The room is needed for a court hearing.",
      },
      t.opcc,
    );
    await call(m, "CancelMeeting", { name: created.name, reason: "No longer needed." }, t.opcc);
    const found = await mails(created.name, 6);
    expect(recipients(found)).toEqual([...Array(3).fill(MAIDSTONE_OFFICER), ...Array(3).fill(MAIDSTONE_CHAIR)]);
    const events: { method: string; sequence: number; uid: string; start: Date }[] = [];
    const kinds: ((subject: string) => boolean)[] = [
      (x) => x.startsWith("Priority-issue meeting on") && !x.endsWith("cancelled"),
      (x) => x.startsWith("Priority-issue meeting moved"),
      (x) => x.endsWith("cancelled"),
    ];
    for (const kind of kinds) {
      const mail = found.find((x) => x.To[0]?.Address === MAIDSTONE_OFFICER && kind(x.Subject));
      const full = await mailMessage(mail?.ID as string);
      const part = full.Attachments.find((a) => a.FileName.endsWith(".ics")) ?? full.Attachments[0];
      const ics = await mailPart(mail?.ID as string, part?.PartID as string);
      const parsed = ical.sync.parseICS(ics);
      const vevent = Object.values(parsed).find((c) => c?.type === "VEVENT") as unknown as {
        uid: string;
        sequence: number;
        start: Date;
      };
      events.push({ method: (/METHOD:(\w+)/.exec(ics) ?? [])[1] as string, ...vevent });
    }
    expect(new Set(events.map((e) => e.uid)).size).toBe(1);
    expect(events.map((e) => e.method)).toEqual(["PUBLISH", "PUBLISH", "CANCEL"]);
    expect(events.map((e) => Number(e.sequence))).toEqual([0, 1, 2]);
    expect(events[1]?.start.getTime()).toBe(Math.floor((start + 86_400_000) / 1000) * 1000);
  }, 60_000);

  test("the daily digest: held emails send nothing at once, and go when single emails are chosen again", async () => {
    const settings = clients(notifiers[0]?.grpcPort as number).notificationSettings;
    const chosen = await call<{ emailDelivery: string; email: string }>(
      settings,
      "UpdateNotificationSettings",
      { notificationSettings: { name: "people/-/notificationSettings", emailDelivery: "EMAIL_DELIVERY_DAILY_DIGEST" } },
      t.officer,
    );
    expect(chosen).toMatchObject({ emailDelivery: "EMAIL_DELIVERY_DAILY_DIGEST", email: MAIDSTONE_OFFICER });
    const req = await createRequest("Email test: held for the digest", 7 * 86_400_000);
    await new Promise((r) => setTimeout(r, 4000));
    expect(await mailsMentioning(idOf(req.name))).toEqual([]);
    // Someone else's settings do not exist for the caller.
    const other = await failure(
      call(settings, "GetNotificationSettings", { name: "people/maidstone-chair/notificationSettings" }, t.officer),
    );
    expect(other.code).toBe(5);
    await call(
      settings,
      "UpdateNotificationSettings",
      { notificationSettings: { name: "people/-/notificationSettings", emailDelivery: "EMAIL_DELIVERY_IMMEDIATE" } },
      t.officer,
    );
    expect(recipients(await mails(req.name, 1))).toEqual([MAIDSTONE_OFFICER]);
  }, 30_000);
});
