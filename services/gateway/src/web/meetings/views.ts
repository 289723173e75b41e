/** What the meetings area's pages share: the meeting as the service returns it, its labels, the OPCC's pages. */
import type { Request, Response } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";

export type Tok = { seconds: string };
export type Meeting = Reply<"meetings", "GetMeeting">;
export type Invitation = Meeting["invitations"][number];
export type AgendaItem = NonNullable<Meeting["agenda"]>["items"][number];
/** A meeting's agenda: the service always sends one (empty before any item is added). */
export const agendaOf = (m: Meeting): NonNullable<Meeting["agenda"]> =>
  m.agenda ?? ({ items: [], version: 0, unpublishedChanges: false } as unknown as NonNullable<Meeting["agenda"]>);
export type Paper = Reply<"meetings", "ListPapers">["papers"][number];

export const idOf = (name: string) => name.replace(/^meetings\//, "");
export const meetingName = (id: string) => `meetings/${id}`;
/** A meeting id as the routes accept it (anything else is a page not found, not a service error). */
export const MEETING_ID = /^m-[a-z0-9][a-z0-9-]{1,60}$/;
export const classificationText = (c: string) => c.replace("CLASSIFICATION_", "").replace("_", "-");

export const STATE_TEXT: Record<string, [string, string]> = {
  MEETING_STATE_DRAFT: ["Draft", "govuk-tag--grey"],
  MEETING_STATE_CONVENED: ["Convened", "govuk-tag--blue"],
  MEETING_STATE_HELD: ["Held", "govuk-tag--green"],
  MEETING_STATE_MINUTES_APPROVED: ["Minutes approved", "govuk-tag--green"],
  MEETING_STATE_CANCELLED: ["Cancelled", "govuk-tag--red"],
};
export const ANSWER_TEXT: Record<string, [string, string]> = {
  INVITATION_STATE_INVITED: ["Not answered yet", "govuk-tag--grey"],
  INVITATION_STATE_ACCEPTED: ["Attending", "govuk-tag--green"],
  INVITATION_STATE_DELEGATED: ["Substitute attending", "govuk-tag--green"],
  INVITATION_STATE_DECLINED: ["Not attending", "govuk-tag--orange"],
  INVITATION_STATE_NO_RESPONSE: ["No answer by the deadline", "govuk-tag--red"],
};
export const ATTENDANCE_TEXT: Record<string, string> = {
  ATTENDANCE_PRESENT: "Present",
  ATTENDANCE_APOLOGIES: "Apologies",
  ATTENDANCE_ABSENT: "Absent",
};
export const NON_COMPLIANCE = '<strong class="govuk-tag govuk-tag--red">Non-compliance</strong>';

/** An OPCC page about one meeting; anyone else (or a malformed id) gets "page not found". */
export const opccMeetingPage =
  (a: WebArea) => (fn: (req: Request, res: Response, s: Session, m: Meeting, id: string) => Promise<unknown>) =>
    a.page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!s.isOpcc || !MEETING_ID.test(id)) return a.notFound(req, res);
      const m = await a.d.meetings.GetMeeting({ name: meetingName(id) }, s.token);
      return fn(req, res, s, m, id);
    });
