/**
 * The meetings area of the web service: the list of meetings, and the OPCC convening a
 * priority-issue meeting. One meeting's page (answers, the calendar file) is in meeting-page.ts.
 * Built on the shared form pieces (forms/).
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import {
  endOfLondonWorkingDay,
  formatDateTime,
  londonInstant,
  parseDateInput,
  parseTimeInput,
} from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { posted } from "../frame/forms/fields";
import { at, link, tag } from "../frame/labels";
import { ANSWER_TEXT, idOf, type Meeting, STATE_TEXT } from "./views";

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

/**
 * The meeting to create, from the posted convene form. The page's own checks (dates and times as
 * typed, and a choice of partnerships) go into `form`, and what failed them stands in as a placeholder.
 */
export function conveneMeetingOf(b: Record<string, string | string[] | undefined>, form: FormErrors) {
  const invitees = Array.isArray(b.invitees) ? b.invitees : b.invitees ? [b.invitees] : [];
  const all = invitees.includes("all");
  const day = parseDateInput(
    { day: posted(b, "date-day"), month: posted(b, "date-month"), year: posted(b, "date-year") },
    "Date of the meeting",
  );
  const start = parseTimeInput(posted(b, "start"), "Start time");
  const end = parseTimeInput(posted(b, "end"), "End time");
  const due = parseDateInput(
    { day: posted(b, "deadline-day"), month: posted(b, "deadline-month"), year: posted(b, "deadline-year") },
    "Answers due by",
  );
  if (!day.ok) form.add("date", day.message);
  if (!start.ok) form.add("start", start.message);
  if (!end.ok) form.add("end", end.message);
  if (!due.ok) form.add("deadline", due.message);
  if (!all && invitees.length === 0) form.add("invitees", "Select the partnerships to invite");
  const startAt =
    day.ok && start.ok ? londonInstant(day.date, start.hour, start.minute) : new Date(Date.now() + 30 * 86_400_000);
  const endAt =
    day.ok && end.ok ? londonInstant(day.date, end.hour, end.minute) : new Date(startAt.getTime() + 3_600_000);
  const deadlineAt = due.ok ? endOfLondonWorkingDay(due.date) : new Date(startAt.getTime() - 86_400_000);
  return {
    title: posted(b, "title"),
    purpose: posted(b, "purpose"),
    basis: posted(b, "basis") || "MEETING_BASIS_REG_14A_REQUIREMENT",
    startTime: toTimestamp(startAt),
    endTime: toTimestamp(endAt),
    responseDeadline: toTimestamp(deadlineAt),
    place: posted(b, "place"),
    onlineJoining: posted(b, "online"),
    classification: posted(b, "classification") || "CLASSIFICATION_OFFICIAL",
    invitations: all ? [] : invitees.map((partner) => ({ partner })),
    allActiveCsps: all || invitees.length === 0,
  };
}

/** The list of meetings, and the OPCC convening one. */
export function registerMeetingListPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

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
      const form = new FormErrors(CONVENE_FIELDS);
      const body = { meeting: conveneMeetingOf(b, form), requestId: `web-${randomUUID()}` };
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
}
