/**
 * The meetings area of the web service: the OPCC convenes a priority-issue meeting and sees every
 * partnership's answer (non-compliance highlighted); an invited CSP officer answers for their
 * partnership and downloads the calendar file. Built on the shared form pieces (forms/).
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import { actionTag } from "../actions/actions";
import type { WebArea } from "../frame/area";
import {
  endOfLondonWorkingDay,
  formatDate,
  formatDateTime,
  formatTime,
  londonInstant,
  parseDateInput,
  parseTimeInput,
} from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { escapeHtml, link, sizeText } from "../frame/labels";
import {
  ANSWER_TEXT,
  ATTENDANCE_TEXT,
  agendaOf,
  at,
  classificationText,
  idOf,
  MEETING_ID,
  type Meeting,
  NON_COMPLIANCE,
  STATE_TEXT,
  type Tok,
  tag,
} from "./views";

interface MeetingAction {
  name: string;
  description: string;
  owner: string;
  dueTime: Tok;
  status: string;
  overdue: boolean;
}

/** The convene form's fields in page order, with what to say when the service refuses each. */
const CONVENE_FIELDS: Record<string, FieldSpec> = {
  title: { message: "Enter a title of 5 characters or more" },
  purpose: { message: "Describe the priority issues to discuss in 10 characters or more" },
  basis: { message: "Select whether attendance is required" },
  date: { anchor: "date-day", message: "Enter a date in the future" },
  start: { message: "The meeting must start in the future" },
  end: { message: "End time must be after the start time, on the same day" },
  deadline: { anchor: "deadline-day", message: "Answers must be due before the meeting starts" },
  place: { label: "Place" },
  online: { label: "Online joining details" },
  invitees: { anchor: "invitees", message: "Select the partnerships to invite" },
};
const conveneFieldOf = (f: string): string | undefined =>
  ({
    "meeting.title": "title",
    "meeting.purpose": "purpose",
    "meeting.basis": "basis",
    "meeting.start_time": "start",
    "meeting.end_time": "end",
    "meeting.response_deadline": "deadline",
    "meeting.place": "place",
    "meeting.online_joining": "online",
    "meeting.all_active_csps": "invitees",
  })[f] ?? (f.startsWith("meeting.invitations") ? "invitees" : undefined);

