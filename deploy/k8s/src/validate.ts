/**
 * Offline validation of every overlay: it builds with kustomize, every object passes strict schema
 * validation against Kubernetes 1.33 (an unknown field fails), and kube-score finds nothing critical.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { type K8sTools, KUBERNETES_VERSION } from "./tools";
import type { K8sObject } from "./workloads";

export const K8S_DIR = path.resolve(__dirname, "..");

/** API groups whose schemas are the operators' own (CRDs), not Kubernetes'. */
export const OPERATOR_GROUPS = ["kafka.strimzi.io", "mongodbcommunity.mongodb.com"];

export interface OverlayReport {
  overlay: string;
  objects: K8sObject[];
  /** Objects refused by the schema, with kubernetes-validate's reason. */
  schemaErrors: string[];
  /** Operator resources validated only by the operators themselves (no schema in Kubernetes). */
  operatorObjects: string[];
  critical: string[];
  warnings: string[];
}

export function overlays(): string[] {
  return readdirSync(path.join(K8S_DIR, "overlays")).sort();
}

function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const objectName = (o: K8sObject) => `${o.kind}/${o.metadata.name as string}`;
const isOperatorObject = (o: K8sObject) => OPERATOR_GROUPS.includes(o.apiVersion.split("/")[0] ?? "");

interface ScoreCheck {
  check: { id: string; name: string };
  grade: number;
  skipped: boolean;
  comments: { path: string; summary: string; description?: string }[] | null;
}
/** kube-score's grades: 1 critical, 5 warning, 7 almost OK, 10 OK. */
const CRITICAL = 1;
const WARNING = 5;

export function validateOverlay(tools: K8sTools, overlay: string): OverlayReport {
  const built = run(tools.kustomize, ["build", path.join(K8S_DIR, "overlays", overlay)]);
  if (built.status !== 0) throw new Error(`kustomize build ${overlay} failed: ${built.stderr.trim()}`);
  const objects = parseAllDocuments(built.stdout).map((d) => d.toJS() as K8sObject);

  const dir = mkdtempSync(path.join(tmpdir(), `csp-k8s-${overlay}-`));
  try {
    // Kubernetes' own kinds go to the schema check one file each, so every failure names its object.
    const schemaErrors: string[] = [];
    const core = objects.filter((o) => !isOperatorObject(o));
    const files = core.map((o, i) => {
      const f = path.join(dir, `${String(i).padStart(3, "0")}.json`);
      writeFileSync(f, JSON.stringify(o));
      return f;
    });
    const checked = run(tools.kubernetesValidate, ["--strict", "--quiet", "-k", KUBERNETES_VERSION, ...files]);
    for (const line of `${checked.stdout}\n${checked.stderr}`.split("\n")) {
      const m = /(\d{3})\.json/.exec(line);
      const culprit = m ? core[Number(m[1])] : undefined;
      if (culprit && /ERROR|error|fail/i.test(line)) schemaErrors.push(`${objectName(culprit)}: ${line.trim()}`);
    }
    if (checked.status !== 0 && schemaErrors.length === 0)
      schemaErrors.push(`kubernetes-validate exited ${checked.status}: ${checked.stderr.trim()}`);

    const all = path.join(dir, "all.yaml");
    writeFileSync(all, built.stdout);
    const scored = run(tools.kubeScore, [
      "score",
      "--kubernetes-version",
      `v${KUBERNETES_VERSION.split(".").slice(0, 2).join(".")}`,
      "--output-format",
      "json",
      all,
    ]);
    if (!scored.stdout.trim().startsWith("[")) throw new Error(`kube-score failed: ${scored.stderr.trim()}`);
    const critical: string[] = [];
    const warnings: string[] = [];
    for (const obj of JSON.parse(scored.stdout) as {
      object_name: string;
      type_meta: { kind: string };
      checks: ScoreCheck[];
    }[]) {
      for (const c of obj.checks) {
        if (c.skipped || c.grade > WARNING) continue;
        const text = `${obj.type_meta.kind}/${obj.object_name} ${c.check.id}: ${(c.comments ?? []).map((x) => `${x.path} ${x.summary}`).join("; ")}`;
        (c.grade <= CRITICAL ? critical : warnings).push(text);
      }
    }
    return {
      overlay,
      objects,
      schemaErrors,
      operatorObjects: objects.filter(isOperatorObject).map(objectName),
      critical,
      warnings,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
