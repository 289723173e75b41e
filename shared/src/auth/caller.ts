import { z } from "zod";

export const ROLES = [
  "opcc-admin",
  "opcc-staff",
  "csp-officer",
  "csp-chair",
  "panel-member",
  "partner-system",
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Who is calling, as proven by a verified token. Never built from a request body. */
export interface Caller {
  /** "people/<id>" or "systems/<id>". */
  subject: string;
  /** Resource name of the partner the caller acts for, e.g. "partners/csp-maidstone". */
  partner: string;
  roles: Role[];
  kind: "person" | "system";
  /** The person's or system's display name when the token was issued, for records people read. */
  displayName?: string;
  /**
   * The token is bound to this client certificate (RFC 8705 `cnf.x5t#S256`): it is only accepted
   * on a connection that presents that certificate.
   */
  certificateThumbprint?: string;
  /**
   * The partnerships the caller's partnership succeeds (combination agreements, transitively): what
   * they owned or were addressed the caller may read, never change. Absent for most callers.
   */
  lineage?: string[];
}

/** Whether the caller works for the OPCC (admin or staff): the role that sees every partnership's side. */
export const isOpcc = (caller: Pick<Caller, "roles">) =>
  caller.roles.some((r) => r === "opcc-admin" || r === "opcc-staff");

/** The partners whose records the caller may read as its partnership's: its own, then its predecessors. */
export const readsAs = (caller: Pick<Caller, "partner" | "lineage">): string[] =>
  caller.lineage?.length ? [caller.partner, ...caller.lineage] : [caller.partner];

/** The claims our tokens carry besides the registered ones (iss, aud, exp, iat, jti, sub). */
export const tokenClaimsSchema = z.object({
  sub: z.string().regex(/^(people|systems)\/[a-z0-9-]+$/),
  partner: z.string().regex(/^partners\/[a-z0-9-]+$/),
  roles: z.array(roleSchema).min(1),
  kind: z.enum(["person", "system"]),
  /** Display name at issue time (optional: tokens issued before it existed lack it). */
  name: z.string().max(200).optional(),
  /** RFC 8705 confirmation: the SHA-256 thumbprint (base64url) of the certificate the token is bound to. */
  cnf: z.object({ "x5t#S256": z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).optional(),
  /** The predecessors of the caller's partnership, read-only (Caller.lineage). */
  lineage: z
    .array(z.string().regex(/^partners\/[a-z0-9-]+$/))
    .max(50)
    .optional(),
});

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export const TOKEN_ALGORITHM = "ES256";
