import { generateKeyPairSync } from "node:crypto";
import {
  type ChainEntry,
  type Checkpoint,
  contentHash,
  GENESIS,
  linkHash,
  payloadHash,
  type RecordContent,
  signCheckpoint,
  verifyChain,
} from "./chain";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const pem = publicKey.export({ type: "spki", format: "pem" }).toString();

function record(seq: number): RecordContent {
  return {
    seq,
    eventId: `e-${seq}`,
    type: "report_request.created",
    source: "/csp/reports",
    subject: `reportRequests/r-${seq}`,
    classification: "OFFICIAL",
    eventTime: new Date(Date.UTC(2026, 10, 1, 9, seq)).toISOString(),
    recordTime: new Date(Date.UTC(2026, 10, 1, 9, seq, 1)).toISOString(),
    correlationId: `c-${seq}`,
    payloadJson: JSON.stringify({ title: `Request ${seq}` }),
  };
}

function chain(n: number): ChainEntry[] {
  let prev = GENESIS;
  return Array.from({ length: n }, (_, i) => {
    const r = record(i + 1);
    const hash = linkHash(prev, contentHash(r));
    prev = hash;
    return { seq: r.seq, hash, record: r, payloadSha256: payloadHash(r.payloadJson) };
  });
}

const checkpointAt = (entries: ChainEntry[], seq: number): Checkpoint =>
  signCheckpoint(
    { ledger: "kent", seq, hash: entries[seq - 1]?.hash ?? "", time: "2026-11-01T10:00:00.000Z" },
    privateKey,
  );

describe("audit hash chain", () => {
  test("an untouched chain verifies, checkpoints included", () => {
    const entries = chain(6);
    expect(verifyChain(entries, [checkpointAt(entries, 3), checkpointAt(entries, 6)], pem)).toEqual({
      ok: true,
      recordsChecked: 6,
      checkpointsChecked: 2,
    });
  });

  test.each([
    [
      "a payload edited",
      (e: ChainEntry[]) => {
        const x = e[3] as Extract<ChainEntry, { record: RecordContent }>;
        x.record = { ...x.record, payloadJson: '{"title":"Edited"}' };
      },
      4,
      "payload",
    ],
    [
      "a field edited and its payload hash kept",
      (e: ChainEntry[]) => {
        const x = e[2] as Extract<ChainEntry, { record: RecordContent }>;
        x.record = { ...x.record, subject: "reportRequests/other" };
      },
      3,
      "content",
    ],
    ["a record removed", (e: ChainEntry[]) => e.splice(1, 1), 2, "missing"],
    [
      "two records swapped",
      (e: ChainEntry[]) => {
        const [a, b] = [e[1], e[2]] as [ChainEntry, ChainEntry];
        e[1] = { ...b, seq: 2 };
        e[2] = { ...a, seq: 3 };
      },
      2,
      "",
    ],
  ])("%s: the first break is found", (_what, tamper, seq, reason) => {
    const entries = chain(5);
    tamper(entries);
    const v = verifyChain(entries, [], pem);
    expect(v.ok).toBe(false);
    expect(v.firstBreak?.seq).toBe(seq);
    expect(v.firstBreak?.reason).toContain(reason);
  });

  test("a chain rewritten after a record was changed no longer matches its signed checkpoint", () => {
    const entries = chain(5);
    const signed = checkpointAt(entries, 5);
    // The owner edits record 2 and recomputes every later hash, but cannot re-sign without the key.
    let prev = GENESIS;
    const rewritten = entries.map((e) => {
      const r = (e as Extract<ChainEntry, { record: RecordContent }>).record;
      const changed = r.seq === 2 ? { ...r, payloadJson: '{"title":"Rewritten"}' } : r;
      prev = linkHash(prev, contentHash(changed));
      return { seq: r.seq, hash: prev, record: changed, payloadSha256: payloadHash(changed.payloadJson) };
    });
    expect(verifyChain(rewritten, [signed], pem).firstBreak).toEqual({
      seq: 5,
      reason: "the chain differs from what was signed at this checkpoint",
    });
    const forged = { ...signed, hash: rewritten[4]?.hash ?? "" };
    expect(verifyChain(rewritten, [forged], pem).firstBreak?.reason).toContain("signature");
  });

  test("redacted positions (content hash only) verify like whole records", () => {
    const entries = chain(4).map((e, i) =>
      i % 2 === 0 && "record" in e ? { seq: e.seq, hash: e.hash, contentHash: contentHash(e.record) } : e,
    );
    expect(verifyChain(entries, [checkpointAt(chain(4), 4)], pem).ok).toBe(true);
  });
});
