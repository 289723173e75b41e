import type { Role } from "@csp-mesh/kit";
import type { PartnerFields } from "../domain/partner";
import type { BaseDoc } from "./resource-store";

export interface PartnerDoc extends BaseDoc, PartnerFields {}

export interface PersonDoc extends BaseDoc {
  displayName: string;
  email: string;
  /** The partner the person belongs to (same as owner). */
  partner: string;
  roles: Role[];
  active: boolean;
}

export interface SystemDoc extends BaseDoc {
  displayName: string;
  partner: string;
  clientId: string;
  /** scrypt hash of the client secret; the secret itself is never stored. */
  secretHash: string;
  revoked: boolean;
  /** When it was revoked: its tokens issued before then are refused from then on. */
  revokeTime?: Date;
  secretRotateTime: Date;
  /** x5t#S256 thumbprint of the client certificate the system's tokens are bound to, if any. */
  certificateThumbprint?: string;
}

export const COLLECTIONS = { partners: "partners", people: "people", systems: "partner_systems" } as const;
