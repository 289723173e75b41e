/** REST schemas for plans and grant programmes: the OpenAPI document is generated from them. */
import { penceJson } from "@csp-mesh/kit";
import { z } from "zod";
import { page, pathId, requestIdField, rfc3339, Timestamp } from "../common-schemas";
import { line, partnerRef, text } from "../fields";

/** Whole pence as a JSON integer (money is never a decimal here): 3600000 is £36,000.00 (the kit's rule). */
const pence = penceJson;
const objectiveCode = z.string().regex(/^[A-Z][A-Z0-9-]{0,31}$/);
const objectiveRef = z.string().regex(/^plans\/[a-z0-9][a-z0-9-]{1,62}\/objectives\/[A-Z][A-Z0-9-]{0,31}$/);
const kind = z.enum(["PROGRAMME_KIND_ALLOCATION", "PROGRAMME_KIND_OPEN_ROUND"]);
const state = z.enum(["PROGRAMME_STATE_DRAFT", "PROGRAMME_STATE_OPEN", "PROGRAMME_STATE_CLOSED"]);
const trigger = z.enum([
  "TRANCHE_TRIGGER_ON_AGREEMENT",
  "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN",
  "TRANCHE_TRIGGER_ON_YEAR_END_RETURN",
]);

const Objective = z
  .object({ code: objectiveCode, title: z.string(), description: z.string(), name: z.string() })
  .openapi("PlanObjective");
const PlanVersion = z
  .object({
    version: z.number().int(),
    title: z.string(),
    period: z.string(),
    objectives: z.array(Objective),
    publishedBy: z.string(),
    publishTime: Timestamp,
    sha256: z.string(),
  })
  .openapi("PlanVersion");
export const Plan = z
  .object({
    name: z.string(),
    title: z.string(),
    period: z.string(),
    objectives: z.array(Objective),
    latestVersion: z.number().int(),
    versions: z.array(PlanVersion),
    createTime: Timestamp,
    updateTime: Timestamp,
    etag: z.string(),
  })
  .openapi("Plan");

const Tranche = z
  .object({ numerator: z.number().int().min(1).max(100), denominator: z.number().int().min(1).max(100), trigger })
  .openapi("Tranche");
const Criterion = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9-]{1,31}$/),
    title: line(300, 1),
    weight: z.number().int().min(1).max(10),
  })
  .openapi("GrantCriterion");
export const Programme = z
  .object({
    name: z.string(),
    year: z.string(),
    title: z.string(),
    description: z.string(),
    kind,
    state,
    budgetPence: pence,
    objectives: z.array(z.string()),
    windowOpenTime: Timestamp,
    windowCloseTime: Timestamp,
    allocations: z.array(z.object({ partner: z.string(), amountPence: pence, partnerName: z.string() })),
    projectMaxPence: pence,
    countyWideMaxPence: pence,
    questions: z.array(z.object({ code: z.string(), text: z.string() })),
    conditions: z.array(z.object({ code: z.string(), text: z.string() })),
    tranches: z.array(Tranche),
    classification: z.string(),
    unallocatedPence: pence,
    rubric: z.array(Criterion),
    minScorers: z.number().int(),
    createdBy: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
    etag: z.string(),
  })
  .openapi("GrantProgramme");

const planContent = z.object({
  title: line(200, 1),
  period: z
    .string()
    .regex(/^\d{4}-\d{4}$/)
    .openapi({ example: "2025-2029" }),
  objectives: z
    .array(z.object({ code: objectiveCode, title: line(200, 1), description: text(2000).default("") }))
    .min(1)
    .max(50),
});

export const grants = {
  ids: { plan: z.object({ id: pathId }), programme: z.object({ id: pathId }) },
  queries: {
    page: z.object(page),
    programmes: z.object({ ...page, state: z.union([z.literal(""), state]).default("") }),
  },
  lists: {
    plans: z.object({ plans: z.array(Plan), nextPageToken: z.string() }).openapi("PlanList"),
    programmes: z.object({ programmes: z.array(Programme), nextPageToken: z.string() }).openapi("GrantProgrammeList"),
  },
  bodies: {
    createPlan: z
      .object({
        planId: pathId,
        plan: planContent,
        requestId: requestIdField,
        validateOnly: z.boolean().default(false),
      })
      .openapi("CreatePlan"),
    publishVersion: z
      .object({
        plan: planContent,
        etag: z.string().max(100).default(""),
        requestId: requestIdField,
        validateOnly: z.boolean().default(false),
      })
      .openapi("PublishPlanVersion"),
    createProgramme: z
      .object({
        programmeId: pathId,
        programme: z.object({
          year: z
            .string()
            .regex(/^\d{4}\/\d{2}$/)
            .openapi({ example: "2027/28" }),
          title: line(200, 1),
          description: text(4000).default(""),
          kind,
          budgetPence: pence,
          objectives: z.array(objectiveRef).min(1).max(20),
          windowOpenTime: rfc3339,
          windowCloseTime: rfc3339,
          allocations: z
            .array(z.object({ partner: partnerRef, amountPence: pence }))
            .max(200)
            .default([]),
          projectMaxPence: pence.default(0),
          countyWideMaxPence: pence.default(0),
          questions: z
            .array(z.object({ code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/), text: line(500, 1) }))
            .max(20)
            .default([]),
          conditions: z
            .array(z.string().regex(/^[A-Z][A-Z-]{1,31}$/))
            .max(20)
            .default([])
            .openapi({ description: "Codes from the conditions library; empty: all of them" }),
          tranches: z
            .array(Tranche)
            .max(6)
            .default([])
            .openapi({ description: "Empty: 2/3 on agreement, 1/3 on the mid-year return" }),
          rubric: z.array(Criterion).max(12).default([]).openapi({
            description: "How business cases are scored (0 to 5 each, weighted); empty: the default rubric",
          }),
          minScorers: z.number().int().min(0).max(10).default(0).openapi({ description: "0: two scorers" }),
        }),
        requestId: requestIdField,
        validateOnly: z.boolean().default(false),
      })
      .openapi("CreateGrantProgramme"),
    command: z
      .object({ etag: z.string().max(100).default(""), requestId: requestIdField })
      .openapi("GrantProgrammeCommand"),
  },
};
