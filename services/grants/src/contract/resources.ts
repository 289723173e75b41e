import { EVERYONE_ANY, OPCC_ANY, resourceKind } from "@csp-mesh/kit";

/** The grants service's resource kinds and who may do what to them (the kit's policy engine applies them). */

// The Police and Crime Plan is public knowledge among everyone signed in; the OPCC writes it.
export const GRANT_PLAN = resourceKind("grant-plan", {
  read: EVERYONE_ANY,
  create: OPCC_ANY,
  update: OPCC_ANY,
});

// A funding programme: the OPCC's. Partnerships see every programme once it is open (they apply
// to it, or read their allocation); the panel sees OFFICIAL ones once opened ("released").
export const GRANT_PROGRAMME = resourceKind("grant-programme", {
  read: {
    ...OPCC_ANY,
    "csp-officer": "released",
    "csp-chair": "released",
    "partner-system": "released",
    "panel-member": "released",
  },
  create: OPCC_ANY,
  update: OPCC_ANY,
});

export const GRANT_KINDS = [GRANT_PLAN, GRANT_PROGRAMME];
