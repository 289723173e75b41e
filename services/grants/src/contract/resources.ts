import { EVERYONE_ANY, OPCC_ANY, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

/** The grants service's resource kinds and who may do what to them (the kit's policy engine applies them). */

// The Police and Crime Plan is public knowledge among everyone signed in; the OPCC writes it.
export const GRANT_PLAN = resourceKind("grant-plan", {
  read: EVERYONE_ANY,
  create: OPCC_ANY,
  update: OPCC_ANY,
});

// A funding programme: the OPCC's. Partnerships see every programme once it is open and apply to
// it (an allocation programme also checks the applicant has an allocation); the panel sees
// OFFICIAL ones once opened ("released").
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
  submit: { "csp-officer": "released", "csp-chair": "released", "partner-system": "released" },
});

// A business case: the applicant partnership's own; the OPCC reviews it. Never the panel's: what
// the panel sees of grants is what is awarded.
export const GRANT_APPLICATION = resourceKind("grant-application", {
  read: { ...OPCC_ANY, ...PARTNER_OWN },
  create: PARTNER_OWN,
  update: PARTNER_OWN,
  submit: PARTNER_OWN,
  review: OPCC_ANY,
});

// An award: the recipient's own and the OPCC's; the panel sees it once released (published). The
// recipient's chair accepts its agreement ("submit"); the OPCC pays it ("update", two people).
export const GRANT_AWARD = resourceKind("grant-award", {
  read: { ...OPCC_ANY, ...PARTNER_OWN, "panel-member": "released" },
  create: OPCC_ANY,
  update: OPCC_ANY,
  submit: { "csp-chair": "own" },
});

// A programme's ledger of commitments against its budget: the OPCC's working.
export const GRANT_LEDGER = resourceKind("grant-ledger", {
  read: OPCC_ANY,
  update: OPCC_ANY,
});

export const GRANT_KINDS = [GRANT_PLAN, GRANT_PROGRAMME, GRANT_APPLICATION, GRANT_AWARD, GRANT_LEDGER];
