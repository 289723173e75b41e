/**
 * The OPCC's record of a meeting, each a small form page: moving it, cancelling it, who attended,
 * and the minutes (drafted, circulated to the attending partnerships, approved). Attending
 * partnerships comment on circulated minutes from the meeting page (meetings.ts).
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { formatDateTime, londonDate, londonInstant, parseDateInput, parseTimeInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { type Field, FormFields, type FormSpec, posted } from "../frame/forms/fields";
import { at } from "../frame/labels";
import { ATTENDANCE_TEXT, type Meeting, meetingName, opccMeetingPage } from "./views";

const str = posted;

export function registerMeetingRecordPages(r: Router, a: WebArea): void {
  const { d, render, nameOf } = a;

  /** An OPCC page about one meeting; anyone else (or a malformed id) gets "page not found". */
  const opccPage = opccMeetingPage(a);

  const show = (
    req: Request,
    res: Response,
    m: Meeting,
    id: string,
    view: { title: string; intro?: string[]; forms: FormSpec[]; tables?: unknown[] },
    form?: FormErrors,
  ) => {
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      caption: m.title,
      ...view,
      errorList: form?.summary,
      backLink: { href: `/meetings/${id}`, text: "Back to the meeting" },
    });
  };

  // ---- reschedule ------------------------------------------------------------------------------
  const RESCHEDULE = {
    date: { anchor: "date-day", message: "Enter a date in the future" },
    start: { message: "The meeting must start in the future" },
    end: { message: "End time must be after the start time, on the same day" },
    reason: { message: "Say why the meeting is moving, in 5 characters or more" },
  };
  const rescheduleForm = (values: Record<string, unknown>, errors: Record<string, string>, id: string): FormSpec => {
    const f = new FormFields(values, errors);
    return {
      action: `/meetings/${id}/reschedule`,
      fields: [
        f.date("date", "New date", "For example, 27 3 2027"),
        f.input("start", "Start time", {
          hint: { text: "UK time, for example 10am or 2:30pm" },
          classes: "govuk-input--width-5",
        }),
        f.input("end", "End time", { classes: "govuk-input--width-5" }),
        f.textarea("reason", "Why is the meeting moving?", { hint: { text: "Sent to every invited partnership" } }),
      ],
      submit: "Move the meeting",
    };
  };
  r.get(
    "/meetings/:id/reschedule",
    opccPage(async (req, res, _s, m, id) => {
      const when = londonDate(at(m.startTime));
      show(req, res, m, id, {
        title: "Move the meeting",
        intro: [`It is now at ${formatDateTime(at(m.startTime))}. Calendar entries already sent are updated.`],
        forms: [rescheduleForm({ "date-day": when.day, "date-month": when.month, "date-year": when.year }, {}, id)],
      });
    }),
  );
  r.post(
    "/meetings/:id/reschedule",
    opccPage(async (req, res, s, m, id) => {
      const b = req.body as Record<string, unknown>;
      const form = new FormErrors(RESCHEDULE);
      const day = parseDateInput(
        { day: str(b, "date-day"), month: str(b, "date-month"), year: str(b, "date-year") },
        "New date",
      );
      const start = parseTimeInput(str(b, "start"), "Start time");
      const end = parseTimeInput(str(b, "end"), "End time");
      if (!day.ok) form.add("date", day.message);
      if (!start.ok) form.add("start", start.message);
      if (!end.ok) form.add("end", end.message);
      if (str(b, "reason").length < 5) form.add("reason", RESCHEDULE.reason.message);
      if (!form.any && day.ok && start.ok && end.ok) {
        try {
          await d.meetings.RescheduleMeeting(
            {
              name: meetingName(id),
              startTime: toTimestamp(londonInstant(day.date, start.hour, start.minute)),
              endTime: toTimestamp(londonInstant(day.date, end.hour, end.minute)),
              reason: str(b, "reason"),
              requestId: `web-${randomUUID()}`,
            },
            s.token,
          );
          return res.redirect(303, `/meetings/${id}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(
            fieldViolationsOf(err),
            (f) => ({ start_time: "start", end_time: "end", reason: "reason", response_deadline: "start" })[f],
          );
        }
      }
      show(req, res, m, id, { title: "Move the meeting", forms: [rescheduleForm(b, form.byField, id)] }, form);
    }),
  );

  // ---- cancel ----------------------------------------------------------------------------------
  const cancelForm = (values: Record<string, unknown>, errors: Record<string, string>, id: string): FormSpec => ({
    action: `/meetings/${id}/cancel`,
    fields: [new FormFields(values, errors).textarea("reason", "Why is the meeting cancelled?")],
    submit: "Cancel the meeting",
  });
  r.get(
    "/meetings/:id/cancel",
    opccPage(async (req, res, _s, m, id) =>
      show(req, res, m, id, {
        title: "Cancel the meeting",
        intro: ["Every invited partnership is told, and calendar entries are cancelled."],
        forms: [cancelForm({}, {}, id)],
      }),
    ),
  );
  r.post(
    "/meetings/:id/cancel",
    opccPage(async (req, res, s, m, id) => {
      const b = req.body as Record<string, unknown>;
      const form = new FormErrors({ reason: { message: "Say why the meeting is cancelled, in 5 characters or more" } });
      if (str(b, "reason").length < 5) form.add("reason", "Say why the meeting is cancelled, in 5 characters or more");
      else {
        await d.meetings.CancelMeeting(
          { name: meetingName(id), reason: str(b, "reason"), requestId: `web-${randomUUID()}` },
          s.token,
        );
        return res.redirect(303, `/meetings/${id}`);
      }
      show(req, res, m, id, { title: "Cancel the meeting", forms: [cancelForm(b, form.byField, id)] }, form);
    }),
  );

  // ---- attendance ------------------------------------------------------------------------------
  const attendanceForm = (
    res: Response,
    m: Meeting,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    id: string,
  ): FormSpec => {
    const f = new FormFields(values, errors);
    const marks = Object.entries(ATTENDANCE_TEXT).map(([value, text]) => ({ value, text }));
    const fields: Field[] = m.invitations.map((inv, i) =>
      f.fieldset(nameOf(res, inv.partner), [
        f.radios(`att-${i}`, "Attendance", marks, { classes: "govuk-radios--inline" }),
        f.input(`who-${i}`, "Who attended (name and role)", { classes: "govuk-input--width-20" }),
      ]),
    );
    return { action: `/meetings/${id}/attendance`, fields, submit: "Record attendance" };
  };
  const attendanceValues = (m: Meeting) =>
    Object.fromEntries(
      m.invitations.flatMap((inv, i) => [
        [`att-${i}`, inv.attendance === "ATTENDANCE_UNSPECIFIED" ? "" : inv.attendance],
        [`who-${i}`, inv.attendee || inv.representative],
      ]),
    );
  r.get(
    "/meetings/:id/attendance",
    opccPage(async (req, res, _s, m, id) =>
      show(req, res, m, id, {
        title: "Who attended",
        intro: ["Record each invited partnership. The meeting is then recorded as held."],
        forms: [attendanceForm(res, m, attendanceValues(m), {}, id)],
      }),
    ),
  );
  r.post(
    "/meetings/:id/attendance",
    opccPage(async (req, res, s, m, id) => {
      const b = req.body as Record<string, unknown>;
      const fields = Object.fromEntries(
        m.invitations.map((inv, i) => [`att-${i}`, { message: `Select whether ${nameOf(res, inv.partner)} attended` }]),
      );
      const form = new FormErrors(fields);
      const attendance = m.invitations
        .map((inv, i) => ({ partner: inv.partner, attendance: str(b, `att-${i}`), attendee: str(b, `who-${i}`) }))
        .filter((x) => x.attendance !== "");
      if (attendance.length === 0) form.add("att-0", "Record the attendance of at least one partnership");
      attendance.forEach((x) => {
        if (!(x.attendance in ATTENDANCE_TEXT))
          form.add(
            `att-${m.invitations.findIndex((i) => i.partner === x.partner)}`,
            "Select present, apologies or absent",
          );
      });
      if (!form.any) {
        try {
          await d.meetings.RecordAttendance(
            { name: meetingName(id), attendance, requestId: `web-${randomUUID()}` } as Ask<
              "meetings",
              "RecordAttendance"
            >,
            s.token,
          );
          return res.redirect(303, `/meetings/${id}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), (f) => {
            const i = /^attendance\[(\d+)\]/.exec(f)?.[1];
            return i === undefined
              ? undefined
              : `att-${m.invitations.findIndex((x) => x.partner === attendance[Number(i)]?.partner)}`;
          });
        }
      }
      show(req, res, m, id, { title: "Who attended", forms: [attendanceForm(res, m, b, form.byField, id)] }, form);
    }),
  );

  // ---- minutes ---------------------------------------------------------------------------------
  const minutesForm = (
    m: Meeting,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    id: string,
  ): FormSpec => {
    const f = new FormFields(values, errors);
    const circulated = m.minutes?.circulated ?? false;
    return {
      action: `/meetings/${id}/minutes`,
      fields: [
        f.textarea("text", "Minutes", { rows: 12 }),
        f.textarea("decisions", "Decisions", { hint: { text: "One decision on each line" }, rows: 5 }),
      ],
      submit: "Save the draft",
      more: [
        {
          text: circulated ? "Save and circulate again" : "Save and circulate for comment",
          formaction: `/meetings/${id}/minutes?then=circulate`,
        },
        ...(circulated
          ? [
              {
                text: "Save and approve the minutes",
                formaction: `/meetings/${id}/minutes?then=approve`,
                classes: "govuk-button--warning",
              },
            ]
          : []),
      ],
    };
  };
  const minutesView = (
    res: Response,
    m: Meeting,
    id: string,
    values: Record<string, unknown>,
    errors: Record<string, string>,
  ) => ({
    title: "Minutes",
    intro: [
      m.minutes?.circulated
        ? "The draft has been circulated to the partnerships that attended. Their comments are below. Approved minutes cannot be changed."
        : "Draft the minutes, then circulate them to the partnerships that attended for comment before approving them.",
    ],
    forms: [minutesForm(m, values, errors, id)],
    tables: m.minutes?.comments.length
      ? [
          {
            caption: "Comments from the partnerships",
            captionClasses: "govuk-table__caption--m",
            head: [{ text: "Partnership" }, { text: "By" }, { text: "Comment" }, { text: "When" }],
            rows: m.minutes.comments.map((c) => [
              { text: nameOf(res, c.partner) },
              { text: c.authorDisplayName },
              { text: c.text },
              { text: formatDateTime(at(c.time)) },
            ]),
          },
        ]
      : [],
  });
  r.get(
    "/meetings/:id/minutes",
    opccPage(async (req, res, _s, m, id) =>
      show(
        req,
        res,
        m,
        id,
        minutesView(
          res,
          m,
          id,
          { text: m.minutes?.text ?? "", decisions: (m.minutes?.decisions ?? []).join("\n") },
          {},
        ),
      ),
    ),
  );
  r.post(
    "/meetings/:id/minutes",
    opccPage(async (req, res, s, m, id) => {
      const b = req.body as Record<string, unknown>;
      const form = new FormErrors({ text: { message: "Write the minutes" }, decisions: { label: "Decisions" } });
      const decisions = str(b, "decisions")
        .split(/\r?\n/)
        .map((x) => x.trim())
        .filter(Boolean);
      if (str(b, "text") === "") form.add("text", "Write the minutes");
      else {
        try {
          await d.meetings.SaveMinutes({ name: meetingName(id), text: str(b, "text"), decisions }, s.token);
          const then = req.query.then;
          if (then === "circulate" || then === "approve")
            await (then === "circulate" ? d.meetings.CirculateMinutes : d.meetings.ApproveMinutes)(
              { name: meetingName(id), requestId: `web-${randomUUID()}` },
              s.token,
            );
          return res.redirect(303, `/meetings/${id}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), (f) =>
            f.startsWith("decisions") ? "decisions" : f === "text" ? "text" : undefined,
          );
        }
      }
      show(req, res, m, id, minutesView(res, m, id, b, form.byField), form);
    }),
  );
}
