/**
 * `npm run bench`: SubmitReport over gRPC from many partner-system clients at once, with the raw
 * limits of the same database and broker at the same concurrency beside it. Starts what it needs
 * (infrastructure unless MONGO_URL/KAFKA_BROKERS are set, and its own mesh on offset ports), stops
 * what it started, prints the figures and writes them to test/bench/results/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import {
  bearer,
  createClient,
  createLogger,
  eventTopic,
  fromKafkaMessage,
  loadProtos,
  serviceConstructor,
  unary,
} from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { runDemoSeed } from "../../../deploy/local/dist/demo/seed";
import { ferretBackend } from "../../../deploy/local/dist/ferretdb";
import { down, infraPids, up } from "../../../deploy/local/dist/infra";
import { residentMb, startMesh } from "../../../deploy/local/dist/mesh";
import { requestLists } from "../../../services/reports/dist/store/lists";
import { cpuBetween, cpuSnapshot } from "./cpu";
import { comparePages, timePages } from "./pages";
import { print } from "./print";
import { LARGE_KINDS, SMALL_KINDS, seedOtherKinds } from "./seed-more";
import { operationName, seedRequests } from "./seed-requests";
import { drive, summarise } from "./stats";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CSPS = Number(process.env.BENCH_CSPS ?? 13);
const CLIENTS_PER_CSP = Number(process.env.BENCH_CLIENTS_PER_CSP ?? 4);
const RAW_SECONDS = Number(process.env.BENCH_RAW_SECONDS ?? 10);
/** Requests the load is spread over, so each sees a realistic number of versions ("about 100" for scale.small). */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
/** Report requests seeded straight into the database before scale.large is measured. */
const SCALE_REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 20_000);
/** Sequential submits timed for each scale point. */
const SCALE_SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 150);
/** Searches timed per kind of query at the large scale point. */
const SEARCH_SAMPLES = Number(process.env.BENCH_SEARCH_SAMPLES ?? 30);
/** Reads timed per list and page at each scale point. */
const PAGE_SAMPLES = Number(process.env.BENCH_PAGE_SAMPLES ?? 20);
/** One window of watching the machine, idle, before each point's pages are timed. */
const IDLE_SAMPLE_MS = 5_000;
/**
 * The pages are timed only once the machine is quiet (all processes together at most this share of
 * it over a window) and at least SETTLE_AFTER_LOAD_MS after the last bulk load: the database's own
 * upkeep of freshly loaded tables (PostgreSQL's autovacuum wakes up to a minute later) would slow
 * whatever read is timed beside it, as it would not with years of data written one change at a time.
 */
const QUIET_SHARE = 0.2;
const SETTLE_AFTER_LOAD_MS = 75_000;
const SETTLE_MAX_MS = 240_000;
const JUDGED_PAGES = [
  "requestsListOpcc",
  "requestsListOfficer",
  "requestsByStateOpcc",
  "homeOpcc",
  "homeOfficer",
  "homePanel",
  "meetingsListOpcc",
  "actionsListOpcc",
  "assessmentCyclesOpcc",
  "auditRecordsAdmin",
];
/** How long after the load stops the consumer may take to see every event. */
const EVENT_WAIT_MS = 10_000;
const PORT_OFFSET = 1000;
const RESULTS = path.resolve(__dirname, "..", "results");

const log = (m: string) => console.error(`[bench] ${m}`);

const answers = (i: number) => [
  { sectionId: "summary", text: `Benchmark submission ${i}: e-scooter nuisance continues in the town centre.` },
  { sectionId: "incidents", number: i % 500 },
  { sectionId: "trend", choice: "rising" },
];

async function main() {
  const infra = await up(process.env, (m) => log(m));
  try {
    await run(infra);
  } finally {
    if (infra.started.length > 0) await down(process.env, infra.started);
  }
}

