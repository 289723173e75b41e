/**
 * Checks every service runs over the resource kinds it declares (in its contract's test), so the
 * platform's access promises hold for kinds the kit has never seen. Pure: no test framework here.
 */
import { type Caller, ROLES, type Role } from "../auth/caller";
import { ACTIONS, CLASSIFICATIONS, decide, type ResourceFacts, type ResourceKind } from "./policy";

/** The partner a probe caller of each role belongs to: CSP-side roles to `partners/csp-a`. */
export const PROBE_HOME: Record<Role, string> = {
  "opcc-admin": "partners/opcc-kent",
  "opcc-staff": "partners/opcc-kent",
  "csp-officer": "partners/csp-a",
  "csp-chair": "partners/csp-a",
  "partner-system": "partners/csp-a",
  "panel-member": "partners/kent-medway-pcp",
};

export function probeCaller(role: Role, partner = PROBE_HOME[role]): Caller {
  return {
    subject: role === "partner-system" ? "systems/x" : "people/x",
    partner,
    roles: [role],
    kind: role === "partner-system" ? "system" : "person",
  };
}

/**
 * The decisions for every action in ACTIONS order (read, create, update, manage-credentials,
 * submit, review) as letters: A allowed, N NOT_FOUND (not even visible), D PERMISSION_DENIED.
 */
export function decisionLetters(caller: Caller, kind: ResourceKind, r: ResourceFacts): string {
  return ACTIONS.map((a) => {
    const d = decide(caller, a, kind, r);
    return d.allowed ? "A" : d.code === "NOT_FOUND" ? "N" : "D";
  }).join("");
}

export interface KindPromises {
  /** Shared knowledge: CSP-side callers may read other partners' (the partner directory). */
  sharedAcrossPartners?: boolean;
  /** Not for the OPCC's staff at large (e.g. the audit ledger, the administrators' alone). */
  notForAllOpcc?: boolean;
}

/**
 * The platform's promises over one kind, for every role x action x classification; each broken one
 * is described. Panel members never handle OFFICIAL-SENSITIVE material; creation never answers
 * NOT_FOUND; CSP-side callers get nothing of another partner's; OPCC staff can read everything.
 */
export function policyViolations(kind: ResourceKind, promises: KindPromises = {}): string[] {
  const out: string[] = [];
  const A = PROBE_HOME["csp-officer"];
  const B = "partners/csp-b";
  for (const role of ROLES)
    for (const action of ACTIONS)
      for (const classification of CLASSIFICATIONS) {
        const at = `${kind.name} / ${role} / ${action} / ${classification}`;
        const released = { owner: A, addressees: [A], classification, releasedToPanel: true };
        const foreign = { owner: B, addressees: [B], classification };
        const d = decide(probeCaller(role), action, kind, released);
        if (role === "panel-member" && classification === "OFFICIAL-SENSITIVE" && action !== "create" && d.allowed)
          out.push(`${at}: a panel member handles OFFICIAL-SENSITIVE material`);
        if (action === "create" && !d.allowed && d.code === "NOT_FOUND") out.push(`${at}: creation answers NOT_FOUND`);
        const partnerSide = role === "csp-officer" || role === "csp-chair" || role === "partner-system";
        if (partnerSide && !promises.sharedAcrossPartners && decide(probeCaller(role), action, kind, foreign).allowed)
          out.push(`${at}: allowed on another partner's`);
        if (
          role.startsWith("opcc-") &&
          !promises.notForAllOpcc &&
          !decide(probeCaller(role), "read", kind, foreign).allowed
        )
          out.push(`${at}: the OPCC cannot read it`);
      }
  return out;
}
