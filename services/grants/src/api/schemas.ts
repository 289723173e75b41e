/** zod schemas for the decoded gRPC requests of csp.grants.v1 (proto-loader objects, camelCase). */
import {
  financialYearProblem,
  listBaseSchema,
  penceField,
  protoEnum,
  requestIdSchema,
  resourceId,
  resourceName,
  reviewSchemas,
  singleLine,
  timestampField,
} from "@csp-mesh/kit";
import { z } from "zod";
import { type Content, EMPTY_CONTENT, MEASURE_UNITS } from "../domain/application";
import { RETURN_KINDS } from "../domain/monitoring";
import { PROGRAMME_KINDS, PROGRAMME_STATES, TRANCHE_TRIGGERS } from "../domain/programme";

export const planName = resourceName("plans");
export const programmeName = resourceName("programmes");
const text = (max: number) => z.string().trim().max(max);

const planContent = z.object({
  title: singleLine(200, 1, "give the plan's title"),
  period: z.string().trim(),
  objectives: z
    .array(
      z.object({
        code: z.string().trim(),
        title: singleLine(200, 1, "give the objective's title"),
        description: text(2000),
      }),
    )
    .max(50, "at most 50 objectives"),
});

export const createPlanSchema = z.object({
  planId: resourceId,
  plan: planContent,
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const publishPlanVersionSchema = z.object({
  name: planName,
  plan: planContent,
  etag: z.string().max(100),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const planNameSchema = z.object({ name: planName });
export const listSchema = listBaseSchema;

const required = (message: string) => (v: unknown) => v !== undefined || message;

export const createProgrammeSchema = z.object({
  programmeId: resourceId,
  programme: z.object({
    year: z
      .string()
      .trim()
      .superRefine((y, ctx) => {
        const problem = financialYearProblem(y);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    title: singleLine(200, 1, "give the programme's title"),
    description: text(4000),
    kind: protoEnum("PROGRAMME_KIND", PROGRAMME_KINDS).refine(required("choose ALLOCATION or OPEN_ROUND")),
    budgetPence: penceField,
    objectives: z.array(z.string()).max(20, "at most 20 objectives"),
    windowOpenTime: timestampField.refine(required("say when applications open")),
    windowCloseTime: timestampField.refine(required("say when applications close")),
    allocations: z.array(z.object({ partner: resourceName("partners"), amountPence: penceField })).max(200),
    projectMaxPence: penceField,
    countyWideMaxPence: penceField,
    questions: z.array(z.object({ code: z.string().trim(), text: singleLine(500) })).max(20),
    conditions: z.array(z.object({ code: z.string().trim() })).max(20),
    tranches: z
      .array(
        z.object({
          numerator: z.number().int(),
          denominator: z.number().int(),
          trigger: protoEnum("TRANCHE_TRIGGER", TRANCHE_TRIGGERS).refine(required("say what releases the tranche")),
        }),
      )
      .max(6, "at most six tranches"),
    rubric: z.array(z.object({ code: z.string().trim(), title: singleLine(300), weight: z.number().int() })).max(20),
    minScorers: z.number().int(),
  }),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const programmeNameSchema = z.object({ name: programmeName });
export const listProgrammesSchema = listBaseSchema.extend({ state: protoEnum("PROGRAMME_STATE", PROGRAMME_STATES) });
export const programmeCommandSchema = z.object({
  name: programmeName,
  etag: z.string().max(100),
  requestId: requestIdSchema,
});

export const applicationName = z
  .string()
  .regex(
    /^programmes\/[a-z0-9][a-z0-9-]{1,62}\/applications\/[a-z0-9][a-z0-9-]{1,62}$/,
    "must be programmes/<id>/applications/<partner id>",
  );

/** The content as the service keeps it; sizes beyond the domain's limits are refused here, in one round with the rest. */
const contentSchema = z.object({
  projects: z
    .array(
      z.object({
        title: singleLine(200),
        summary: text(5000),
        countyWide: z.boolean(),
        lines: z.array(z.object({ description: singleLine(300), amountPence: penceField })).max(50),
        measures: z
          .array(
            z.object({
              title: singleLine(200),
              unit: protoEnum("MEASURE_UNIT", MEASURE_UNITS).transform((u) => u ?? ""),
              baseline: z.number(),
              target: z.number(),
            }),
          )
          .max(50),
        objectives: z.array(z.string().max(200)).max(20),
        jsaPriorities: z.array(z.string().max(200)).max(20),
      }),
    )
    .max(50),
  answers: z.array(z.object({ code: z.string().trim().max(32), answer: text(2000) })).max(50),
  declarations: z
    .object({
      conflictOfInterest: z.boolean(),
      conflictDetails: text(2000),
      policeStaffInvolved: z.boolean(),
      policeStaffDetails: text(2000),
    })
    .nullable()
    .transform((d) => d ?? EMPTY_CONTENT.declarations),
  narrative: text(10000),
});

const asContent = (c: z.infer<typeof contentSchema>) => c as Content;

export const saveApplicationSchema = z.object({
  programme: programmeName,
  content: contentSchema.nullable().transform((c, ctx) => {
    if (c === null) ctx.addIssue({ code: "custom", message: "the content is required" });
    return asContent(c ?? ({} as never));
  }),
  etag: z.string().max(100),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const submitApplicationSchema = z.object({
  programme: programmeName,
  content: contentSchema
    .nullable()
    .optional()
    .transform((c) => (c ? asContent(c) : undefined)),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const applicationNameSchema = z.object({ name: applicationName });
/** `programmes/-`: every programme's (AIP-159). */
export const EVERY_PROGRAMME = "programmes/-";
export const listApplicationsSchema = listBaseSchema.extend({
  programme: z.union([z.literal(EVERY_PROGRAMME), programmeName]),
  state: protoEnum("APPLICATION_STATE", ["DRAFT", "SUBMITTED", "RETURNED", "ACCEPTED", "AWARDED", "DECLINED"] as const),
});

const applicationReview = reviewSchemas(applicationName);
export const returnApplicationSchema = applicationReview.return;
export const acceptApplicationSchema = applicationReview.accept;

export const declareInterestSchema = z.object({
  name: applicationName,
  conflict: z.boolean(),
  details: text(2000),
  requestId: requestIdSchema,
});

export const scoreApplicationSchema = z.object({
  name: applicationName,
  version: z.number().int().positive("the version scored is required"),
  scores: z.array(z.object({ code: z.string().trim().max(32), score: z.number().int() })).max(20),
  comment: text(5000),
  requestId: requestIdSchema,
});

export const decideApplicationSchema = z.object({
  name: applicationName,
  decision: protoEnum("DECISION", ["AWARD", "DECLINE"] as const),
  amountPence: penceField,
  reasons: text(5000),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const awardName = z
  .string()
  .regex(/^awards\/[a-z0-9][a-z0-9-]{1,126}$/, "must be awards/<programme id>-<partner id>");
export const awardNameSchema = z.object({ name: awardName });
export const listAwardsSchema = listBaseSchema.extend({ programme: z.union([z.literal(""), programmeName]) });
export const ledgerSchema = z.object({ programme: programmeName });

export const acceptAgreementSchema = z.object({
  name: awardName,
  agreementSha256: z.string().regex(/^[0-9a-f]{64}$/, "the agreement's SHA-256 as read (64 hex digits)"),
  requestId: requestIdSchema,
});
const trancheCommand = { award: awardName, number: z.number().int().min(1, "the tranche's number").max(6) };
export const proposeTrancheSchema = z.object({
  ...trancheCommand,
  amountPence: penceField,
  requestId: requestIdSchema,
});
export const approveTrancheSchema = z.object({ ...trancheCommand, requestId: requestIdSchema });
export const rejectTrancheSchema = z.object({ ...trancheCommand, reasons: text(2000), requestId: requestIdSchema });
export const recordDisbursementSchema = z.object({
  ...trancheCommand,
  paidDate: z.string().trim().max(10),
  reference: singleLine(100),
  requestId: requestIdSchema,
});

export const issueReturnSchema = z.object({
  award: awardName,
  kind: protoEnum("RETURN_KIND", RETURN_KINDS).refine((k) => k !== undefined, "choose the mid-year or year-end return"),
  dueTime: timestampField.refine((t) => t !== undefined && t.getTime() > Date.now(), "a due time in the future"),
  requestId: requestIdSchema,
});

export const closeAwardSchema = z.object({ name: awardName, requestId: requestIdSchema });
export const recordRepaymentSchema = z.object({
  name: awardName,
  amountPence: penceField,
  paidDate: z.string().trim().max(10),
  reference: singleLine(100),
  requestId: requestIdSchema,
});

/** A variation's changes; an empty part (or an amount of 0) stays as it is. */
const variationChanges = z
  .object({
    amountPence: penceField,
    purposes: z.array(singleLine(300)).max(20),
    conditions: z.array(z.string().trim().max(40)).max(20),
    tranches: z
      .array(z.object({ number: z.number().int().min(1, "the tranche's number").max(6), amountPence: penceField }))
      .max(6),
  })
  .transform((c) => ({
    amountPence: c.amountPence > 0 ? c.amountPence : undefined,
    purposes: c.purposes.length > 0 ? c.purposes : undefined,
    conditions: c.conditions.length > 0 ? c.conditions : undefined,
    tranches: c.tranches.length > 0 ? c.tranches : undefined,
  }));
const variationNumber = z.number().int().min(1, "the variation's number");
export const proposeVariationSchema = z.object({
  name: awardName,
  changes: z.preprocess((c) => c ?? { amountPence: "0", purposes: [], conditions: [], tranches: [] }, variationChanges),
  reasons: text(5000),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});
export const agreeVariationSchema = z.object({
  name: awardName,
  number: variationNumber,
  termsSha256: z.string().regex(/^[0-9a-f]{64}$/, "the varied terms' SHA-256 as read (64 hex digits)"),
  requestId: requestIdSchema,
});
export const declineVariationSchema = z.object({
  name: awardName,
  number: variationNumber,
  reasons: text(5000),
  requestId: requestIdSchema,
});
