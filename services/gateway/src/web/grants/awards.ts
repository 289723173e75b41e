/**
 * An award on the web: what was awarded to whom and why, its purposes, conditions and tranches in
 * pounds; the printable award letter with the agreement's SHA-256; the recipient's chair accepting
 * the agreement; and the OPCC paying each tranche (proposed by one person, approved by another,
 * recorded as paid with its date and reference).
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument, isoCalendarDate, parsePounds } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { formatCalendarDate, parseDateInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { AMOUNT_PROBLEM, FormFields, type FormSpec, posted, type Values } from "../frame/forms/fields";
import { dateText, dateTimeText, escapeHtml, link, tag } from "../frame/labels";
import { closeOutForms, closeOutRows, returnForms, returnsTable } from "./award-monitoring-views";
import { proposeRow, variationForms, variationsTable } from "./award-variation-views";
import { pounds, poundsTyped, trancheText } from "./views";

type Award = Reply<"grants", "GetAward">;
type Tranche = Award["tranches"][number];
/** An award's id in a path: awards/<id>. */
export const AWARD_ID = /^[a-z0-9][a-z0-9-]{1,126}$/;
const AWARD_STATE: Record<string, [string, string]> = {
  AWARD_STATE_OFFERED: ["Offered", "govuk-tag--blue"],
  AWARD_STATE_ACTIVE: ["Active", "govuk-tag--green"],
  AWARD_STATE_CLOSED: ["Closed", "govuk-tag--grey"],
};
const TRANCHE_STATE: Record<string, string> = {
  TRANCHE_STATE_SCHEDULED: "Scheduled",
  TRANCHE_STATE_DUE: "Due",
  TRANCHE_STATE_PROPOSED: "Proposed",
  TRANCHE_STATE_APPROVED: "Approved",
  TRANCHE_STATE_PAID: "Paid",
};
const VERBS = ["propose", "approve", "reject", "disburse"] as const;
type Verb = (typeof VERBS)[number];
const when = (t: Tranche) => trancheText({ numerator: 1, denominator: 1, trigger: t.trigger }).replace(/^All /, "");

/** What a tranche's row says of its state: who proposed and approved, when it was paid. */
function trancheStatus(t: Tranche): string {
  const state = TRANCHE_STATE[t.state] ?? t.state;
  if (t.state === "TRANCHE_STATE_PAID") return `Paid on ${formatCalendarDate(t.paidDate)} (${t.reference})`;
  if (t.state === "TRANCHE_STATE_APPROVED")
    return `Approved by ${t.approvedByDisplayName}; proposed by ${t.proposedByDisplayName}`;
  if (t.state === "TRANCHE_STATE_PROPOSED") return `Proposed by ${t.proposedByDisplayName}: ${pounds(t.proposedPence)}`;
  return t.rejectedReasons ? `${state}: last proposal rejected (${t.rejectedReasons})` : state;
}

/** The OPCC's next step on each tranche, as a form. */
function paymentForms(w: Award, s: Session, f: FormFields, base: string): FormSpec[] {
  if (w.state !== "AWARD_STATE_ACTIVE") return [];
  return w.tranches.flatMap((t): FormSpec[] => {
    const at = `${base}/tranches/${t.number}`;
    const heading = `Tranche ${t.number}: ${pounds(t.amountPence)}`;
    if (t.state === "TRANCHE_STATE_DUE")
      return [
        {
          action: `${at}/propose`,
          heading: `${heading}, due`,
          fields: [
            f.money(`amount-${t.number}`, "Amount to pay", {
              value: poundsTyped(t.amountPence),
            }),
          ],
          submit: "Propose the payment",
        },
      ];
    if (t.state === "TRANCHE_STATE_PROPOSED")
      return t.proposedBy === s.caller.subject
        ? []
        : [
            {
              action: `${at}/approve`,
              heading: `${heading}, proposed by ${t.proposedByDisplayName}`,
              fields: [],
              submit: "Approve the payment",
            },
            {
              action: `${at}/reject`,
              heading: "Or reject it",
              fields: [f.textarea(`reasons-${t.number}`, "Why it is rejected", { rows: 2 })],
              submit: "Reject the payment",
              more: [],
            },
          ];
    if (t.state === "TRANCHE_STATE_APPROVED")
      return [
        {
          action: `${at}/disburse`,
          heading: `${heading}, approved: record the payment`,
          fields: [
            f.date(`paid-${t.number}`, "Date paid", "For example, 9 5 2027"),
            f.input(`reference-${t.number}`, "Payment reference", { classes: "govuk-input--width-20" }),
          ],
          submit: "Record the payment",
        },
      ];
    return [];
  });
}

/** The award's page, with a form's problems and what was typed when a step is refused. */
export type ShowAward = (
  req: Request,
  res: Response,
  s: Session,
  form?: FormErrors,
  values?: Values,
) => Promise<unknown>;

