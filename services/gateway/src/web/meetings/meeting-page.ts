/**
 * One meeting's page: what every invitee sees of it (agenda, papers, attendance, minutes, actions);
 * the OPCC's tasks for it and every partnership's answer (non-compliance highlighted); an invited CSP
 * officer answers for their partnership, comments on circulated minutes and downloads the calendar file.
 */

import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import { fileDisposition } from "../../http/streams";
import type { WebArea } from "../frame/area";
import { formatDate, formatDateTime, formatTime } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { at, escapeHtml, link, sizeText, tag } from "../frame/labels";
import { actionTag } from "./actions";
import {
  ANSWER_TEXT,
  ATTENDANCE_TEXT,
  agendaOf,
  classificationText,
  MEETING_ID,
  type Meeting,
  NON_COMPLIANCE,
  STATE_TEXT,
  type Tok,
} from "./views";

interface MeetingAction {
  name: string;
  description: string;
  owner: string;
  dueTime: Tok;
  status: string;
  overdue: boolean;
}

/** What the meeting is: when and where, why, and what became of it. */
export const meetingSummary = (m: Meeting) => [
  { key: { text: "Status" }, value: { html: tag(STATE_TEXT[m.state] ?? [m.state, "govuk-tag--grey"]) } },
  { key: { text: "When" }, value: { text: `${formatDateTime(at(m.startTime))} to ${formatTime(at(m.endTime))}` } },
  ...(m.reschedules.length
    ? [
        {
          key: { text: "Moved" },
          value: {
            text: m.reschedules.map((x) => `from ${formatDateTime(at(x.previousStartTime))}: ${x.reason}`).join("; "),
          },
        },
      ]
    : []),
  ...(m.cancelReason ? [{ key: { text: "Cancelled because" }, value: { text: m.cancelReason } }] : []),
  { key: { text: "Answers due by" }, value: { text: formatDateTime(at(m.responseDeadline)) } },
  ...(m.place ? [{ key: { text: "Place" }, value: { text: m.place } }] : []),
  ...(m.onlineJoining ? [{ key: { text: "Joining online" }, value: { text: m.onlineJoining } }] : []),
  { key: { text: "Priority issues" }, value: { text: m.purpose } },
  { key: { text: "Classification" }, value: { text: classificationText(m.classification) } },
];

/** The OPCC's tasks for the meeting, as far as its state allows. */
export function opccTasks(m: Meeting, id: string) {
  const open = ["MEETING_STATE_DRAFT", "MEETING_STATE_CONVENED"].includes(m.state);
  const held = ["MEETING_STATE_HELD", "MEETING_STATE_MINUTES_APPROVED"].includes(m.state);
  const started = Date.now() >= at(m.startTime).getTime();
  return [
    ...(open ? [{ href: `/meetings/${id}/agenda`, text: "Build the agenda" }] : []),
    ...(agendaOf(m).items.length && ["MEETING_STATE_CONVENED", "MEETING_STATE_HELD"].includes(m.state)
      ? [{ href: `/meetings/${id}/papers/new`, text: "Add a paper" }]
      : []),
    ...(open ? [{ href: `/meetings/${id}/reschedule`, text: "Move the meeting" }] : []),
    ...((m.state === "MEETING_STATE_CONVENED" && started) || m.state === "MEETING_STATE_HELD"
      ? [{ href: `/meetings/${id}/attendance`, text: "Record who attended" }]
      : []),
    ...(m.state === "MEETING_STATE_HELD" ? [{ href: `/meetings/${id}/minutes`, text: "Write the minutes" }] : []),
    ...(held ? [{ href: `/meetings/${id}/actions/new`, text: "Give an action" }] : []),
    ...(open ? [{ href: `/meetings/${id}/cancel`, text: "Cancel the meeting" }] : []),
  ];
}

