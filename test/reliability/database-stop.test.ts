/**
 * Reliability: the database stops for a while under a steady load. While it is down, calls fail fast
 * with UNAVAILABLE (never INTERNAL, never after their deadline) and the gRPC health check says
 * NOT_SERVING; when it is back, the service serves again by itself, and every change it confirmed is
 * in the database and on Kafka, none twice.
 *
 * Remove the protection to see it fail: without the kit's database watch (service.ts) health stays
 * SERVING and every call waits out the driver's server selection; without the Mongo error mapping
 * (errors.ts classifyError) the failures are INTERNAL.
 */
import { rmSync } from "node:fs";
import { HealthProbe, type RunningService } from "@csp-mesh/kit";
import { mongoReady } from "../../deploy/local/src/ferretdb";
import { down, up } from "../../deploy/local/src/infra";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { collectEvents } from "../support/kafka";
import { call, clients, eventually, isolation, signIn, startDirectory } from "../support/mesh";
import { Outcomes, privateInfra, recordRow, size } from "../support/reliability";

const PORT = Number(process.env.CSP_FAULT_MONGO_PORT ?? 27217);
const DEADLINE_MS = 5_000;
const PARTNERS = ["partners/csp-ashford", "partners/csp-dover", "partners/csp-swale"];

describe("reliability: the database stopped for a while", () => {
  const iso = isolation("rel-db");
  // A database of its own (FerretDB on SQLite, separate port and data), so stopping it disturbs nothing else.
  const { env: dbEnv, runDir } = privateInfra("rel-db", { CSP_MONGO_PORT: PORT }, { CSP_FERRETDB_BACKEND: "sqlite" });
  let directory: RunningService<DirectoryConfig> | undefined;
  /** The load's switch, in scope here so a failed assertion still stops it. */
  let running = true;

  afterAll(async () => {
    running = false;
    // Back up first (a no-op if it is), so the service stops cleanly whatever the test got to.
    await up(dbEnv, () => undefined, ["ferretdb"]).catch(() => undefined);
    await directory?.stop();
    await down(dbEnv, ["ferretdb"]);
    rmSync(runDir, { recursive: true, force: true });
  });

  test("UNAVAILABLE fast and NOT_SERVING while it is down; whole again by itself when it is back", async () => {
    const outageMs = size(8_000, 20_000);
    const db = await up(dbEnv, () => undefined, ["ferretdb"]);
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, {
      MONGO_URL: db.mongoUrl,
      HEALTH_CHECK_MS: "500",
    });
    // One long-lived channel for every health check: a new channel per check under a loaded CI
    // machine can miss its deadline and read as "not SERVING" while the service is.
    const health = new HealthProbe(`127.0.0.1:${directory.grpcPort}`);
    let lastHealth = "";
    const healthIs = async (want: string) => {
      lastHealth = await health.check(2_000);
      return lastHealth === want ? true : undefined;
    };
    // What the driver saw, printed if the service does not come back: the cause of a slow recovery.
    const driver: string[] = [];
    const t0 = Date.now();
    const note = (what: string) => driver.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
    const mongoClient = directory.kit.mongo.client;
    mongoClient.on("serverHeartbeatFailed", (e) => note(`heartbeat failed: ${e.failure.message}`));
    mongoClient.on("serverHeartbeatSucceeded", () => note("heartbeat ok"));
    mongoClient.on("serverDescriptionChanged", (e) =>
      note(`server ${e.previousDescription.type} -> ${e.newDescription.type}`),
    );
    mongoClient.on("connectionPoolCleared", () => note("pool cleared"));
    mongoClient.on("connectionPoolReady", () => note("pool ready"));
    const c = clients(directory.grpcPort);
    const admin = await signIn(c.identity, "people/opcc-admin-1");
    const outcomes = new Outcomes();
    const slowFailures: string[] = [];
    const confirmed = new Map<string, string[]>(PARTNERS.map((p) => [p, []]));
    const attempted = new Set<string>();
    let phase: "before" | "down" | "after" = "before";
    const badCodesDown: string[] = [];
    let ops = 0;

    const client = async (name: string) => {
      let etag = "";
      for (let i = 0; running; i++) {
        const started = Date.now();
        try {
          if (!etag) etag = (await call<{ etag: string }>(c.directory, "GetPartner", { name }, admin)).etag;
          const displayName = `${name.slice(9)} ${String(i).padStart(5, "0")}`;
          attempted.add(displayName);
          ops += 1;
          const r = await call<{ etag: string }>(
            c.directory,
            "UpdatePartner",
            { partner: { name, etag, displayName }, updateMask: { paths: ["display_name"] } },
            admin,
          );
          etag = r.etag;
          confirmed.get(name)?.push(displayName);
          outcomes.add(undefined);
        } catch (err) {
          outcomes.add(err);
          etag = ""; // an ambiguous write may have landed: read the etag again
          const code = (err as { code: number }).code;
          if (phase === "down" && code !== 14) badCodesDown.push(String(code));
          if (Date.now() - started > DEADLINE_MS + 500) slowFailures.push(`${Date.now() - started} ms`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const load = Promise.all(PARTNERS.map(client));
    await new Promise((r) => setTimeout(r, 2_000));

    await down(dbEnv, ["ferretdb"]);
    phase = "down";
    const notServing = await eventually(() => healthIs("NOT_SERVING"), 15_000, "health NOT_SERVING");
    expect(notServing).toBe(true);
    await new Promise((r) => setTimeout(r, outageMs));
    const failedWhileDown = outcomes.byCode.get("UNAVAILABLE") ?? 0;

    await up(dbEnv, () => undefined, ["ferretdb"]);
    note("database up again");
    const back = Date.now();
    try {
      await eventually(() => healthIs("SERVING"), 30_000, "SERVING");
    } catch (err) {
      const fresh = (await mongoReady(db.mongoUrl)) ? "answers" : "fails";
      const seen = driver.slice(-60).join("\n");
      throw new Error(
        `${(err as Error).message} (last answer ${lastHealth}); a new client's ping ${fresh}; driver:\n${seen}`,
      );
    }
    const okBefore = outcomes.byCode.get("OK") ?? 0;
    await eventually(
      async () => ((outcomes.byCode.get("OK") ?? 0) > okBefore + 5 ? true : undefined),
      30_000,
      "calls succeed again",
    );
    const recovery = (Date.now() - back) / 1000;
    phase = "after";
    await new Promise((r) => setTimeout(r, 1_000));
    running = false;
    await load;
    health.close();

    // Every confirmed change is in the database (the last one is the current name) and on Kafka once.
    const reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "directory");
    let lost = 0;
    let duplicated = 0;
    try {
      const total = [...confirmed.values()].reduce((n, l) => n + l.length, 0);
      const updates = () => reader.events.filter((e) => e.type === "partner.updated");
      await eventually(async () => (new Set(updates().map((e) => e.id)).size >= total ? true : undefined), 60_000);
      const published = updates().map((e) => String(e.data.displayName));
      for (const [name, names] of confirmed) {
        const current = await call<{ displayName: string }>(c.directory, "GetPartner", { name }, admin);
        const mine = updates().filter((e) => e.subject === name);
        expect(current.displayName).toBe(String(mine.at(-1)?.data.displayName));
        lost += names.filter((n) => !published.includes(n)).length;
      }
      // A change applied twice would publish its name twice under different event ids.
      const byName = new Map<string, Set<string>>();
      for (const e of updates())
        byName.set(String(e.data.displayName), (byName.get(String(e.data.displayName)) ?? new Set()).add(e.id));
      duplicated = [...byName.values()].filter((ids) => ids.size > 1).length;
      // Nothing published that no client attempted (no invented or half-written state).
      expect(published.filter((n) => !attempted.has(n))).toEqual([]);
    } finally {
      await reader.stop();
      await directory.kit.mongo.db.dropDatabase().catch(() => undefined);
    }
    recordRow({
      scenario: "database-stop",
      proves: "a stopped database: UNAVAILABLE fast, NOT_SERVING, recovery by itself, nothing lost",
      operations: ops,
      lost,
      duplicated,
      serverErrors: outcomes.serverErrors,
      recoverySeconds: Math.round(recovery * 10) / 10,
      notes: `${outageMs / 1000} s outage; outcomes ${outcomes}; ${failedWhileDown} UNAVAILABLE while down; other codes while down: ${badCodesDown.length}; failures slower than the ${DEADLINE_MS} ms deadline: ${slowFailures.length}`,
    });
    expect([lost, duplicated, outcomes.serverErrors]).toEqual([0, 0, 0]);
    expect(badCodesDown).toEqual([]);
    expect(slowFailures).toEqual([]);
    expect(failedWhileDown).toBeGreaterThan(0);
  }, 300_000);
});
