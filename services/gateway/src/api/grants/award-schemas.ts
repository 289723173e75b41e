/** REST schemas for grant awards and a programme's ledger: the OpenAPI document is generated from them. */
import { penceJson } from "@csp-mesh/kit";
import { z } from "zod";
import { classification, NullableTimestamp, page, pathId, requestIdField, Timestamp } from "../common-schemas";
import { line, text } from "../fields";

const pence = penceJson;
const trigger = z.enum([
  "TRANCHE_TRIGGER_ON_AGREEMENT",
  "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN",
  "TRANCHE_TRIGGER_ON_YEAR_END_RETURN",
]);

const trancheAmount = z.object({ number: z.number().int().min(1).max(6), amountPence: pence });

/** A variation of the agreement: its changes, who proposed it and how it was answered. */
const Variation = z
  .object({
    number: z.number().int(),
    changes: z
      .object({
        amountPence: pence,
        purposes: z.array(z.string()),
        conditions: z.array(z.string()),
        tranches: z.array(trancheAmount),
      })
      .openapi({ description: "What changes; an amount of 0 and an empty list stay as they are" }),
    reasons: z.string(),
    proposedBySide: z.enum(["AGREEMENT_SIDE_FUNDER", "AGREEMENT_SIDE_RECIPIENT"]),
    proposedBy: z.string(),
    proposedByDisplayName: z.string(),
    proposeTime: Timestamp,
    termsSha256: z.string().openapi({ description: "SHA-256 of the varied terms: what the other side agrees to" }),
    state: z.enum([
      "VARIATION_STATE_PROPOSED",
      "VARIATION_STATE_AGREED",
      "VARIATION_STATE_DECLINED",
      "VARIATION_STATE_WITHDRAWN",
    ]),
    previousAmountPence: pence,
    respondedBy: z.string(),
    respondedByDisplayName: z.string(),
    respondTime: NullableTimestamp,
    responseReasons: z.string(),
  })
  .openapi("GrantVariation");

export const Award = z
  .object({
    name: z.string(),
    programme: z.string(),
    programmeTitle: z.string(),
    year: z.string(),
    application: z.string(),
    recipient: z.string(),
    recipientDisplayName: z.string(),
    amountPence: pence,
    requestedPence: pence,
    purposes: z.array(z.string()),
    conditions: z.array(z.object({ code: z.string(), text: z.string() })),
    tranches: z.array(
      z.object({
        number: z.number().int(),
        amountPence: pence,
        trigger,
        state: z.enum([
          "TRANCHE_STATE_SCHEDULED",
          "TRANCHE_STATE_DUE",
          "TRANCHE_STATE_PROPOSED",
          "TRANCHE_STATE_APPROVED",
          "TRANCHE_STATE_PAID",
        ]),
        proposedPence: pence,
        proposedBy: z.string(),
        proposedByDisplayName: z.string(),
        approvedBy: z.string(),
        approvedByDisplayName: z.string(),
        paidDate: z.string(),
        reference: z.string(),
        rejectedReasons: z.string(),
      }),
    ),
    reasons: z.string(),
    state: z.enum(["AWARD_STATE_OFFERED", "AWARD_STATE_ACTIVE", "AWARD_STATE_CLOSED"]),
    decidedBy: z.string(),
    awardTime: Timestamp,
    classification,
    updateTime: Timestamp,
    etag: z.string(),
    agreementSha256: z.string(),
    acceptedBy: z.string(),
    acceptedByDisplayName: z.string(),
    acceptTime: NullableTimestamp,
    paidPence: pence,
    returns: z.array(
      z.object({
        kind: z.enum(["RETURN_KIND_MID_YEAR", "RETURN_KIND_YEAR_END"]),
        reportRequest: z.string().openapi({ description: "The return itself: reportRequests/<id>" }),
        state: z.enum(["RETURN_STATE_ISSUED", "RETURN_STATE_ACCEPTED"]),
        dueTime: Timestamp,
        acceptTime: NullableTimestamp,
      }),
    ),
    closeOut: z
      .object({
        spentPence: pence,
        underspendPence: pence,
        repaymentState: z.enum(["REPAYMENT_STATE_NONE", "REPAYMENT_STATE_REQUESTED", "REPAYMENT_STATE_REPAID"]),
        repaidPence: pence,
        repaidDate: z.string(),
        reference: z.string(),
        holdBack: z.boolean().openapi({ description: "Underspent the year before as well: consider holding back" }),
        closedBy: z.string(),
        closeTime: Timestamp,
      })
      .nullable(),
    variations: z.array(Variation),
  })
  .openapi("GrantAward");

export const Ledger = z
  .object({
    programme: z.string(),
    budgetPence: pence,
    committedPence: pence,
    remainingPence: pence,
    commitments: z.array(z.object({ award: z.string(), recipient: z.string(), amountPence: pence })),
  })
  .openapi("GrantProgrammeLedger");

