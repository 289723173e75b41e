/**
 * Reliability: two replicas of every service that scans or consumes (reports, meetings, audit) on the
 * same database and broker, each relay on, requests and meetings created through both. Overdue reports
 * and unanswered invitations are each raised exactly once; every event reaches the audit ledger once
 * though two relays publish; and the two audit replicas, one consumer group, share the partitions.
 *
 * Remove the protection to see it fail: an overdue or no-response scan that writes without its
 * condition (the state it expects) raises the event once per replica (duplicated > 0); a relay that
 * publishes without its lease doubles events on Kafka, which the ledger's unique eventId absorbs but
 * the per-aggregate counts here do not.
 */
import { createLogger, type RunningService } from "@csp-mesh/kit";
import type { AuditConfig } from "../../services/audit/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { MeetingDoc } from "../../services/meetings/src/store/documents";
import { meetingLists } from "../../services/meetings/src/store/lists";
import type { ReportsConfig } from "../../services/reports/src/config";
import { requestListItems } from "../../services/reports/src/domain/request-lists";
import { requestLists } from "../../services/reports/src/store/lists";
import { collectEvents } from "../support/kafka";
import { listsAgainstSource } from "../support/lists";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  isolation,
  signIn,
  startAudit,
  startDirectory,
  startMeetings,
  startReports,
} from "../support/mesh";
import { Outcomes, recordRow, size } from "../support/reliability";

const ADDRESSEES = ["partners/csp-maidstone", "partners/csp-dover"];
const seconds = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: 0 });

