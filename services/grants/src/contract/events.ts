import { defineEvent, eventDomain } from "@csp-mesh/kit";
import { z } from "zod";

/**
 * Grants events. The Kafka key is the plan's, programme's or application's name, so its events stay in order.
 * Payloads carry names, years and amounts in pence, never applications' content.
 */
const about = z.object({
  /** people/<id> or systems/<id> who caused it. */
  actor: z.string(),
  /** The partnership concerned; "" when the event concerns a whole programme or plan. */
  partner: z.string(),
});

export const GrantPlanPublished = defineEvent(
  "grant.plan-published",
  "grants",
  about.extend({
    plan: z.string(),
    version: z.number().int().positive(),
    objectives: z.array(z.string()),
    sha256: z.string(),
  }),
  "The OPCC published a version of the Police and Crime Plan (its objectives by code, with the version's SHA-256).",
);
export const GrantProgrammeCreated = defineEvent(
  "grant.programme-created",
  "grants",
  about.extend({
    programme: z.string(),
    year: z.string(),
    kind: z.enum(["ALLOCATION", "OPEN_ROUND"]),
    budgetPence: z.number().int(),
  }),
  "The OPCC drafted a funding programme for a financial year (its budget in pence).",
);
export const GrantProgrammeOpened = defineEvent(
  "grant.programme-opened",
  "grants",
  about.extend({
    programme: z.string(),
    year: z.string(),
    kind: z.enum(["ALLOCATION", "OPEN_ROUND"]),
    budgetPence: z.number().int(),
    /** ALLOCATION: the partnerships allocated an amount; OPEN_ROUND: none (anyone may apply). */
    addressees: z.array(z.string()),
    windowCloseTime: z.string(),
  }),
  "The OPCC opened a funding programme: its allocations are announced to the partnerships named.",
);
export const GrantProgrammeClosed = defineEvent(
  "grant.programme-closed",
  "grants",
  about.extend({ programme: z.string(), addressees: z.array(z.string()) }),
  "The OPCC closed a funding programme to further applications.",
);

const application = about.extend({
  programme: z.string(),
  /** programmes/<id>/applications/<partner id> */
  application: z.string(),
  version: z.number().int().positive(),
  sha256: z.string(),
});
export const GrantApplicationSubmitted = defineEvent(
  "grant.application-submitted",
  "grants",
  application.extend({ requestedPence: z.number().int() }),
  "A partnership submitted a version of its business case (what it asks for, in pence).",
);
export const GrantApplicationReturned = defineEvent(
  "grant.application-returned",
  "grants",
  application,
  "The OPCC returned a business case with reasons: the partnership may resubmit.",
);
export const GrantApplicationAccepted = defineEvent(
  "grant.application-accepted",
  "grants",
  application,
  "The OPCC accepted a version of a business case for assessment.",
);

export const GrantInterestDeclared = defineEvent(
  "grant.interest-declared",
  "grants",
  about.extend({
    programme: z.string(),
    application: z.string(),
    scorer: z.string(),
    conflict: z.boolean(),
  }),
  "An OPCC scorer declared whether they have a conflict of interest in a business case (the OPCC's: partner is empty).",
);
export const GrantApplicationScored = defineEvent(
  "grant.application-scored",
  "grants",
  about.extend({
    programme: z.string(),
    application: z.string(),
    scorer: z.string(),
    version: z.number().int().positive(),
    weightedTotal: z.number().int(),
  }),
  "An OPCC scorer scored the accepted version of a business case (the OPCC's: partner is empty).",
);
export const GrantApplicationDecided = defineEvent(
  "grant.application-decided",
  "grants",
  about.extend({
    programme: z.string(),
    application: z.string(),
    decision: z.enum(["AWARD", "DECLINE"]),
    amountPence: z.number().int(),
    award: z.string(),
  }),
  "The OPCC decided a business case: an award of an amount in pence, or declined, with reasons.",
);
export const GrantAwardOffered = defineEvent(
  "grant.award-offered",
  "grants",
  about.extend({
    programme: z.string(),
    award: z.string(),
    amountPence: z.number().int(),
  }),
  "An award was offered to a partnership: its grant agreement awaits acceptance.",
);

