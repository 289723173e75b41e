import type { FieldViolation } from "@csp-mesh/kit";

export const PARTNER_KINDS = ["CSP", "COUNTY_CSP", "RESPONSIBLE_AUTHORITY", "OPCC", "POLICE_AND_CRIME_PANEL"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const AUTHORITY_SUBTYPES = [
  "POLICE",
  "FIRE_AND_RESCUE",
  "DISTRICT_COUNCIL",
  "COUNTY_COUNCIL",
  "UNITARY_COUNCIL",
  "HEALTH",
  "PROBATION",
] as const;
export type AuthoritySubtype = (typeof AUTHORITY_SUBTYPES)[number];
export const PARTNER_STATUSES = ["ACTIVE", "MERGED", "DISSOLVED"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

export interface PartnerFields {
  displayName: string;
  kind: PartnerKind;
  authoritySubtype?: AuthoritySubtype;
  status: PartnerStatus;
  mergedInto?: string;
  members: string[];
  /** org-id.guide identifier of the legal body (e.g. GB-LAE-MAI); absent for a partnership. */
  orgIdentifier?: string | null;
  /** The area served, by ONS code. */
  area?: Area | null;
  /** A partnership's responsible authority that receives money for it (one of its members). */
  accountableBody?: string | null;
  /** Lineage, set only by combination agreements: the partnerships this one succeeds. */
  predecessors?: string[];
  /** The partnerships that succeed it. */
  successors?: string[];
  /** The combination agreement that made or last changed it. */
  combination?: string;
}

export interface Area {
  code: string;
  name: string;
}

/**
 * An org-id.guide identifier (a list's prefix then that list's id, e.g. GB-LAE-MAI, GB-CHC-1234567),
 * or, for a body on no list, the publisher's 360Giving prefix and its own reference (360G-kentpcc-pcc).
 */
export const ORG_IDENTIFIER = /^(?:[A-Z]{2}-[A-Z0-9]{2,10}|360G-[A-Za-z0-9]{2,30})-[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** An ONS (GSS) area code: a country letter then eight digits, e.g. E07000110. */
export const GSS_CODE = /^[EWSNK]\d{8}$/;

export const isPartnership = (kind: PartnerKind) => kind === "CSP" || kind === "COUNTY_CSP";

/** Rules a partner must satisfy on its own; rules needing other partners live in the store. */
export function partnerViolations(name: string, p: PartnerFields): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (p.kind === "RESPONSIBLE_AUTHORITY" && !p.authoritySubtype)
    v.push({ field: "partner.authority_subtype", description: "required for a responsible authority" });
  if (p.kind !== "RESPONSIBLE_AUTHORITY" && p.authoritySubtype)
    v.push({ field: "partner.authority_subtype", description: "only responsible authorities have a subtype" });
  if (!isPartnership(p.kind) && p.members.length > 0)
    v.push({ field: "partner.members", description: "only a CSP lists member responsible authorities" });
  if (new Set(p.members).size !== p.members.length)
    v.push({ field: "partner.members", description: "a member is listed twice" });
  if (p.status === "MERGED" && !p.mergedInto)
    v.push({ field: "partner.merged_into", description: "required when the status is MERGED" });
  if (p.status !== "MERGED" && p.mergedInto)
    v.push({ field: "partner.merged_into", description: "only a MERGED partner has merged_into" });
  if (p.mergedInto === name)
    v.push({ field: "partner.merged_into", description: "a partner cannot merge into itself" });
  if (isPartnership(p.kind) && p.orgIdentifier)
    v.push({
      field: "partner.org_identifier",
      description: "a partnership is not a legal body: give its accountable_body the identifier",
    });
  if (!isPartnership(p.kind) && p.accountableBody)
    v.push({ field: "partner.accountable_body", description: "only a CSP has an accountable body" });
  if (p.accountableBody && !p.members.includes(p.accountableBody))
    v.push({ field: "partner.accountable_body", description: "must be one of the partnership's members" });
  return v;
}

/** Which roles a person may hold depends on the kind of partner they belong to. */
export const ROLES_BY_KIND: Record<PartnerKind, readonly string[]> = {
  OPCC: ["opcc-admin", "opcc-staff"],
  CSP: ["csp-officer", "csp-chair"],
  COUNTY_CSP: ["csp-officer", "csp-chair"],
  RESPONSIBLE_AUTHORITY: ["csp-officer"],
  POLICE_AND_CRIME_PANEL: ["panel-member"],
};
