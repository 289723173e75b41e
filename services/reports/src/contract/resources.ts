import { OPCC_ANY, PARTNER_ADDRESSED, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

/** The reports service's resource kinds and who may do what to them (the kit's policy engine applies them). */

// A request: the OPCC's, addressed to partnerships; the panel sees released OFFICIAL ones.
export const REPORT_REQUEST = resourceKind("report-request", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED, "panel-member": "released" },
  create: OPCC_ANY,
  update: OPCC_ANY,
  review: OPCC_ANY,
  submit: PARTNER_ADDRESSED,
});

// A partnership's report (drafts and submitted versions): its own; the OPCC reviews it.
export const SUBMISSION = resourceKind("submission", {
  read: { ...OPCC_ANY, ...PARTNER_OWN, "panel-member": "released" },
  create: PARTNER_OWN,
  update: PARTNER_OWN,
  submit: PARTNER_OWN,
  review: OPCC_ANY,
});

export const REPORT_KINDS = [REPORT_REQUEST, SUBMISSION];
