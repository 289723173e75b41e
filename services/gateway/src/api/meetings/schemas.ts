/** REST schemas for priority-issue meetings, their papers, calendar feeds and actions (the meetings service behind them). */
import { z } from "zod";
import { classification, NullableTimestamp, page, requestIdField, rfc3339, Timestamp } from "../common-schemas";
import { filename, line, name, optionalName, optionalPartnerRef, partnerList, partnerRef, text } from "../fields";

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
