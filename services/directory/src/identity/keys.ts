import { randomUUID } from "node:crypto";
import { TOKEN_ALGORITHM } from "@csp-mesh/kit";
import {
  type CryptoKey,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";
import type { Collection, Db } from "mongodb";

interface SigningKeyDoc {
  _id: string; // kid
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: Date;
}

/**
 * The issuer's signing keys, shared by directory replicas through the database. The newest key
 * signs; every key young enough to have signed a live token stays in the published JWKS, so a
 * rotation never invalidates tokens in flight. (Production: keep the private half in a KMS/HSM.)
 */
export class SigningKeys {
  private readonly col: Collection<SigningKeyDoc>;
  private cache: SigningKeyDoc[] = [];
  private loadedAt = 0;

  constructor(
    db: Db,
    private readonly rotateAfterMs: number,
    private readonly tokenTtlMs: number,
  ) {
    this.col = db.collection<SigningKeyDoc>("signing_keys");
  }

  private async load(force = false): Promise<SigningKeyDoc[]> {
    if (!force && Date.now() - this.loadedAt < 30_000 && this.cache.length > 0) return this.cache;
    const oldest = new Date(Date.now() - this.rotateAfterMs - this.tokenTtlMs);
    this.cache = await this.col
      .find({ createdAt: { $gte: oldest } })
      .sort({ createdAt: -1 })
      .toArray();
    this.loadedAt = Date.now();
    return this.cache;
  }

  /** Makes sure a current signing key exists (creating one on first start or when due for rotation). */
  async ensureCurrent(): Promise<void> {
    const keys = await this.load(true);
    const newest = keys[0];
    if (newest && Date.now() - newest.createdAt.getTime() < this.rotateAfterMs) return;
    const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: "sig" };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALGORITHM };
    await this.col.insertOne({ _id: kid, privateJwk, publicJwk, createdAt: new Date() });
    await this.load(true);
  }

  async signingKey(): Promise<{ kid: string; key: CryptoKey | Uint8Array }> {
    let newest = (await this.load())[0];
    if (!newest || Date.now() - newest.createdAt.getTime() >= this.rotateAfterMs) {
      await this.ensureCurrent();
      newest = this.cache[0];
    }
    if (!newest) throw new Error("no signing key");
    return { kid: newest._id, key: await importJWK(newest.privateJwk, TOKEN_ALGORITHM) };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.load()).map((k) => k.publicJwk) };
  }

  /** Key lookup for verifying tokens locally; reloads once when a kid from another replica appears. */
  verificationKeys(): JWTVerifyGetKey {
    return async (header, token) => {
      let keys = await this.load();
      if (!keys.some((k) => k._id === header.kid)) keys = await this.load(true);
      return createLocalJWKSet({ keys: keys.map((k) => k.publicJwk) })(header, token);
    };
  }
}