/** One meeting's page, and what its invitees post from it. */
export function registerMeetingPage(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;

  const showMeeting = async (
    req: Request,
    res: Response,
    s: Session,
    values: Record<string, unknown> = {},
    form?: FormErrors,
  ) => {
    const id = String(req.params.id);
    if (!MEETING_ID.test(id)) return notFound(req, res);
    const m = await d.meetings.GetMeeting({ name: `meetings/${id}` }, s.token);
    const mine = s.isPartnership ? m.invitations.find((i) => i.partner === s.caller.partner) : undefined;
    const [papers, actions] = await Promise.all([
      d.meetings.ListPapers({ meeting: m.name }, s.token),
      s.isPanel
        ? { actions: [] as MeetingAction[] }
        : d.meetings.ListActions({ meeting: m.name, pageSize: 100 }, s.token),
    ]);
    if (form) res.status(400);
    const itemTitle = new Map(agendaOf(m).items.map((it, i) => [it.id, `${i + 1}. ${it.title}`]));
    const held = ["MEETING_STATE_HELD", "MEETING_STATE_MINUTES_APPROVED"].includes(m.state);
    render(req, res, "meetings/meeting.njk", {
      title: m.title,
      id,
      meeting: m,
      convened: req.query.convened === "1",
      commented: req.query.commented === "1",
      basisText:
        m.basis === "MEETING_BASIS_REG_14A_REQUIREMENT" ? "Attendance required (regulation 14A)" : "Invitation",
      summary: meetingSummary(m),
      tasks: s.isOpcc ? opccTasks(m, id) : [],
      agendaNote: agendaOf(m).version
        ? `Version ${agendaOf(m).version}${s.isOpcc && agendaOf(m).unpublishedChanges ? ", with changes not yet published" : ""}`
        : s.isOpcc && agendaOf(m).items.length
          ? "Not yet published: invitees cannot see it"
          : "",
      agendaRows: agendaOf(m).items.map((it, i) => [
        { text: String(i + 1) },
        {
          html: `${escapeHtml(it.title)}${it.description ? `<br><span class="govuk-hint">${escapeHtml(it.description)}</span>` : ""}`,
        },
        { text: it.presenter ? nameOf(res, it.presenter) : "The OPCC" },
        { text: `${it.minutesAllotted} min` },
        { text: it.links.join(", ") },
      ]),
      paperRows: papers.papers.map((p) => [
        { html: link(`/${p.name}`, p.title) },
        { text: itemTitle.get(p.agendaItem) ?? "Not on the current agenda" },
        { text: classificationText(p.classification) },
        { text: p.audience.length ? p.audience.map((x) => nameOf(res, x)).join(", ") : "Every invitee" },
        { text: sizeText(p.sizeBytes) },
      ]),
      packHref: papers.papers.length ? `/meetings/${id}/papers-pack.zip` : "",
      attendanceRows: held
        ? m.invitations
            .filter((i) => s.isOpcc || i.attendance !== "ATTENDANCE_UNSPECIFIED")
            .map((i) => [
              { text: nameOf(res, i.partner) },
              { text: ATTENDANCE_TEXT[i.attendance] ?? "Not recorded" },
              { text: i.attendee },
            ])
        : [],
      minutes: m.minutes && (s.isOpcc || m.minutes.circulated || m.minutes.approved) ? m.minutes : undefined,
      canComment:
        Boolean(mine) && mine?.attendance === "ATTENDANCE_PRESENT" && m.minutes?.circulated && !m.minutes?.approved,
      actionRows: actions.actions.map((x) => [
        { html: link(`/${x.name}`, x.description) },
        { text: nameOf(res, x.owner) },
        { text: formatDate(at(x.dueTime)) },
        { html: actionTag(x) },
      ]),
      calendarHref: m.state === "MEETING_STATE_DRAFT" ? "" : `/meetings/${id}/calendar.ics`,
      mine: mine
        ? {
            label: (ANSWER_TEXT[mine.state] ?? [mine.state])[0],
            tagClass: (ANSWER_TEXT[mine.state] ?? ["", "govuk-tag--grey"])[1],
            representative: mine.representative,
            nonCompliance: mine.nonCompliance,
          }
        : undefined,
      canRespond: Boolean(mine) && m.state === "MEETING_STATE_CONVENED",
      values,
      errors: form?.byField ?? {},
      errorList: form?.summary,
      responseRows: s.isOpcc
        ? m.invitations.map((i) => [
            { text: nameOf(res, i.partner) },
            {
              html: `${tag(ANSWER_TEXT[i.state] ?? [i.state, "govuk-tag--grey"])}${i.nonCompliance ? ` ${NON_COMPLIANCE}` : ""}`,
            },
            { text: i.representative || "" },
            { text: i.reasons || "" },
          ])
        : undefined,
    });
  };

  r.get(
    "/meetings/:id",
    page((req, res, s) => showMeeting(req, res, s)),
  );

  r.post(
    "/meetings/:id/respond",
    page(async (req, res, s) => {
      if (!MEETING_ID.test(String(req.params.id))) return notFound(req, res);
      const b = req.body as Record<string, string>;
      const form = new FormErrors({
        response: { anchor: "response", message: "Select whether your partnership will attend" },
        representative: { message: "Enter who will attend" },
        reasons: { message: "Say why your partnership cannot attend, in 5 characters or more" },
      });
      if (!b.response) form.add("response", "Select whether your partnership will attend");
      else {
        try {
          await d.meetings.RespondToInvitation(
            {
              name: `meetings/${req.params.id}`,
              response: b.response as Ask<"meetings", "RespondToInvitation">["response"],
              representative: b.representative ?? "",
              reasons: b.reasons ?? "",
            },
            s.token,
          );
          return res.redirect(303, `/meetings/${req.params.id}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), (f) =>
            ["representative", "reasons", "response"].includes(f) ? f : undefined,
          );
        }
      }
      await showMeeting(req, res, s, b, form);
    }),
  );

  // An attending partnership's comment on circulated minutes.
  r.post(
    "/meetings/:id/minutes/comment",
    page(async (req, res, s) => {
      if (!MEETING_ID.test(String(req.params.id))) return notFound(req, res);
      const b = req.body as Record<string, string>;
      const form = new FormErrors({ comment: { message: "Write your comment, in 2 characters or more" } });
      if ((b.comment ?? "").trim().length < 2) form.add("comment", "Write your comment, in 2 characters or more");
      else {
        try {
          await d.meetings.CommentOnMinutes(
            { name: `meetings/${req.params.id}`, text: b.comment, requestId: `web-${randomUUID()}` },
            s.token,
          );
          return res.redirect(303, `/meetings/${req.params.id}?commented=1`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), (f) => (f === "text" ? "comment" : undefined));
        }
      }
      await showMeeting(req, res, s, b, form);
    }),
  );

  r.get(
    "/meetings/:id/calendar.ics",
    page(async (req, res, s) => {
      if (!MEETING_ID.test(String(req.params.id))) return notFound(req, res);
      const cal = await d.meetings.GetMeetingCalendar({ name: `meetings/${req.params.id}` }, s.token);
      res.type("text/calendar; charset=utf-8").setHeader("content-disposition", fileDisposition(cal.filename));
      res.send(cal.ics);
    }),
  );
}
