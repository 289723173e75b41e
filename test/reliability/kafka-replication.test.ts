/**
 * Reliability: Kafka as production runs it, three KRaft nodes (CSP_KAFKA_NODES=3) with replication
 * factor 3 and min.insync.replicas 2, under the whole mesh as processes. In the middle of a burst of
 * report requests created over REST, the leader of the reports topic's busiest partition is killed
 * with SIGKILL and not restarted. Every request is still answered; every one appears on the topic as
 * its report.requested event, read by a plain Kafka client; and the audit ledger, a consumer, holds
 * each event exactly once. The services are not restarted: their Kafka clients find the new leaders.
 *
 * Remove the protection to see it fail (checked once, docs/reliability.md): with replication factor 1
 * the killed node's partitions have no other copy, their events never arrive, and lost > 0.
 */
import { rmSync } from "node:fs";
import { eventTopic } from "@csp-mesh/kit";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { crashKafkaNode, down, up } from "../../deploy/local/src/infra";
import { type RunningMesh, startMesh } from "../../deploy/local/src/mesh";
import { collectEvents } from "../support/kafka";
import { createReportRequestOverRest, devToken, eventually } from "../support/mesh";
import { privateInfra, recordRow, size } from "../support/reliability";

const PORT = Number(process.env.CSP_REPLICATED_KAFKA_PORT ?? 19392);
const OFFSET = 900;

