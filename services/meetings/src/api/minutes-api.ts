/**
 * Minutes: drafted by the OPCC, circulated to the partnerships that attended, commented on by them,
 * approved (then immutable and hashed; OFFICIAL minutes and their open OFFICIAL papers go to the panel).
 */
import {
  type AggregateStore,
  type AnyMethodSpec,
  commandKey,
  contentSha256,
  enforce,
  failedPrecondition,
  method,
  newEvent,
  permissionDenied,
} from "@csp-mesh/kit";
import { MEETING, MeetingMinutesApproved, MeetingMinutesCirculated, MeetingMinutesCommented } from "../contract";
import { minutesProblem } from "../domain/meeting";
import { SOURCE } from "../source";
import type { MeetingDoc, MinutesDoc } from "../store/documents";
import { meetingToProto } from "./mapping";
import { about, meetingCommands, moved } from "./meeting-commands";
import { commandSchema, commentSchema, saveMinutesSchema } from "./schemas";

const present = (doc: MeetingDoc) => doc.invitations.filter((i) => i.attendance === "PRESENT").map((i) => i.partner);

function check(action: "circulate" | "comment" | "approve", minutes: MinutesDoc | undefined): MinutesDoc {
  const problem = minutesProblem(action, minutes);
  if (problem) throw failedPrecondition(problem);
  return minutes as MinutesDoc;
}

export function minutesMethods(meetings: AggregateStore<MeetingDoc>): Record<string, AnyMethodSpec> {
  const { change } = meetingCommands(meetings);
  return {
    SaveMinutes: method({
      request: saveMinutesSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, "", req, (doc) => {
          moved(doc, "save-minutes");
          // A revision keeps the circulation and the comments made on earlier drafts.
          const kept: Partial<MinutesDoc> = doc.minutes ?? {};
          return {
            set: {
              minutes: {
                text: req.text,
                decisions: req.decisions,
                approved: false,
                sha256: "",
                approvedBy: "",
                circulated: kept.circulated ?? false,
                ...(kept.circulateTime ? { circulateTime: kept.circulateTime } : {}),
                comments: kept.comments ?? [],
              },
            },
            events: [],
          };
        }),
    }),

    CirculateMinutes: method({
      request: commandSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, req.requestId, req, (doc) => {
          moved(doc, "circulate-minutes");
          const minutes = check("circulate", doc.minutes);
          const to = present(doc);
          if (to.length === 0)
            throw failedPrecondition("no partnership is recorded as present to circulate the minutes to");
          return {
            set: { minutes: { ...minutes, circulated: true, circulateTime: new Date() } },
            events: [newEvent(MeetingMinutesCirculated, SOURCE, doc._id, { ...about(doc, caller), circulatedTo: to })],
          };
        }),
    }),

    CommentOnMinutes: method({
      request: commentSchema,
      handler: async (req, { caller }) => {
        const current = await meetings.get(caller, req.name);
        enforce(caller, "submit", MEETING, current, `meeting ${req.name}`);
        if (!present(current).includes(caller.partner))
          throw permissionDenied("only partnerships recorded as present comment on the minutes");
        const next = await meetings.mutate(current, commandKey(req.requestId, req), (doc) => {
          moved(doc, "save-minutes");
          const minutes = check("comment", doc.minutes);
          const comment = {
            partner: caller.partner,
            author: caller.subject,
            authorName: caller.displayName ?? caller.subject,
            text: req.text,
            time: new Date(),
          };
          if ((minutes.comments ?? []).length >= 500) throw failedPrecondition("the minutes have 500 comments already");
          return {
            set: { minutes: { ...minutes, comments: [...(minutes.comments ?? []), comment] } },
            events: [newEvent(MeetingMinutesCommented, SOURCE, doc._id, about(doc, caller, caller.partner))],
          };
        });
        return meetingToProto(next, caller);
      },
    }),

    ApproveMinutes: method({
      request: commandSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, req.requestId, req, (doc) => {
          const state = moved(doc, "approve-minutes");
          const minutes = check("approve", doc.minutes);
          const sha256 = contentSha256({ text: minutes.text, decisions: minutes.decisions });
          // Approved OFFICIAL minutes go to the Police and Crime Panel, with the OFFICIAL papers every
          // invitee could see; OFFICIAL-SENSITIVE never.
          const releasedToPanel = doc.classification === "OFFICIAL";
          return {
            set: {
              state,
              minutes: { ...minutes, approved: true, sha256, approvedBy: caller.subject, approveTime: new Date() },
              releasedToPanel,
              papers: (doc.papers ?? []).map((p) => ({
                ...p,
                releasedToPanel: releasedToPanel && p.audienceAll && p.classification === "OFFICIAL",
              })),
            },
            events: [
              newEvent(MeetingMinutesApproved, SOURCE, doc._id, {
                ...about(doc, caller),
                minutesSha256: sha256,
                decisions: minutes.decisions.length,
              }),
            ],
          };
        }),
    }),
  };
}
