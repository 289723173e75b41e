import { randomUUID } from "node:crypto";
import { TOKEN_ALGORITHM, type TokenClaims, tokenClaimsSchema } from "@csp-mesh/kit";
import { SignJWT } from "jose";
import type { SigningKeys } from "./keys";

export interface IssuedToken {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly ttlSeconds: number,
  ) {}

  async issue(claims: TokenClaims): Promise<IssuedToken> {
    const c = tokenClaimsSchema.parse(claims);
    const { kid, key } = await this.keys.signingKey();
    const accessToken = await new SignJWT({
      partner: c.partner,
      roles: c.roles,
      kind: c.kind,
      ...(c.name ? { name: c.name } : {}),
      ...(c.cnf ? { cnf: c.cnf } : {}),
      ...(c.lineage?.length ? { lineage: c.lineage } : {}),
    })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid, typ: "JWT" })
      .setSubject(c.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(key);
    return { accessToken, tokenType: "Bearer", expiresIn: this.ttlSeconds };
  }
}
