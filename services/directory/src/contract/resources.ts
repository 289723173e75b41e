import { EVERYONE_ANY, OPCC_ANY, PARTNER_ADDRESSED, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

/** The directory's resource kinds and who may do what to them (the kit's policy engine applies them). */

// The directory of partners is shared knowledge among everyone signed in.
export const PARTNER = resourceKind("partner", {
  read: EVERYONE_ANY,
  create: { "opcc-admin": "any" },
  update: { "opcc-admin": "any" },
});

export const PERSON = resourceKind("person", {
  read: { ...OPCC_ANY, ...PARTNER_OWN, "panel-member": "own" },
  create: { "opcc-admin": "any", "csp-chair": "own" },
  update: { "opcc-admin": "any", "csp-chair": "own" },
});

export const PARTNER_SYSTEM = resourceKind("partner-system", {
  read: { ...OPCC_ANY, ...PARTNER_OWN },
  create: { "opcc-admin": "any", "csp-chair": "own" },
  update: { "opcc-admin": "any", "csp-chair": "own" },
  "manage-credentials": { "opcc-admin": "any", "csp-chair": "own" },
});

/**
 * Combination agreements (CDA 1998 s.5A). Addressed to the partnerships concerned and every party;
 * the panel reads them once the PCC has decided (a published decision). Who may record which
 * party's consent, and that a chair proposes only for its own area, are the domain's rules.
 */
export const COMBINATION = resourceKind("combination", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED, "panel-member": "released" },
  create: { ...OPCC_ANY, "csp-chair": "own" },
  update: { ...OPCC_ANY, "csp-officer": "addressed", "csp-chair": "addressed" },
  review: OPCC_ANY,
});

export const DIRECTORY_KINDS = [PARTNER, PERSON, PARTNER_SYSTEM, COMBINATION];