export function awardShow(a: WebArea): ShowAward {
  const { d, render, notFound } = a;
  const idOf = (req: Request) => String(req.params.id);
  return async (req: Request, res: Response, s: Session, form?: FormErrors, values: Values = {}) => {
    if (!AWARD_ID.test(idOf(req))) return notFound(req, res);
    const w = await d.grants.GetAward({ name: `awards/${idOf(req)}` }, s.token);
    const base = `/grants/awards/${idOf(req)}`;
    const f = new FormFields(values, form?.byField ?? {});
    const chair =
      s.caller.roles.includes("csp-chair") && s.caller.partner === w.recipient && w.state === "AWARD_STATE_OFFERED";
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: `${w.recipientDisplayName || w.recipient}: ${pounds(w.amountPence)}`,
      caption: `${w.programmeTitle} (${w.year})`,
      errorList: form?.summary,
      summary: [
        { key: { text: "State" }, value: { html: tag(AWARD_STATE[w.state] ?? [w.state, "govuk-tag--grey"]) } },
        { key: { text: "Awarded" }, value: { text: pounds(w.amountPence) } },
        { key: { text: "Asked for" }, value: { text: pounds(w.requestedPence) } },
        { key: { text: "Paid" }, value: { text: pounds(w.paidPence) } },
        { key: { text: "Purposes" }, value: { text: w.purposes.join("; ") } },
        { key: { text: "Reasons" }, value: { text: w.reasons } },
        { key: { text: "Decided" }, value: { text: dateText(w.awardTime) } },
        {
          key: { text: "Agreement" },
          value: {
            html: `${
              w.acceptedBy
                ? `Accepted by ${escapeHtml(w.acceptedByDisplayName)} on ${dateTimeText(w.acceptTime)}`
                : "Not yet accepted"
            } ${link(`${base}/letter`, "Read the award letter")}`,
          },
        },
        {
          key: { text: "Business case" },
          value: { html: link(`/grants/${w.application}`, "The business case awarded") },
        },
        ...closeOutRows(w),
        ...proposeRow(w, s, base),
      ],
      tables: [
        {
          caption: "Payments",
          head: [
            { text: "Tranche", format: "numeric" },
            { text: "When" },
            { text: "Amount", format: "numeric" },
            { text: "Status" },
          ],
          rows: w.tranches.map((t) => [
            { text: String(t.number), format: "numeric" },
            { text: when(t) },
            { text: pounds(t.amountPence), format: "numeric" },
            { text: trancheStatus(t) },
          ]),
        },
        {
          caption: "Conditions of the grant",
          head: [{ text: "Condition" }],
          rows: w.conditions.map((c) => [{ text: c.text || c.code }]),
        },
        returnsTable(w),
        variationsTable(w),
      ],
      forms: [
        ...(chair
          ? [
              {
                action: `${base}/accept`,
                heading: "Accept the grant agreement",
                fields: [
                  { kind: "html", html: `<input type="hidden" name="sha" value="${w.agreementSha256}">` },
                  f.checkboxes("confirm", "Your acceptance", [
                    {
                      value: "yes",
                      text: `I accept the grant of ${pounds(w.amountPence)} and its conditions for ${w.recipientDisplayName || w.recipient}`,
                    },
                  ]),
                ],
                submit: "Accept the agreement",
              },
            ]
          : []),
        ...(s.isOpcc ? [...paymentForms(w, s, f, base), ...returnForms(w, f, base), ...closeOutForms(w, f, base)] : []),
        ...variationForms(w, s, f, base),
      ],
      backLink: { href: `/grants/${w.programme}`, text: "Back to the programme" },
    });
  };
}

