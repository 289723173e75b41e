/**
 * `npm run sbom`: writes the runtime software bill of materials of the whole workspace as
 * CycloneDX 1.6 JSON to dist/sbom.json (with @cyclonedx/cyclonedx-npm, which reads npm's own view
 * of the installed tree), lists each runtime dependency's licence, and exits non-zero if any
 * licence is outside deploy/sbom/licence-policy.json. CI runs it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type BomComponent,
  componentName,
  declaredLicences,
  type LicencePolicy,
  licenceOffenders,
} from "./licence-policy";

const ROOT = path.resolve(__dirname, "../../..");
const OUT = path.join(ROOT, "dist", "sbom.json");
const POLICY = path.join(ROOT, "deploy", "sbom", "licence-policy.json");

function generate(): void {
  mkdirSync(path.dirname(OUT), { recursive: true });
  // The package exports only its library entry; its CLI sits beside it.
  const lib = require.resolve("@cyclonedx/cyclonedx-npm", { paths: [ROOT] });
  const cli = path.join(path.dirname(lib), "bin", "cyclonedx-npm-cli.js");
  const r = spawnSync(
    process.execPath,
    [
      cli,
      // What ships: dev tools are not in the images (`npm prune --omit=dev`).
      "--omit",
      "dev",
      "--spec-version",
      "1.6",
      "--flatten-components",
      "--output-reproducible",
      "--validate",
      "--output-format",
      "JSON",
      "--output-file",
      OUT,
      path.join(ROOT, "package.json"),
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (r.status !== 0) throw new Error(`cyclonedx-npm failed (exit ${r.status ?? r.signal})`);
}

function main(): number {
  generate();
  const bom = JSON.parse(readFileSync(OUT, "utf8")) as { components?: BomComponent[] };
  const policy = JSON.parse(readFileSync(POLICY, "utf8")) as LicencePolicy;
  const components = bom.components ?? [];
  const byLicence = new Map<string, string[]>();
  for (const c of components) {
    if (c.group === policy.firstPartyGroup) continue;
    const key = declaredLicences(c).join(" + ") || "(none declared)";
    byLicence.set(key, [...(byLicence.get(key) ?? []), `${componentName(c)}@${c.version}`]);
  }
  console.log(`sbom: ${OUT} (CycloneDX 1.6, ${components.length} components)`);
  for (const [licence, names] of [...byLicence].sort((a, b) => b[1].length - a[1].length))
    console.log(`  ${licence}: ${names.length}`);
  const offenders = licenceOffenders(components, policy);
  if (offenders.length === 0) {
    console.log(`sbom: every runtime dependency's licence is on the allow-list (${path.relative(ROOT, POLICY)})`);
    return 0;
  }
  console.error(`sbom: ${offenders.length} runtime dependencies have a licence outside the allow-list:`);
  for (const o of offenders) console.error(`  ${o.component} (${o.licences || "no licence"}): ${o.reason}`);
  console.error(
    `Replace the dependency, or add an exception with the reason to ${path.relative(ROOT, POLICY)} after review.`,
  );
  return 1;
}

process.exitCode = main();
