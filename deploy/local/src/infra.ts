/**
 * The local infrastructure as a whole: `up` starts what is not running, `down` stops what csp-mesh
 * started, `status` reports. Each piece is its own module: kafka.ts, ferretdb.ts (with postgres.ts)
 * and mailpit.ts.
 */
import { existsSync, mkdirSync } from "node:fs";
import { ensureFerretDb, ferretBackend, ferretProc, mongoReady, mongoUrlFor } from "./ferretdb";
import { ensureKafka, kafkaReady } from "./kafka";
import { allKafkaProcs, brokerList, type KafkaNode, kafkaNodeCount, kafkaNodes, kafkaProc } from "./kafka-nodes";
import { ensureMail, mailpitProc, mailpitReady } from "./mailpit";
import { cachePaths } from "./paths";
import { portsFrom } from "./ports";
import { postgresInstall, postgresProc, postgresStatus } from "./postgres";
import { killManaged, runningPid, stopManaged } from "./processes";
import { provisionFerretDb, provisionKafka, requireTools } from "./provision";

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

export function externalEndpoints(env: NodeJS.ProcessEnv = process.env) {
  const { MONGO_URL, KAFKA_BROKERS } = env;
  if (MONGO_URL && KAFKA_BROKERS) return { mongoUrl: MONGO_URL, kafkaBrokers: KAFKA_BROKERS };
  return undefined;
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
