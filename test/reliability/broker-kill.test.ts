/**
 * Reliability: the Kafka broker is killed (SIGKILL, no clean shutdown) in the middle of a burst of
 * state changes from concurrent clients, then started again. Afterwards, for every aggregate, the
 * events on Kafka are exactly the database's history (none missing, in order), and the audit ledger,
 * a consumer, holds each event exactly once. It proves the transactional outbox (writes never wait
 * for Kafka, and everything staged is published once the broker is back) and the idempotent consumer
 * (the relay may publish an event twice; the ledger records it once).
 *
 * Remove the protection to see it fail (checked once): a relay that drops what it could not publish,
 * as a service publishing straight after its write does, lost 87 of 250 changes here; more generally, publishing straight after the write instead of through the
 * outbox loses every change made while the broker is down (lost > 0); dropping the consumer's
 * processed-event markers and the ledger's unique eventId records redeliveries twice (duplicated > 0).
 */
import { rmSync } from "node:fs";
import type { RunningService } from "@csp-mesh/kit";
import { crash, down, up } from "../../deploy/local/src/infra";
import type { AuditConfig } from "../../services/audit/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  isolation,
  signIn,
  startAudit,
  startDirectory,
} from "../support/mesh";
import { Outcomes, privateInfra, recordRow, size } from "../support/reliability";

const PORT = Number(process.env.CSP_FAULT_KAFKA_PORT ?? 19292);
const CSPS = [
  "csp-ashford",
  "csp-canterbury",
  "csp-dartford",
  "csp-dover",
  "csp-folkestone-hythe",
  "csp-gravesham",
  "csp-maidstone",
  "csp-sevenoaks",
  "csp-swale",
  "csp-thanet",
];

describe("reliability: the broker killed mid-burst", () => {
  const iso = isolation("rel-broker");
  const { env: brokerEnv, runDir } = privateInfra("rel-kafka", {
    CSP_KAFKA_PORT: PORT,
    CSP_KAFKA_CONTROLLER_PORT: PORT + 1,
  });
  const brokers = `127.0.0.1:${PORT}`;
  let directory: RunningService<DirectoryConfig> | undefined;
  let audit: RunningService<AuditConfig> | undefined;

  afterAll(async () => {
    for (const svc of [audit, directory]) {
      if (!svc) continue;
      await dropDatabase(svc);
      await svc.stop();
    }
    await down(brokerEnv, ["kafka"]);
    rmSync(runDir, { recursive: true, force: true });
  });

  test("every change has its event on Kafka and one ledger record, after a SIGKILL of the broker", async () => {
    const perClient = size(25, 100);
    await up(brokerEnv, () => undefined, ["kafka"]);
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, { KAFKA_BROKERS: brokers });
    audit = await startAudit(`${iso.db}_a`, iso.topicPrefix, directory, { KAFKA_BROKERS: brokers });
    const c = clients(directory.grpcPort);
    const admin = await signIn(c.identity, "people/opcc-admin-1");
    const outcomes = new Outcomes();
    /** Per partner, the display names the database accepted, in order: its history. */
    const history = new Map<string, string[]>(CSPS.map((p) => [`partners/${p}`, []]));
    let done = 0;

    // One client per partner, each a chain of conditional updates (etag), all at once.
    const client = async (name: string) => {
      let etag = (await call<{ etag: string }>(c.directory, "GetPartner", { name }, admin)).etag;
      for (let i = 0; i < perClient; i++) {
        const displayName = `${name.slice(9)} ${String(i).padStart(4, "0")}`;
        try {
          const r = await call<{ etag: string }>(
            c.directory,
            "UpdatePartner",
            { partner: { name, etag, displayName }, updateMask: { paths: ["display_name"] } },
            admin,
          );
          etag = r.etag;
          history.get(name)?.push(displayName);
          outcomes.add(undefined);
        } catch (err) {
          outcomes.add(err);
          etag = (await call<{ etag: string }>(c.directory, "GetPartner", { name }, admin)).etag;
        }
        done += 1;
      }
    };
    const burst = Promise.all([...history.keys()].map(client));
    const total = CSPS.length * perClient;
    await eventually(async () => (done >= total * 0.3 ? true : undefined), 120_000, "30% of the burst");
    expect(await crash(brokerEnv, "kafka")).toBe(true);
    await eventually(async () => (done >= total * 0.6 ? true : undefined), 120_000, "60% of the burst");
    await up(brokerEnv, () => undefined, ["kafka"]);
    const back = Date.now();
    await burst;

    const changes = [...history.values()].reduce((n, h) => n + h.length, 0);
    const reader = await collectEvents(brokers, iso.topicPrefix, "directory");
    const ledger = audit.kit.mongo.db.collection<{ eventId: string; subject: string; type: string }>("audit_ledger");
    try {
      const updates = () => reader.events.filter((e) => e.type === "partner.updated");
      await eventually(
        async () => (new Set(updates().map((e) => e.id)).size >= changes ? true : undefined),
        180_000,
        `${changes} partner.updated events on Kafka`,
      ).catch(() => undefined); // what never arrived is counted as lost below
      await eventually(
        async () => ((await ledger.countDocuments({ type: "partner.updated" })) >= changes ? true : undefined),
        180_000,
        `${changes} ledger records`,
      ).catch(() => undefined);
      const recovery = (Date.now() - back) / 1000;
      // On Kafka: each partner's first deliveries, in order, are exactly its history.
      const seen = new Set<string>();
      const first = updates().filter((e) => !seen.has(e.id) && seen.add(e.id));
      let lost = 0;
      const outOfOrder: string[] = [];
      for (const [name, names] of history) {
        const published = first.filter((e) => e.subject === name).map((e) => e.data.displayName);
        lost += names.filter((n) => !published.includes(n)).length;
        if (JSON.stringify(published) !== JSON.stringify(names.filter((n) => published.includes(n))))
          outOfOrder.push(name);
      }
      // In the ledger: one record per event, none twice.
      const records = await ledger.find({ type: "partner.updated" }, { projection: { eventId: 1 } }).toArray();
      const duplicated = records.length - new Set(records.map((r) => r.eventId)).size;
      const redelivered = updates().length - first.length;
      recordRow({
        scenario: "broker-kill",
        proves: "outbox + idempotent consumer: a broker SIGKILL mid-burst loses and doubles nothing",
        operations: total,
        lost,
        duplicated,
        serverErrors: outcomes.serverErrors,
        recoverySeconds: Math.round(recovery * 10) / 10,
        notes: `${changes} changes from ${CSPS.length} concurrent clients; outcomes ${outcomes}; ${redelivered} redelivered on Kafka, recorded once`,
      });
      expect([lost, duplicated, outcomes.serverErrors]).toEqual([0, 0, 0]);
      expect(outOfOrder).toEqual([]);
      expect(records).toHaveLength(changes);
      expect(changes).toBe(total);
    } finally {
      await reader.stop();
    }
  }, 600_000);
});
