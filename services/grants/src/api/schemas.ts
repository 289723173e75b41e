/** zod schemas for the decoded gRPC requests of csp.grants.v1 (proto-loader objects, camelCase). */
import {
  financialYearProblem,
  listBaseSchema,
  penceField,
  protoEnum,
  requestIdSchema,
  resourceId,
  resourceName,
  singleLine,
  timestampField,
} from "@csp-mesh/kit";
import { z } from "zod";
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
