import { EVERYONE_ANY, OPCC_ANY, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

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

export const DIRECTORY_KINDS = [PARTNER, PERSON, PARTNER_SYSTEM];
