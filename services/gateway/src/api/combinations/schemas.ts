/**
 * REST schemas for combination agreements (Crime and Disorder Act 1998 s.5A; the directory's
 * CombinationsService behind them): the OpenAPI document is generated from them. Field rules are the
 * service's as far as a schema can state them (lengths, dates, two or more areas); the rest (a date
 * in the past, a party that is not one, the Secretary of State's agreement across police areas) are
 * the service's and come back as 422 naming the field.
 */
import { z } from "zod";
import { NullableTimestamp, page, pathId, requestIdField, Timestamp } from "../common-schemas";
import { line, partnerRef, text } from "../fields";
import { CombinationDocument } from "./document-schemas";

const state = z.enum([
  "COMBINATION_STATE_PROPOSED",
  "COMBINATION_STATE_APPROVED",
  "COMBINATION_STATE_DECLINED",
  "COMBINATION_STATE_SIGNED",
  "COMBINATION_STATE_IN_FORCE",
  "COMBINATION_STATE_ENDED",
  "COMBINATION_STATE_VARIED",
]);
const answer = z.enum(["CONSENT_ANSWER_CONSENTED", "CONSENT_ANSWER_REFUSED"]);
const interest = z.enum([
  "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER",
  "STATUTORY_INTEREST_REDUCING_REOFFENDING",
  "STATUTORY_INTEREST_COMBATING_SUBSTANCE_MISUSE",
]);
/** A calendar date, YYYY-MM-DD (Europe/London). */
const date = (example: string, description?: string) =>
  z.iso.date().openapi({ example, ...(description ? { description } : {}) });
const described = (what: string) => text(10_000, 10, `${what} (at least 10 characters)`);

const Terms = z
  .object({
    areas: z.array(z.string()).openapi({ description: "The partnerships combined, e.g. partners/csp-dartford" }),
    combinedName: z.string(),
    rationale: z.string(),
    governance: z.string().openapi({ description: "Governance and terms of reference of the combined partnership" }),
    localDelivery: z.string(),
    scrutiny: z.string(),
    effectiveDate: z.string().openapi({ description: "YYYY-MM-DD" }),
    varies: z.string().openapi({ description: "A variation: the agreement in force it varies, combinations/<id>" }),
  })
  .openapi("CombinationTerms");

const Consent = z
  .object({
    party: z.string().openapi({ description: "The responsible authority, partners/<id>" }),
    answer,
    reasons: z.string(),
    onBehalf: z
      .object({ decisionReference: z.string(), decisionDate: z.string() })
      .nullable()
      .openapi({ description: "Recorded by the OPCC on the authority's behalf: the authority's own decision" }),
    recordedBy: z.string(),
    recordedByDisplayName: z.string(),
    recordTime: Timestamp,
  })
  .openapi("CombinationConsent");

const Decision = z
  .object({
    approve: z.boolean(),
    interests: z.array(z.object({ interest, reasons: z.string() })),
    reasons: z.string(),
    cooperationArrangements: z.string(),
    secretaryOfState: z.object({ agreed: z.boolean(), reference: z.string(), date: z.string() }).nullable(),
    decidedBy: z.string(),
    decidedByDisplayName: z.string(),
    decideTime: Timestamp,
  })
  .openapi("CombinationDecision", { description: "The PCC's decision (s.5A(2)), recorded by the OPCC" });

const WrittenAgreement = z
  .object({
    text: z.string(),
    sha256: z.string().openapi({ description: "SHA-256 of the text, hex" }),
    date: z.string().openapi({ description: "YYYY-MM-DD: signed on (an agreement), or the end date (an ending)" }),
    recordedBy: z.string(),
    recordedByDisplayName: z.string(),
    recordTime: Timestamp,
  })
  .openapi("CombinationWrittenAgreement");
const WrittenAgreementOrNull = WrittenAgreement.nullable().openapi("CombinationWrittenAgreementOrNull");

