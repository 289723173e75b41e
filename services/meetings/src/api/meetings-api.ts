/** The meeting's RPCs, one use case each: convening, answering, moving, holding. */
import { randomBytes } from "node:crypto";
import {
  type AggregateStore,
  type AnyMethodSpec,
  commandKey,
  type DirectoryClient,
  enforce,
  failedPrecondition,
  fingerprint,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  permissionDenied,
} from "@csp-mesh/kit";
import {
  MEETING,
  MeetingAttendanceRecorded,
  MeetingCancelled,
  MeetingConvened,
  MeetingInvitationResponded,
  MeetingRescheduled,
} from "../contract";
import { type CalendarOptions, meetingCalendar } from "../domain/calendar";
import { respond, timingProblems } from "../domain/meeting";
import { SOURCE } from "../source";
import type { InvitationDoc, MeetingDoc } from "../store/documents";
import { meetingToProto } from "./mapping";
import { about, meetingCommands, moved } from "./meeting-commands";
import {
  attendanceSchema,
  cancelSchema,
  commandSchema,
  createMeetingSchema,
  listMeetingsSchema,
  nameSchema,
  rescheduleSchema,
  respondSchema,
} from "./schemas";

export interface MeetingsDeps {
  meetings: AggregateStore<MeetingDoc>;
  directory: DirectoryClient;
  calendar: CalendarOptions;
}

const blankInvitation = (partner: string): InvitationDoc => ({
  partner,
  state: "INVITED",
  representative: "",
  reasons: "",
  nonCompliance: false,
  respondedBy: "",
  attendee: "",
});

