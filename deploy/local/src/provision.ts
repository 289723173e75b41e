import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { type CachePaths, JAEGER_MODULE, JAEGER_VERSION, LOCAL_DIR, MAILPIT_MODULE, MAILPIT_VERSION } from "./paths";

export class MissingToolError extends Error {}

function has(tool: string): boolean {
  return spawnSync(tool, ["-version"], { stdio: "ignore" }).error === undefined;
}

/** Checks every tool needed for the work at hand at once, so the user gets one message. */
export function requireTools(needs: { java: boolean; mvn: boolean; go: boolean }): void {
  const missing: string[] = [];
  if (needs.java && !has("java")) missing.push("java (a JDK 17+, e.g. Debian openjdk-17-jdk-headless)");
  if (needs.mvn && !has("mvn")) missing.push("mvn (Apache Maven, e.g. Debian maven)");
  if (needs.go && !hasGo()) missing.push("go (Go 1.24+, e.g. Debian golang)");
  if (missing.length > 0) {
    throw new MissingToolError(
      `csp-mesh local infrastructure needs ${missing.join(", ")}. Install them, or set MONGO_URL and KAFKA_BROKERS to use an existing MongoDB and Kafka.`,
    );
  }
}

function hasGo(): boolean {
  return spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
}

function run(cmd: string, args: string[], cwd: string, what: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: process.env });
  if (r.status !== 0) {
    throw new Error(`${what} failed (${cmd} exited with ${r.status ?? r.signal})`);
  }
}

