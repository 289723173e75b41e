/** zod schemas for the decoded gRPC requests of csp.meetings.v1 (proto-loader objects, camelCase). */
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
import { MAX_ITEMS } from "../domain/agenda";
import { ACTION_STATUSES, ATTENDANCE, BASES, MEETING_STATES, RESPONSES } from "../domain/meeting";

export const meetingName = z
  .string()
  .regex(/^meetings\/[a-z0-9][a-z0-9-]{1,62}$/, "must be a resource name like meetings/<id>");
export const actionName = z
  .string()
  .regex(/^actions\/[a-z0-9][a-z0-9-]{1,62}$/, "must be a resource name like actions/<id>");
const partnerName = resourceName("partners");
const required =
  <T>(what: string) =>
  (v: T | undefined) =>
    v !== undefined || what;
const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max);

export const createMeetingSchema = z.object({
  meeting: z.object({
    title: singleLine(200, 5),
    purpose: text(10, 10_000, "describe the priority issues to discuss (at least 10 characters)"),
    basis: protoEnum("MEETING_BASIS", BASES).refine((v) => v !== undefined, "choose REG_14A_REQUIREMENT or INVITATION"),
    startTime: timestampField.refine((d) => d !== undefined, "a start time is required"),
    endTime: timestampField.refine((d) => d !== undefined, "an end time is required"),
    responseDeadline: timestampField.refine((d) => d !== undefined, "a response deadline is required"),
    place: singleLine(500),
    onlineJoining: z.string().trim().max(2000),
    classification: classificationField,
    invitations: z.array(z.object({ partner: partnerName })).max(100),
    allActiveCsps: z.boolean(),
  }),
  requestId: requestIdSchema,
  validateOnly: z.boolean(),
});

export const nameSchema = z.object({ name: meetingName });
export const commandSchema = z.object({ name: meetingName, requestId: requestIdSchema });

export const listMeetingsSchema = listBaseSchema.extend({ state: protoEnum("MEETING_STATE", MEETING_STATES) });

export const respondSchema = z.object({
  name: meetingName,
  response: protoEnum("INVITATION_STATE", RESPONSES).refine(
    required("response"),
    "choose ACCEPTED, DELEGATED or DECLINED",
  ),
  representative: singleLine(200),
  reasons: z.string().trim().max(2000),
  requestId: requestIdSchema,
});

export const rescheduleSchema = z.object({
  name: meetingName,
  startTime: timestampField.refine((d) => d !== undefined, "a start time is required"),
  endTime: timestampField.refine((d) => d !== undefined, "an end time is required"),
  responseDeadline: timestampField,
  reason: text(5, 2000, "say why the meeting is moving (at least 5 characters)"),
  requestId: requestIdSchema,
});

export const cancelSchema = z.object({
  name: meetingName,
  reason: text(5, 2000, "say why the meeting is cancelled (at least 5 characters)"),
  requestId: requestIdSchema,
});

export const attendanceSchema = z.object({
  name: meetingName,
  attendance: z
    .array(
      z.object({
        partner: partnerName,
        attendance: protoEnum("ATTENDANCE", ATTENDANCE).refine(
          (v) => v !== undefined,
          "choose PRESENT, APOLOGIES or ABSENT",
        ),
        attendee: singleLine(200),
      }),
    )
    .min(1, "record at least one partnership")
    .max(100),
  requestId: requestIdSchema,
});

export const saveMinutesSchema = z.object({
  name: meetingName,
  text: text(1, 100_000, "write the minutes"),
  decisions: z.array(z.string().trim().min(1).max(2000)).max(200),
});

export const createActionSchema = z.object({
  action: z.object({
    meeting: meetingName,
    owner: partnerName,
    description: text(5, 5000, "describe the action (at least 5 characters)"),
    dueTime: timestampField.refine((d) => d !== undefined, "a due time is required"),
  }),
  requestId: requestIdSchema,
});

export const updateActionSchema = z.object({
  name: actionName,
  status: protoEnum("ACTION_STATUS", ACTION_STATUSES),
  note: z.string().trim().max(5000),
  reasons: z.string().trim().max(2000),
  requestId: requestIdSchema,
});

export const getActionSchema = z.object({ name: actionName });

export const listActionsSchema = listBaseSchema.extend({
  status: protoEnum("ACTION_STATUS", ACTION_STATUSES),
  meeting: z.union([z.literal(""), meetingName]),
});

export const commentSchema = z.object({
  name: meetingName,
  text: text(2, 5000, "write the comment (at least 2 characters)"),
  requestId: requestIdSchema,
});

export const saveAgendaSchema = z.object({
  name: meetingName,
  items: z
    .array(
      z.object({
        id: z.union([z.literal(""), z.string().regex(/^item-[1-9][0-9]{0,3}$/, "an item id like item-3")]),
        title: singleLine(200, 3, "give the item a title (at least 3 characters)"),
        description: z.string().trim().max(5000),
        presenter: z.union([z.literal(""), partnerName]),
        minutesAllotted: z.number().int().min(0, "0 or more minutes").max(480, "at most 480 minutes"),
        links: z.array(z.string().trim().max(200)).max(10, "at most 10 links per item"),
      }),
    )
    .max(MAX_ITEMS, `at most ${MAX_ITEMS} items`),
});

export const publishAgendaSchema = z.object({
  name: meetingName,
  note: z.string().trim().max(2000),
  requestId: requestIdSchema,
});

export const paperName = z
  .string()
  .regex(
    /^meetings\/[a-z0-9][a-z0-9-]{1,62}\/papers\/[a-f0-9]{24}$/,
    "must be a resource name like meetings/<id>/papers/<id>",
  );

export const uploadPaperSchema = uploadMessage(
  z.object({
    meeting: meetingName,
    agendaItem: z.string().regex(/^item-[1-9][0-9]{0,3}$/, "the id of an agenda item, like item-1"),
    title: singleLine(200, 3, "give the paper a title (at least 3 characters)"),
    filename: uploadFilename,
    // Unspecified: the meeting's.
    classification: classificationFilter,
    audience: z.array(partnerName).max(100),
  }),
);

export const listPapersSchema = z.object({ meeting: meetingName });
export const paperSchema = z.object({ name: paperName });
export const packSchema = z.object({ name: meetingName, partner: z.union([z.literal(""), partnerName]) });

export const noArgsSchema = z.object({});
export const readFeedSchema = z.object({
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "the secret from the calendar feed address"),
});
