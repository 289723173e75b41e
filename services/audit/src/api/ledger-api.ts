/** csp.audit.v1.AuditService: list, verify and export the ledger. */
import {
  type AnyMethodSpec,
  type Caller,
  decodePageToken,
  effectivePageSize,
  encodePageToken,
  findPage,
  isOpcc,
  listBaseSchema,
  method,
  type Page,
  permissionDenied,
  scopedFilter,
  toTimestamp,
} from "@csp-mesh/kit";
import type { Filter } from "mongodb";
import { z } from "zod";
import { AUDIT_RECORD } from "../contract";
import { ChainCheck, type ChainEntry, contentHash } from "../domain/chain";
import { type Checkpoints, LEDGER_NAME } from "../store/checkpoints";
import { BY_POSITION, entryOf, type Ledger, type LedgerDoc, positionKey } from "../store/ledger";

const OPCC = "partners/opcc-kent";
const CHUNK_LINES = 200;

/** What an export shows of a position to this caller: the whole record, or its content hash only. */
export function exportedEntry(d: LedgerDoc, caller: Caller): ChainEntry {
  const entry = entryOf(d);
  if (caller.roles.includes("opcc-admin")) return entry;
  const others = d.partners.filter((p) => p !== OPCC);
  if (others.length === 1 && others[0] === caller.partner) return entry;
  return { seq: d._id, hash: d.hash, contentHash: "record" in entry ? contentHash(entry.record) : "" };
}

const mayExport = (c: Caller) =>
  c.roles.includes("opcc-admin") ||
  (!isOpcc(c) && c.roles.some((r) => ["csp-officer", "csp-chair", "partner-system"].includes(r)));

export function ledgerMethods(ledger: Ledger, checkpoints: Checkpoints): Record<string, AnyMethodSpec> {
  return {
    ListAuditRecords: method({
      request: listBaseSchema.extend({ subject: z.string().max(200), type: z.string().max(100) }),
      handler: async (req, { caller }) => {
        const wanted: Filter<LedgerDoc> = {};
        if (req.subject) wanted.subject = req.subject;
        if (req.type) wanted.type = req.type;
        const filter = scopedFilter(caller, AUDIT_RECORD, wanted);
        if (filter === null) return { records: [], nextPageToken: "" };
        const page = await recordsPage(ledger, filter, req);
        return {
          records: page.items.map((d) => ({
            eventId: d.eventId,
            type: d.type,
            source: d.source,
            subject: d.subject,
            classification: d.classification,
            eventTime: toTimestamp(d.eventTime),
            recordTime: toTimestamp(d.recordTime),
            correlationId: d.correlationId,
            payloadSha256: d.payloadSha256,
            payloadJson: d.payloadJson,
            seq: String(d._id),
            prevHash: d.prevHash,
            hash: d.hash,
          })),
          nextPageToken: page.nextPageToken,
        };
      },
    }),

    VerifyLedger: method({
      request: z.object({}),
      handler: async (_req, { caller }) => {
        if (!caller.roles.includes("opcc-admin")) throw permissionDenied("only OPCC administrators verify the ledger");
        const publicKeyPem = await checkpoints.publicKeyPem();
        const check = new ChainCheck(await checkpoints.list(), publicKeyPem);
        for await (const d of ledger.all()) if (!check.add(entryOf(d))) break;
        const v = check.verdict();
        return {
          ok: v.ok,
          recordsChecked: String(v.recordsChecked),
          checkpointsChecked: v.checkpointsChecked,
          firstBreakSeq: String(v.firstBreak?.seq ?? 0),
          firstBreakReason: v.firstBreak?.reason ?? "",
          publicKeyPem,
        };
      },
    }),

    ExportLedger: method({
      request: z.object({}),
      serverStream: async (_req, send, { caller }) => {
        if (!mayExport(caller))
          throw permissionDenied("the ledger is exported to OPCC administrators and partnerships");
        const header = {
          ledger: LEDGER_NAME,
          exportedFor: caller.roles.includes("opcc-admin") ? "opcc" : caller.partner,
          exportTime: new Date().toISOString(),
          publicKeyPem: await checkpoints.publicKeyPem(),
        };
        let lines = [JSON.stringify({ header })];
        const flush = async () => {
          if (lines.length === 0) return;
          await send({ data: Buffer.from(`${lines.join("\n")}\n`) });
          lines = [];
        };
        for await (const d of ledger.all()) {
          lines.push(JSON.stringify({ entry: exportedEntry(d, caller) }));
          if (lines.length >= CHUNK_LINES) await flush();
        }
        for (const c of await checkpoints.list()) lines.push(JSON.stringify({ checkpoint: c }));
        await flush();
      },
    }),
  };
}

/**
 * A page of records in position order: a resource's few records by `subject`; one type's from its
 * list; the whole ledger by position, since positions have no gaps (see store/ledger.ts).
 */
async function recordsPage(
  ledger: Ledger,
  filter: Filter<LedgerDoc>,
  req: { subject: string; type: string; pageSize: number; pageToken: string },
): Promise<Page<LedgerDoc>> {
  if (req.subject) return findPage(ledger.col, filter, req.pageSize, req.pageToken);
  const fingerprint = JSON.stringify({ type: req.type });
  const after = decodePageToken(req.pageToken, fingerprint);
  const size = effectivePageSize(req.pageSize);
  let seqs: number[];
  let more: boolean;
  if (req.type) {
    const page = await ledger.lists.page({ view: `type:${req.type}`, order: BY_POSITION, after, size });
    seqs = page.items.map((it) => Number(it.id));
    more = page.nextAfter !== undefined;
  } else {
    const from = after === undefined ? 1 : Number(after) + 1;
    seqs = Array.from({ length: size + 1 }, (_, i) => from + i);
    more = false;
  }
  const docs = (await Promise.all(seqs.map((seq) => ledger.col.findOne({ _id: seq })))).filter(
    (d): d is LedgerDoc => d !== null,
  );
  if (!req.type && docs.length > size) {
    docs.length = size;
    more = true;
  }
  const last = docs[docs.length - 1];
  return { items: docs, nextPageToken: more && last ? encodePageToken(positionKey(last._id), fingerprint) : "" };
}
