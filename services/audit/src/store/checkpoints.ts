/**
 * Signed checkpoints of the chain head, and the Ed25519 key that signs them. The key pair is made on
 * first start and kept in the ledger's database so every replica signs with the same key; its public
 * half is published (HTTP /.well-known/ledger-key.pem, and in every export). Production should hold
 * the private key in a KMS/HSM, out of reach of whoever can write the database.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { isDuplicateKey } from "@csp-mesh/kit";
import type { Collection, Db } from "mongodb";
import { type Checkpoint, signCheckpoint } from "../domain/chain";
import type { Ledger } from "./ledger";

interface KeyDoc {
  _id: string;
  privateKeyPem: string;
  publicKeyPem: string;
  createTime: Date;
}

export interface CheckpointDoc extends Checkpoint {
  _id: number;
}

export const LEDGER_NAME = "csp-mesh audit ledger (Kent and Medway)";

export class Checkpoints {
  readonly col: Collection<CheckpointDoc>;
  private readonly keys: Collection<KeyDoc>;
  private key: { privateKey: KeyObject; publicKeyPem: string } | undefined;

  constructor(
    db: Db,
    private readonly ledger: Ledger,
  ) {
    this.col = db.collection<CheckpointDoc>("audit_checkpoints");
    this.keys = db.collection<KeyDoc>("audit_keys");
  }

  async publicKeyPem(): Promise<string> {
    return (await this.signingKey()).publicKeyPem;
  }

  private async signingKey() {
    if (this.key) return this.key;
    let doc = await this.keys.findOne({ _id: "checkpoint-signing" });
    if (!doc) {
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      const fresh: KeyDoc = {
        _id: "checkpoint-signing",
        privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
        createTime: new Date(),
      };
      try {
        await this.keys.insertOne(fresh);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // another replica made it first: use theirs
      }
      doc = await this.keys.findOne({ _id: "checkpoint-signing" });
    }
    if (!doc) throw new Error("checkpoint key missing");
    this.key = { privateKey: createPrivateKey(doc.privateKeyPem), publicKeyPem: doc.publicKeyPem };
    return this.key;
  }

  /** Signs the current head if no checkpoint covers it yet; returns 1 when it signed. */
  async checkpoint(): Promise<number> {
    const head = await this.ledger.head();
    if (head.seq === 0 || (await this.col.findOne({ _id: head.seq }))) return 0;
    const { privateKey } = await this.signingKey();
    const signed = signCheckpoint(
      { ledger: LEDGER_NAME, seq: head.seq, hash: head.hash, time: new Date().toISOString() },
      privateKey,
    );
    try {
      await this.col.insertOne({ _id: signed.seq, ...signed });
      return 1;
    } catch (err) {
      if (isDuplicateKey(err)) return 0; // a replica signed the same head
      throw err;
    }
  }

  async list(): Promise<Checkpoint[]> {
    const docs = await this.col.find({}).sort({ _id: 1 }).toArray();
    return docs.map(({ _id, ...c }) => c);
  }
}
