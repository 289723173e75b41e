/**
 * The token verifier against the classic JWT attacks and mistakes: each forged or wrong token is
 * UNAUTHENTICATED, and a genuine one passes (so the test can tell the difference).
 */
import { createSecretKey } from "node:crypto";
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { AppError } from "../errors";
import { TokenVerifier } from "./verifier";

const ISSUER = "csp-mesh-directory";
const AUDIENCE = "csp-mesh";
const claims = { partner: "partners/csp-maidstone", roles: ["partner-system"], kind: "system" };

describe("TokenVerifier refuses forged and wrong tokens", () => {
  let verifier: TokenVerifier;
  let sign: (edit?: (j: SignJWT) => SignJWT, payload?: object) => Promise<string>;
  let publicPem = "";
  let revoked = new Set<string>();

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    publicPem = await exportSPKI(publicKey);
    verifier = new TokenVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: async () => publicKey,
      revoked: async (s) => revoked.has(s),
    });
    sign = (edit = (j) => j, payload = claims) =>
      edit(
        new SignJWT({ ...payload })
          .setProtectedHeader({ alg: "ES256", kid: "k1" })
          .setSubject("systems/maidstone-case")
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime("15m"),
      ).sign(privateKey);
  });

  const refusal = async (token: string) => {
    try {
      await verifier.verify(token);
    } catch (err) {
      return err instanceof AppError ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
    }
    return "accepted";
  };

  test("a genuine token passes", async () => {
    expect(await verifier.verify(await sign())).toMatchObject({ subject: "systems/maidstone-case", kind: "system" });
  });

  test.each<[string, () => Promise<string>]>([
    [
      "alg none",
      async () =>
        new UnsecuredJWT({ ...claims })
          .setSubject("systems/maidstone-case")
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime("15m")
          .encode(),
    ],
    [
      "HS256 signed with the public key as the secret (key confusion)",
      async () =>
        new SignJWT({ ...claims })
          .setProtectedHeader({ alg: "HS256", kid: "k1" })
          .setSubject("systems/maidstone-case")
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime("15m")
          .sign(createSecretKey(Buffer.from(publicPem))),
    ],
    ["expired", () => sign((j) => j.setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime("-30m"))],
    ["not yet valid", () => sign((j) => j.setNotBefore("10m"))],
    ["wrong issuer", () => sign((j) => j.setIssuer("someone-else"))],
    ["wrong audience", () => sign((j) => j.setAudience("another-service"))],
    ["a role the mesh does not know", () => sign(undefined, { ...claims, roles: ["superuser"] })],
    ["garbage", async () => "not.a.token"],
    [
      "a signature from another key",
      async () => {
        const other = await generateKeyPair("ES256");
        return new SignJWT({ ...claims })
          .setProtectedHeader({ alg: "ES256", kid: "k1" })
          .setSubject("systems/maidstone-case")
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime("15m")
          .sign(other.privateKey);
      },
    ],
    [
      "the payload edited after signing",
      async () => {
        const [h, , s] = (await sign()).split(".");
        const forged = Buffer.from(JSON.stringify({ ...claims, roles: ["opcc-admin"], sub: "systems/maidstone-case" }));
        return `${h}.${forged.toString("base64url")}.${s}`;
      },
    ],
  ])("%s: UNAUTHENTICATED", async (_what, make) => {
    expect(await refusal(await make())).toMatch(/^UNAUTHENTICATED: /);
  });

  test("a revoked system's token", async () => {
    const token = await sign();
    revoked = new Set(["systems/maidstone-case"]);
    expect(await refusal(token)).toBe("UNAUTHENTICATED: this partner system has been revoked");
    revoked = new Set();
    expect(await refusal(token)).toBe("accepted");
  });
});
