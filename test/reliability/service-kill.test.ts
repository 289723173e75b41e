/**
 * Reliability: the reports service, a process of its own, is killed with SIGKILL at random points of
 * a burst of report requests from concurrent clients, and started again each time. Clients retry a
 * failed create with the same request_id until it answers. Afterwards every request_id made exactly
 * one request (each retry got the same one back), each request has its report.requested event on
 * Kafka exactly once, and no request is left with events unpublished (no half-written state).
 *
 * Remove the protection to see it fail: without request_id deduplication a retry of a create that
 * had landed before the kill makes a second request (duplicated > 0); without the outbox, a kill
 * between the write and the publish leaves a request with no event (lost > 0).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import {
  bearer,
  createClient,
  loadProtos,
  type RunningService,
  serviceConstructor,
  unary,
  waitServing,
} from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import { MongoClient } from "mongodb";
import { SERVICE_NODE_FLAGS } from "../../deploy/local/src/mesh";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { JWKS_PATH } from "../../services/directory/src/spec";
import { collectEvents } from "../support/kafka";
import { baseEnv, clients, dropDatabase, eventually, isolation, signIn, startDirectory } from "../support/mesh";
import { Outcomes, recordRow, size } from "../support/reliability";

const ROOT = path.resolve(__dirname, "..", "..");
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe("reliability: the reports process killed mid-burst", () => {
  const iso = isolation("rel-kill");
  let directory: RunningService<DirectoryConfig>;
  let child: ChildProcess | undefined;
  const db = `${iso.db}_r`;

  afterAll(async () => {
    child?.kill("SIGKILL");
    const mongo = await MongoClient.connect(process.env.MONGO_URL as string);
    await mongo
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    await dropDatabase(directory);
    await directory?.stop();
  });

  test("every request_id makes one request with one event, across SIGKILLs and restarts", async () => {
    const [perClient, kills] = size([12, 2], [50, 5]);
    const clientsN = 8;
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    const [grpcPort, httpPort] = [await freePort(), await freePort()];
    const start = async () => {
      child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, path.join(ROOT, "services/reports/dist/main.js")], {
        stdio: "ignore",
        env: {
          ...process.env,
          ...baseEnv(db, iso.topicPrefix, {
            AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
            DIRECTORY_ADDRESS: `127.0.0.1:${directory.grpcPort}`,
            GRPC_PORT: String(grpcPort),
            HTTP_PORT: String(httpPort),
          }),
        },
      });
      await waitServing(`127.0.0.1:${grpcPort}`, 60_000);
    };
    await start();
    const opcc = await signIn(clients(directory.grpcPort).identity, "people/opcc-staff-1");
    const protos = loadProtos(["csp/reports/v1/reports.proto"]);
    const reports = createClient<Client>(
      serviceConstructor(protos, "csp.reports.v1.ReportsService"),
      `127.0.0.1:${grpcPort}`,
      { defaultDeadlineMs: 5_000 },
    );
    const outcomes = new Outcomes();
    /** request_id -> every name the service answered with (one, if retries were deduplicated). */
    const answers = new Map<string, Set<string>>();
    let done = 0;
    const create = (requestId: string, c: number, i: number) =>
      unary<unknown, { name: string }>(
        reports,
        "CreateReportRequest",
        {
          requestId,
          reportRequest: {
            title: `Kill test ${c}/${i}`,
            issueOfConcern: "An issue of concern for the process-kill test.",
            addressees: [{ partner: "partners/csp-maidstone" }],
            sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
            dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
            classification: "CLASSIFICATION_OFFICIAL",
            legalBasis: "LEGAL_BASIS_INFORMAL",
          },
        },
        bearer(opcc),
      );

    const client = async (c: number) => {
      for (let i = 0; i < perClient; i++) {
        const requestId = `${iso.db}-c${c}-r${i}`;
        for (let attempt = 0; ; attempt++) {
          try {
            const r = await create(requestId, c, i);
            answers.set(requestId, (answers.get(requestId) ?? new Set()).add(r.name));
            outcomes.add(undefined);
            break;
          } catch (err) {
            outcomes.add(err);
            if (attempt > 200) throw err;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        // Sometimes ask again after success, as a client that lost the answer would.
        if (i % 4 === 0) {
          const again = await create(requestId, c, i).catch(() => undefined);
          if (again) answers.get(requestId)?.add(again.name);
        }
        done += 1;
      }
    };
    const total = clientsN * perClient;
    const burst = Promise.all(Array.from({ length: clientsN }, (_, c) => client(c)));
    let downMs = 0;
    for (let k = 0; k < kills; k++) {
      // At a random point of the next stretch of the burst.
      const at = Math.floor(((k + Math.random()) / (kills + 1)) * total);
      await eventually(async () => (done >= at ? true : undefined), 120_000, `${at} requests made`);
      child?.kill("SIGKILL");
      await new Promise((r) => child?.once("exit", r));
      const t = Date.now();
      await start();
      downMs += Date.now() - t;
    }
    await burst;

    // Each request_id: one name; the database: one request per request_id; Kafka: one event each.
    const mongo = await MongoClient.connect(process.env.MONGO_URL as string);
    const reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "reports");
    try {
      const requests = mongo.db(db).collection<{ _id: string; title: string }>("report_requests");
      const docs = await requests.find({ title: { $regex: /^Kill test / } }, { projection: { _id: 1 } }).toArray();
      await eventually(
        async () => {
          const ids = new Set(reader.events.filter((e) => e.type === "report.requested").map((e) => e.subject));
          return docs.every((d) => ids.has(d._id)) ? true : undefined;
        },
        60_000,
        "an event for every request",
      );
      const requested = reader.events.filter((e) => e.type === "report.requested");
      const eventsPerRequest = new Map<string, Set<string>>();
      for (const e of requested)
        eventsPerRequest.set(e.subject, (eventsPerRequest.get(e.subject) ?? new Set()).add(e.id));
      const twiceAnswered = [...answers.values()].filter((names) => names.size > 1).length;
      const extraDocs = docs.length - total;
      const eventsTwice = [...eventsPerRequest.values()].filter((ids) => ids.size > 1).length;
      const lost = docs.filter((d) => !eventsPerRequest.has(d._id)).length + (total - answers.size);
      const pending = await requests.countDocuments({ _outboxPending: true });
      recordRow({
        scenario: "service-kill",
        proves: "request_id + outbox: SIGKILLs of a service mid-burst leave one request and one event per create",
        operations: total,
        lost,
        duplicated: twiceAnswered + Math.max(0, extraDocs) + eventsTwice,
        serverErrors: outcomes.serverErrors,
        recoverySeconds: Math.round(downMs / kills / 100) / 10,
        notes: `${clientsN} clients, ${kills} SIGKILLs and restarts (recovery: restart to SERVING, on average); outcomes ${outcomes}; ${pending} requests still pending publication`,
      });
      expect([lost, twiceAnswered, extraDocs, eventsTwice, outcomes.serverErrors]).toEqual([0, 0, 0, 0, 0]);
    } finally {
      await reader.stop();
      await mongo.close();
      reports.close();
    }
  }, 600_000);
});
