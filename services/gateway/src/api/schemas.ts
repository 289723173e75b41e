/**
 * REST request and response schemas. zod validates at the edge; the same schemas generate the
 * OpenAPI 3.1 document, so the documentation cannot drift from what is checked.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { toTimestamp as timestampOf } from "@csp-mesh/kit";
import { z } from "zod";
import {
  filename,
  integerParam,
  line,
  name,
  optionalName,
  optionalPartnerRef,
  partnerList,
  partnerRef,
  text,
} from "./fields";

extendZodWithOpenApi(z);

export const Timestamp = z
  .object({ seconds: z.string(), nanos: z.number().int() })
  .openapi("Timestamp", { description: "google.protobuf.Timestamp" });
/**
 * A Timestamp that may be null, as its own component: `NullableTimestamp` would be emitted as
 * allOf [$ref, {type: [object, null]}], which generic tools (Schemathesis) cannot analyse.
 */
export const NullableTimestamp = z
  .object({ seconds: z.string(), nanos: z.number().int() })
  .nullable()
  .openapi("NullableTimestamp", { description: "google.protobuf.Timestamp, or null when not set" });
export const classification = z.enum(["CLASSIFICATION_OFFICIAL", "CLASSIFICATION_OFFICIAL_SENSITIVE"]);
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
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
export const requestIdField = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9._-]*$/)
  .default("");

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), description: z.string() })).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

export const Partner = z
  .object({
    name: z.string(),
    displayName: z.string(),
    kind: z.string(),
    authoritySubtype: z.string(),
    status: z.string(),
    mergedInto: z.string(),
    members: z.array(z.string()),
    classification,
    etag: z.string(),
    demo: z.boolean(),
  })
  .openapi("Partner");

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

export const page = {
  pageSize: integerParam(0, 500)
    .default(0)
    .openapi({ type: "integer", minimum: 0, maximum: 500, default: 0, description: "0: the service's default" }),
  pageToken: z.string().max(2000).default(""),
};

export const ids = {
  request: z.object({ id }),
  partner: z.object({ id }),
  version: z.object({ id, partner: id, version: integerParam(1, 999_999) }),
  attachment: z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) }),
};

export const queries = {
  page: z.object(page),
  partners: z.object({
    ...page,
    kind: z
      .enum([
        "PARTNER_KIND_CSP",
        "PARTNER_KIND_COUNTY_CSP",
        "PARTNER_KIND_RESPONSIBLE_AUTHORITY",
        "PARTNER_KIND_OPCC",
        "PARTNER_KIND_POLICE_AND_CRIME_PANEL",
      ])
      .optional(),
    status: z.enum(["PARTNER_STATUS_ACTIVE", "PARTNER_STATUS_MERGED"]).optional(),
  }),
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
  partners: z.object({ partners: z.array(Partner), nextPageToken: z.string() }).openapi("PartnerList"),
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

/** gRPC Timestamp from an RFC 3339 string. */
export const toTimestamp = (iso: string) => timestampOf(new Date(Date.parse(iso)));

// ---- meetings ------------------------------------------------------------------------------
const meetingState = z.enum([
  "MEETING_STATE_DRAFT",
  "MEETING_STATE_CONVENED",
  "MEETING_STATE_HELD",
  "MEETING_STATE_MINUTES_APPROVED",
  "MEETING_STATE_CANCELLED",
]);
const invitationState = z.enum([
  "INVITATION_STATE_INVITED",
  "INVITATION_STATE_ACCEPTED",
  "INVITATION_STATE_DELEGATED",
  "INVITATION_STATE_DECLINED",
  "INVITATION_STATE_NO_RESPONSE",
]);
const attendance = z.enum([
  "ATTENDANCE_UNSPECIFIED",
  "ATTENDANCE_PRESENT",
  "ATTENDANCE_APOLOGIES",
  "ATTENDANCE_ABSENT",
]);
const actionStatus = z.enum(["ACTION_STATUS_OPEN", "ACTION_STATUS_DONE", "ACTION_STATUS_DROPPED"]);
export const rfc3339 = z.iso.datetime({ offset: true }).openapi({ description: "RFC 3339 time" });
/** The meetings service's limit (domain/agenda.ts MAX_ITEMS). */
const MAX_AGENDA_ITEMS = 50;
const meetingId = z.string().regex(/^m-[a-z0-9][a-z0-9-]{1,60}$/);
const actionId = z.string().regex(/^a-[a-z0-9][a-z0-9-]{1,60}$/);

const AgendaItem = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    presenter: z.string(),
    minutesAllotted: z.number().int(),
    links: z.array(z.string()),
  })
  .openapi("AgendaItem");

