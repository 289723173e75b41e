/**
 * Starting the local Kafka: each node's configuration written, its storage formatted once, its
 * JVM started detached.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { brokerList, type KafkaNode, kafkaNodes, kafkaProperties } from "./kafka-nodes";
import type { CachePaths } from "./paths";
import type { Ports } from "./ports";
import { portOpen, runningPid, startDetached, tail, waitFor } from "./processes";

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

/**
 * A local stand-in's JVM, tuned for starting: only the quick JIT compiler and the serial collector.
 * A developer's or a test's broker (and the storage tool) lives seconds to minutes and carries little
 * traffic, so the optimising compiler's work never paid for itself: a three-node cluster's start,
 * kill and restart in the replication scenario used 44 CPU s with G1 and both compilers, 25 s so.
 */
function javaArgs(paths: CachePaths, mainClass: string, args: string[]): string[] {
  return [
    "-Xms256m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
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

export async function ensureKafka(
  paths: CachePaths,
  ports: Ports,
  count: 1 | 3,
  log: (m: string) => void,
): Promise<boolean> {
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
