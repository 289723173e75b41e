/**
 * The audit ledger as a hash chain, pure. Each record has a position (seq, from 1) and
 *   content_hash = SHA-256(canonical JSON of the record's fields, the payload by its own SHA-256)
 *   hash         = SHA-256(previous record's hash + content_hash)   (the first links to GENESIS)
 * so changing, removing or reordering any record changes every later hash. Checkpoints sign a chain
 * head (seq, hash) with Ed25519. Keeping the content hash separate lets an export show another
 * partner's record by its content hash alone and still be verified end to end.
 */
import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { canonicalJson as canonical, sha256Hex as sha256 } from "@csp-mesh/kit";

export const GENESIS = "0".repeat(64);

/** What a record says, as chained (times as ISO strings, the payload as recorded). */
export interface RecordContent {
  seq: number;
  eventId: string;
  type: string;
  source: string;
  subject: string;
  classification: string;
  eventTime: string;
  recordTime: string;
  correlationId: string;
  payloadJson: string;
}

export const payloadHash = (payloadJson: string) => sha256(payloadJson);

export function contentHash(r: RecordContent): string {
  const { payloadJson, ...fields } = r;
  return sha256(canonical({ ...fields, payloadSha256: payloadHash(payloadJson) }));
}

export const linkHash = (prevHash: string, content: string) => sha256(prevHash + content);

export interface Checkpoint {
  ledger: string;
  seq: number;
  hash: string;
  time: string;
  /** Ed25519 signature of canonical({ledger, seq, hash, time}), base64. */
  signature: string;
}

const signedPart = (c: Omit<Checkpoint, "signature">) =>
  Buffer.from(canonical({ ledger: c.ledger, seq: c.seq, hash: c.hash, time: c.time }));

export function signCheckpoint(c: Omit<Checkpoint, "signature">, privateKey: KeyObject): Checkpoint {
  return { ...c, signature: sign(null, signedPart(c), privateKey).toString("base64") };
}

export function checkpointValid(c: Checkpoint, publicKeyPem: string): boolean {
  try {
    return verify(null, signedPart(c), createPublicKey(publicKeyPem), Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}

/** One position of the chain as stored or exported: the whole record, or (redacted) its content hash. */
export type ChainEntry =
  | { seq: number; hash: string; record: RecordContent; payloadSha256: string }
  | { seq: number; hash: string; contentHash: string };

export interface Verdict {
  ok: boolean;
  recordsChecked: number;
  checkpointsChecked: number;
  /** The first position that does not hold, and why. */
  firstBreak?: { seq: number; reason: string };
}

/**
 * Recomputes the chain from GENESIS over entries fed in order (from seq 1), one at a time so a ledger
 * of any length is checked without holding it; then checks every checkpoint's signature and that it
 * signs the hash the chain has at its position. A break in the entries is reported before any
 * checkpoint's problem.
 */
export class ChainCheck {
  private prev = GENESIS;
  private expectedSeq = 1;
  private checked = 0;
  private entryBreak: { seq: number; reason: string } | undefined;
  /** The chain's hash at each checkpointed position (only those are kept). */
  private readonly hashAt = new Map<number, string>();
  private readonly checkpointSeqs: Set<number>;

  constructor(
    private readonly checkpoints: Checkpoint[],
    private readonly publicKeyPem: string,
  ) {
    this.checkpointSeqs = new Set(checkpoints.map((c) => c.seq));
  }

  /** Takes the next entry; false once the chain is broken (feed no more). */
  add(e: ChainEntry): boolean {
    if (this.entryBreak) return false;
    const broken = (seq: number, reason: string) => {
      this.entryBreak = { seq, reason };
      return false;
    };
    if (e.seq !== this.expectedSeq)
      return broken(this.expectedSeq, `position ${this.expectedSeq} is missing (found ${e.seq})`);
    let content: string;
    if ("record" in e) {
      if (e.record.seq !== e.seq) return broken(e.seq, "the record names another position");
      if (payloadHash(e.record.payloadJson) !== e.payloadSha256) return broken(e.seq, "the payload was changed");
      content = contentHash(e.record);
    } else content = e.contentHash;
    const hash = linkHash(this.prev, content);
    if (hash !== e.hash) return broken(e.seq, "the record's content or its link to the previous record was changed");
    if (this.checkpointSeqs.has(e.seq)) this.hashAt.set(e.seq, hash);
    this.prev = hash;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }

  verdict(): Verdict {
    const broken = (firstBreak: { seq: number; reason: string }): Verdict => ({
      ok: false,
      recordsChecked: this.checked,
      checkpointsChecked: 0,
      firstBreak,
    });
    if (this.entryBreak) return broken(this.entryBreak);
    let checkpointsChecked = 0;
    for (const c of [...this.checkpoints].sort((a, b) => a.seq - b.seq)) {
      if (!checkpointValid(c, this.publicKeyPem))
        return broken({ seq: c.seq, reason: "a checkpoint's signature does not verify" });
      const at = this.hashAt.get(c.seq);
      if (at === undefined) continue; // beyond what was exported
      if (at !== c.hash)
        return broken({ seq: c.seq, reason: "the chain differs from what was signed at this checkpoint" });
      checkpointsChecked += 1;
    }
    return { ok: true, recordsChecked: this.checked, checkpointsChecked };
  }
}

/** The whole check over entries already in hand (an export, a test). */
export function verifyChain(entries: Iterable<ChainEntry>, checkpoints: Checkpoint[], publicKeyPem: string): Verdict {
  const check = new ChainCheck(checkpoints, publicKeyPem);
  for (const e of entries) if (!check.add(e)) break;
  return check.verdict();
}
