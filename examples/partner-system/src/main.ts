/**
 * The example partner system: `npm run build && node examples/partner-system/dist/main.js [--watch]`
 * with the mesh running (`npm start`). Configuration by environment (docs/integration.md):
 * CSP_CLIENT_ID / CSP_CLIENT_SECRET (default: the demonstration Maidstone case system),
 * CSP_MESH_HOST (default 127.0.0.1), CSP_REPRESENTATIVE, CSP_SYNC_SECONDS (with --watch, default 30),
 * and for a mesh on TLS: CSP_TLS_CA (the mesh's CA), with CSP_TLS_CERT / CSP_TLS_KEY (the system's
 * client certificate, required when its tokens are bound to it).
 */
import { readFileSync } from "node:fs";
import { MeshClient, MeshError } from "@csp-mesh/client";
import { credentials } from "@grpc/grpc-js";
import { syncOnce } from "./sync";

const env = process.env;
const read = (file: string | undefined) => (file ? readFileSync(file) : null);
const tls = env.CSP_TLS_CA
  ? credentials.createSsl(read(env.CSP_TLS_CA), read(env.CSP_TLS_KEY), read(env.CSP_TLS_CERT))
  : undefined;
const mesh = new MeshClient({
  // Over TLS the services' certificate names localhost.
  host: env.CSP_MESH_HOST ?? (tls ? "localhost" : "127.0.0.1"),
  ...(tls ? { channelCredentials: tls } : {}),
  credentials: {
    clientId: env.CSP_CLIENT_ID ?? "demo-maidstone-case-system",
    clientSecret: env.CSP_CLIENT_SECRET ?? "demo-secret-maidstone-not-for-production",
  },
});
const options = {
  extract: {
    period: "the last quarter",
    openCases: 42,
    closedCases: 17,
    summary: "Figures from the case system's records",
  },
  representative: env.CSP_REPRESENTATIVE ?? "Community safety manager",
  log: (line: string) => console.log(`[partner-system] ${line}`),
};

async function pass(): Promise<void> {
  const r = await syncOnce(mesh, options);
  console.log(
    `[partner-system] ${r.submitted.length} report(s) submitted, ${r.accepted.length} invitation(s) accepted`,
  );
}

async function main(): Promise<void> {
  if (!process.argv.includes("--watch")) return pass();
  const every = Number(env.CSP_SYNC_SECONDS ?? 30) * 1000;
  for (;;) {
    await pass().catch(report);
    await new Promise((r) => setTimeout(r, every));
  }
}

function report(err: unknown): void {
  if (err instanceof MeshError) {
    console.error(`[partner-system] ${err.message}`);
    for (const v of err.fieldViolations) console.error(`  ${v.field}: ${v.description}`);
  } else console.error(`[partner-system] ${(err as Error).stack ?? err}`);
}

main()
  .then(() => mesh.close())
  .catch((err) => {
    report(err);
    mesh.close();
    process.exitCode = 1;
  });