describe("reliability: two replicas of each service", () => {
  const iso = isolation("rel-replicas");
  let directory: RunningService<DirectoryConfig>;
  const reports: RunningService<ReportsConfig>[] = [];
  const meetings: RunningService<MeetingsConfig>[] = [];
  const audits: RunningService<AuditConfig>[] = [];

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    for (let i = 0; i < 2; i++) {
      reports.push(await startReports(`${iso.db}_r`, iso.topicPrefix, directory, { OVERDUE_SCAN_MS: "150" }));
      meetings.push(await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory, { MEETINGS_SCAN_MS: "150" }));
      audits.push(await startAudit(`${iso.db}_a`, iso.topicPrefix, directory));
    }
  });

  afterAll(async () => {
    for (const group of [audits, meetings, reports]) {
      await dropDatabase(group[0]);
      for (const svc of group) await svc.stop();
    }
    await dropDatabase(directory);
    await directory?.stop();
  });

  test("overdue and no-response raised once, every event in the ledger once, consumers sharing", async () => {
    const n = size(12, 60);
    const identity = clients(directory.grpcPort).identity;
    const opcc = await signIn(identity, "people/opcc-staff-1");
    const outcomes = new Outcomes();
    const soon = Date.now() + 8_000;
    const created = { requests: [] as string[], meetings: [] as string[] };
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const replica = i % 2;
        try {
          const r = await call<{ name: string }>(
            clients(reports[replica]?.grpcPort as number).reports,
            "CreateReportRequest",
            {
              reportRequest: {
                title: `Replica test request ${i}`,
                issueOfConcern: "An issue of concern for the replica test.",
                addressees: ADDRESSEES.map((partner) => ({ partner })),
                sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
                dueTime: seconds(soon),
                classification: "CLASSIFICATION_OFFICIAL",
                legalBasis: "LEGAL_BASIS_INFORMAL",
              },
            },
            opcc,
          );
          created.requests.push(r.name);
          const m = clients(meetings[replica]?.grpcPort as number).meetings;
          const meeting = await call<{ name: string }>(
            m,
            "CreateMeeting",
            {
              meeting: {
                title: `Replica test meeting ${i}`,
                purpose: "Agree joint priorities for the replica test.",
                basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
                place: "Kent Police HQ, Maidstone",
                onlineJoining: "",
                classification: "CLASSIFICATION_OFFICIAL",
                invitations: ADDRESSEES.map((partner) => ({ partner })),
                allActiveCsps: false,
                startTime: seconds(Date.now() + 86_400_000),
                endTime: seconds(Date.now() + 90_000_000),
                responseDeadline: seconds(soon),
              },
            },
            opcc,
          );
          await call(m, "ConveneMeeting", { name: meeting.name }, opcc);
          created.meetings.push(meeting.name);
          outcomes.add(undefined);
        } catch (err) {
          outcomes.add(err);
        }
      }),
    );
    const started = Date.now();
    const reportEvents = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "reports");
    const meetingEvents = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "meetings");
    try {
      const expected = n * ADDRESSEES.length;
      const distinct = (events: { id: string; type: string }[], type: string) =>
        new Set(events.filter((e) => e.type === type).map((e) => e.id)).size;
      await eventually(
        async () =>
          distinct(reportEvents.events, "report.overdue") >= expected &&
          distinct(meetingEvents.events, "meeting.no-response") >= expected
            ? true
            : undefined,
        120_000,
        `${expected} overdue and ${expected} no-response events`,
      );
      // Let every replica scan many more times: a second raise would show up now.
      await new Promise((r) => setTimeout(r, 3_000));
      const perKey = (
        events: { id: string; type: string; subject: string; data: Record<string, unknown> }[],
        type: string,
      ) => {
        const ids = new Map<string, Set<string>>();
        for (const e of events.filter((x) => x.type === type)) {
          const key = `${e.subject}|${String(e.data.partner)}`;
          ids.set(key, (ids.get(key) ?? new Set()).add(e.id));
        }
        return ids;
      };
      const overdue = perKey(reportEvents.events, "report.overdue");
      const noResponse = perKey(meetingEvents.events, "meeting.no-response");
      const raisedTwice = [...overdue.values(), ...noResponse.values()].filter((ids) => ids.size > 1).length;
      const missing = 2 * expected - overdue.size - noResponse.size;

      // Every event of both domains in the ledger once.
      const all = new Set([...reportEvents.events, ...meetingEvents.events].map((e) => e.id));
      const ledger = audits[0]?.kit.mongo.db.collection<{ eventId: string }>("audit_ledger");
      await eventually(
        async () => ((await ledger?.countDocuments({ eventId: { $in: [...all] } })) === all.size ? true : undefined),
        60_000,
        `${all.size} events in the ledger`,
      );
      const records = (await ledger?.find({ eventId: { $in: [...all] } }).toArray()) ?? [];
      const ledgerTwice = records.length - new Set(records.map((r) => r.eventId)).size;
      // The two replicas appended in turn, each trying the position after its own last append: the
      // chain is still unbroken from the first position to the last.
      const verdict = await call<{ ok: boolean; recordsChecked: string; firstBreakReason: string }>(
        clients(audits[0]?.grpcPort as number).audit,
        "VerifyLedger",
        {},
        await signIn(identity, "people/opcc-admin-1"),
      );
      expect(verdict).toMatchObject({ ok: true, firstBreakReason: "" });
      expect(Number(verdict.recordsChecked)).toBeGreaterThanOrEqual(all.size);

      // The two audit replicas in one group: each consumed some of the events.
      const consumedBy = await Promise.all(
        audits.map(async (a) => {
          const m = await a.kit.metrics.eventsConsumed.get();
          return m.values.filter((v) => v.labels.outcome === "handled").reduce((s, v) => s + v.value, 0);
        }),
      );
      recordRow({
        scenario: "replicas",
        proves: "two replicas each: scans raise once, relays and consumers count each event once, the group shares",
        operations: n * 3,
        lost: missing,
        duplicated: raisedTwice + ledgerTwice,
        serverErrors: outcomes.serverErrors,
        recoverySeconds: 0,
        notes: `${n} requests and ${n} meetings to 2 partnerships through alternating replicas; ${expected} overdue + ${expected} no-response raised; ${all.size} events in the ledger; audit replicas handled ${consumedBy.join(" + ")}; ${Math.round((Date.now() - started) / 1000)} s`,
      });
      expect(outcomes.serverErrors).toBe(0);
      expect(created.requests).toHaveLength(n);
      expect([missing, raisedTwice, ledgerTwice]).toEqual([0, 0, 0]);
      expect(consumedBy.every((c) => c > 0)).toBe(true);

      // Both replicas wrote and projected: every list and count matches the documents exactly.
      const rdb = (reports[0] as RunningService<ReportsConfig>).kit.mongo.db;
      const mdb = (meetings[0] as RunningService<MeetingsConfig>).kit.mongo.db;
      const log = createLogger("replicas", "silent");
      const meetingList = meetingLists(mdb, log, 60_000).meetings;
      const checks = [
        await listsAgainstSource(
          requestLists(rdb, log, 60_000).index,
          rdb.collection("report_requests"),
          requestListItems,
        ),
        await listsAgainstSource(meetingList.index, mdb.collection("meetings"), (d: MeetingDoc) =>
          meetingList.projection.itemsOf(d),
        ),
      ];
      for (const c of checks) {
        expect(c.stored).toEqual(c.wanted);
        for (const [view, wanted, counted] of c.counts) expect([view, counted]).toEqual([view, wanted]);
        expect(c.pending).toBe(0);
      }
    } finally {
      await reportEvents.stop();
      await meetingEvents.stop();
    }
  }, 300_000);
});
