import { OPCC_ANY, PARTNER_ADDRESSED, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

/** The assessments service's resource kinds and who may do what to them (the kit's policy engine applies them). */

// A joint strategic assessment cycle (Strategy Regulations 2007, regs 5-7): opened by the OPCC,
// addressed to the CSPs that contribute to it.
export const ASSESSMENT_CYCLE = resourceKind("assessment-cycle", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED },
  create: OPCC_ANY,
  update: OPCC_ANY,
  review: OPCC_ANY,
  submit: PARTNER_ADDRESSED,
});

// A CSP's contribution: its own until published in an edition; the OPCC reviews it and records
// the s.10 responses to its priorities.
export const ASSESSMENT_CONTRIBUTION = resourceKind("assessment-contribution", {
  read: { ...OPCC_ANY, ...PARTNER_OWN },
  create: PARTNER_OWN,
  update: PARTNER_OWN,
  submit: PARTNER_OWN,
  review: OPCC_ANY,
});

// The working roll-up of every contribution, unpublished ones included: the OPCC's alone.
export const ASSESSMENT_COMPILATION = resourceKind("assessment-compilation", {
  read: OPCC_ANY,
});

// A published edition: the cycle's partnerships see it; the panel sees OFFICIAL ones.
export const ASSESSMENT_EDITION = resourceKind("assessment-edition", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED, "panel-member": "released" },
  create: OPCC_ANY,
});

export const ASSESSMENT_KINDS = [ASSESSMENT_CYCLE, ASSESSMENT_CONTRIBUTION, ASSESSMENT_COMPILATION, ASSESSMENT_EDITION];