export function registerMeetingPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;

  r.get(
    "/meetings",
    page(async (req, res, s) => {
      const list = await d.meetings.ListMeetings({ pageSize: 100 }, s.token);
      const mine = (m: Meeting) => m.invitations.find((i) => i.partner === s.caller.partner);
      const now = Date.now();
      const upcoming = list.meetings.filter((m) => at(m.endTime).getTime() >= now);
      const past = list.meetings.filter((m) => at(m.endTime).getTime() < now).reverse();
      const row = (m: Meeting) => [
        { html: link(`/meetings/${idOf(m.name)}`, m.title) },
        { text: formatDateTime(at(m.startTime)) },
        { html: tag(STATE_TEXT[m.state] ?? [m.state, "govuk-tag--grey"]) },
        s.isOpcc
          ? {
              text: `${m.invitations.filter((i) => i.state !== "INVITATION_STATE_INVITED").length} of ${m.invitations.length}`,
            }
          : { html: mine(m) ? tag(ANSWER_TEXT[mine(m)?.state ?? ""] ?? ["", ""]) : "" },
      ];
      render(req, res, "meetings/meetings.njk", {
        title: s.isOpcc
          ? "Priority-issue meetings"
          : s.isPanel
            ? "Meetings with published minutes"
            : "Meetings you are invited to",
        canConvene: s.isOpcc,
        empty: "There are no meetings yet.",
        // Upcoming soonest first; past (ended) most recent first.
        tables: [
          { caption: "Upcoming, soonest first", rows: upcoming.map(row) },
          { caption: "Past, most recent first", rows: past.map(row) },
        ].filter((t) => t.rows.length > 0),
        head: [
          { text: "Meeting" },
          { text: "When" },
          { text: "Status" },
          { text: s.isOpcc ? "Answers" : "Your answer" },
        ],
      });
    }),
  );

  const conveneForm = (req: Request, res: Response, values: Record<string, unknown>, form: FormErrors, code = 200) => {
    const chosen = Array.isArray(values.invitees)
      ? (values.invitees as string[])
      : values.invitees
        ? [String(values.invitees)]
        : [];
    res.status(code);
    render(req, res, "meetings/new-meeting.njk", {
      title: "Convene a meeting",
      values,
      partnerItems: a.partnershipItems(res, chosen, chosen.includes("all")),
      errors: form.byField,
      errorList: form.summary,
    });
  };

  r.get(
    "/meetings/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      conveneForm(req, res, {}, new FormErrors(CONVENE_FIELDS));
    }),
  );

  r.post(
    "/meetings/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      const b = req.body as Record<string, string | string[] | undefined>;
      const str = (k: string) => String((Array.isArray(b[k]) ? b[k]?.[0] : b[k]) ?? "").trim();
      const invitees = Array.isArray(b.invitees) ? b.invitees : b.invitees ? [b.invitees] : [];
      const all = invitees.includes("all");
      const form = new FormErrors(CONVENE_FIELDS);
      // The page's own checks: dates and times as typed, and a choice of partnerships.
      const day = parseDateInput(
        { day: str("date-day"), month: str("date-month"), year: str("date-year") },
        "Date of the meeting",
      );
      const start = parseTimeInput(str("start"), "Start time");
      const end = parseTimeInput(str("end"), "End time");
      const due = parseDateInput(
        { day: str("deadline-day"), month: str("deadline-month"), year: str("deadline-year") },
        "Answers due by",
      );
      if (!day.ok) form.add("date", day.message);
      if (!start.ok) form.add("start", start.message);
      if (!end.ok) form.add("end", end.message);
      if (!due.ok) form.add("deadline", due.message);
      if (!all && invitees.length === 0) form.add("invitees", "Select the partnerships to invite");
      const later = (days: number) => new Date(Date.now() + days * 86_400_000);
      const startAt = day.ok && start.ok ? londonInstant(day.date, start.hour, start.minute) : later(30);
      const endAt =
        day.ok && end.ok ? londonInstant(day.date, end.hour, end.minute) : new Date(startAt.getTime() + 3_600_000);
      const deadlineAt = due.ok ? endOfLondonWorkingDay(due.date) : new Date(startAt.getTime() - 86_400_000);
      const body = {
        meeting: {
          title: str("title"),
          purpose: str("purpose"),
          basis: str("basis") || "MEETING_BASIS_REG_14A_REQUIREMENT",
          startTime: toTimestamp(startAt),
          endTime: toTimestamp(endAt),
          responseDeadline: toTimestamp(deadlineAt),
          place: str("place"),
          onlineJoining: str("online"),
          classification: str("classification") || "CLASSIFICATION_OFFICIAL",
          invitations: all ? [] : invitees.map((partner) => ({ partner })),
          allActiveCsps: all || invitees.length === 0,
        },
        requestId: `web-${randomUUID()}`,
      };
      try {
        // When a field already failed here, the service checks the rest in the same round
        // (validate_only, with placeholders for what was reported) and nothing is created.
        const created = await d.meetings.CreateMeeting(
          { ...body, validateOnly: form.any } as Ask<"meetings", "CreateMeeting">,
          s.token,
        );
        if (!form.any) {
          await d.meetings.ConveneMeeting({ name: created.name, requestId: `web-${randomUUID()}` }, s.token);
          return res.redirect(303, `/meetings/${idOf(created.name)}?convened=1`);
        }
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), conveneFieldOf);
      }
      conveneForm(req, res, b, form, 400);
    }),
  );

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
    const start = at(m.startTime);
    const end = at(m.endTime);
    const [papers, actions] = await Promise.all([
      d.meetings.ListPapers({ meeting: m.name }, s.token),
      s.isPanel
        ? { actions: [] as MeetingAction[] }
        : d.meetings.ListActions({ meeting: m.name, pageSize: 100 }, s.token),
    ]);
    if (form) res.status(400);
    const itemTitle = new Map(agendaOf(m).items.map((it, i) => [it.id, `${i + 1}. ${it.title}`]));
    const open = ["MEETING_STATE_DRAFT", "MEETING_STATE_CONVENED"].includes(m.state);
    const held = ["MEETING_STATE_HELD", "MEETING_STATE_MINUTES_APPROVED"].includes(m.state);
    const started = Date.now() >= start.getTime();
    render(req, res, "meetings/meeting.njk", {
      title: m.title,
      id,
      meeting: m,
      convened: req.query.convened === "1",
      commented: req.query.commented === "1",
      basisText:
        m.basis === "MEETING_BASIS_REG_14A_REQUIREMENT" ? "Attendance required (regulation 14A)" : "Invitation",
      summary: [
        { key: { text: "Status" }, value: { html: tag(STATE_TEXT[m.state] ?? [m.state, "govuk-tag--grey"]) } },
        { key: { text: "When" }, value: { text: `${formatDateTime(start)} to ${formatTime(end)}` } },
        ...(m.reschedules.length
          ? [
              {
                key: { text: "Moved" },
                value: {
                  text: m.reschedules
                    .map((x) => `from ${formatDateTime(at(x.previousStartTime))}: ${x.reason}`)
                    .join("; "),
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
      ],
      tasks: s.isOpcc
        ? [
            ...(open ? [{ href: `/meetings/${id}/agenda`, text: "Build the agenda" }] : []),
            ...(agendaOf(m).items.length && ["MEETING_STATE_CONVENED", "MEETING_STATE_HELD"].includes(m.state)
              ? [{ href: `/meetings/${id}/papers/new`, text: "Add a paper" }]
              : []),
            ...(open ? [{ href: `/meetings/${id}/reschedule`, text: "Move the meeting" }] : []),
            ...((m.state === "MEETING_STATE_CONVENED" && started) || m.state === "MEETING_STATE_HELD"
              ? [{ href: `/meetings/${id}/attendance`, text: "Record who attended" }]
              : []),
            ...(m.state === "MEETING_STATE_HELD"
              ? [{ href: `/meetings/${id}/minutes`, text: "Write the minutes" }]
              : []),
            ...(held ? [{ href: `/meetings/${id}/actions/new`, text: "Give an action" }] : []),
            ...(open ? [{ href: `/meetings/${id}/cancel`, text: "Cancel the meeting" }] : []),
          ]
        : [],
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
      const cal = await d.meetings.GetMeetingCalendar({ name: `meetings/${req.params.id}` }, s.token);
      res
        .type("text/calendar; charset=utf-8")
        .setHeader("content-disposition", `attachment; filename="${cal.filename}"`);
      res.send(cal.ics);
    }),
  );
}