describe("reliability: a replicated Kafka loses the leader of the busiest partition mid-burst", () => {
  const run = process.env.CSP_TEST_RUN_ID as string;
  const prefix = `${run}.repl.`;
  const { env: brokerEnv, runDir } = privateInfra(
    "rel-replicated",
    { CSP_KAFKA_PORT: PORT, CSP_KAFKA_CONTROLLER_PORT: PORT + 1 },
    { CSP_KAFKA_NODES: "3" },
  );
  let brokers = "";
  let mesh: RunningMesh | undefined;

  afterAll(async () => {
    await mesh?.stop();
    // The cluster and its data are thrown away: a kill is enough, and a clean stop of two nodes
    // that lost a peer waits out the controller's timeouts.
    for (const node of [1, 2, 3]) await crashKafkaNode(brokerEnv, node);
    await down(brokerEnv, ["kafka"]);
    rmSync(runDir, { recursive: true, force: true });
  });

  test("every request answered, every event on the topic, each recorded once by the ledger", async () => {
    const total = size(40, 400);
    brokers = (await up(brokerEnv, () => undefined, ["kafka"])).kafkaBrokers;
    expect(brokers.split(",")).toHaveLength(3);
    mesh = await startMesh({
      mongoUrl: process.env.MONGO_URL as string,
      kafkaBrokers: brokers,
      portOffset: OFFSET,
      namePrefix: `${run}_repl_`,
      env: {
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: "warn",
        LOG_FORMAT: "json",
        RATE_LIMIT_PER_MINUTE: "100000000",
        HTTP_RATE_LIMIT_PER_MINUTE: "100000",
      },
      // CSP_TEST_MESH_LOGS=1 shows the services' warnings (the relay's retries, the consumers' rebalances).
      stdio: process.env.CSP_TEST_MESH_LOGS ? "inherit" : "ignore",
    });
    const exits: string[] = [];
    mesh.onUnexpectedExit((name, code) => exits.push(`${name} exited (${code})`));

    // Every csp.* topic the services made is on all three nodes, with two needed in sync.
    const kafka = new Kafka({ clientId: "test-admin", brokers: brokers.split(","), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}csp.`));
    expect(topics.length).toBeGreaterThanOrEqual(8);
    const metadata = await admin.fetchTopicMetadata({ topics });
    for (const t of metadata.topics) for (const p of t.partitions) expect(p.replicas).toHaveLength(3);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: 2, name, configNames: ["min.insync.replicas"] })),
    });
    for (const r of configs.resources) expect(r.configEntries[0]?.configValue).toBe("2");

    const accessToken = await devToken(
      mesh.services.find((s) => s.name === "directory")?.grpcPort as number,
      "people/opcc-staff-1",
    );
    const gateway = `http://127.0.0.1:${mesh.services.find((s) => s.name === "gateway")?.httpPort}`;
    const reportsTopic = eventTopic(prefix, "reports");

    const statuses = new Map<number, number>();
    const created: string[] = [];
    let killed: { node: number; partition: number; at: number } | undefined;
    const killLeader = async () => {
      // The busiest partition is the one with the most events so far; its leader is the node to lose.
      const offsets = await admin.fetchTopicOffsets(reportsTopic);
      const busiest = offsets.sort((a, b) => Number(b.high) - Number(a.high))[0];
      const meta = await admin.fetchTopicMetadata({ topics: [reportsTopic] });
      const leader = meta.topics[0]?.partitions.find((p) => p.partitionId === busiest?.partition)?.leader;
      if (leader === undefined || busiest === undefined) throw new Error("no leader for the reports topic");
      await crashKafkaNode(brokerEnv, leader);
      killed = { node: leader, partition: busiest.partition, at: Date.now() };
    };

    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        if (i === Math.floor(total / 3)) await killLeader();
        const res = await createReportRequestOverRest(gateway, accessToken, `Replicated ${i}`);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) created.push(String(((await res.json()) as { name: string }).name));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).toBeDefined();
    await admin.disconnect();

    // A plain Kafka client reads the topic from the surviving nodes.
    const reader = await collectEvents(brokers, prefix, "reports");
    const requested = () => new Set(reader.events.filter((e) => e.type === "report.requested").map((e) => e.subject));
    await eventually(
      async () => (created.every((n) => requested().has(n)) ? true : undefined),
      // A partition whose dead follower is still in sync holds acks=all writes until the leader
      // drops it (replica.lag.time.max.ms); the producer's retries then succeed.
      180_000,
      "every request's event",
    ).catch(() => undefined);
    const recoverySeconds = Math.round((Date.now() - (killed?.at ?? Date.now())) / 1000);
    const missing = created.filter((n) => !requested().has(n));
    const lost = missing.length;
    // If any are missing: are they still waiting in the outbox (delayed) or gone (lost)?
    const mongo = new MongoClient(process.env.MONGO_URL as string);
    const stillStaged = await mongo
      .db(`${run}_repl_reports`)
      .collection("report_requests")
      .countDocuments({ _outboxPending: true });
    // ... and did the ledger (another consumer) or a second, fresh reader see them?
    let diagnosis = "";
    if (missing.length > 0) {
      const inLedger = await mongo
        .db(`${run}_repl_audit`)
        .collection("audit_ledger")
        .countDocuments({ subject: { $in: missing } });
      const second = await collectEvents(brokers, prefix, "reports");
      await new Promise((r) => setTimeout(r, 15_000));
      const secondSaw = missing.filter((n) => second.events.some((e) => e.subject === n)).length;
      const secondTotal = second.events.length;
      await second.stop();
      diagnosis = `; of the missing: in the ledger ${inLedger}, seen by a second reader ${secondSaw} (it read ${secondTotal} events, the first ${reader.events.length})`;
    }
    const eventIds = reader.events
      .filter((e) => e.type === "report.requested" && created.includes(e.subject))
      .map((e) => e.id);

    // The ledger, a consumer, applies each of them once.
    const ledger = mongo.db(`${run}_repl_audit`).collection<{ eventId: string }>("audit_ledger");
    const ids = [...new Set(eventIds)];
    const ledgerCounts = await eventually(
      async () => {
        const docs = await ledger.find({ eventId: { $in: ids } }, { projection: { eventId: 1 } }).toArray();
        return docs.length >= ids.length ? docs : undefined;
      },
      60_000,
      "the ledger to hold every event",
    ).catch(async () => ledger.find({ eventId: { $in: ids } }, { projection: { eventId: 1 } }).toArray());
    await mongo.close();
    await reader.stop();
    const perEvent = new Map<string, number>();
    for (const d of ledgerCounts) perEvent.set(d.eventId, (perEvent.get(d.eventId) ?? 0) + 1);
    const duplicated = [...perEvent.values()].filter((n) => n > 1).length;
    const missingFromLedger = ids.filter((id) => !perEvent.has(id)).length;
    const serverErrors = [...statuses.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);

    recordRow({
      scenario: "kafka-replication",
      proves: "three Kafka nodes (RF 3, min ISR 2): losing a partition leader mid-burst loses no event",
      operations: total,
      lost: lost + missingFromLedger,
      duplicated,
      serverErrors,
      recoverySeconds,
      notes: `killed node ${killed?.node} (leader of partition ${killed?.partition}) after ${Math.floor(total / 3)} requests; HTTP ${JSON.stringify(Object.fromEntries(statuses))}; events on the topic ${eventIds.length} for ${created.length} requests; missing ${missing.join(" ") || "none"}; still in the outbox ${stillStaged}${diagnosis}; exits ${exits.length}`,
    });
    expect(statuses.get(201)).toBe(total);
    expect({ lost, missingFromLedger, duplicated, exits }).toEqual({
      lost: 0,
      missingFromLedger: 0,
      duplicated: 0,
      exits: [],
    });
  }, 600_000);
});
