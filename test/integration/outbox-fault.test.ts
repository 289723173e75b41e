/**
 * Outbox fault test: the Kafka broker is stopped while state changes keep being made, then started
 * again. Every event must arrive, in order per aggregate, and none twice in effect. Without the
 * outbox (publishing straight after the database write) the changes made during the outage would
 * have no events, and this test would fail.
 *
 * It uses a broker of its own (separate ports and data directory) so stopping it disturbs nothing else.
 */
import { rmSync } from "node:fs";
import type { RunningService } from "@csp-mesh/kit";
import { down, up } from "../../deploy/local/src/infra";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { collectEvents } from "../support/kafka";
import { call, clients, dropDatabase, eventually, isolation, signIn, startDirectory } from "../support/mesh";
import { privateInfra } from "../support/reliability";

const PORT = Number(process.env.CSP_FAULT_KAFKA_PORT ?? 19192);

describe("transactional outbox survives a broker outage", () => {
  const iso = isolation("fault");
  const { env: brokerEnv, runDir } = privateInfra("fault-kafka", {
    CSP_KAFKA_PORT: PORT,
    CSP_KAFKA_CONTROLLER_PORT: PORT + 1,
  });
  const brokers = `127.0.0.1:${PORT}`;
  let directory: RunningService<DirectoryConfig> | undefined;

  afterAll(async () => {
    if (directory) {
      await dropDatabase(directory);
      await directory.stop();
    }
    await down(brokerEnv, ["kafka"]);
    rmSync(runDir, { recursive: true, force: true });
  });

  test("every change made while Kafka was down is published once it is back, in order per aggregate", async () => {
    await up(brokerEnv, () => undefined, ["kafka"]);
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, { KAFKA_BROKERS: brokers });
    const c = clients(directory.grpcPort);
    const admin = await signIn(c.identity, "people/opcc-admin-1");
    const subjects = ["partners/csp-ashford", "partners/csp-dover", "partners/csp-swale"];
    let seq = 0;
    const expected = new Map<string, string[]>(subjects.map((s) => [s, []]));

    const change = async () => {
      for (const name of subjects) {
        seq += 1;
        const current = await call<{ etag: string }>(c.directory, "GetPartner", { name }, admin);
        const displayName = `${name} change ${String(seq).padStart(3, "0")}`;
        await call(
          c.directory,
          "UpdatePartner",
          { partner: { name, etag: current.etag, displayName }, updateMask: { paths: ["display_name"] } },
          admin,
        );
        expected.get(name)?.push(displayName);
      }
    };

    for (let i = 0; i < 3; i++) await change(); // broker up
    await down(brokerEnv, ["kafka"]);
    for (let i = 0; i < 5; i++) await change(); // broker down: the writes still succeed
    const pendingWhileDown = await directory.kit.mongo.db
      .collection("partners")
      .countDocuments({ _outboxPending: true });
    expect(pendingWhileDown).toBeGreaterThan(0);
    await up(brokerEnv, () => undefined, ["kafka"]);
    for (let i = 0; i < 3; i++) await change(); // broker back

    const reader = await collectEvents(brokers, iso.topicPrefix, "directory");
    try {
      const total = [...expected.values()].reduce((n, l) => n + l.length, 0);
      const updates = () => reader.events.filter((e) => e.type === "partner.updated");
      await eventually(
        async () => (new Set(updates().map((e) => e.id)).size >= total ? true : undefined),
        90_000,
        `${total} partner.updated events`,
      );
      // None twice in effect: keep the first delivery of each event id, as consumers do.
      const seen = new Set<string>();
      const firstDeliveries = updates().filter((e) => {
        if (seen.has(e.id)) return false;
        seen.add(e.id);
        return true;
      });
      expect(firstDeliveries).toHaveLength(total);
      for (const name of subjects) {
        const names = firstDeliveries.filter((e) => e.subject === name).map((e) => e.data.displayName);
        expect(names).toEqual(expected.get(name));
      }
      // The relay clears the pending flag just after Kafka acknowledges, so allow it a moment.
      const partners = directory.kit.mongo.db.collection("partners");
      await eventually(
        async () => ((await partners.countDocuments({ _outboxPending: true })) === 0 ? true : undefined),
        30_000,
        "no partner left with pending outbox events",
      );
    } finally {
      await reader.stop();
    }
  });
});