export function meetingsMethods(deps: MeetingsDeps): Record<string, AnyMethodSpec> {
  const { meetings, directory } = deps;

  const { forUpdate, change } = meetingCommands(meetings);

  return {
    CreateMeeting: method({
      request: createMeetingSchema,
      handler: async (req, { caller }) => {
        const m = req.meeting;
        enforce(caller, "create", MEETING, { owner: caller.partner, classification: m.classification }, "a meeting");
        const [start, end, responseDeadline] = [m.startTime, m.endTime, m.responseDeadline] as Date[] as [
          Date,
          Date,
          Date,
        ];
        const who =
          !m.allActiveCsps && m.invitations.length === 0
            ? [{ field: "meeting.invitations", description: "invite at least one partnership, or all active CSPs" }]
            : m.allActiveCsps && m.invitations.length > 0
              ? [{ field: "meeting.all_active_csps", description: "give invitations or all_active_csps, not both" }]
              : [];
        const problems = [...timingProblems({ start, end, responseDeadline }, new Date()), ...who];
        if (problems.length > 0)
          throw invalidArgument(`invalid meeting: ${problems.map((p) => p.field).join(", ")}`, problems);
        const invitees = [...new Set(m.invitations.map((i) => i.partner))];
        await directory.checkAddressees(invitees, (i) => `meeting.invitations[${i}].partner`);
        const id = `m-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
        const name = `meetings/${id}`;
        const now = new Date();
        const doc: MeetingDoc = {
          _id: name,
          owner: caller.partner,
          addressees: [],
          allActiveCsps: m.allActiveCsps,
          title: m.title,
          purpose: m.purpose,
          basis: m.basis as MeetingDoc["basis"],
          state: "DRAFT",
          start,
          end,
          responseDeadline,
          place: m.place,
          onlineJoining: m.onlineJoining,
          classification: m.classification,
          invitations: invitees.map(blankInvitation),
          reschedules: [],
          sequence: 0,
          cancelReason: "",
          releasedToPanel: false,
          responsesOpen: false,
          commands: [],
          etag: newEtag(),
          createTime: now,
          updateTime: now,
          createdBy: caller.subject,
          requestId: req.requestId ? `${caller.partner}:${req.requestId}` : `auto:${name}`,
          requestHash: fingerprint({ m, owner: caller.partner }),
          sortKey: `${start.toISOString()}|${name}`,
        };
        if (req.validateOnly) return meetingToProto(doc, caller);
        return meetingToProto(await meetings.create(doc, []), caller);
      },
    }),

    GetMeeting: method({
      request: nameSchema,
      handler: async (req, { caller }) => meetingToProto(await meetings.get(caller, req.name), caller),
    }),

    ListMeetings: method({
      request: listMeetingsSchema,
      handler: async (req, { caller }) => {
        const view: [string, string] | undefined = req.state ? ["state", req.state] : undefined;
        const page = await meetings.listPage(
          caller,
          { view },
          req.pageSize,
          req.pageToken,
          JSON.stringify(req.state ?? ""),
        );
        return { meetings: page.items.map((d) => meetingToProto(d, caller)), nextPageToken: page.nextPageToken };
      },
    }),

    ConveneMeeting: method({
      request: commandSchema,
      handler: async (req, { caller }) => {
        const current = await forUpdate(caller, req.name);
        // Resolved once, when convened: the partnerships active at that moment.
        const all = current.allActiveCsps && current.state === "DRAFT" ? await directory.activePartnerships() : [];
        return change(caller, current, req.requestId, req, (doc) => {
          const state = moved(doc, "convene");
          const invitations = doc.allActiveCsps ? all.map(blankInvitation) : doc.invitations;
          if (invitations.length === 0) throw failedPrecondition("there are no active partnerships to invite");
          const addressees = invitations.map((i) => i.partner);
          return {
            set: { state, invitations, addressees, responsesOpen: true },
            events: [
              newEvent(MeetingConvened, SOURCE, doc._id, {
                ...about(doc, caller),
                basis: doc.basis,
                invitees: addressees,
                startTime: doc.start.toISOString(),
                endTime: doc.end.toISOString(),
                responseDeadline: doc.responseDeadline.toISOString(),
              }),
            ],
          };
        });
      },
    }),

    RespondToInvitation: method({
      request: respondSchema,
      handler: async (req, { caller }) => {
        const current = await meetings.get(caller, req.name);
        enforce(caller, "submit", MEETING, current, `meeting ${req.name}`);
        if (!current.addressees.includes(caller.partner))
          throw permissionDenied(`your partnership is not invited to ${req.name}`);
        const response = req.response as "ACCEPTED" | "DELEGATED" | "DECLINED";
        const next = await meetings.mutate(current, commandKey(req.requestId, req), (doc) => {
          if (doc.state !== "CONVENED")
            throw failedPrecondition(`a ${doc.state.toLowerCase()} meeting takes no more answers`);
          const i = doc.invitations.findIndex((x) => x.partner === caller.partner);
          const inv = doc.invitations[i] as InvitationDoc;
          const r = respond(doc.basis, inv, response, req.representative, req.reasons);
          if (!r.ok) throw invalidArgument(r.message, [{ field: r.field ?? "response", description: r.message }]);
          const answered: InvitationDoc = {
            ...inv,
            ...r.value,
            representative: response === "DECLINED" ? "" : req.representative,
            reasons: response === "DECLINED" ? req.reasons : "",
            respondedBy: caller.displayName ?? caller.subject,
            respondTime: new Date(),
          };
          return {
            set: { invitations: doc.invitations.map((x, j) => (j === i ? answered : x)) },
            events: [
              newEvent(MeetingInvitationResponded, SOURCE, doc._id, {
                ...about(doc, caller, caller.partner),
                response,
                representative: answered.representative,
                nonCompliance: answered.nonCompliance,
              }),
            ],
          };
        });
        return meetingToProto(next, caller);
      },
    }),

    RescheduleMeeting: method({
      request: rescheduleSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, req.requestId, req, (doc) => {
          moved(doc, "reschedule");
          const [start, end] = [req.startTime, req.endTime] as Date[] as [Date, Date];
          const responseDeadline =
            req.responseDeadline ?? (doc.responseDeadline < start ? doc.responseDeadline : start);
          const problems = timingProblems({ start, end, responseDeadline }, new Date(), "");
          if (problems.length > 0) throw invalidArgument("invalid new times", problems);
          const sequence = doc.state === "DRAFT" ? doc.sequence : doc.sequence + 1;
          return {
            set: {
              start,
              end,
              responseDeadline,
              sequence,
              sortKey: `${start.toISOString()}|${doc._id}`,
              reschedules: [
                ...doc.reschedules,
                {
                  previousStart: doc.start,
                  previousEnd: doc.end,
                  reason: req.reason,
                  actor: caller.subject,
                  time: new Date(),
                },
              ],
              // A later deadline gives silent partnerships a new chance to answer.
              responsesOpen: doc.state === "CONVENED" && doc.invitations.some((i) => i.state === "INVITED"),
            },
            events:
              doc.state === "DRAFT"
                ? []
                : [
                    newEvent(MeetingRescheduled, SOURCE, doc._id, {
                      ...about(doc, caller),
                      startTime: start.toISOString(),
                      endTime: end.toISOString(),
                      reason: req.reason,
                      sequence,
                    }),
                  ],
          };
        }),
    }),

    CancelMeeting: method({
      request: cancelSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, req.requestId, req, (doc) => ({
          set: {
            state: moved(doc, "cancel"),
            cancelReason: req.reason,
            sequence: doc.sequence + 1,
            responsesOpen: false,
          },
          events: [newEvent(MeetingCancelled, SOURCE, doc._id, { ...about(doc, caller), reason: req.reason })],
        })),
    }),

    RecordAttendance: method({
      request: attendanceSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, req.requestId, req, (doc) => {
          const state = moved(doc, "record-attendance");
          if (Date.now() < doc.start.getTime())
            throw failedPrecondition("attendance can be recorded once the meeting has started");
          const marks = new Map(req.attendance.map((a) => [a.partner, a]));
          const unknown = req.attendance.findIndex((a) => !doc.addressees.includes(a.partner));
          if (unknown >= 0)
            throw invalidArgument("not an invited partnership", [
              { field: `attendance[${unknown}].partner`, description: "this partnership was not invited" },
            ]);
          const invitations = doc.invitations.map((i) => {
            const m = marks.get(i.partner);
            return m ? { ...i, attendance: m.attendance as InvitationDoc["attendance"], attendee: m.attendee } : i;
          });
          const by = (mark: string) => invitations.filter((i) => i.attendance === mark).map((i) => i.partner);
          return {
            set: { state, invitations, responsesOpen: false },
            events: [
              newEvent(MeetingAttendanceRecorded, SOURCE, doc._id, {
                ...about(doc, caller),
                present: by("PRESENT"),
                apologies: by("APOLOGIES"),
                absent: by("ABSENT"),
              }),
            ],
          };
        }),
    }),

    GetMeetingCalendar: method({
      request: nameSchema,
      handler: async (req, { caller }) => {
        const doc = await meetings.get(caller, req.name);
        if (doc.state === "DRAFT") throw failedPrecondition("a draft meeting has no calendar entry yet");
        return {
          ics: meetingCalendar(doc, deps.calendar),
          filename: `${doc._id.replace("meetings/", "meeting-")}.ics`,
        };
      },
    }),
  };
}