/** Kafka's runtime classpath from Maven Central, copied into the cache (first time only). */
export function provisionKafka(paths: CachePaths, log: (m: string) => void): void {
  if (existsSync(paths.kafkaLibs)) return;
  log("provisioning Apache Kafka jars from Maven Central (first run only)...");
  const tmp = `${paths.kafkaLibs}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.dirname(tmp), { recursive: true });
  run(
    "mvn",
    ["-B", "-q", "-f", "kafka/pom.xml", "dependency:copy-dependencies", `-Dkafka.libs=${tmp}`],
    LOCAL_DIR,
    "Resolving Kafka with Maven",
  );
  // Rename last: a half-finished copy never looks provisioned.
  renameSync(tmp, paths.kafkaLibs);
}

/** FerretDB's packages built from our copies instead of its own (see each file's comment). */
const FERRETDB_PATCHED = { "patched/resource/resource.go": "internal/util/resource/resource.go" };

/**
 * Our FerretDB main, built with Go from the module proxy (first time only). Built from a copy with
 * the modules vendored, so FERRETDB_PATCHED's files can take the place of FerretDB's (Go's build
 * overlays may not replace files in the module cache).
 */
export function provisionFerretDb(paths: CachePaths, log: (m: string) => void): void {
  if (existsSync(paths.ferretBinary)) return;
  log("building FerretDB from its Go module (first run only; takes a few minutes)...");
  mkdirSync(path.dirname(paths.ferretBinary), { recursive: true });
  const tmp = `${paths.ferretBinary}.tmp-${process.pid}`;
  const work = `${tmp}.src`;
  rmSync(work, { recursive: true, force: true });
  cpSync(path.join(LOCAL_DIR, "ferretdb"), work, { recursive: true });
  try {
    run("go", ["mod", "vendor"], work, "Fetching FerretDB's modules");
    const ferret = path.join(work, "vendor", "github.com", "FerretDB", "FerretDB");
    for (const [ours, theirs] of Object.entries(FERRETDB_PATCHED)) {
      // A FerretDB that moved the file has changed the package too: look again rather than guess.
      if (!existsSync(path.join(ferret, theirs))) throw new Error(`FerretDB has no ${theirs} to replace with ${ours}`);
      cpSync(path.join(work, ours), path.join(ferret, theirs));
    }
    run("go", ["build", "-trimpath", "-mod=vendor", "-o", tmp, "."], work, "Building FerretDB");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  renameSync(tmp, paths.ferretBinary);
}

/** Mailpit (SMTP server and web inbox), built with `go install` from the module proxy (first time only). */
export function provisionMailpit(paths: CachePaths, log: (m: string) => void): void {
  if (existsSync(paths.mailpitBinary)) return;
  log(`building Mailpit ${MAILPIT_VERSION} from its Go module (first run only; about two minutes)...`);
  const gobin = `${path.dirname(paths.mailpitBinary)}.tmp-${process.pid}`;
  rmSync(gobin, { recursive: true, force: true });
  const r = spawnSync("go", ["install", `${MAILPIT_MODULE}@${MAILPIT_VERSION}`], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, GOBIN: gobin },
  });
  if (r.status !== 0) throw new Error(`Building Mailpit failed (go exited with ${r.status ?? r.signal})`);
  rmSync(path.dirname(paths.mailpitBinary), { recursive: true, force: true });
  renameSync(gobin, path.dirname(paths.mailpitBinary));
}

/**
 * Schemathesis in its own Python virtual environment, pinned by schemathesis/requirements.txt (first
 * time only). Returns the `st` command.
 */
export function provisionSchemathesis(paths: CachePaths, log: (m: string) => void): string {
  // A venv's scripts name their interpreter by absolute path, so it is built in place; the marker,
  // written last, says the install finished.
  const done = path.join(paths.schemathesisDir, ".installed");
  if (existsSync(done)) return paths.schemathesisCli;
  if (spawnSync("python3", ["-m", "venv", "--help"], { stdio: "ignore" }).status !== 0) {
    throw new MissingToolError(
      "the OpenAPI contract test needs python3 with venv (e.g. Debian python3-venv) to install Schemathesis",
    );
  }
  log("installing Schemathesis from PyPI (first run only)...");
  rmSync(paths.schemathesisDir, { recursive: true, force: true });
  mkdirSync(path.dirname(paths.schemathesisDir), { recursive: true });
  run("python3", ["-m", "venv", paths.schemathesisDir], LOCAL_DIR, "Creating a Python virtual environment");
  run(
    path.join(paths.schemathesisDir, "bin", "pip"),
    ["install", "-q", "--disable-pip-version-check", "-r", "schemathesis/requirements.txt"],
    LOCAL_DIR,
    "Installing Schemathesis",
  );
  writeFileSync(done, "");
  return paths.schemathesisCli;
}

/**
 * Jaeger 2, built from its Go module (first time only; about five minutes and a 120 MB binary).
 * `go install` refuses the module's replace directive, so the module is downloaded, copied somewhere
 * writable and built there.
 */
export function provisionJaeger(paths: CachePaths, log: (m: string) => void): void {
  if (existsSync(paths.jaegerBinary)) return;
  log(`building Jaeger ${JAEGER_VERSION} from its Go module (first run only; about five minutes)...`);
  const dl = spawnSync("go", ["mod", "download", "-json", `${JAEGER_MODULE}@${JAEGER_VERSION}`], {
    encoding: "utf8",
    cwd: LOCAL_DIR,
  });
  if (dl.status !== 0) throw new Error(`Downloading Jaeger failed: ${dl.stderr || dl.stdout}`);
  const { Dir } = JSON.parse(dl.stdout) as { Dir: string };
  const work = `${path.dirname(paths.jaegerBinary)}.src-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  cpSync(Dir, work, { recursive: true });
  // The module cache is read-only; the build writes beside the sources.
  const writable = (p: string): void => {
    chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
    if (statSync(p).isDirectory()) for (const f of readdirSync(p)) writable(path.join(p, f));
  };
  writable(work);
  mkdirSync(path.dirname(paths.jaegerBinary), { recursive: true });
  const tmp = `${paths.jaegerBinary}.tmp-${process.pid}`;
  try {
    run("go", ["build", "-o", tmp, "./cmd/jaeger"], work, "Building Jaeger");
    renameSync(tmp, paths.jaegerBinary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
