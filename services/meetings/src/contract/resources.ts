import { OPCC_ANY, PARTNER_ADDRESSED, PARTNER_OWN, resourceKind } from "@csp-mesh/kit";

/** The meetings service's resource kinds and who may do what to them (the kit's policy engine applies them). */

// A reg 14A meeting: convened by the OPCC; an invited partnership (addressee) sees it and answers
// its invitation; the panel sees meetings whose approved minutes are released (OFFICIAL only).
export const MEETING = resourceKind("meeting", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED, "panel-member": "released" },
  create: OPCC_ANY,
  update: OPCC_ANY,
  submit: PARTNER_ADDRESSED,
});

// A meeting's paper: uploaded by the OPCC, seen by its audience (addressees: every invitee or the
// partnerships named); the panel sees OFFICIAL papers released with approved minutes.
export const MEETING_PAPER = resourceKind("meeting-paper", {
  read: { ...OPCC_ANY, ...PARTNER_ADDRESSED, "panel-member": "released" },
  create: OPCC_ANY,
});

// A partnership's calendar feed secret: managed by its own people (OPCC staff see that one exists).
export const CALENDAR_FEED = resourceKind("calendar-feed", {
  read: { ...OPCC_ANY, "csp-officer": "own", "csp-chair": "own" },
  create: { "opcc-admin": "own", "opcc-staff": "own", "csp-officer": "own", "csp-chair": "own" },
  update: { "opcc-admin": "own", "opcc-staff": "own", "csp-officer": "own", "csp-chair": "own" },
});

// An action from a meeting, owned by one partnership, which reports progress on it.
export const MEETING_ACTION = resourceKind("meeting-action", {
  read: { ...OPCC_ANY, ...PARTNER_OWN },
  create: OPCC_ANY,
  update: { ...OPCC_ANY, ...PARTNER_OWN },
});

export const MEETING_KINDS = [MEETING, MEETING_PAPER, CALENDAR_FEED, MEETING_ACTION];
