/**
 * An award's monitoring and close-out on its page: the table of returns issued (each a report
 * request, linked), the OPCC's form to issue the next one with its due date (5pm London on the
 * day), to close the award once the year-end return is accepted, and to record the repayment of
 * an underspend.
 */
import { randomUUID } from "node:crypto";
import {
  endOfLondonWorkingDay,
  fieldViolationsOf,
  isGrpcServiceError,
  isInvalidArgument,
  isoCalendarDate,
  toTimestamp,
} from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { formatCalendarDate, parseDateInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import type { FormFields, FormSpec, Values } from "../frame/forms/fields";
import { posted } from "../frame/forms/fields";
import { dateTimeText, link } from "../frame/labels";
import { pounds } from "./views";

type Award = Reply<"grants", "GetAward">;

/** The kinds a URL names, and what people call them. */
export const RETURN_KINDS: Record<string, { kind: "RETURN_KIND_MID_YEAR" | "RETURN_KIND_YEAR_END"; text: string }> = {
  "mid-year": { kind: "RETURN_KIND_MID_YEAR", text: "mid-year monitoring return" },
  "year-end": { kind: "RETURN_KIND_YEAR_END", text: "year-end monitoring return" },
};
const TEXT_OF = Object.fromEntries(Object.values(RETURN_KINDS).map((k) => [k.kind, k.text]));

export function returnsTable(w: Award) {
  return {
    caption: "Monitoring returns",
    empty: "No monitoring return has been issued yet.",
    head: [{ text: "Return" }, { text: "Due" }, { text: "Status" }],
    rows: w.returns.map((r) => [
      { html: link(`/requests/${r.reportRequest.replace("reportRequests/", "")}`, TEXT_OF[r.kind] ?? r.kind) },
      { text: dateTimeText(r.dueTime) },
      { text: r.state === "RETURN_STATE_ACCEPTED" ? `Accepted ${dateTimeText(r.acceptTime)}` : "Issued" },
    ]),
  };
}

/** The OPCC's form for each return not yet issued (once the agreement is accepted). */
export function returnForms(w: Award, f: FormFields, base: string): FormSpec[] {
  if (w.state !== "AWARD_STATE_ACTIVE") return [];
  return Object.entries(RETURN_KINDS)
    .filter(([, k]) => !w.returns.some((r) => r.kind === k.kind))
    .map(([slug, k]) => ({
      action: `${base}/returns/${slug}`,
      heading: `Issue the ${k.text}`,
      fields: [f.date(`due-${slug}`, "Due by", "5pm on this day, for example 31 10 2027")],
      submit: `Issue the ${k.text}`,
    }));
}

/** The posted due date as the instant it means, with the page's own problem added to `form`. */
export function postedDue(b: Values, slug: string, form: FormErrors) {
  const due = parseDateInput(
    { day: posted(b, `due-${slug}-day`), month: posted(b, `due-${slug}-month`), year: posted(b, `due-${slug}-year`) },
    "Due date",
  );
  if (!due.ok) {
    form.add(`due-${slug}`, due.message);
    return undefined;
  }
  const at = endOfLondonWorkingDay(due.date);
  if (at.getTime() <= Date.now()) {
    form.add(`due-${slug}`, "The due date must be in the future");
    return undefined;
  }
  return toTimestamp(at);
}

/** What the close-out says, as summary rows (none before the award is closed). */
export function closeOutRows(w: Award) {
  const c = w.closeOut;
  if (!c) return [];
  const repayment =
    c.repaymentState === "REPAYMENT_STATE_REPAID"
      ? `${pounds(c.repaidPence)} repaid on ${formatCalendarDate(c.repaidDate)} (${c.reference})`
      : c.repaymentState === "REPAYMENT_STATE_REQUESTED"
        ? `${pounds(c.underspendPence)} to repay`
        : "Nothing to repay";
  return [
    { key: { text: "Spent" }, value: { text: pounds(c.spentPence) } },
    { key: { text: "Underspend" }, value: { text: repayment } },
    ...(c.holdBack
      ? [
          {
            key: { text: "Hold-back" },
            value: { text: "Underspent the year before as well: consider holding back next year's grant" },
          },
        ]
      : []),
  ];
}

/** The OPCC's close-out forms: close once the year-end return is accepted; then record the repayment. */
export function closeOutForms(w: Award, f: FormFields, base: string): FormSpec[] {
  const yearEnd = w.returns.find((r) => r.kind === "RETURN_KIND_YEAR_END");
  if (w.state === "AWARD_STATE_ACTIVE" && yearEnd?.state === "RETURN_STATE_ACCEPTED")
    return [
      {
        action: `${base}/close`,
        heading: "Close the award",
        fields: [],
        submit: "Close the award from its year-end return",
      },
    ];
  if (w.closeOut?.repaymentState === "REPAYMENT_STATE_REQUESTED")
    return [
      {
        action: `${base}/repayment`,
        heading: `Record the repayment of ${pounds(w.closeOut.underspendPence)}`,
        fields: [
          f.date("repaid", "Date repaid", "For example, 9 5 2028"),
          f.input("repayment-reference", "Payment reference", { classes: "govuk-input--width-20" }),
        ],
        submit: "Record the repayment",
      },
    ];
  return [];
}

type Show = (req: Request, res: Response, s: Session, form?: FormErrors, values?: Values) => Promise<unknown>;
const AWARD_ID = /^[a-z0-9][a-z0-9-]{1,126}$/;

/** The OPCC's monitoring and close-out steps on an award: issue a return, close, record the repayment. */
export function registerMonitoringRoutes(r: Router, a: WebArea, show: Show): void {
  const { d, page, notFound } = a;
  const idOf = (req: Request) => String(req.params.id);
  /** Runs the step; a refusal the person can act on is shown at its field (`fallback`), on the award's page. */
  const step = (fields: (req: Request) => Fields, fallback: (req: Request) => string, run: StepRun) =>
    page(async (req, res, s) => {
      if (!AWARD_ID.test(idOf(req)) || !s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors(fields(req));
      try {
        const asked = await run(req, s, b, form);
        if (asked === "not-found") return notFound(req, res);
        if (form.any) return show(req, res, s, form, b);
      } catch (err) {
        if (isInvalidArgument(err)) form.addViolations(fieldViolationsOf(err), (f) => FIELD_OF[f] ?? fallback(req));
        else if (isGrpcServiceError(err) && err.code === status.FAILED_PRECONDITION)
          form.add(fallback(req), err.details);
        else throw err;
        return show(req, res, s, form, b);
      }
      return res.redirect(303, `/grants/awards/${idOf(req)}`);
    });

  const slugOf = (req: Request) => String(req.params.kind);
  r.post(
    "/grants/awards/:id/returns/:kind",
    step(
      (req) => ({ [`due-${slugOf(req)}`]: { anchor: `due-${slugOf(req)}-day`, label: "Due date" } }),
      (req) => `due-${slugOf(req)}`,
      async (q, s, b, form) => {
        const kind = RETURN_KINDS[slugOf(q)];
        if (!kind) return "not-found";
        const dueTime = postedDue(b, slugOf(q), form);
        if (!dueTime) return;
        await d.grants.IssueMonitoringReturn(
          { award: `awards/${idOf(q)}`, kind: kind.kind, dueTime, requestId: `web-${randomUUID()}` },
          s.token,
        );
      },
    ),
  );

  r.post(
    "/grants/awards/:id/close",
    step(
      () => ({ close: { label: "Close" } }),
      () => "close",
      async (q, s) => {
        await d.grants.CloseAward({ name: `awards/${idOf(q)}`, requestId: `web-${randomUUID()}` }, s.token);
      },
    ),
  );

  r.post(
    "/grants/awards/:id/repayment",
    step(
      () => ({
        repaid: { anchor: "repaid-day", label: "Date repaid" },
        "repayment-reference": { label: "Payment reference" },
      }),
      () => "repaid",
      async (q, s, b, form) => {
        const date = parseDateInput(
          { day: posted(b, "repaid-day"), month: posted(b, "repaid-month"), year: posted(b, "repaid-year") },
          "Date repaid",
        );
        if (!date.ok) form.add("repaid", date.message);
        const reference = posted(b, "repayment-reference");
        if (reference === "") form.add("repayment-reference", "Enter the repayment's reference");
        if (!date.ok || form.any) return;
        // The whole underspend, as the award says: the person records it, they do not retype it.
        const w = await d.grants.GetAward({ name: `awards/${idOf(q)}` }, s.token);
        await d.grants.RecordRepayment(
          {
            name: w.name,
            amountPence: w.closeOut?.underspendPence ?? "0",
            paidDate: isoCalendarDate(date.date),
            reference,
            requestId: `web-${randomUUID()}`,
          },
          s.token,
        );
      },
    ),
  );
}

type Fields = Record<string, { anchor?: string; label: string }>;
type StepRun = (req: Request, s: Session, b: Values, form: FormErrors) => Promise<"not-found" | undefined>;
const FIELD_OF: Record<string, string> = { paid_date: "repaid", reference: "repayment-reference" };
