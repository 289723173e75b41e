// Prints the reliability suite's rows (test/artifacts/reliability/*.json) as one table, and exits 1
// if any row lost, duplicated or answered with a server error.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = path.join(import.meta.dirname, "..", "test", "artifacts", "reliability");
let files = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith(".json"));
} catch {
  // no rows: the suite did not run
}
const rows = files.map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")));
const head = ["scenario", "size", "operations", "lost", "duplicated", "5xx/INTERNAL/UNKNOWN", "recovery (s)"];
const table = [
  head,
  ...rows.map((r) => [r.scenario, r.size, r.operations, r.lost, r.duplicated, r.serverErrors, r.recoverySeconds]),
].map((cells) => cells.map(String));
const widths = head.map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const [i, r] of table.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j])).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
for (const r of rows) console.log(`\n${r.scenario}: ${r.proves}\n  ${r.notes ?? ""}`);
const bad = rows.filter((r) => r.lost || r.duplicated || r.serverErrors);
if (rows.length === 0) {
  console.error("no reliability rows found: did the suite run?");
  process.exit(1);
}
process.exit(bad.length ? 1 : 0);