export const Paper = z
  .object({
    name: z.string(),
    meeting: z.string(),
    agendaItem: z.string(),
    title: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.string(),
    sha256: z.string(),
    classification,
    audience: z.array(z.string()),
    releasedToPanel: z.boolean(),
    uploadedBy: z.string(),
    createTime: Timestamp,
  })
  .openapi("Paper");

export const CalendarFeed = z
  .object({
    partner: z.string(),
    active: z.boolean(),
    secret: z.string().openapi({ description: "Only when issued: the secret in the feed address" }),
    url: z.string().openapi({ description: "Only when issued: the address to subscribe to" }),
    issuedBy: z.string(),
    issueTime: NullableTimestamp,
  })
  .openapi("CalendarFeed");

export const Meeting = z
  .object({
    name: z.string(),
    title: z.string(),
    purpose: z.string(),
    basis: z.enum(["MEETING_BASIS_REG_14A_REQUIREMENT", "MEETING_BASIS_INVITATION"]),
    state: meetingState,
    startTime: Timestamp,
    endTime: Timestamp,
    place: z.string(),
    onlineJoining: z.string(),
    classification,
    convener: z.string(),
    responseDeadline: Timestamp,
    invitations: z.array(
      z.object({
        partner: z.string(),
        state: invitationState,
        representative: z.string(),
        reasons: z.string(),
        nonCompliance: z.boolean(),
        respondedBy: z.string(),
        respondTime: NullableTimestamp,
        attendance,
        attendee: z.string(),
      }),
    ),
    reschedules: z.array(
      z.object({
        previousStartTime: Timestamp,
        previousEndTime: Timestamp,
        reason: z.string(),
        actor: z.string(),
        time: Timestamp,
      }),
    ),
    sequence: z.number().int(),
    minutes: z
      .object({
        text: z.string(),
        decisions: z.array(z.string()),
        approved: z.boolean(),
        sha256: z.string(),
        approvedBy: z.string(),
        approveTime: NullableTimestamp,
        circulated: z.boolean(),
        circulateTime: NullableTimestamp,
        comments: z.array(
          z.object({
            partner: z.string(),
            author: z.string(),
            authorDisplayName: z.string(),
            text: z.string(),
            time: Timestamp,
          }),
        ),
      })
      .nullable(),
    agenda: z.object({
      items: z.array(AgendaItem),
      version: z.number().int(),
      publishTime: NullableTimestamp,
      unpublishedChanges: z.boolean(),
    }),
    agendaVersions: z.array(
      z.object({
        version: z.number().int(),
        items: z.array(AgendaItem),
        publishedBy: z.string(),
        publishTime: Timestamp,
        note: z.string(),
      }),
    ),
    cancelReason: z.string(),
    allActiveCsps: z.boolean(),
    etag: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
  })
  .openapi("Meeting");

export const Action = z
  .object({
    name: z.string(),
    meeting: z.string(),
    owner: z.string(),
    description: z.string(),
    dueTime: Timestamp,
    status: actionStatus,
    reasons: z.string(),
    updates: z.array(
      z.object({
        time: Timestamp,
        actor: z.string(),
        actorDisplayName: z.string(),
        note: z.string(),
        status: actionStatus,
      }),
    ),
    overdue: z.boolean(),
    classification,
    etag: z.string(),
    createTime: Timestamp,
    updateTime: Timestamp,
  })
  .openapi("Action");

