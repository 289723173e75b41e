/**
 * The ledger on the command line, for the OPCC and any partnership:
 *   npm run ledger -- export --token <bearer token> [--address 127.0.0.1:50059] [--out ledger.ndjson]
 *   npm run ledger -- verify ledger.ndjson [--public-key ledger-key.pem]
 * `verify` recomputes the hash chain and checks every checkpoint's signature, and names the first
 * position that does not hold. Pin the public key you fetched earlier (the audit service's
 * /.well-known/ledger-key.pem) with --public-key; otherwise the key inside the export is used.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { bearer, channelCredentials, createClient, loadProtos, serverStream, serviceConstructor } from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import type { ChainEntry, Checkpoint } from "../domain/chain";
import { verifyChain } from "../domain/chain";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function exportLedger(args: string[]): Promise<number> {
  const token = option(args, "token") ?? process.env.CSP_TOKEN;
  if (!token) {
    console.error("export needs --token (or CSP_TOKEN): an OPCC administrator's or a partnership's bearer token");
    return 2;
  }
  const address = option(args, "address") ?? "127.0.0.1:50059";
  const ctor = serviceConstructor(loadProtos(["csp/audit/v1/audit.proto"]), "csp.audit.v1.AuditService");
  // A long ledger takes a while to stream: a generous deadline instead of the kit's default.
  const client = createClient<Client>(ctor, address, {
    defaultDeadlineMs: 30 * 60_000,
    channelCredentials: channelCredentials(process.env),
  });
  const outPath = option(args, "out");
  const out = outPath ? createWriteStream(outPath) : process.stdout;
  try {
    for await (const chunk of serverStream<object, { data: Buffer }>(client, "ExportLedger", {}, bearer(token)))
      out.write(chunk.data);
  } catch (err) {
    console.error(`export failed: ${(err as Error).message}`);
    return 1;
  } finally {
    client.close();
    if (outPath) (out as ReturnType<typeof createWriteStream>).end();
  }
  return 0;
}

/** Reads an export: its header's key, the positions in order and the checkpoints. */
export function parseExport(text: string): { publicKeyPem: string; entries: ChainEntry[]; checkpoints: Checkpoint[] } {
  let publicKeyPem = "";
  const entries: ChainEntry[] = [];
  const checkpoints: Checkpoint[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    let parsed: { header?: { publicKeyPem: string }; entry?: ChainEntry; checkpoint?: Checkpoint };
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    if (parsed.header) publicKeyPem = parsed.header.publicKeyPem;
    else if (parsed.entry) entries.push(parsed.entry);
    else if (parsed.checkpoint) checkpoints.push(parsed.checkpoint);
  }
  return { publicKeyPem, entries, checkpoints };
}

function verifyFile(args: string[]): number {
  const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  if (!file) {
    console.error("verify needs the export file");
    return 2;
  }
  const exported = parseExport(readFileSync(file, "utf8"));
  const pinned = option(args, "public-key");
  const key = pinned ? readFileSync(pinned, "utf8") : exported.publicKeyPem;
  if (!pinned) console.error("note: using the public key inside the export; pin the published key with --public-key");
  const v = verifyChain(exported.entries, exported.checkpoints, key);
  const hashed = exported.entries.filter((e) => !("record" in e)).length;
  if (v.ok) {
    console.log(
      `OK: ${v.recordsChecked} positions (${v.recordsChecked - hashed} records in full, ${hashed} by content hash), ${v.checkpointsChecked} signed checkpoints verified`,
    );
    return 0;
  }
  console.log(
    `BROKEN at position ${v.firstBreak?.seq}: ${v.firstBreak?.reason} (${v.recordsChecked} positions verified before it)`,
  );
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv[0] === "--" ? argv.slice(1) : argv;
  if (command === "export") return exportLedger(rest);
  if (command === "verify") return verifyFile(rest);
  console.error(
    "usage: ledger export --token T [--address host:port] [--out file] | ledger verify <file> [--public-key pem]",
  );
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error((err as Error).message);
      process.exit(1);
    },
  );
}
