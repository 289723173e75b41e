/**
 * The audit ledger as a verifiable hash chain, against the real database and broker: events from the
 * directory and reports are chained and checkpoints signed; VerifyLedger and the command-line verifier
 * (over an export) pass on the untouched ledger; a partnership's export shows its own records in full
 * and every other position by hash only, and still verifies; then one stored record is edited
 * directly in the database and both find the break at that record.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type RunningService, serverStream } from "@csp-mesh/kit";
import { Metadata } from "@grpc/grpc-js";
import type { AuditConfig } from "../../services/audit/src/config";
import type { LedgerDoc } from "../../services/audit/src/store/ledger";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  isolation,
  signIn,
  startAudit,
  startDirectory,
  startReports,
} from "../support/mesh";

const run = promisify(execFile);
const CLI = path.resolve(__dirname, "..", "..", "services", "audit", "dist", "cli", "ledger.js");

interface Verdict {
  ok: boolean;
  recordsChecked: string;
  checkpointsChecked: number;
  firstBreakSeq: string;
  firstBreakReason: string;
}

describe("audit ledger: hash chain, signed checkpoints, verification", () => {
  const iso = isolation("ledger");
  const dir = mkdtempSync(path.join(tmpdir(), "csp-ledger-"));
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let audit: RunningService<AuditConfig>;
  const t = { admin: "", maidstone: "" };

  const auditClient = () => clients(audit.grpcPort).audit;
  const verify = () => call<Verdict>(auditClient(), "VerifyLedger", {}, t.admin);
  const exportAs = async (token: string, file: string) => {
    const md = new Metadata();
    md.set("authorization", `Bearer ${token}`);
    const chunks: Buffer[] = [];
    for await (const m of serverStream<unknown, { data: Buffer }>(auditClient(), "ExportLedger", {}, md))
      chunks.push(m.data);
    writeFileSync(path.join(dir, file), Buffer.concat(chunks));
    return Buffer.concat(chunks).toString("utf8");
  };
  /** The command-line verifier a partnership runs: exit status and what it prints. */
  const cli = async (file: string) => {
    try {
      const r = await run(process.execPath, [CLI, "verify", path.join(dir, file)]);
      return { code: 0, out: r.stdout };
    } catch (e) {
      const x = e as { code: number; stdout: string };
      return { code: x.code, out: x.stdout };
    }
  };

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    audit = await startAudit(`${iso.db}_a`, iso.topicPrefix, directory, { CHECKPOINT_INTERVAL_MS: "200" });
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory);
    const identity = clients(directory.grpcPort).identity;
    t.admin = await signIn(identity, "people/opcc-admin-1");
    t.maidstone = await signIn(identity, "people/maidstone-officer");
    const opcc = await signIn(identity, "people/opcc-staff-1");
    const due = { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 };
    for (const partner of ["csp-maidstone", "csp-dover", "csp-maidstone"]) {
      await call(
        clients(reports.grpcPort).reports,
        "CreateReportRequest",
        {
          reportRequest: {
            title: `Ledger request for ${partner}`,
            issueOfConcern: "An issue of concern for the ledger test.",
            addressees: [{ partner: `partners/${partner}` }],
            sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
            dueTime: due,
            classification: "CLASSIFICATION_OFFICIAL",
            legalBasis: "LEGAL_BASIS_INFORMAL",
          },
        },
        opcc,
      );
    }
    // Every request recorded (with the directory's seeding events before them) and the head signed.
    await eventually(async () => {
      const ledger = audit.kit.mongo.db.collection<LedgerDoc>("audit_ledger");
      const requests = await ledger.countDocuments({ type: "report.requested" });
      const head = await ledger.find({}).sort({ _id: -1 }).limit(1).next();
      const signed =
        head && (await audit.kit.mongo.db.collection("audit_checkpoints").findOne({ _id: head._id as never }));
      return requests === 3 && signed ? true : undefined;
    }, 30_000);
  }, 120_000);

  afterAll(async () => {
    for (const svc of [reports, audit, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("the untouched ledger verifies, over gRPC and with the command-line verifier", async () => {
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstBreakSeq: "0", firstBreakReason: "" });
    expect(Number(v.recordsChecked)).toBeGreaterThan(3);
    expect(v.checkpointsChecked).toBeGreaterThan(0);

    await exportAs(t.admin, "opcc.ndjson");
    const r = await cli("opcc.ndjson");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^OK: \d+ positions \(\d+ records in full, 0 by content hash\), [1-9]\d* signed checkpoints verified/,
    );
  });

  test("a partnership's export: its own records in full, the others by hash, and it verifies", async () => {
    const text = await exportAs(t.maidstone, "maidstone.ndjson");
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const full = lines.filter((l) => l.entry?.record).map((l) => l.entry.record.payloadJson as string);
    expect(full.filter((p) => p.includes("Ledger request for csp-maidstone"))).toHaveLength(2);
    expect(full.some((p) => p.includes("csp-dover"))).toBe(false);
    expect(lines.filter((l) => l.entry?.contentHash).length).toBeGreaterThan(0);
    const r = await cli("maidstone.ndjson");
    expect([r.code, r.out]).toEqual([0, expect.stringContaining("OK:")]);
  });

  test("one record edited in the database: both verifiers name that record", async () => {
    const ledger = audit.kit.mongo.db.collection<LedgerDoc>("audit_ledger");
    const victim = await ledger.findOne({ type: "report.requested" });
    if (!victim) throw new Error("no report request recorded");
    await ledger.updateOne(
      { _id: victim._id },
      { $set: { payloadJson: victim.payloadJson.replace("Ledger request", "Quietly changed") } },
    );
    const v = await verify();
    expect([v.ok, v.firstBreakSeq, v.firstBreakReason]).toEqual([false, String(victim._id), "the payload was changed"]);

    await exportAs(t.admin, "tampered.ndjson");
    const r = await cli("tampered.ndjson");
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN at position ${victim._id}: the payload was changed`);
  });
});