export const GrantAgreementAccepted = defineEvent(
  "grant.agreement-accepted",
  "grants",
  about.extend({ programme: z.string(), award: z.string(), agreementSha256: z.string() }),
  "The recipient's chair accepted the grant agreement as offered (its SHA-256): the award is active.",
);
const tranche = about.extend({
  programme: z.string(),
  award: z.string(),
  tranche: z.number().int().positive(),
  amountPence: z.number().int(),
});
export const GrantTrancheProposed = defineEvent(
  "grant.tranche-proposed",
  "grants",
  tranche,
  "An OPCC person proposed paying a tranche of an award: another must approve it.",
);
export const GrantTrancheApproved = defineEvent(
  "grant.tranche-approved",
  "grants",
  tranche,
  "A second OPCC person approved a proposed payment.",
);
export const GrantTrancheRejected = defineEvent(
  "grant.tranche-rejected",
  "grants",
  tranche,
  "A proposed payment was rejected with reasons: the tranche is due again.",
);
export const GrantPaymentRecorded = defineEvent(
  "grant.payment-recorded",
  "grants",
  tranche.extend({ paidDate: z.string() }),
  "A tranche of an award was paid (its date; the reference stays in the service).",
);

const monitoring = about.extend({
  programme: z.string(),
  award: z.string(),
  kind: z.enum(["MID_YEAR", "YEAR_END"]),
  reportRequest: z.string(),
});
export const GrantReturnIssued = defineEvent(
  "grant.return-issued",
  "grants",
  monitoring.extend({ dueTime: z.string() }),
  "The OPCC issued a monitoring return on an award: a report request to the recipient (reports service).",
);
export const GrantReturnAccepted = defineEvent(
  "grant.return-accepted",
  "grants",
  monitoring.extend({ tranchesDue: z.array(z.number().int().positive()) }),
  "The OPCC accepted an award's monitoring return: the tranches paid on it fall due.",
);

export const GrantAwardClosed = defineEvent(
  "grant.award-closed",
  "grants",
  about.extend({
    programme: z.string(),
    award: z.string(),
    spentPence: z.number().int(),
    underspendPence: z.number().int(),
    holdBack: z.boolean(),
  }),
  "The OPCC closed an award from its accepted year-end return: what was spent, the underspend to repay, the hold-back flag.",
);
export const GrantRepaymentRecorded = defineEvent(
  "grant.repayment-recorded",
  "grants",
  about.extend({ programme: z.string(), award: z.string(), amountPence: z.number().int(), paidDate: z.string() }),
  "An award's underspend was repaid (its date; the reference stays in the service).",
);

const variation = about.extend({
  programme: z.string(),
  award: z.string(),
  variation: z.number().int().positive(),
  /** Who proposed it: the PCC (FUNDER) or the recipient partnership (RECIPIENT). */
  side: z.enum(["FUNDER", "RECIPIENT"]),
  /** The award's amount if the variation is agreed. */
  amountPence: z.number().int(),
});
export const GrantVariationProposed = defineEvent(
  "grant.variation-proposed",
  "grants",
  variation,
  "One side of a grant agreement proposed a variation with reasons; the other side is asked to agree it.",
);
export const GrantVariationAgreed = defineEvent(
  "grant.variation-agreed",
  "grants",
  variation.extend({ termsSha256: z.string() }),
  "The other side agreed a variation: the agreement's terms (and the programme's commitment) are the varied ones.",
);
export const GrantVariationDeclined = defineEvent(
  "grant.variation-declined",
  "grants",
  variation.extend({ withdrawn: z.boolean() }),
  "A proposed variation was declined by the other side, or withdrawn by its proposer (reasons stay in the service).",
);

/** The grants service's published language: its topic and every event on it. */
export const GRANT_EVENTS = eventDomain("grants", "Commissioning and crime reduction grants (the grants service).", [
  GrantPlanPublished,
  GrantProgrammeCreated,
  GrantProgrammeOpened,
  GrantProgrammeClosed,
  GrantApplicationSubmitted,
  GrantApplicationReturned,
  GrantApplicationAccepted,
  GrantInterestDeclared,
  GrantApplicationScored,
  GrantApplicationDecided,
  GrantAwardOffered,
  GrantAgreementAccepted,
  GrantTrancheProposed,
  GrantTrancheApproved,
  GrantTrancheRejected,
  GrantPaymentRecorded,
  GrantReturnIssued,
  GrantReturnAccepted,
  GrantAwardClosed,
  GrantRepaymentRecorded,
  GrantVariationProposed,
  GrantVariationAgreed,
  GrantVariationDeclined,
]);
