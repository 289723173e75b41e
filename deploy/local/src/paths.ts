import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** Versions of the local stand-ins for production Kafka and MongoDB. */
export const KAFKA_VERSION = "3.9.1";
export const FERRETDB_VERSION = "1.24.2";
/** The local SMTP server and web inbox (a Go module, built from the module proxy). */
export const MAILPIT_MODULE = "github.com/axllent/mailpit";
export const MAILPIT_VERSION = "v1.27.11";
/** The local trace viewer for `npm start -- --trace`: Jaeger 2 (its Go module's v1.76.0 is Jaeger 2.x). */
export const JAEGER_MODULE = "github.com/jaegertracing/jaeger";
export const JAEGER_VERSION = "v1.76.0";

/** deploy/local, whether we run from src (ts-jest) or dist (node). */
export const LOCAL_DIR = path.resolve(__dirname, "..");

function hashOf(files: string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(readFileSync(path.join(LOCAL_DIR, f)));
  return h.digest("hex").slice(0, 10);
}

/**
 * Provisioned artefacts live outside the clone so a fresh clone re-uses them.
 * The directory names carry the version and a hash of the recipe: editing the pom or the Go main
 * provisions afresh instead of running a stale build.
 */
export function cachePaths(env: NodeJS.ProcessEnv = process.env) {
  const root = env.CSP_MESH_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "csp-mesh");
  const kafkaDir = path.join(root, `kafka-${KAFKA_VERSION}-${hashOf(["kafka/pom.xml"])}`);
  const ferretDir = path.join(
    root,
    `ferretdb-${FERRETDB_VERSION}-${hashOf([
      "ferretdb/main.go",
      "ferretdb/serialize.go",
      "ferretdb/postgres.go",
      "ferretdb/go.mod",
      "ferretdb/go.sum",
      "ferretdb/patched/resource/resource.go",
    ])}`,
  );
  const certificates = path.join(root, "certs");
  const schemathesisDir = path.join(root, `schemathesis-${hashOf(["schemathesis/requirements.txt"])}`);
  // A separate run directory lets a test start a second, private broker beside the shared one.
  const run = env.CSP_MESH_RUN_DIR ?? path.join(root, "run");
  return {
    root,
    kafkaLibs: path.join(kafkaDir, "libs"),
    ferretBinary: path.join(ferretDir, "ferretdb-local"),
    mailpitBinary: path.join(root, `mailpit-${MAILPIT_VERSION}`, "mailpit"),
    jaegerBinary: path.join(root, `jaeger-${JAEGER_VERSION}`, "jaeger"),
    certificates,
    schemathesisDir,
    schemathesisCli: path.join(schemathesisDir, "bin", "st"),
    run,
    kafkaData: path.join(run, "kafka-data"),
    kafkaConfig: path.join(run, "kafka-server.properties"),
    kafkaLog4j: path.join(run, "kafka-log4j.properties"),
    kafkaLog: path.join(run, "kafka.log"),
    kafkaPid: path.join(run, "kafka.pid"),
    /** The three-node cluster (CSP_KAFKA_NODES=3): one folder per node, apart from the single node's. */
    kafkaCluster: path.join(run, "kafka-cluster"),
    ferretData: path.join(run, "ferretdb-data"),
    ferretLog: path.join(run, "ferretdb.log"),
    ferretPid: path.join(run, "ferretdb.pid"),
    mailpitDb: path.join(run, "mailpit.db"),
    mailpitLog: path.join(run, "mailpit.log"),
    mailpitPid: path.join(run, "mailpit.pid"),
    jaegerLog: path.join(run, "jaeger.log"),
    pgData: path.join(run, "postgres-data"),
    pgLog: path.join(run, "postgres.log"),
    pgPid: path.join(run, "postgres.pid"),
  };
}

export type CachePaths = ReturnType<typeof cachePaths>;
