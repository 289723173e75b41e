/** REST schemas for joint strategic assessments: the OpenAPI document is generated from them. */
import { z } from "zod";
import { classification, NullableTimestamp, page, requestIdField, rfc3339, Timestamp } from "../common-schemas";
import { integerParam, line, partnerRef, text } from "../fields";

const cycleId = z.string().regex(/^a-[0-9]{4}-[0-9]{2}-[a-f0-9]{8}$/);
const partnerId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
const code = z.string().regex(/^[A-Z][A-Z0-9_-]{1,31}$/);
const unit = z.enum(["UNIT_COUNT", "UNIT_RATE_PER_1000", "UNIT_PERCENT", "UNIT_GBP"]);
const combine = z.enum(["COMBINE_RULE_SUM", "COMBINE_RULE_POPULATION_WEIGHTED_MEAN", "COMBINE_RULE_NOT_COMBINABLE"]);
const trend = z.enum(["TREND_UNSPECIFIED", "TREND_RISING", "TREND_STABLE", "TREND_FALLING"]);
const compileFrom = z.enum(["COMPILE_FROM_ACCEPTED", "COMPILE_FROM_SUBMITTED"]);
const state = z.enum([
  "CONTRIBUTION_STATE_NOT_STARTED",
  "CONTRIBUTION_STATE_DRAFT",
  "CONTRIBUTION_STATE_SUBMITTED",
  "CONTRIBUTION_STATE_RETURNED",
  "CONTRIBUTION_STATE_ACCEPTED",
]);

const Template = z
  .object({
    taxonomyVersion: z
      .string()
      .regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$/, 'a version such as "2026.1" (letters, digits, ".", "_", "-")'),
    themes: z
      .array(z.object({ code, title: line(200, 1) }))
      .min(1)
      .max(50),
    indicators: z.array(z.object({ code, title: line(200, 1), unit, combine })).max(50),
  })
  .openapi("AssessmentTemplate");

export const Cycle = z
  .object({
    name: z.string(),
    year: z.string(),
    title: z.string(),
    dueTime: Timestamp,
    partners: z.array(z.string()),
    allActiveCsps: z.boolean(),
    template: Template,
    compileFrom,
    classification,
    owner: z.string(),
    createdBy: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
    etag: z.string(),
    partnerDisplayNames: z.record(z.string(), z.string()),
  })
  .openapi("AssessmentCycle");

const Content = z
  .object({
    priorities: z
      .array(
        z.object({
          rank: z.number().int().min(1).max(10),
          code: z.union([z.literal(""), code]).default(""),
          emergingTitle: line(200).default(""),
          rationale: text(5000).default(""),
          evidence: text(5000).default(""),
        }),
      )
      .max(10),
    indicators: z
      .array(
        z.object({
          code,
          value: z.number(),
          unit,
          period: line(40).default(""),
          trend: trend.default("TREND_UNSPECIFIED"),
          source: line(300).default(""),
        }),
      )
      .max(50)
      .default([]),
    population: z.number().int().min(0).max(10_000_000).default(0),
    emergingThreats: text(20_000).default(""),
    communityViews: text(20_000).default(""),
    narrative: text(20_000).default(""),
  })
  .openapi("AssessmentContent");

const ContentOut = z
  .object({
    priorities: z.array(
      z.object({
        rank: z.number().int(),
        code: z.string(),
        emergingTitle: z.string(),
        rationale: z.string(),
        evidence: z.string(),
        key: z.string(),
      }),
    ),
    indicators: z.array(
      z.object({
        code: z.string(),
        value: z.number(),
        unit,
        period: z.string(),
        trend,
        source: z.string(),
      }),
    ),
    population: z.string().openapi({ description: "int64 as a decimal string" }),
    emergingThreats: z.string(),
    communityViews: z.string(),
    narrative: z.string(),
  })
  .openapi("AssessmentContentView");
const NullableContent = ContentOut.nullable().openapi("AssessmentContentViewOrNull");

export const Contribution = z
  .object({
    name: z.string(),
    cycle: z.string(),
    partner: z.string(),
    state,
    draft: NullableContent,
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
    responses: z.array(
      z.object({
        priorityKey: z.string(),
        priorityTitle: z.string(),
        response: z.string(),
        planObjective: z.string(),
        objective: z.string(),
        objectiveTitle: z.string(),
        recordedBy: z.string(),
        recordTime: Timestamp,
      }),
    ),
    classification,
    updateTime: Timestamp,
    etag: z.string(),
  })
  .openapi("AssessmentContribution");

const Provenance = z.object({
  partner: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  rank: z.number().int(),
  value: z.number(),
  period: z.string(),
  trend,
  source: z.string(),
  population: z.string(),
});

