/** zod schemas for the decoded gRPC requests of csp.reports.v1 (proto-loader objects, camelCase). */
import {
  classificationField,
  classificationFilter,
  listBaseSchema,
  protoEnum,
  requestIdSchema,
  resourceName,
  singleLine,
  timestampField,
  uploadFilename,
  uploadMessage,
} from "@csp-mesh/kit";
import { z } from "zod";
import { ADDRESSEE_STATES } from "../domain/lifecycle";
import { LEGAL_BASES } from "../domain/report-request";
import { MAX_QUERY_TERMS, queryTerms } from "../domain/search-terms";
import { MAX_TEXT_LIMIT, SECTION_TYPES, type Section } from "../domain/sections";

export const REQUEST_ID = /^reportRequests\/[a-z0-9][a-z0-9-]{1,62}$/;
export const requestName = z.string().regex(REQUEST_ID, "must be a resource name like reportRequests/<id>");
export const partnerName = resourceName("partners");
export const attachmentName = z
  .string()
  .regex(/^attachments\/[a-f0-9]{24}$/, "must be a resource name like attachments/<id>");

const timestamp = timestampField;

const section = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lower-case letters, digits and hyphens, starting with a letter"),
    title: singleLine(300, 3),
    help: z.string().max(2000),
    type: protoEnum("SECTION_TYPE", SECTION_TYPES).refine((v) => v !== undefined, "choose a question type"),
    required: z.boolean(),
    maxLength: z.number().int().min(1).max(MAX_TEXT_LIMIT).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    options: z.array(singleLine(200, 1)).max(50),
  })
  .transform((s): Section => ({ ...s, type: s.type as Section["type"] }));

const formalS7 = z
  .object({
    notSatisfiedEffectiveEfficient: z.boolean(),
    reasonableAndProportionate: z.boolean(),
    reasoning: z.string().max(10_000),
    publish: z.boolean(),
    publicationManner: z.string().max(2000),
  })
  .nullable()
  .optional()
  .transform((v) => v ?? undefined);

export const createRequestSchema = z.object({
  reportRequest: z.object({
    title: singleLine(200, 5),
    issueOfConcern: z.string().trim().min(10, "describe the issue (at least 10 characters)").max(10_000),
    addressees: z.array(z.object({ partner: partnerName })).max(100),
    sections: z.array(section).min(1, "ask at least one question").max(100),
    dueTime: timestamp.refine((d) => d !== undefined, "a due time is required"),
    classification: classificationField,
    legalBasis: protoEnum("LEGAL_BASIS", LEGAL_BASES).refine((v) => v !== undefined, "choose INFORMAL or FORMAL_S7"),
    formalS7,
    objective: z.string().trim().max(200),
  }),
  allActiveCsps: z.boolean(),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const getRequestSchema = z.object({ name: requestName });

export const exportAnswersSchema = z.object({
  name: requestName,
  forDownload: z.boolean(),
  format: z.union([z.literal(""), z.enum(["csv", "json"])]),
});

export const listRequestsSchema = listBaseSchema.extend({
  state: protoEnum("ADDRESSEE_STATE", ADDRESSEE_STATES),
  addressee: z.union([z.literal(""), partnerName]),
  overdueOnly: z.boolean(),
  dueBefore: timestamp,
  legalBasis: protoEnum("LEGAL_BASIS", LEGAL_BASES),
  query: z
    .string()
    .max(200, "at most 200 characters")
    .refine((q) => queryTerms(q).length <= MAX_QUERY_TERMS, `at most ${MAX_QUERY_TERMS} words`)
    .refine((q) => q.trim() === "" || queryTerms(q).length > 0, "give a word of 2 letters or more to search for"),
  classification: classificationFilter,
  dueAfter: timestamp,
  awaitingPartner: z.boolean(),
  orderBy: z.enum(["", "due_time", "due_time desc", "create_time desc", "title"], {
    error: 'one of "due_time", "due_time desc", "create_time desc" or "title"',
  }),
});

export const historySchema = listBaseSchema.extend({ name: requestName });

export const withdrawSchema = z.object({
  name: requestName,
  partner: z.union([z.literal(""), partnerName]),
  reasons: z.string().trim().min(5, "say why (at least 5 characters)").max(5000),
  requestId: requestIdSchema,
});

export const acknowledgeSchema = z.object({ name: requestName, requestId: requestIdSchema });

/** A proto Answer; which oneof member is set is in `value`. */
export const answerSchema = z.object({
  sectionId: z.string().min(1, "required").max(63),
  value: z.enum(["text", "number", "date", "choice", "choices"], { error: "give an answer value" }).optional(),
  text: z.string().optional(),
  number: z.number().optional(),
  date: z.string().optional(),
  choice: z.string().optional(),
  choices: z
    .object({ values: z.array(z.string()) })
    .nullable()
    .optional(),
});
export type ProtoAnswer = z.infer<typeof answerSchema>;

const answers = z.array(answerSchema).max(200);
const attachmentNames = z.array(attachmentName).max(20, "at most 20 attachments");

export const saveDraftSchema = z.object({ parent: requestName, answers, attachments: attachmentNames });
export const getDraftSchema = z.object({ parent: requestName });

export const submitSchema = z
  .object({
    parent: requestName,
    fromDraft: z.boolean(),
    answers,
    attachments: attachmentNames,
    requestId: requestIdSchema,
  })
  .refine((r) => !r.fromDraft || (r.answers.length === 0 && r.attachments.length === 0), {
    path: ["answers"],
    message: "give either from_draft or answers, not both",
  });

export const SUBMISSION_NAME =
  /^(reportRequests\/[a-z0-9][a-z0-9-]{1,62})\/submissions\/([a-z0-9][a-z0-9-]{1,62})\/versions\/(\d{1,6})$/;
export const getSubmissionSchema = z.object({
  name: z.string().regex(SUBMISSION_NAME, "must be reportRequests/<id>/submissions/<partner-id>/versions/<n>"),
});

export const listSubmissionsSchema = listBaseSchema.extend({
  parent: requestName,
  partner: z.union([z.literal(""), partnerName]),
});

export const reviewSchema = z
  .object({
    name: requestName,
    partner: partnerName,
    version: z.number().int().min(1, "name the version reviewed"),
    decision: protoEnum("REVIEW_DECISION", ["ACCEPT", "RETURN"] as const).refine(
      (v) => v !== undefined,
      "choose ACCEPT or RETURN",
    ),
    reasons: z.string().trim().max(5000),
    requestId: requestIdSchema,
  })
  .refine((r) => r.decision !== "RETURN" || r.reasons.length >= 5, {
    path: ["reasons"],
    message: "say why the report is returned (at least 5 characters)",
  });

export const listPublishedSchema = listBaseSchema;

export const uploadMessageSchema = uploadMessage(z.object({ parent: requestName, filename: uploadFilename }));

export const downloadSchema = z.object({ name: attachmentName });
