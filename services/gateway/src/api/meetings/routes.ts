/** REST routes for priority-issue meetings and their actions (the meetings service behind them). */
import type { Request } from "express";
import type { z } from "zod";
import type { Downstream } from "../../downstream";
import { fileDisposition, sendDownload, uploadStream } from "../../http/streams";
import { bodyChunks } from "../../http/uploads";
import { toTimestamp } from "../common-schemas";
import { partnerName } from "../fields";
import type { RestRoute } from "../route";
import { Action, CalendarFeed, meetings as M, Meeting, Paper } from "./schemas";

const meetingName = (id: string) => `meetings/${id}`;
const ts = (iso: string | undefined) => (iso ? toTimestamp(iso) : null);

/**
 * Where calendar apps fetch a feed: no sign-in, the secret is the credential. The web side serves
 * the feed at this path; it lives here because the REST route hands out the address.
 */
export const FEED_PATH = "/feeds/meetings";
export const feedUrl = (req: Request, secret: string) =>
  `${req.protocol}://${req.get("host")}${FEED_PATH}/${secret}.ics`;

export function meetingRoutes(d: Downstream): RestRoute[] {
  /**
   * A command on one meeting: POST /v1/meetings/{id}/<verb> with its body, sent to the meetings
   * method `send` (its request is the body the schema checked, with the meeting's name).
   */
  const command = <Req>(
    verb: string,
    send: (request: Req, token: string) => Promise<unknown>,
    summary: string,
    body: z.ZodType,
    toGrpc: (b: Record<string, unknown>) => Record<string, unknown> = (b) => b,
  ): RestRoute => ({
    method: "post",
    path: `/v1/meetings/{id}/${verb}`,
    summary,
    tag: "Meetings",
    params: M.ids.meeting,
    body,
    response: Meeting,
    handler: ({ params, body: b, token }) =>
      send({ name: meetingName(params.id as string), ...toGrpc(b as Record<string, unknown>) } as Req, token),
  });

  return [
    {
      method: "get",
      path: "/v1/meetings",
      summary: "Meetings, soonest first: every meeting for the OPCC, a partnership's invitations",
      tag: "Meetings",
      query: M.queries.meetings,
      response: M.lists.meetings,
      handler: ({ query, token }) => d.meetings.ListMeetings(query, token),
    },
    {
      method: "post",
      path: "/v1/meetings",
      summary: "Draft a priority-issue meeting (reg 14A requirement or invitation)",
      tag: "Meetings",
      body: M.bodies.create,
      response: Meeting,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as z.infer<typeof M.bodies.create>;
        return d.meetings.CreateMeeting(
          {
            ...b,
            meeting: {
              ...b.meeting,
              startTime: ts(b.meeting.startTime),
              endTime: ts(b.meeting.endTime),
              responseDeadline: ts(b.meeting.responseDeadline),
              invitations: b.meeting.invitations.map((i) => ({ partner: partnerName(i.partner) })),
            },
          },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/meetings/{id}",
      summary: "Get a meeting",
      tag: "Meetings",
      params: M.ids.meeting,
      response: Meeting,
      handler: ({ params, token }) => d.meetings.GetMeeting({ name: meetingName(params.id as string) }, token),
    },
    {
      method: "get",
      path: "/v1/meetings/{id}/calendar.ics",
      summary: "The meeting as an iCalendar file (stable UID, SEQUENCE, METHOD:CANCEL when cancelled)",
      tag: "Meetings",
      params: M.ids.meeting,
      stream: "download",
      downloadType: "text/calendar",
      handler: async ({ params, token, res }) => {
        const cal = await d.meetings.GetMeetingCalendar({ name: meetingName(params.id as string) }, token);
        res
          .status(200)
          .type("text/calendar; charset=utf-8")
          .setHeader("content-disposition", fileDisposition(String(cal.filename)));
        res.send(String(cal.ics));
      },
    },
    command("convene", d.meetings.ConveneMeeting, "Send the invitations", M.bodies.command),
    command("respond", d.meetings.RespondToInvitation, "Answer your partnership's invitation", M.bodies.respond),
    command(
      "reschedule",
      d.meetings.RescheduleMeeting,
      "Move a meeting, with the reason",
      M.bodies.reschedule,
      (b) => ({
        ...b,
        startTime: ts(b.startTime as string),
        endTime: ts(b.endTime as string),
        responseDeadline: ts(b.responseDeadline as string | undefined),
      }),
    ),
    command("cancel", d.meetings.CancelMeeting, "Cancel a meeting, with the reason", M.bodies.cancel),
    command(
      "attendance",
      d.meetings.RecordAttendance,
      "Record who attended; the meeting is held",
      M.bodies.attendance,
      (b) => ({
        ...b,
        attendance: (b.attendance as { partner: string }[]).map((a) => ({ ...a, partner: partnerName(a.partner) })),
      }),
    ),
    command("minutes", d.meetings.SaveMinutes, "Draft or revise the minutes", M.bodies.minutes),
    command(
      "circulate-minutes",
      d.meetings.CirculateMinutes,
      "Send the draft minutes to the partnerships that attended, for comment",
      M.bodies.command,
    ),
    command(
      "comment-minutes",
      d.meetings.CommentOnMinutes,
      "Comment on circulated minutes (attending partnerships)",
      M.bodies.comment,
    ),
    command(
      "approve-minutes",
      d.meetings.ApproveMinutes,
      "Approve circulated minutes (then immutable and hashed)",
      M.bodies.command,
    ),
    command("agenda", d.meetings.SaveAgenda, "Replace the working agenda (ordered items)", M.bodies.agenda, (b) => ({
      items: (b.items as { presenter: string }[]).map((i) => ({
        ...i,
        presenter: i.presenter ? partnerName(i.presenter) : "",
      })),
    })),
    command(
      "publish-agenda",
      d.meetings.PublishAgenda,
      "Publish the working agenda to invitees as its next version",
      M.bodies.publishAgenda,
    ),
    {
      method: "post",
      path: "/v1/meetings/{id}/papers",
      summary: "Add a paper to an agenda item (PDF, CSV, XLSX, DOCX, ODT) as the raw request body",
      tag: "Meetings",
      params: M.ids.meeting,
      query: M.queries.paperUpload,
      response: Paper,
      status: 201,
      stream: "upload",
      handler: ({ params, query, token, req }) => {
        const q = query as z.infer<typeof M.queries.paperUpload>;
        return uploadStream(
          d.meetings.UploadPaper,
          {
            meeting: meetingName(params.id as string),
            agendaItem: q.agendaItem,
            title: q.title,
            filename: q.filename,
            classification: q.classification ?? "CLASSIFICATION_UNSPECIFIED",
            audience: (q.audience ?? "")
              .split(",")
              .map((p) => p.trim())
              .filter(Boolean)
              .map(partnerName),
          },
          bodyChunks(req),
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/meetings/{id}/papers",
      summary: "The meeting's papers you may see",
      tag: "Meetings",
      params: M.ids.meeting,
      response: M.lists.papers,
      handler: ({ params, token }) => d.meetings.ListPapers({ meeting: meetingName(params.id as string) }, token),
    },
    {
      method: "get",
      path: "/v1/meetings/{id}/papers/{paperId}",
      summary: "Download a paper",
      tag: "Meetings",
      params: M.ids.paper,
      stream: "download",
      handler: ({ params, token, res }) =>
        sendDownload(
          d.meetings.DownloadPaper,
          { name: `${meetingName(params.id as string)}/papers/${params.paperId}` },
          token,
          res,
        ),
    },
    {
      method: "get",
      path: "/v1/meetings/{id}/papers-pack",
      summary: "Every paper you may see as one ZIP, with index.html and manifest.json",
      tag: "Meetings",
      params: M.ids.meeting,
      query: M.queries.pack,
      stream: "download",
      downloadType: "application/zip",
      handler: ({ params, query, token, res }) => {
        const partner = (query as { partner?: string }).partner;
        return sendDownload(
          d.meetings.DownloadPapersPack,
          { name: meetingName(params.id as string), partner: partner ? partnerName(partner) : "" },
          token,
          res,
        );
      },
    },
    {
      method: "get",
      path: "/v1/calendar-feed",
      summary: "Whether your partnership has a calendar feed (the secret is never shown again)",
      tag: "Meetings",
      response: CalendarFeed,
      handler: async ({ token }) => ({ ...(await d.meetings.GetCalendarFeed({}, token)), url: "" }),
    },
    {
      method: "post",
      path: "/v1/calendar-feed",
      summary: "Issue your partnership's calendar feed address (replacing any earlier one)",
      tag: "Meetings",
      response: CalendarFeed,
      status: 201,
      handler: async ({ token, req }) => {
        const feed = await d.meetings.IssueCalendarFeed({}, token);
        return { ...feed, url: feedUrl(req, String(feed.secret)) };
      },
    },
    {
      method: "delete",
      path: "/v1/calendar-feed",
      summary: "Revoke your partnership's calendar feed address",
      tag: "Meetings",
      response: CalendarFeed,
      handler: async ({ token }) => ({ ...(await d.meetings.RevokeCalendarFeed({}, token)), url: "" }),
    },
    {
      method: "get",
      path: "/v1/actions",
      summary: "Actions from meetings: all for the OPCC, a partnership's own",
      tag: "Meetings",
      query: M.queries.actions,
      response: M.lists.actions,
      handler: ({ query, token }) => d.meetings.ListActions(query, token),
    },
    {
      method: "post",
      path: "/v1/actions",
      summary: "Give an action from a held meeting to an invited partnership",
      tag: "Meetings",
      body: M.bodies.createAction,
      response: Action,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as z.infer<typeof M.bodies.createAction>;
        return d.meetings.CreateAction(
          { ...b, action: { ...b.action, owner: partnerName(b.action.owner), dueTime: ts(b.action.dueTime) } },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/actions/{id}",
      summary: "Get an action",
      tag: "Meetings",
      params: M.ids.action,
      response: Action,
      handler: ({ params, token }) => d.meetings.GetAction({ name: `actions/${params.id}` }, token),
    },
    {
      method: "post",
      path: "/v1/actions/{id}/update",
      summary: "Record progress on an action, or mark it done or dropped",
      tag: "Meetings",
      params: M.ids.action,
      body: M.bodies.updateAction,
      response: Action,
      handler: ({ params, body, token }) =>
        d.meetings.UpdateAction({ name: `actions/${params.id}`, ...(body as Record<string, unknown>) }, token),
    },
  ];
}
