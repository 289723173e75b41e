import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { unauthenticated } from "../errors";
import { type Caller, TOKEN_ALGORITHM, tokenClaimsSchema } from "./caller";
import type { RevocationCheck } from "./revocations";

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** Remote JWKS (fetched and cached; refetched when an unknown `kid` appears, i.e. after rotation). */
  jwksUrl?: string;
  /** Or a key lookup of the issuer's own (the directory verifies with the keys it holds). */
  keys?: JWTVerifyGetKey;
  /** Whether a partner system has been revoked (its tokens are refused from then on). */
  revoked?: RevocationCheck;
}

export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly opts: VerifierOptions) {
    if (opts.keys) this.keys = opts.keys;
    else if (opts.jwksUrl)
      this.keys = createRemoteJWKSet(new URL(opts.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 600_000 });
    else throw new Error("TokenVerifier needs jwksUrl or keys");
  }

  /** Verifies signature, issuer, audience and expiry; never echoes the token in errors. */
  async verify(token: string): Promise<Caller> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        algorithms: [TOKEN_ALGORITHM],
        clockTolerance: 5,
        requiredClaims: ["exp", "sub"],
      }));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "ERR_JWT_EXPIRED") throw unauthenticated("token expired");
      if (code === "ERR_JWKS_TIMEOUT" || code === "ERR_JOSE_GENERIC")
        throw unauthenticated("token could not be verified (key set unavailable)");
      throw unauthenticated("invalid token");
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw unauthenticated("token lacks the required claims");
    const { sub, partner, roles, kind, name, cnf, lineage } = claims.data;
    if (kind === "system" && (await this.opts.revoked?.(sub)))
      throw unauthenticated("this partner system has been revoked");
    return {
      subject: sub,
      partner,
      roles,
      kind,
      ...(name ? { displayName: name } : {}),
      ...(cnf ? { certificateThumbprint: cnf["x5t#S256"] } : {}),
      ...(lineage?.length ? { lineage } : {}),
    };
  }
}

/** Extracts the token from `authorization: Bearer <token>`; undefined if absent or malformed. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== "string") return undefined;
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header.trim());
  return m?.[1];
}
