/** REST schemas for business cases (grant applications): the OpenAPI document is generated from them. */
import { penceJson } from "@csp-mesh/kit";
import { z } from "zod";
import { classification, NullableTimestamp, page, pathId, requestIdField, Timestamp } from "../common-schemas";
import { line, text } from "../fields";

const pence = penceJson;
const objectiveRef = z.string().regex(/^plans\/[a-z0-9][a-z0-9-]{1,62}\/objectives\/[A-Z][A-Z0-9-]{0,31}$/);
const priorityRef = z
  .string()
  .regex(/^assessments\/[a-z0-9][a-z0-9-]{1,62}\/priorities\/[A-Z][A-Z0-9_-]{1,31}$/)
  .openapi({ example: "assessments/jsa-2026/priorities/VAWG" });
const unit = z.enum(["MEASURE_UNIT_COUNT", "MEASURE_UNIT_PERCENT"]);
const state = z.enum([
  "APPLICATION_STATE_DRAFT",
  "APPLICATION_STATE_SUBMITTED",
  "APPLICATION_STATE_RETURNED",
  "APPLICATION_STATE_ACCEPTED",
  "APPLICATION_STATE_AWARDED",
  "APPLICATION_STATE_DECLINED",
]);
const decision = z.enum(["DECISION_AWARD", "DECISION_DECLINE"]);
const CriterionScore = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9-]{1,31}$/),
  score: z.number().int().min(0).max(5),
});

const Assessment = z
  .object({
    interests: z.array(
      z.object({
        scorer: z.string(),
        scorerDisplayName: z.string(),
        conflict: z.boolean(),
        details: z.string(),
        declareTime: Timestamp,
      }),
    ),
    scorings: z.array(
      z.object({
        scorer: z.string(),
        scorerDisplayName: z.string(),
        version: z.number().int(),
        scores: z.array(CriterionScore),
        weightedTotal: z.number().int(),
        comment: z.string(),
        scoreTime: Timestamp,
      }),
    ),
    maxTotal: z.number().int(),
    meanTotal: z.number().int(),
  })
  .openapi("GrantApplicationAssessment");

const Decision = z
  .object({
    decision,
    amountPence: pence,
    reasons: z.string(),
    decidedBy: z.string(),
    decidedByDisplayName: z.string(),
    decideTime: Timestamp,
    award: z.string(),
  })
  .openapi("GrantApplicationDecision");
const figure = z.number().min(0).max(1e12);

/** A business case as sent: whole pence for every cost line. */
const ContentIn = z
  .object({
    projects: z
      .array(
        z.object({
          title: line(200, 1),
          summary: text(5000).default(""),
          countyWide: z.boolean().default(false),
          lines: z.array(z.object({ description: line(300, 1), amountPence: pence })).max(20),
          measures: z
            .array(z.object({ title: line(200, 1), unit, baseline: figure, target: figure }))
            .max(10)
            .default([]),
          objectives: z.array(objectiveRef).max(20).default([]),
          jsaPriorities: z.array(priorityRef).max(20).default([]),
        }),
      )
      .max(10),
    answers: z
      .array(z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/), answer: text(2000) }))
      .max(20)
      .default([]),
    declarations: z
      .object({
        conflictOfInterest: z.boolean().default(false),
        conflictDetails: text(2000).default(""),
        policeStaffInvolved: z.boolean().default(false),
        policeStaffDetails: text(2000).default(""),
      })
      .default({ conflictOfInterest: false, conflictDetails: "", policeStaffInvolved: false, policeStaffDetails: "" }),
    narrative: text(10000).default(""),
  })
  .openapi("GrantApplicationContent");

const ContentOut = z
  .object({
    projects: z.array(
      z.object({
        title: z.string(),
        summary: z.string(),
        countyWide: z.boolean(),
        lines: z.array(z.object({ description: z.string(), amountPence: pence })),
        measures: z.array(
          z.object({
            title: z.string(),
            unit: z.union([unit, z.literal("MEASURE_UNIT_UNSPECIFIED")]),
            baseline: z.number(),
            target: z.number(),
          }),
        ),
        objectives: z.array(z.string()),
        jsaPriorities: z.array(z.string()),
        requestedPence: pence,
      }),
    ),
    answers: z.array(z.object({ code: z.string(), answer: z.string() })),
    declarations: z.object({
      conflictOfInterest: z.boolean(),
      conflictDetails: z.string(),
      policeStaffInvolved: z.boolean(),
      policeStaffDetails: z.string(),
    }),
    narrative: z.string(),
    requestedPence: pence,
  })
  .openapi("GrantApplicationContentView");

export const Application = z
  .object({
    name: z.string(),
    programme: z.string(),
    partner: z.string(),
    partnerDisplayName: z.string(),
    state,
    draft: ContentOut.nullable(),
    unsubmittedChanges: z.boolean(),
    versions: z.array(
      z.object({
        version: z.number().int(),
        sha256: z.string(),
        author: z.string(),
        authorDisplayName: z.string(),
        submitTime: Timestamp,
        content: ContentOut,
        outcome: state,
        returnReasons: z.string(),
        reviewedBy: z.string(),
        reviewTime: NullableTimestamp,
      }),
    ),
    requestedPence: pence,
    classification,
    createTime: Timestamp,
    updateTime: Timestamp,
    etag: z.string(),
    assessment: Assessment.nullable().openapi({ description: "Declarations and scores: the OPCC's only" }),
    decision: Decision.nullable(),
  })
  .openapi("GrantApplication");

const version = z.number().int().min(1).max(999_999);

export const applications = {
  ids: { application: z.object({ id: pathId, partner: pathId }) },
  queries: { list: z.object({ ...page, state: z.union([z.literal(""), state]).default("") }) },
  list: z
    .object({ applications: z.array(Application), nextPageToken: z.string(), totalSize: z.number().int() })
    .openapi("GrantApplicationList"),
  bodies: {
    draft: z
      .object({
        content: ContentIn,
        etag: z.string().max(100).default(""),
        requestId: requestIdField,
        validateOnly: z.boolean().default(false),
      })
      .openapi("SaveGrantApplicationDraft"),
    submit: z
      .object({ content: ContentIn.optional(), requestId: requestIdField, validateOnly: z.boolean().default(false) })
      .openapi("SubmitGrantApplication"),
    return: z
      .object({
        version,
        reasons: text(5000, 10, "say what must change (at least 10 characters)"),
        requestId: requestIdField,
      })
      .openapi("ReturnGrantApplication"),
    accept: z.object({ version, requestId: requestIdField }).openapi("AcceptGrantApplication"),
    interest: z
      .object({
        conflict: z.boolean(),
        details: text(2000).default("").openapi({ description: "What the conflict is (required with one)" }),
        requestId: requestIdField,
      })
      .openapi("DeclareGrantInterest"),
    score: z
      .object({
        version,
        scores: z.array(CriterionScore).max(12),
        comment: text(5000).default(""),
        requestId: requestIdField,
      })
      .openapi("ScoreGrantApplication"),
    decide: z
      .object({
        decision,
        amountPence: pence.default(0),
        reasons: text(5000, 10, "give the reasons for the decision (at least 10 characters)"),
        requestId: requestIdField,
        validateOnly: z.boolean().default(false),
      })
      .openapi("DecideGrantApplication"),
  },
};
