/** zod schemas for the decoded gRPC requests of csp.assessments.v1 (proto-loader objects, camelCase). */
import {
  classificationField,
  financialYearProblem,
  listBaseSchema,
  protoEnum,
  requestIdSchema,
  resourceName,
  reviewSchemas,
  singleLine,
  timestampField,
} from "@csp-mesh/kit";
import { z } from "zod";
import { type Content, TRENDS } from "../domain/contribution";
import { FORMATS } from "../domain/edition";
import { COMBINE_RULES, COMPILE_FROM, type Template, UNITS } from "../domain/template";

const ID = "[a-z0-9][a-z0-9-]{1,62}";
export const cycleName = resourceName("assessments");
export const contributionName = z
  .string()
  .regex(
    new RegExp(`^assessments/${ID}/contributions/${ID}$`),
    "must be a resource name like assessments/<id>/contributions/<partner id>",
  );
export const editionName = z
  .string()
  .regex(
    new RegExp(`^assessments/${ID}/editions/[1-9][0-9]{0,5}$`),
    "must be a resource name like assessments/<id>/editions/<number>",
  );
const partnerName = resourceName("partners");
const text = (max: number) => z.string().trim().max(max);
const required = (message: string) => (v: unknown) => v !== undefined || message;

const templateSchema = z
  .object({
    taxonomyVersion: text(32),
    themes: z.array(z.object({ code: text(32), title: singleLine(200) })).max(200),
    indicators: z
      .array(
        z.object({
          code: text(32),
          title: singleLine(200),
          unit: protoEnum("UNIT", UNITS).refine(required("choose the indicator's unit")),
          combine: protoEnum("COMBINE_RULE", COMBINE_RULES).refine(required("say how values combine across areas")),
        }),
      )
      .max(200),
  })
  .nullable()
  .optional()
  .transform((t) => (t ? (t as Template) : undefined));

export const openCycleSchema = z.object({
  cycle: z.object({
    year: z
      .string()
      .trim()
      .superRefine((y, ctx) => {
        const problem = financialYearProblem(y);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    title: singleLine(200, 5),
    dueTime: timestampField.refine((d) => d !== undefined, "a due time is required"),
    partners: z.array(partnerName).max(100),
    allActiveCsps: z.boolean(),
    template: templateSchema,
    compileFrom: protoEnum("COMPILE_FROM", COMPILE_FROM).transform((v) => v ?? "ACCEPTED"),
    classification: classificationField,
  }),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const cycleNameSchema = z.object({ name: cycleName });
export const listCyclesSchema = listBaseSchema.extend({ withOwnContributions: z.boolean().default(false) });

const contentSchema = z.object({
  priorities: z
    .array(
      z.object({
        rank: z.number().int(),
        code: text(32),
        emergingTitle: singleLine(200),
        rationale: text(5000),
        evidence: text(5000),
      }),
    )
    .max(50),
  indicators: z
    .array(
      z.object({
        code: text(32),
        value: z.number(),
        unit: protoEnum("UNIT", UNITS).transform((u) => u ?? ""),
        period: singleLine(40),
        trend: protoEnum("TREND", TRENDS).transform((t) => t ?? ""),
        source: singleLine(300),
      }),
    )
    .max(200),
  // int64 arrives as a decimal string (proto-loader longs: String).
  population: z.union([z.string(), z.number()]).transform(Number),
  emergingThreats: text(20_000),
  communityViews: text(20_000),
  narrative: text(20_000),
});

const asContent = (c: z.infer<typeof contentSchema>) => c as Content;

export const saveDraftSchema = z.object({
  cycle: cycleName,
  content: contentSchema.nullable().transform((c, ctx) => {
    if (c === null) ctx.addIssue({ code: "custom", message: "the content is required" });
    return asContent(c ?? ({} as never));
  }),
  requestId: requestIdSchema,
  etag: z.string().max(100),
  validateOnly: z.boolean(),
});

export const submitSchema = z.object({
  cycle: cycleName,
  content: contentSchema
    .nullable()
    .optional()
    .transform((c) => (c ? asContent(c) : undefined)),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const contributionNameSchema = z.object({ name: contributionName });
/** `assessments/-`: every cycle's (AIP-159). */
export const EVERY_CYCLE = "assessments/-";
export const listContributionsSchema = listBaseSchema.extend({
  cycle: z.union([z.literal(EVERY_CYCLE), cycleName]),
  state: protoEnum("CONTRIBUTION_STATE", ["NOT_STARTED", "DRAFT", "SUBMITTED", "RETURNED", "ACCEPTED"] as const),
});

const contributionReview = reviewSchemas(contributionName);
export const returnSchema = contributionReview.return;
export const acceptSchema = contributionReview.accept;

export const responseSchema = z.object({
  name: contributionName,
  priorityKey: z.string().min(1, "name the priority").max(240),
  response: z.string().trim().min(10, "say how the plan took it into account (at least 10 characters)").max(5000),
  planObjective: singleLine(300),
  requestId: requestIdSchema,
  /** plans/<id>/objectives/<CODE>, or "" for none; checked against the plan when recorded. */
  objective: z.string().max(200),
});

export const compilationSchema = z.object({ cycle: cycleName });

export const publishSchema = z.object({
  cycle: cycleName,
  note: text(2000),
  compilationSha256: z.union([z.literal(""), z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex")]),
  requestId: requestIdSchema,
});

export const editionNameSchema = z.object({ name: editionName });
export const listEditionsSchema = listBaseSchema.extend({
  cycle: z.union([z.literal(""), cycleName]),
});
export const exportSchema = z.object({
  name: editionName,
  format: protoEnum("EXPORT_FORMAT", FORMATS).refine(required("choose JSON, CSV or HTML")),
});
