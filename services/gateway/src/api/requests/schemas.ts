/**
 * REST schemas for report requests, their submissions, attachments and published reports (the
 * reports service behind them).
 */
import { z } from "zod";
import { classification, pathId as id, page, requestIdField, Timestamp } from "../common-schemas";
import { filename, integerParam, line, name, optionalPartnerRef, partnerRef, text } from "../fields";

const addresseeState = z.enum([
  "ADDRESSEE_STATE_REQUESTED",
  "ADDRESSEE_STATE_ACKNOWLEDGED",
  "ADDRESSEE_STATE_DRAFT",
  "ADDRESSEE_STATE_SUBMITTED",
  "ADDRESSEE_STATE_ACCEPTED",
  "ADDRESSEE_STATE_RETURNED",
  "ADDRESSEE_STATE_WITHDRAWN",
]);
const legalBasis = z.enum(["LEGAL_BASIS_INFORMAL", "LEGAL_BASIS_FORMAL_S7"]);
export const Section = z
  .object({
    id: z.string(),
    title: z.string(),
    help: z.string().default(""),
    type: z.enum([
      "SECTION_TYPE_TEXT",
      "SECTION_TYPE_NUMBER",
      "SECTION_TYPE_DATE",
      "SECTION_TYPE_SINGLE_CHOICE",
      "SECTION_TYPE_MULTIPLE_CHOICE",
    ]),
    required: z.boolean().default(false),
    maxLength: z.number().int().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z.array(z.string()).default([]),
  })
  .openapi("Section");

const SectionInput = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lower-case letters, digits and hyphens, starting with a letter"),
    title: line(300, 3),
    help: text(2000).default(""),
    type: Section.shape.type,
    required: z.boolean().default(false),
    maxLength: z.number().int().min(1).max(100_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z.array(line(200, 1)).max(50).default([]),
  })
  .openapi("SectionInput");

const FormalS7 = z
  .object({
    notSatisfiedEffectiveEfficient: z.boolean().default(false),
    reasonableAndProportionate: z.boolean().default(false),
    reasoning: text(10_000).default(""),
    publish: z.boolean().default(false),
    publicationManner: text(2000).default(""),
  })
  .openapi("FormalS7", { description: "s.7(1A) findings and the s.7(3) publication decision" });

export const Addressee = z
  .object({
    partner: z.string(),
    state: addresseeState,
    overdue: z.boolean(),
    latestVersion: z.number().int(),
    reasons: z.string(),
    updateTime: Timestamp,
  })
  .openapi("Addressee");

export const ReportRequest = z
  .object({
    name: z.string(),
    requester: z.string(),
    addressees: z.array(Addressee),
    title: z.string(),
    issueOfConcern: z.string(),
    sections: z.array(Section),
    dueTime: Timestamp,
    classification,
    legalBasis,
    formalS7: FormalS7.nullable().openapi("FormalS7OrNull"),
    withdrawn: z.boolean(),
    etag: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
    createdBy: z.string(),
    objective: z.string().openapi({ description: "The Police and Crime Plan objective it serves, or empty" }),
    objectiveTitle: z.string(),
  })
  .openapi("ReportRequest");

export const Answer = z
  .object({
    sectionId: z.string(),
    text: z.string().optional(),
    number: z.number().optional(),
    date: z.string().optional(),
    choice: z.string().optional(),
    choices: z.object({ values: z.array(z.string()) }).optional(),
  })
  .openapi("Answer", { description: "Exactly one of text, number, date, choice, choices" });

const AnswerInput = z
  .object({
    sectionId: text(63, 1),
    text: text(100_000).optional(),
    number: z.number().optional(),
    date: text(100).optional(),
    choice: text(200).optional(),
    choices: z.object({ values: z.array(text(200)).max(50) }).optional(),
  })
  .openapi("AnswerInput", { description: "Exactly one of text, number, date, choice, choices" });
const attachmentNames = z
  .array(z.string().regex(/^attachments\/[a-f0-9]{24}$/, "must be a resource name like attachments/<id>"))
  .max(20)
  .default([]);

export const AttachmentRef = z
  .object({
    name: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.string(),
    sha256: z.string(),
  })
  .openapi("AttachmentRef");

export const Submission = z
  .object({
    name: z.string(),
    reportRequest: z.string(),
    partner: z.string(),
    version: z.number().int(),
    answers: z.array(Answer),
    attachments: z.array(AttachmentRef),
    contentSha256: z.string(),
    author: z.string(),
    authorDisplayName: z.string(),
    createTime: Timestamp,
    classification,
    published: z.boolean(),
  })
  .openapi("Submission");