/** Everything after the infrastructure is up; whatever happens, main stops what it started. */
async function run(infra: Awaited<ReturnType<typeof up>>) {
  const runId = `bench${Date.now().toString(36)}`;
  const topicPrefix = `${runId}.`;
  const namePrefix = `${runId}_`;
  const mesh = await startMesh({
    mongoUrl: infra.mongoUrl,
    kafkaBrokers: infra.kafkaBrokers,
    portOffset: PORT_OFFSET,
    namePrefix,
    env: { KAFKA_TOPIC_PREFIX: topicPrefix, LOG_LEVEL: "warn", RATE_LIMIT_PER_MINUTE: "100000000" },
    stdio: "ignore",
  });
  const mongo = await MongoClient.connect(infra.mongoUrl, { retryWrites: false, maxPoolSize: CSPS * CLIENTS_PER_CSP });
  const kafka = new Kafka({ clientId: "bench", brokers: infra.kafkaBrokers.split(","), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${runId}-latency` });
  try {
    const port = (name: string) => mesh.services.find((s) => s.name === name)?.grpcPort as number;
    const protos = loadProtos([
      "csp/directory/v1/directory.proto",
      "csp/reports/v1/reports.proto",
      "csp/meetings/v1/meetings.proto",
      "csp/assessments/v1/assessments.proto",
      "csp/audit/v1/audit.proto",
      "csp/grants/v1/grants.proto",
    ]);
    const at = (name: string, svc: string) =>
      createClient<Client>(serviceConstructor(protos, svc), `127.0.0.1:${port(name)}`, { defaultDeadlineMs: 30_000 });
    const identity = at("directory", "csp.directory.v1.IdentityService");
    const directory = at("directory", "csp.directory.v1.DirectoryService");
    const admin = (
      await unary<unknown, { accessToken: string }>(identity, "DevSignIn", { person: "people/opcc-admin-1" })
    ).accessToken;

    // One partner system per CSP, each with its own client credentials and token.
    const partners = (
      await unary<unknown, { partners: { name: string }[] }>(
        directory,
        "ListPartners",
        { kind: "PARTNER_KIND_CSP", status: "PARTNER_STATUS_ACTIVE", pageSize: 100 },
        bearer(admin),
      )
    ).partners.slice(0, CSPS);
    if (partners.length < CSPS) throw new Error(`only ${partners.length} active CSPs in the directory`);
    const tokens: string[] = [];
    for (const [i, p] of partners.entries()) {
      const created = await unary<unknown, { partnerSystem: { clientId: string }; clientSecret: string }>(
        directory,
        "CreatePartnerSystem",
        { systemId: `bench-${i}`, partnerSystem: { displayName: `Benchmark client ${i}`, partner: p.name } },
        bearer(admin),
      );
      const t = await unary<unknown, { accessToken: string }>(identity, "ExchangeClientCredentials", {
        clientId: created.partnerSystem.clientId,
        clientSecret: created.clientSecret,
      });
      tokens.push(t.accessToken);
    }

    // Requests addressed to every CSP; each client works through them in turn.
    const opccReports = at("reports", "csp.reports.v1.ReportsService");
    const requests: string[] = [];
    for (let k = 0; k < REQUESTS; k++) {
      const r = await unary<unknown, { name: string }>(
        opccReports,
        "CreateReportRequest",
        {
          reportRequest: {
            title: `Benchmark request ${k}`,
            issueOfConcern: "Load test of the submission path.",
            addressees: partners.map((p) => ({ partner: p.name })),
            sections: [
              { id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true, maxLength: 2000 },
              { id: "incidents", title: "Incidents", type: "SECTION_TYPE_NUMBER", required: true, min: 0 },
              {
                id: "trend",
                title: "Trend",
                type: "SECTION_TYPE_SINGLE_CHOICE",
                required: true,
                options: ["rising", "stable", "falling"],
              },
            ],
            dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
            classification: "CLASSIFICATION_OFFICIAL",
            legalBasis: "LEGAL_BASIS_INFORMAL",
          },
        },
        bearer(admin),
      );
      requests.push(r.name);
    }

    // Submit-to-consumer latency: from the event's time (stamped in the submit handler) to receipt.
    const eventLatencies: number[] = [];
    /** Submission names from report.submitted events seen while measuring. */
    const seenSubmissions = new Set<string>();
    let measuring = false;
    await consumer.connect();
    await consumer.subscribe({ topic: eventTopic(topicPrefix, "reports"), fromBeginning: false });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const e = fromKafkaMessage(message);
        if (measuring && e.type === "report.submitted") {
          eventLatencies.push(Date.now() - Date.parse(e.time));
          seenSubmissions.add((e.data as { submission: string }).submission);
        }
      },
    });
    await new Promise((r) => setTimeout(r, 3000)); // let the consumer join

    const workers = CSPS * CLIENTS_PER_CSP;
    const clients = Array.from({ length: workers }, () => at("reports", "csp.reports.v1.ReportsService"));
    const submit = async (w: number, i: number, tag: string) =>
      (
        await unary<unknown, { name: string }>(
          clients[w] as Client,
          "SubmitReport",
          {
            parent: requests[(w + i * CLIENTS_PER_CSP) % requests.length],
            answers: answers(i),
            requestId: `${tag}${w}-${i}`,
          },
          bearer(tokens[Math.floor(w / CLIENTS_PER_CSP)] as string),
        )
      ).name;
    // Cost of one submit on its own, with about REQUESTS requests in the database.
    const scaleSmall = await timeSequential(SCALE_SAMPLES, (i) => submit(i % workers, i, "small"));
    const pageTargets = {
      reports: opccReports,
      identity,
      meetings: at("meetings", "csp.meetings.v1.MeetingsService"),
      assessments: at("assessments", "csp.assessments.v1.AssessmentsService"),
      audit: at("audit", "csp.audit.v1.AuditService"),
      grants: at("grants", "csp.grants.v1.GrantsService"),
      web: `http://127.0.0.1:${mesh.services.find((s) => s.name === "gateway")?.httpPort}`,
    };
    // About a hundred more of every kind and state (some overdue, some returned), so the small
    // point's lists are not empty where the large point's are full.
    await seedRequests(
      mongo.db(`${namePrefix}reports`).collection("report_requests"),
      mongo.db(`${namePrefix}reports`).collection("request_search"),
      mongo.db(`${namePrefix}reports`).collection("search_terms"),
      REQUESTS,
      partners.map((p) => p.name),
    );
    await requestLists(mongo.db(`${namePrefix}reports`), createLogger("bench", "warn"), 60_000).projection.rebuild();
    // The demonstration (a meeting, actions, a cycle, made through the APIs) gives the documents
    // to copy; then about a hundred of each kind.
    log("loading the demonstration, then about 100 meetings, actions and cycles");
    await runDemoSeed({
      addresses: {
        directory: `127.0.0.1:${port("directory")}`,
        reports: `127.0.0.1:${port("reports")}`,
        meetings: `127.0.0.1:${port("meetings")}`,
        assessments: `127.0.0.1:${port("assessments")}`,
        grants: `127.0.0.1:${port("grants")}`,
      },
      env: { CSP_DEMO: "on" },
      log: (m) => log(`demo: ${m}`),
      force: true,
    });
    const seeded = await seedOtherKinds(
      mongo,
      namePrefix,
      SMALL_KINDS,
      partners.map((p) => p.name),
      log,
    );
    let loadedAt = Date.now();
    const cpuPids = { ...mesh.pids(), bench: process.pid };
    const cpuGroups = infraPids(process.env);
    /** Each process's share of the machine while nobody calls: work the mesh does on its own. */
    const idleCpu = async () => {
      const before = cpuSnapshot(cpuPids, cpuGroups);
      await new Promise((r) => setTimeout(r, IDLE_SAMPLE_MS));
      const used = cpuBetween(before, cpuSnapshot(cpuPids, cpuGroups), IDLE_SAMPLE_MS / 1000, cpus().length);
      return Object.fromEntries(Object.entries(used).map(([k, v]) => [k, v.shareOfMachine]));
    };
    /** Waits for the machine to be quiet after a load; gives the last window's shares and the wait. */
    const settle = async () => {
      const from = Date.now();
      for (;;) {
        const idle = await idleCpu();
        const busy = Object.values(idle).reduce((a, b) => a + b, 0);
        const waited = Date.now() - from;
        if ((busy <= QUIET_SHARE && Date.now() - loadedAt >= SETTLE_AFTER_LOAD_MS) || waited >= SETTLE_MAX_MS) {
          log(`settled after ${(waited / 1000).toFixed(0)} s (machine ${Math.round(busy * 100)}% busy)`);
          return { idle, settleSeconds: Math.round(waited / 1000) };
        }
      }
    };
    log("waiting for the machine to settle, then timing lists and pages with the demo's volume");
    const small = await settle();
    const idleSmall = small.idle;
    const pagesSmall = await timePages(pageTargets, PAGE_SAMPLES);

    log(`driving SubmitReport: ${CSPS} CSPs x ${CLIENTS_PER_CSP} clients for ${SECONDS} s`);
    const submitted = new Set<string>();
    const cpuBefore = cpuSnapshot(cpuPids, cpuGroups);
    const cpuFrom = Date.now();
    measuring = true;
    const mesh_ = await drive(workers, SECONDS * 1000, async (w, i) => {
      submitted.add(await submit(w, i, "w"));
    });
    // Over the load as it really lasted (the last calls finish after the driving stops).
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(cpuPids, cpuGroups), (Date.now() - cpuFrom) / 1000, cpus().length);
    // Every event of the load, or EVENT_WAIT_MS, whichever comes first.
    const waitUntil = Date.now() + EVENT_WAIT_MS;
    while (Date.now() < waitUntil && [...submitted].some((n) => !seenSubmissions.has(n)))
      await new Promise((r) => setTimeout(r, 100));
    measuring = false;
    const eventsObserved = [...submitted].filter((n) => seenSubmissions.has(n)).length;

    log(`raw limits: single-document inserts and Kafka produce at ${workers} concurrent callers`);
    const scratch = mongo.db(`${namePrefix}raw`).collection("inserts");
    const rawInsert = await drive(workers, RAW_SECONDS * 1000, async (w, i) => {
      await scratch.insertOne({ w, i, answers: answers(i), at: new Date() });
    });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const admin_ = kafka.admin();
    await admin_.connect();
    const rawTopic = `${topicPrefix}raw`;
    await admin_.createTopics({ topics: [{ topic: rawTopic, numPartitions: 3, replicationFactor: 1 }] });
    await admin_.disconnect();
    const rawProduce = await drive(workers, RAW_SECONDS * 1000, async (w, i) => {
      await producer.send({
        topic: rawTopic,
        acks: -1,
        messages: [{ key: `k${w}`, value: JSON.stringify(answers(i)) }],
      });
    });
    await producer.disconnect();

    log(`seeding ${SCALE_REQUESTS} report requests for the scale measurement`);
    const seedMs = await seedRequests(
      mongo.db(`${namePrefix}reports`).collection("report_requests"),
      mongo.db(`${namePrefix}reports`).collection("request_search"),
      mongo.db(`${namePrefix}reports`).collection("search_terms"),
      SCALE_REQUESTS,
      partners.map((p) => p.name),
    );
    log(`seeded in ${(seedMs / 1000).toFixed(1)} s; rebuilding the list read models`);
    const rebuildFrom = Date.now();
    await requestLists(mongo.db(`${namePrefix}reports`), createLogger("bench", "warn"), 60_000).projection.rebuild();
    const rebuildMs = Date.now() - rebuildFrom;
    log(`lists rebuilt in ${(rebuildMs / 1000).toFixed(1)} s`);
    log("seeding meetings, actions, cycles and audit records for the scale measurement");
    const seededLarge = await seedOtherKinds(
      mongo,
      namePrefix,
      LARGE_KINDS,
      partners.map((p) => p.name),
      log,
    );
    loadedAt = Date.now();
    const scaleLarge = await timeSequential(SCALE_SAMPLES, (i) => submit(i % workers, i, "large"));
    log("timing searches over the seeded requests");
    const search = await timeSearches(opccReports, bearer(admin), bearer(tokens[0] as string));
    log("waiting for the machine to settle, then timing lists and pages over the seeded requests");
    const large = await settle();
    const idleLarge = large.idle;
    const pages = comparePages(pagesSmall, await timePages(pageTargets, PAGE_SAMPLES));
    const rssMb = residentMb(mesh.pids());
    // The pages the scale targets are judged on; the rest (other orders, web lists) are figures.
    const judged = Object.entries(pages)
      .filter(([name]) => JUDGED_PAGES.includes(name))
      .map(([, p]) => p);

    const results = {
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      database: infra.external ? "external (MONGO_URL)" : `FerretDB 1.24 on ${ferretBackend(process.env)}`,
      load: { csps: CSPS, clientsPerCsp: CLIENTS_PER_CSP, seconds: SECONDS },
      mesh: {
        submissionsPerSecond: Math.round(mesh_.perSecond),
        submissions: submitted.size,
        eventsObserved,
        submitLatencyMs: mesh_.latency,
        errors: mesh_.errors,
        firstError: mesh_.firstError,
        eventLatencyMs: summarise(eventLatencies),
      },
      raw: {
        mongoInsertsPerSecond: Math.round(rawInsert.perSecond),
        mongoInsertLatencyMs: rawInsert.latency,
        kafkaProducesPerSecond: Math.round(rawProduce.perSecond),
        kafkaProduceLatencyMs: rawProduce.latency,
      },
      ratios: {
        meshToRawInsert: round2(mesh_.perSecond / rawInsert.perSecond),
        submitP99ToRawInsertP99: round2(mesh_.latency.p99 / rawInsert.latency.p99),
      },
      scale: {
        existingSmall: REQUESTS,
        existingLarge: REQUESTS + SCALE_REQUESTS,
        /** Requests stored when the pages were timed: the API's and as many seeded; then the large seed too. */
        pagesSmallRequests: 2 * REQUESTS,
        pagesLargeRequests: 2 * REQUESTS + SCALE_REQUESTS,
        smallP50Ms: scaleSmall.p50,
        largeP50Ms: scaleLarge.p50,
        growthP50: round2(scaleLarge.p50 / scaleSmall.p50),
        seedSeconds: Math.round(seedMs / 100) / 10,
        searchP50Ms: search.all.p50,
        searchP95Ms: search.all.p95,
        searchByKind: search.byKind,
        listsRebuildSeconds: Math.round(rebuildMs / 100) / 10,
        otherKinds: { small: seeded, large: seededLarge },
        pages,
        /** Each process's share of the machine in the seconds before each point's pages were timed. */
        idleCpu: { small: idleSmall, large: idleLarge },
        settleSeconds: { small: small.settleSeconds, large: large.settleSeconds },
      },
      rssMb,
      /** CPU used by each process during the load (the bench process includes its 52 clients). */
      cpuDuringLoad: cpu,
      targets: {
        "meshToRawInsert >= 0.5": mesh_.perSecond >= 0.5 * rawInsert.perSecond,
        "submitP99ToRawInsertP99 <= 2.5": mesh_.latency.p99 / rawInsert.latency.p99 <= 2.5,
        "every event observed": eventsObserved === submitted.size,
        "event p99 <= 1000 ms": summarise(eventLatencies).p99 <= 1000,
        "growthP50 <= 1.5": scaleLarge.p50 / scaleSmall.p50 <= 1.5,
        "searchP50Ms <= 300": search.all.p50 <= 300,
        "every page p50 <= 300 ms at scale": judged.every((x) => x.largeP50Ms <= 300),
        "every page p95 <= 1000 ms at scale": judged.every((x) => x.largeP95Ms <= 1000),
        "every page growth <= 1.5": judged.every((x) => x.growth <= 1.5),
        "every service < 150 MB resident": Object.values(rssMb).every((mb) => mb < 150),
      },
    };
    print(results);
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `submit-${results.when.replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    log(`figures written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    for (const db of ["directory", "reports", "audit", "raw"])
      await mongo
        .db(`${namePrefix}${db}`)
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
    await mesh.stop();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * ListReportRequests with a query over the seeded requests, as the OPCC (sees all) and as a CSP
 * (its own), for the kinds of search people make: a request's own operation name, a theme in a
 * place, and a theme alone (a word in one request in twenty).
 */
async function timeSearches(reports: Client, opcc: ReturnType<typeof bearer>, csp: ReturnType<typeof bearer>) {
  const kinds: Record<string, (k: number) => string> = {
    operationName: (k) => `operation ${operationName((k * 7919) % SCALE_REQUESTS)}`,
    themeAndPlace: (k) => `${["knife", "shoplifting", "fraud", "arson"][k % 4]} ${["dover", "thanet", "swale"][k % 3]}`,
    themeAlone: (k) => ["cuckooing", "e-scooter", "fly-tipping", "slavery"][k % 4] as string,
  };
  const all: number[] = [];
  const byKind: Record<string, ReturnType<typeof summarise>> = {};
  for (const [kind, query] of Object.entries(kinds)) {
    const times: number[] = [];
    for (let k = 0; k < SEARCH_SAMPLES; k++) {
      const t0 = performance.now();
      await unary(reports, "ListReportRequests", { query: query(k), pageSize: 25 }, k % 2 ? csp : opcc);
      times.push(performance.now() - t0);
    }
    all.push(...times);
    byKind[kind] = summarise(times);
  }
  return { all: summarise(all), byKind };
}

/** Latency of `n` operations one after another (no contention: the cost of the path itself). */
async function timeSequential(n: number, op: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await op(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarise(samples);
}

main().catch((err: unknown) => {
  console.error(`[bench] failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