export const Combination = z
  .object({
    name: z.string().openapi({ example: "combinations/c-mfx2k9a1-3f9c2a7b" }),
    terms: Terms,
    state,
    parties: z
      .array(z.string())
      .openapi({ description: "Every responsible authority that is a member of any of the areas' partnerships" }),
    acrossPoliceAreas: z.boolean().openapi({
      description:
        "More than one police force among the parties: co-operation arrangements and the Secretary of State's agreement are required",
    }),
    consents: z.array(Consent),
    outstanding: z.array(z.string()).openapi({ description: "Parties whose answer is still awaited" }),
    decision: Decision.nullable().openapi("CombinationDecisionOrNull"),
    agreement: WrittenAgreementOrNull,
    combinedPartner: z.string().openapi({ description: "Once in force: the combined partnership, partners/<id>" }),
    effectTime: NullableTimestamp,
    ending: WrittenAgreementOrNull,
    endTime: NullableTimestamp,
    documents: z
      .array(CombinationDocument)
      .openapi({ description: "The proposal's documents, downloaded at /v1/combinations/{id}/documents/{n}" }),
    proposedBy: z.string(),
    proposedByDisplayName: z.string(),
    variedBy: z.string().openapi({ description: "Once VARIED: the variation in force that replaced it" }),
    etag: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
  })
  .openapi("Combination", {
    description:
      "A combination agreement: PROPOSED -> APPROVED or DECLINED -> SIGNED -> IN_FORCE -> ENDED, or VARIED by a variation in force",
  });

export const combinations = {
  ids: { combination: z.object({ id: pathId }) },
  queries: { page: z.object(page) },
  lists: {
    combinations: z
      .object({ combinations: z.array(Combination), nextPageToken: z.string() })
      .openapi("CombinationList"),
  },
  bodies: {
    propose: z
      .object({
        terms: z.object({
          areas: z
            .array(partnerRef)
            .min(2, "combine the partnerships of two or more areas")
            .max(20)
            .openapi({ description: "The community safety partnerships to combine, as partners/<id> or their ids" }),
          combinedName: line(200, 1, "name the combined partnership"),
          rationale: described("describe it"),
          governance: described("describe it"),
          localDelivery: described("describe it"),
          scrutiny: described("describe it"),
          effectiveDate: date("2027-04-01", "YYYY-MM-DD (Europe/London): today or later"),
          varies: z
            .string()
            .regex(/^combinations\/[a-z0-9-]+$/, "combinations/<id>")
            .optional()
            .openapi({
              description:
                "To vary an agreement in force: its name. The areas are then the combined partnership's from the variation on (areas may join or leave); the same consents and decision are needed",
            }),
        }),
        requestId: requestIdField,
      })
      .openapi("ProposeCombination"),
    consent: z
      .object({
        party: partnerRef.openapi({ description: "The responsible authority answering, as partners/<id> or its id" }),
        answer,
        reasons: text(5000).default("").openapi({ description: "Required for a refusal (at least 10 characters)" }),
        onBehalf: z
          .object({ decisionReference: line(100, 1), decisionDate: date("2027-02-14") })
          .optional()
          .openapi({ description: "Required when the OPCC records the authority's answer: its own decision" }),
      })
      .openapi("RecordCombinationConsent"),
    decide: z
      .object({
        approve: z.boolean(),
        interests: z
          .array(z.object({ interest, reasons: text(5000, 10, "why it is in that interest (at least 10 characters)") }))
          .max(3)
          .default([])
          .openapi({ description: "To approve: at least one of the statutory interests, each with reasons" }),
        reasons: text(5000).default("").openapi({ description: "To refuse: why (at least 10 characters)" }),
        cooperationArrangements: text(10_000)
          .default("")
          .openapi({ description: "Areas in more than one police area: the co-operation arrangements" }),
        secretaryOfState: z
          .object({ agreed: z.boolean(), reference: line(100, 1), date: date("2027-03-01") })
          .optional()
          .openapi({ description: "Areas in more than one police area: the Secretary of State's agreement" }),
      })
      .openapi("DecideCombination"),
    sign: z
      .object({
        text: text(100_000, 20, "the agreement as signed (at least 20 characters)"),
        signedDate: date("2027-03-15", "YYYY-MM-DD: not after today"),
      })
      .openapi("SignCombination"),
    end: z
      .object({
        text: text(100_000, 20, "the parties' written agreement to end it (at least 20 characters)"),
        endDate: date("2029-03-31", "YYYY-MM-DD: today or later"),
      })
      .openapi("EndCombination"),
  },
};