export const Attachment = z
  .object({
    name: z.string(),
    reportRequest: z.string(),
    partner: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.string(),
    sha256: z.string(),
    createTime: Timestamp,
  })
  .openapi("Attachment");

export const HistoryEntry = z
  .object({
    time: Timestamp,
    actor: z.string(),
    partner: z.string(),
    action: z.string(),
    fromState: z.string(),
    toState: z.string(),
    version: z.number().int(),
    reasons: z.string(),
  })
  .openapi("HistoryEntry");

export const ids = {
  request: z.object({ id }),
  // The partner as either form, as every other partner field: a submission answers with partners/<id>.
  version: z.object({ id, partner: partnerRef, version: integerParam(1, 999_999) }),
  attachment: z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) }),
};

export const queries = {
  page: z.object(page),
  requests: z.object({
    ...page,
    state: addresseeState.optional(),
    addressee: optionalPartnerRef.optional(),
    overdueOnly: z.enum(["true", "false"]).optional(),
    dueBefore: z.iso.datetime({ offset: true }).optional(),
    dueAfter: z.iso.datetime({ offset: true }).optional(),
    legalBasis: legalBasis.optional(),
    q: z.string().max(200).optional().openapi({
      description: "Words that must all appear in the title or issue of concern (case and word endings ignored)",
    }),
    classification: classification.optional(),
    awaitingPartner: z.enum(["true", "false"]).optional(),
    orderBy: z.enum(["due_time", "due_time desc", "create_time desc", "title"]).optional(),
  }),
  submissions: z.object({ ...page, partner: optionalPartnerRef.optional() }),
  upload: z.object({ filename: filename() }),
};

export const bodies = {
  createRequest: z
    .object({
      reportRequest: z.object({
        title: line(200, 5),
        issueOfConcern: text(10_000, 10, "describe the issue (at least 10 characters)"),
        addressees: z
          .array(z.object({ partner: name("partners") }))
          .max(100)
          .default([]),
        sections: z.array(SectionInput).min(1, "ask at least one question").max(100),
        dueTime: z.iso.datetime({ offset: true }).openapi({ description: "RFC 3339 time" }),
        classification: classification.default("CLASSIFICATION_OFFICIAL"),
        legalBasis,
        formalS7: FormalS7.optional(),
        objective: z
          .string()
          .max(200)
          .default("")
          .openapi({ description: "A plan objective it serves (optional): plans/<id>/objectives/<CODE>" }),
      }),
      allActiveCsps: z.boolean().default(false),
      requestId: requestIdField,
    })
    .openapi("CreateReportRequest"),
  acknowledge: z.object({ requestId: requestIdField }).openapi("Acknowledge"),
  withdraw: z
    .object({
      partner: optionalPartnerRef.default(""),
      reasons: text(5000, 5, "say why (at least 5 characters)"),
      requestId: requestIdField,
    })
    .openapi("Withdraw"),
  draft: z
    .object({ answers: z.array(AnswerInput).max(200).default([]), attachments: attachmentNames })
    .openapi("Draft"),
  submit: z
    .object({
      fromDraft: z.boolean().default(false),
      answers: z.array(AnswerInput).max(200).default([]),
      attachments: attachmentNames,
      requestId: requestIdField,
    })
    .openapi("Submit"),
  review: z
    .object({
      partner: partnerRef,
      version: z.number().int().min(1, "name the version reviewed").max(999_999),
      decision: z.enum(["REVIEW_DECISION_ACCEPT", "REVIEW_DECISION_RETURN"]),
      reasons: text(5000).default(""),
      requestId: requestIdField,
    })
    .openapi("Review"),
};

export const lists = {
  requests: z
    .object({
      reportRequests: z.array(ReportRequest),
      nextPageToken: z.string(),
      stateCounts: z.array(z.object({ state: addresseeState, count: z.number().int() })),
      overdueCount: z.number().int(),
      awaitingCount: z
        .number()
        .int()
        .openapi({ description: "Addressees still to report on requests due within the due range asked for" }),
    })
    .openapi("ReportRequestList"),
  history: z.object({ entries: z.array(HistoryEntry), nextPageToken: z.string() }).openapi("History"),
  submissions: z.object({ submissions: z.array(Submission), nextPageToken: z.string() }).openapi("SubmissionList"),
};