export const Compilation = z
  .object({
    name: z.string(),
    cycle: z.string(),
    compileFrom,
    taxonomyVersion: z.string(),
    inputs: z.array(z.object({ partner: z.string(), version: z.number().int(), sha256: z.string(), state })),
    gaps: z.array(z.string()),
    priorities: z.array(
      z.object({
        position: z.number().int(),
        key: z.string(),
        title: z.string(),
        emerging: z.boolean(),
        score: z.number().int(),
        partnerCount: z.number().int(),
        partners: z.array(z.string()),
        bestRank: z.number().int(),
        provenance: z.array(Provenance),
      }),
    ),
    indicators: z.array(
      z.object({
        code: z.string(),
        title: z.string(),
        unit,
        combine,
        combined: z.boolean(),
        value: z.number(),
        areas: z.number().int(),
        provenance: z.array(Provenance),
      }),
    ),
    sha256: z.string(),
    compileTime: NullableTimestamp,
  })
  .openapi("AssessmentCompilation");

export const Edition = z
  .object({
    name: z.string(),
    cycle: z.string(),
    number: z.number().int(),
    year: z.string(),
    title: z.string(),
    note: z.string(),
    compilation: Compilation,
    inputs: z.array(
      z.object({ partner: z.string(), version: z.number().int(), sha256: z.string(), content: ContentOut }),
    ),
    sha256: z.string(),
    publishedBy: z.string(),
    publishedByDisplayName: z.string(),
    publishTime: Timestamp,
    classification,
    partnerDisplayNames: z.record(z.string(), z.string()),
  })
  .openapi("AssessmentEdition");

export const Progress = z
  .object({
    cycle: z.string(),
    partners: z.array(
      z.object({
        partner: z.string(),
        state,
        latestVersion: z.number().int(),
        lastSubmitTime: NullableTimestamp,
        overdue: z.boolean(),
        unansweredPriorities: z.array(z.string()),
        contribution: z.string(),
      }),
    ),
  })
  .openapi("AssessmentProgress");

export const assessments = {
  ids: {
    cycle: z.object({ id: cycleId }),
    contribution: z.object({ id: cycleId, partner: partnerId }),
    edition: z.object({ id: cycleId, number: integerParam(1, 999_999) }),
  },
  queries: {
    page: z.object(page),
    export: z.object({ format: z.enum(["json", "csv", "html"]).default("json") }),
  },
  lists: {
    cycles: z.object({ cycles: z.array(Cycle), nextPageToken: z.string() }).openapi("AssessmentCycleList"),
    contributions: z
      .object({ contributions: z.array(Contribution), nextPageToken: z.string() })
      .openapi("AssessmentContributionList"),
    editions: z.object({ editions: z.array(Edition), nextPageToken: z.string() }).openapi("AssessmentEditionList"),
  },
  bodies: {
    open: z
      .object({
        cycle: z.object({
          year: z
            .string()
            .regex(/^\d{4}\/\d{2}$/)
            .openapi({ example: "2026/27" }),
          title: line(200, 5),
          dueTime: rfc3339,
          partners: z.array(partnerRef).max(100).default([]),
          allActiveCsps: z.boolean().default(false),
          template: Template.optional().openapi({ description: "Default: the mesh's taxonomy 2026.1 and indicators" }),
          compileFrom: compileFrom.default("COMPILE_FROM_ACCEPTED"),
          classification: classification.default("CLASSIFICATION_OFFICIAL"),
        }),
        requestId: requestIdField,
        validateOnly: z.boolean().default(false),
      })
      .openapi("OpenAssessmentCycle"),
    draft: z
      .object({
        content: Content,
        requestId: requestIdField,
        etag: z.string().max(100).default(""),
        validateOnly: z.boolean().default(false),
      })
      .openapi("SaveContributionDraft"),
    submit: z
      .object({ content: Content.optional(), requestId: requestIdField, validateOnly: z.boolean().default(false) })
      .openapi("SubmitContribution"),
    return: z
      .object({
        version: z.number().int().min(1).max(999_999),
        reasons: text(5000, 10, "say what must change (at least 10 characters)"),
        requestId: requestIdField,
      })
      .openapi("ReturnContribution"),
    accept: z
      .object({ version: z.number().int().min(1).max(999_999), requestId: requestIdField })
      .openapi("AcceptContribution"),
    response: z
      .object({
        priorityKey: text(240, 1),
        response: text(5000, 10, "say how the plan took it into account (at least 10 characters)"),
        planObjective: line(300).default(""),
        objective: z
          .union([
            z.literal(""),
            z.string().regex(/^plans\/[a-z0-9][a-z0-9-]{1,62}\/objectives\/[A-Z][A-Z0-9-]{0,31}$/),
          ])
          .default("")
          .openapi({ description: "The plan objective: plans/<id>/objectives/<CODE>" }),
        requestId: requestIdField,
      })
      .openapi("RecordPriorityResponse"),
    publish: z
      .object({
        note: text(2000).default(""),
        compilationSha256: z.union([z.literal(""), z.string().regex(/^[0-9a-f]{64}$/)]).default(""),
        requestId: requestIdField,
      })
      .openapi("PublishEdition"),
  },
};