export const Summary = z
  .object({
    programme: z.string(),
    title: z.string(),
    year: z.string(),
    budgetPence: pence,
    committedPence: pence,
    paidPence: pence,
    underspendPence: pence,
    repaidPence: pence,
    complete: z.boolean().openapi({ description: "Whether the figures cover every award (the OPCC's view)" }),
    recipients: z.array(
      z.object({
        partner: z.string(),
        partnerDisplayName: z.string(),
        award: z.string(),
        state: z.enum(["AWARD_STATE_OFFERED", "AWARD_STATE_ACTIVE", "AWARD_STATE_CLOSED"]),
        awardedPence: pence,
        paidPence: pence,
        underspendPence: pence,
        repaidPence: pence,
        holdBack: z.boolean(),
      }),
    ),
    objectives: z.array(
      z.object({
        objective: z.string(),
        title: z.string(),
        awards: z.number().int(),
        projects: z.number().int(),
        awardedPence: pence,
        outcomes: z.array(
          z.object({
            partner: z.string(),
            partnerDisplayName: z.string(),
            project: z.string(),
            measure: z.string(),
            unit: z.enum(["MEASURE_UNIT_UNSPECIFIED", "MEASURE_UNIT_COUNT", "MEASURE_UNIT_PERCENT"]),
            baseline: z.number(),
            target: z.number(),
            hasActual: z.boolean(),
            actual: z.number(),
          }),
        ),
      }),
    ),
  })
  .openapi("GrantProgrammeSummary", {
    description: "A programme's money and outcomes over the awards the caller may read",
  });

export const awards = {
  ids: {
    award: z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,126}$/) }),
    tranche: z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,126}$/),
      number: z.coerce.number().int().min(1).max(6),
    }),
    programme: z.object({ id: pathId }),
    variation: z.object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,126}$/),
      number: z.coerce.number().int().min(1).max(1000),
    }),
  },
  queries: { list: z.object({ ...page, programme: z.union([z.literal(""), pathId]).default("") }) },
  list: z
    .object({ awards: z.array(Award), nextPageToken: z.string(), totalSize: z.number().int() })
    .openapi("GrantAwardList"),
};

export const awardBodies = {
  accept: z
    .object({
      agreementSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .openapi({ description: "The agreement's SHA-256 as read" }),
      requestId: requestIdField,
    })
    .openapi("AcceptGrantAgreement"),
  propose: z
    .object({
      amountPence: pence,
      requestId: requestIdField,
    })
    .openapi("ProposeGrantTranche", {
      description: "amountPence: whole pence, no more than the tranche's share nor what is left of the award",
    }),
  approve: z.object({ requestId: requestIdField }).openapi("ApproveGrantTranche"),
  reject: z
    .object({ reasons: text(2000, 10, "say why (at least 10 characters)"), requestId: requestIdField })
    .openapi("RejectGrantTranche"),
  disburse: z
    .object({
      paidDate: z.iso.date().openapi({ example: "2027-05-09" }),
      reference: line(100, 1),
      requestId: requestIdField,
    })
    .openapi("RecordGrantDisbursement"),
  issueReturn: z
    .object({
      kind: z.enum(["RETURN_KIND_MID_YEAR", "RETURN_KIND_YEAR_END"]),
      dueTime: z.iso.datetime({ offset: true }).openapi({ description: "RFC 3339 time, in the future" }),
      requestId: requestIdField,
    })
    .openapi("IssueGrantMonitoringReturn"),
  close: z.object({ requestId: requestIdField }).openapi("CloseGrantAward"),
  repay: z
    .object({
      amountPence: pence,
      paidDate: z.iso.date().openapi({ example: "2028-05-09" }),
      reference: line(100, 1),
      requestId: requestIdField,
    })
    .openapi("RecordGrantRepayment", { description: "amountPence: the whole underspend, in whole pence" }),
  proposeVariation: z
    .object({
      changes: z
        .object({
          amountPence: pence.optional(),
          purposes: z.array(line(300, 1)).max(20).optional(),
          conditions: z
            .array(z.string().max(40))
            .max(20)
            .optional()
            .openapi({ description: "Codes of the conditions library, e.g. PURPOSE" }),
          tranches: z
            .array(trancheAmount)
            .max(6)
            .optional()
            .openapi({ description: "New amounts for tranches not yet proposed, approved or paid" }),
        })
        .openapi({
          description: "What changes (a part left out stays); a new amountPence needs tranches that add up to it",
        }),
      reasons: text(5000, 10, "say why (at least 10 characters)"),
      requestId: requestIdField,
      validateOnly: z.boolean().default(false),
    })
    .openapi("ProposeGrantVariation"),
  agreeVariation: z
    .object({
      termsSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .openapi({ description: "The varied terms' SHA-256 as read (the variation's termsSha256)" }),
      requestId: requestIdField,
    })
    .openapi("AgreeGrantVariation"),
  declineVariation: z
    .object({ reasons: text(5000, 10, "say why (at least 10 characters)"), requestId: requestIdField })
    .openapi("DeclineGrantVariation"),
};