export const meetings = {
  ids: {
    meeting: z.object({ id: meetingId }),
    action: z.object({ id: actionId }),
    paper: z.object({ id: meetingId, paperId: z.string().regex(/^[a-f0-9]{24}$/) }),
  },
  queries: {
    meetings: z.object({ ...page, state: meetingState.optional() }),
    paperUpload: z.object({
      agendaItem: z.string().regex(/^item-[1-9][0-9]{0,3}$/),
      title: line(200, 3, "give the paper a title (at least 3 characters)"),
      filename: filename(),
      classification: classification.optional(),
      audience: partnerList
        .optional()
        .openapi({ description: "Comma-separated partnerships that may see it (default: every invitee)" }),
    }),
    pack: z.object({ partner: optionalPartnerRef.optional() }),
    actions: z.object({ ...page, status: actionStatus.optional(), meeting: optionalName("meetings").optional() }),
  },
  lists: {
    meetings: z.object({ meetings: z.array(Meeting), nextPageToken: z.string() }).openapi("MeetingList"),
    actions: z.object({ actions: z.array(Action), nextPageToken: z.string() }).openapi("ActionList"),
    papers: z.object({ papers: z.array(Paper) }).openapi("PaperList"),
  },
  bodies: {
    create: z
      .object({
        meeting: z.object({
          title: line(200, 5),
          purpose: text(10_000, 10, "describe the priority issues to discuss (at least 10 characters)"),
          basis: z.enum(["MEETING_BASIS_REG_14A_REQUIREMENT", "MEETING_BASIS_INVITATION"]),
          startTime: rfc3339,
          endTime: rfc3339,
          responseDeadline: rfc3339,
          place: line(500).default(""),
          onlineJoining: text(2000).default(""),
          classification: classification.default("CLASSIFICATION_OFFICIAL"),
          invitations: z
            .array(z.object({ partner: partnerRef }))
            .max(100)
            .default([]),
          allActiveCsps: z.boolean().default(false),
        }),
        requestId: requestIdField,
      })
      .openapi("CreateMeeting"),
    command: z.object({ requestId: requestIdField }).openapi("MeetingCommand"),
    respond: z
      .object({
        response: z.enum(["INVITATION_STATE_ACCEPTED", "INVITATION_STATE_DELEGATED", "INVITATION_STATE_DECLINED"]),
        representative: line(200).default(""),
        reasons: text(2000).default(""),
        requestId: requestIdField,
      })
      .openapi("RespondToInvitation"),
    reschedule: z
      .object({
        startTime: rfc3339,
        endTime: rfc3339,
        responseDeadline: rfc3339.optional(),
        reason: text(2000, 5, "say why the meeting is moving (at least 5 characters)"),
        requestId: requestIdField,
      })
      .openapi("RescheduleMeeting"),
    cancel: z
      .object({
        reason: text(2000, 5, "say why the meeting is cancelled (at least 5 characters)"),
        requestId: requestIdField,
      })
      .openapi("CancelMeeting"),
    attendance: z
      .object({
        attendance: z
          .array(
            z.object({
              partner: partnerRef,
              attendance: attendance.exclude(["ATTENDANCE_UNSPECIFIED"]),
              attendee: line(200).default(""),
            }),
          )
          .min(1, "record at least one partnership")
          .max(100),
        requestId: requestIdField,
      })
      .openapi("RecordAttendance"),
    minutes: z
      .object({
        text: text(100_000, 1, "write the minutes"),
        decisions: z.array(text(2000, 1)).max(200).default([]),
      })
      .openapi("SaveMinutes"),
    comment: z
      .object({ text: text(5000, 2, "write the comment (at least 2 characters)"), requestId: requestIdField })
      .openapi("CommentOnMinutes"),
    agenda: z
      .object({
        items: z
          .array(
            z.object({
              id: z
                .string()
                .regex(/^(item-[1-9][0-9]{0,3})?$/, "an item id like item-3, or empty for a new item")
                .default(""),
              title: line(200, 3, "give the item a title (at least 3 characters)"),
              description: text(5000).default(""),
              presenter: optionalPartnerRef.default(""),
              minutesAllotted: z.number().int().min(0).max(480).default(0),
              links: z.array(text(200)).max(10).default([]),
            }),
          )
          .max(MAX_AGENDA_ITEMS),
      })
      .openapi("SaveAgenda"),
    publishAgenda: z.object({ note: text(2000).default(""), requestId: requestIdField }).openapi("PublishAgenda"),
    createAction: z
      .object({
        action: z.object({
          meeting: name("meetings"),
          owner: partnerRef,
          description: text(5000, 5, "describe the action (at least 5 characters)"),
          dueTime: rfc3339,
        }),
        requestId: requestIdField,
      })
      .openapi("CreateAction"),
    updateAction: z
      .object({
        status: actionStatus.optional(),
        note: text(5000).default(""),
        reasons: text(2000).default(""),
        requestId: requestIdField,
      })
      .openapi("UpdateAction"),
  },
};
