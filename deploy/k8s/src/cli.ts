/**
 * `npm run k8s:generate` writes deploy/k8s from the catalogue in code; `npm run k8s:validate` builds
 * every overlay and checks it offline (schema, kube-score), installing the tools on first use.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { manifestFiles } from "./generate";
import { installTools } from "./tools";
import { K8S_DIR, overlays, validateOverlay } from "./validate";

function generate(): void {
  for (const [file, text] of Object.entries(manifestFiles())) {
    const target = path.join(K8S_DIR, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote deploy/k8s/${file}`);
  }
}

function validate(): number {
  const tools = installTools();
  let failed = false;
  for (const overlay of overlays()) {
    const r = validateOverlay(tools, overlay);
    console.log(
      `${overlay}: ${r.objects.length} objects; schema errors ${r.schemaErrors.length}; kube-score critical ${r.critical.length}, warnings ${r.warnings.length}; operator resources (checked by their operators) ${r.operatorObjects.length}`,
    );
    for (const line of [...r.schemaErrors, ...r.critical]) console.log(`  FAIL ${line}`);
    for (const line of r.warnings) console.log(`  warning ${line}`);
    failed ||= r.schemaErrors.length > 0 || r.critical.length > 0;
  }
  return failed ? 1 : 0;
}

const command = process.argv[2];
if (command === "generate") generate();
else if (command === "validate") process.exitCode = validate();
else {
  console.error("usage: cli.js generate | validate");
  process.exitCode = 2;
}