export function registerAwardPage(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  const idOf = (req: Request) => String(req.params.id);

  const show = awardShow(a);

  r.get(
    "/grants/awards/:id",
    page((req, res, s) => show(req, res, s)),
  );

  r.get(
    "/grants/awards/:id/letter",
    page(async (req, res, s) => {
      if (!AWARD_ID.test(idOf(req))) return notFound(req, res);
      const w = await d.grants.GetAward({ name: `awards/${idOf(req)}` }, s.token);
      render(req, res, "form-page.njk", {
        title: `Award of a crime and disorder reduction grant: ${pounds(w.amountPence)}`,
        caption: `${w.programmeTitle} (${w.year})`,
        intro: [
          `To ${w.recipientDisplayName || w.recipient}, ${dateText(w.awardTime)}.`,
          `The Police and Crime Commissioner awards you a grant of ${pounds(w.amountPence)} under section 9 of the Police Reform and Social Responsibility Act 2011, for: ${w.purposes.join("; ")}.`,
          `Reasons: ${w.reasons}`,
          "The grant is made subject to the conditions below, including conditions as to repayment, and is paid in the tranches below.",
          `Agreement SHA-256: ${w.agreementSha256}`,
          w.acceptedBy
            ? `Accepted by ${w.acceptedByDisplayName} on ${dateTimeText(w.acceptTime)}.`
            : "To accept it, the partnership's chair signs in and accepts the agreement on the award's page.",
        ],
        tables: [
          {
            caption: "Conditions",
            head: [{ text: "Condition" }],
            rows: w.conditions.map((c) => [{ text: c.text || c.code }]),
          },
          {
            caption: "Payments",
            head: [{ text: "Tranche", format: "numeric" }, { text: "When" }, { text: "Amount", format: "numeric" }],
            rows: w.tranches.map((t) => [
              { text: String(t.number), format: "numeric" },
              { text: when(t) },
              { text: pounds(t.amountPence), format: "numeric" },
            ]),
          },
        ],
        backLink: { href: `/grants/awards/${idOf(req)}`, text: "Back to the award" },
      });
    }),
  );

  r.post(
    "/grants/awards/:id/accept",
    page(async (req, res, s) => {
      if (!AWARD_ID.test(idOf(req)) || !s.caller.roles.includes("csp-chair")) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors({ confirm: { anchor: "confirm", message: "Confirm that you accept the agreement" } });
      if (posted(b, "confirm") !== "yes")
        return show(req, res, s, form.add("confirm", "Confirm that you accept the agreement"), b);
      try {
        await d.grants.AcceptAgreement(
          { name: `awards/${idOf(req)}`, agreementSha256: posted(b, "sha"), requestId: `web-${randomUUID()}` },
          s.token,
        );
      } catch (err) {
        if (!isGrpcServiceError(err) || err.code !== status.FAILED_PRECONDITION) throw err;
        return show(req, res, s, form.add("confirm", err.details), b);
      }
      return res.redirect(303, `/grants/awards/${idOf(req)}`);
    }),
  );

  for (const verb of VERBS)
    r.post(
      `/grants/awards/:id/tranches/:n/${verb}`,
      page(async (req, res, s) => {
        const n = Number(req.params.n);
        if (!AWARD_ID.test(idOf(req)) || !Number.isInteger(n) || n < 1 || n > 6 || !s.isOpcc) return notFound(req, res);
        const b = req.body as Values;
        const fields = {
          [`amount-${n}`]: { label: "Amount" },
          [`reasons-${n}`]: { label: "Reasons" },
          [`paid-${n}`]: { anchor: `paid-${n}-day`, label: "Date paid" },
          [`reference-${n}`]: { label: "Payment reference" },
        };
        const form = new FormErrors(fields);
        const at = { award: `awards/${idOf(req)}`, number: n, requestId: `web-${randomUUID()}` };
        const ask = askFor(verb, b, n, form);
        if (form.any) return show(req, res, s, form, b);
        try {
          const g = d.grants;
          if (ask.verb === "propose") await g.ProposeTranche({ ...at, amountPence: String(ask.amountPence) }, s.token);
          else if (ask.verb === "approve") await g.ApproveTranche(at, s.token);
          else if (ask.verb === "reject") await g.RejectTranche({ ...at, reasons: ask.reasons }, s.token);
          else await g.RecordDisbursement({ ...at, paidDate: ask.paidDate, reference: ask.reference }, s.token);
        } catch (err) {
          const toField: Record<string, string> = {
            amount_pence: `amount-${n}`,
            reasons: `reasons-${n}`,
            paid_date: `paid-${n}`,
            reference: `reference-${n}`,
          };
          if (isInvalidArgument(err)) form.addViolations(fieldViolationsOf(err), (f) => toField[f]);
          else if (isGrpcServiceError(err) && [status.FAILED_PRECONDITION, status.PERMISSION_DENIED].includes(err.code))
            form.add(`amount-${n}`, err.details);
          else throw err;
          return show(req, res, s, form, b);
        }
        return res.redirect(303, `/grants/awards/${idOf(req)}`);
      }),
    );
}

type Ask =
  | { verb: "propose"; amountPence: number }
  | { verb: "approve" }
  | { verb: "reject"; reasons: string }
  | { verb: "disburse"; paidDate: string; reference: string };

/** The posted form as the step asked for, with the page's own problems added to `form`. */
function askFor(verb: Verb, b: Values, n: number, form: FormErrors): Ask {
  if (verb === "propose") {
    const pence = parsePounds(posted(b, `amount-${n}`));
    if (pence === undefined) form.add(`amount-${n}`, AMOUNT_PROBLEM);
    return { verb, amountPence: pence ?? 0 };
  }
  if (verb === "reject") {
    const reasons = posted(b, `reasons-${n}`);
    if (reasons.length < 10) form.add(`reasons-${n}`, "Say why it is rejected (at least 10 characters)");
    return { verb, reasons };
  }
  if (verb === "disburse") {
    const date = parseDateInput(
      { day: posted(b, `paid-${n}-day`), month: posted(b, `paid-${n}-month`), year: posted(b, `paid-${n}-year`) },
      "Date paid",
    );
    if (!date.ok) form.add(`paid-${n}`, date.message);
    const reference = posted(b, `reference-${n}`);
    if (reference === "") form.add(`reference-${n}`, "Enter the payment's reference");
    const iso = date.ok ? isoCalendarDate(date.date) : "";
    return { verb, paidDate: iso, reference };
  }
  return { verb };
}
