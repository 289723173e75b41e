/**
 * Actions agreed at meetings: the OPCC gives one to an invited partnership; the partnership sees all
 * its actions across meetings ("my actions"), reports progress and marks them done or dropped.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Ask, Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { endOfLondonWorkingDay, formatDate, formatDateTime, parseDateInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, posted } from "../frame/forms/fields";
import { at, escapeHtml, link } from "../frame/labels";
import { MEETING_ID, type Meeting, meetingName } from "./views";

type Action = Reply<"meetings", "GetAction">;
type Body = Record<string, unknown>;
const str = posted;
const ACTION_ID = /^a-[a-z0-9][a-z0-9-]{1,60}$/;
const STATUS_TEXT: Record<string, [string, string]> = {
  ACTION_STATUS_OPEN: ["Open", "govuk-tag--blue"],
  ACTION_STATUS_DONE: ["Done", "govuk-tag--green"],
  ACTION_STATUS_DROPPED: ["Dropped", "govuk-tag--grey"],
};
export const actionTag = (a: { status: string; overdue: boolean }) => {
  const [text, cls] = STATUS_TEXT[a.status] ?? [a.status, "govuk-tag--grey"];
  return `<strong class="govuk-tag ${cls}">${escapeHtml(text)}</strong>${a.overdue ? ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>' : ""}`;
};

export function registerActionPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;

  r.get(
    "/actions",
    page(async (req, res, s) => {
      if (s.isPanel) return notFound(req, res);
      const open = req.query.status !== "all";
      const list = await d.meetings.ListActions(
        { pageSize: 100, status: open ? "ACTION_STATUS_OPEN" : "ACTION_STATUS_UNSPECIFIED" },
        s.token,
      );
      render(req, res, "form-page.njk", {
        title: s.isOpcc ? "Actions from meetings" : "Your partnership's actions",
        intro: [open ? "Open actions, soonest due first." : "Every action, soonest due first."],
        tables: [
          {
            caption: open ? "Open actions" : "All actions",
            head: [
              { text: "Action" },
              ...(s.isOpcc ? [{ text: "Partnership" }] : []),
              { text: "Due" },
              { text: "Status" },
            ],
            rows: list.actions.map((x) => [
              { html: link(`/${x.name}`, x.description) },
              ...(s.isOpcc ? [{ text: nameOf(res, x.owner) }] : []),
              { text: formatDate(at(x.dueTime)) },
              { html: actionTag(x) },
            ]),
          },
        ],
        backLink: open
          ? { href: "/actions?status=all", text: "Show done and dropped actions too" }
          : { href: "/actions", text: "Show open actions only" },
      });
    }),
  );

  // ---- the OPCC gives an action (from a held meeting) --------------------------------------------
  const FIELDS = {
    owner: { message: "Choose the partnership that owns the action" },
    description: { message: "Describe the action in 5 characters or more" },
    due: { anchor: "due-day", message: "Enter a due date in the future" },
  };
  const newActionPage = (req: Request, res: Response, m: Meeting, id: string, values: Body, form?: FormErrors) => {
    const f = new FormFields(values, form?.byField ?? {});
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Give an action",
      caption: m.title,
      forms: [
        {
          action: `/meetings/${id}/actions`,
          fields: [
            f.select("owner", "Owned by", [
              { value: "", text: "Choose a partnership" },
              ...m.invitations.map((i) => ({ value: i.partner, text: nameOf(res, i.partner) })),
            ]),
            f.textarea("description", "What is to be done"),
            f.date("due", "Due by", "5pm on this day, for example 30 4 2027"),
          ],
          submit: "Give the action",
        },
      ],
      errorList: form?.summary,
      backLink: { href: `/meetings/${id}`, text: "Back to the meeting" },
    });
  };
  const meetingFor = async (id: string, token: string) => d.meetings.GetMeeting({ name: meetingName(id) }, token);
  r.get(
    "/meetings/:id/actions/new",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!s.isOpcc || !MEETING_ID.test(id)) return notFound(req, res);
      newActionPage(req, res, await meetingFor(id, s.token), id, {});
    }),
  );
  r.post(
    "/meetings/:id/actions",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!s.isOpcc || !MEETING_ID.test(id)) return notFound(req, res);
      const m = await meetingFor(id, s.token);
      const b = req.body as Body;
      const form = new FormErrors(FIELDS);
      const due = parseDateInput(
        { day: str(b, "due-day"), month: str(b, "due-month"), year: str(b, "due-year") },
        "Due by",
      );
      if (!due.ok) form.add("due", due.message);
      if (str(b, "owner") === "") form.add("owner", FIELDS.owner.message);
      if (str(b, "description").length < 5) form.add("description", FIELDS.description.message);
      if (!form.any && due.ok) {
        try {
          const created = await d.meetings.CreateAction(
            {
              action: {
                meeting: m.name,
                owner: str(b, "owner"),
                description: str(b, "description"),
                dueTime: toTimestamp(endOfLondonWorkingDay(due.date)),
              },
              requestId: `web-${randomUUID()}`,
            },
            s.token,
          );
          return res.redirect(303, `/${created.name}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(
            fieldViolationsOf(err),
            (f) => ({ "action.owner": "owner", "action.description": "description", "action.due_time": "due" })[f],
          );
        }
      }
      newActionPage(req, res, m, id, b, form);
    }),
  );

  // ---- one action: its history, and progress by its owner (or the OPCC) ---------------------------
  const UPDATE_FIELDS = {
    note: { label: "Progress" },
    status: { message: "Choose what to record" },
    reasons: { message: "Say why the action is dropped, in 5 characters or more" },
  };
  const actionPage = async (
    req: Request,
    res: Response,
    x: Action,
    s: { isPanel: boolean },
    values: Body,
    form?: FormErrors,
  ) => {
    const f = new FormFields(values, form?.byField ?? {});
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      title: x.description,
      caption: "Action",
      summary: [
        { key: { text: "Owned by" }, value: { text: nameOf(res, x.owner) } },
        { key: { text: "Due" }, value: { text: formatDate(at(x.dueTime)) } },
        { key: { text: "Status" }, value: { html: actionTag(x) } },
        ...(x.reasons ? [{ key: { text: "Why it was dropped" }, value: { text: x.reasons } }] : []),
        { key: { text: "From the meeting" }, value: { html: link(`/${x.meeting}`, "Open the meeting") } },
      ],
      tables: x.updates.length
        ? [
            {
              caption: "Progress",
              head: [{ text: "When" }, { text: "By" }, { text: "Note" }],
              rows: x.updates.map((u) => [
                { text: formatDateTime(at(u.time)) },
                { text: u.actorDisplayName },
                { text: u.note },
              ]),
            },
          ]
        : [],
      forms:
        x.status === "ACTION_STATUS_OPEN" && !s.isPanel
          ? [
              {
                action: `/${x.name}`,
                heading: "Record progress",
                fields: [
                  f.textarea("note", "What progress has been made?"),
                  f.radios("status", "Is the action finished?", [
                    { value: "ACTION_STATUS_UNSPECIFIED", text: "Not yet: record the progress only" },
                    { value: "ACTION_STATUS_DONE", text: "Yes, it is done" },
                    { value: "ACTION_STATUS_DROPPED", text: "It is dropped" },
                  ]),
                  f.textarea("reasons", "If dropped, why?", { rows: 2 }),
                ],
                submit: "Save",
              },
            ]
          : [],
      errorList: form?.summary,
      backLink: { href: "/actions", text: "All actions" },
    });
  };
  r.get(
    "/actions/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!ACTION_ID.test(id)) return notFound(req, res);
      const x = await d.meetings.GetAction({ name: `actions/${id}` }, s.token);
      await actionPage(req, res, x, s, { status: "ACTION_STATUS_UNSPECIFIED" });
    }),
  );
  r.post(
    "/actions/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!ACTION_ID.test(id)) return notFound(req, res);
      const b = req.body as Body;
      const form = new FormErrors(UPDATE_FIELDS);
      const next = str(b, "status") || "ACTION_STATUS_UNSPECIFIED";
      if (next === "ACTION_STATUS_UNSPECIFIED" && str(b, "note") === "")
        form.add("note", "Describe the progress, or choose done or dropped");
      if (next === "ACTION_STATUS_DROPPED" && str(b, "reasons").length < 5)
        form.add("reasons", UPDATE_FIELDS.reasons.message);
      if (!form.any) {
        try {
          await d.meetings.UpdateAction(
            {
              name: `actions/${id}`,
              status: next as Ask<"meetings", "UpdateAction">["status"],
              note: str(b, "note"),
              reasons: str(b, "reasons"),
              requestId: `web-${randomUUID()}`,
            },
            s.token,
          );
          return res.redirect(303, `/actions/${id}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), (f) =>
            ["note", "status", "reasons"].includes(f) ? f : undefined,
          );
        }
      }
      const x = await d.meetings.GetAction({ name: `actions/${id}` }, s.token);
      await actionPage(req, res, x, s, b, form);
    }),
  );
}
