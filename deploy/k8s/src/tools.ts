/**
 * The offline validators, installed from the registries into the project's cache on first use:
 * kustomize and kube-score from the Go module proxy, kubernetes-validate (which carries the
 * Kubernetes OpenAPI schemas of each release) from PyPI into its own virtual environment.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export const KUSTOMIZE = { module: "sigs.k8s.io/kustomize/kustomize/v5", version: "v5.7.1", binary: "kustomize" };
export const KUBE_SCORE = {
  module: "github.com/zegl/kube-score/cmd/kube-score",
  version: "v1.20.0",
  binary: "kube-score",
};
export const KUBERNETES_VALIDATE = "kubernetes-validate==1.33.1";
/** The Kubernetes release the manifests are validated against. */
export const KUBERNETES_VERSION = "1.33.0";

function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CSP_MESH_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "csp-mesh");
}

function runOrThrow(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], env });
  if (r.error) throw new Error(`${what}: ${cmd} is not installed (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${what} failed (${cmd} exited with ${r.status ?? r.signal})`);
}

/** `go install module@version` into a folder of its own; renamed into place only when complete. */
function goTool(tool: typeof KUSTOMIZE, log: (m: string) => void): string {
  const dir = path.join(cacheRoot(), `${tool.binary}-${tool.version}`);
  const binary = path.join(dir, tool.binary);
  if (existsSync(binary)) return binary;
  log(`installing ${tool.binary} ${tool.version} from the Go module proxy (first run only)...`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  runOrThrow(
    "go",
    ["install", `${tool.module}@${tool.version}`],
    { ...process.env, GOBIN: tmp },
    `Installing ${tool.binary}`,
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return binary;
}

/** A virtual environment cannot be moved (its scripts name their interpreter by path): a marker file
 * written last says it is complete. */
function kubernetesValidate(log: (m: string) => void): string {
  const dir = path.join(cacheRoot(), `kubernetes-validate-${KUBERNETES_VALIDATE.split("==")[1]}`);
  const cli = path.join(dir, "bin", "kubernetes-validate");
  const complete = path.join(dir, ".complete");
  if (existsSync(complete)) return cli;
  log(`installing ${KUBERNETES_VALIDATE} from PyPI (first run only)...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  runOrThrow("python3", ["-m", "venv", dir], process.env, "Creating a Python virtual environment");
  runOrThrow(
    path.join(dir, "bin", "pip"),
    ["install", "-q", KUBERNETES_VALIDATE],
    process.env,
    "Installing kubernetes-validate",
  );
  writeFileSync(complete, `${KUBERNETES_VALIDATE}\n`);
  return cli;
}

export interface K8sTools {
  kustomize: string;
  kubeScore: string;
  kubernetesValidate: string;
}

export function installTools(log: (m: string) => void = (m) => console.error(m)): K8sTools {
  return {
    kustomize: goTool(KUSTOMIZE, log),
    kubeScore: goTool(KUBE_SCORE, log),
    kubernetesValidate: kubernetesValidate(log),
  };
}
