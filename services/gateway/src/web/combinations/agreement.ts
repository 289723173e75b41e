/**
 * A combination agreement's page (views in agreement-views.ts): its terms and what became of it, the
 * consent tracker, and each party's answer: by a person of that authority for their own, or by the
 * OPCC on its behalf with the authority's own decision reference and date. The OPCC's decision,
 * signing and ending are in decisions.ts; every step comes back here with a success banner.
 */
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument, isoCalendarDate } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { parseDateInput } from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { FormFields, posted, type Values } from "../frame/forms/fields";
import { agreementForms, agreementRows, consentTracker, type FormName } from "./agreement-views";
import { documentForms, documentsTable } from "./document-views";
import { agreementPath, answersForOwn, COMBINATION_ID, combinationName, humanised, mayPropose } from "./views";

const DONE: Record<string, { titleText: string; text?: string }> = {
  proposed: { titleText: "Combination proposed", text: "Each party can now record its answer" },
  consent: { titleText: "Answer recorded" },
  decision: { titleText: "Decision recorded" },
  sign: { titleText: "Signed agreement recorded" },
  end: { titleText: "Ending recorded" },
  documents: { titleText: "Document added" },
};

export interface Shown {
  values?: Values;
  form?: FormErrors;
  /** The form just posted, kept on the page while it has a problem. */
  keep?: FormName;
}

/** Shows an agreement's page (a malformed id is "page not found" without asking). */
export const agreementShow =
  (a: WebArea) =>
  async (req: Request, res: Response, s: Session, o: Shown = {}): Promise<unknown> => {
    const id = String(req.params.id);
    if (!COMBINATION_ID.test(id)) return a.notFound(req, res);
    const c = await a.d.combinations.GetCombination({ name: combinationName(id) }, s.token);
    const nameOf = (p: string) => a.nameOf(res, p);
    const f = new FormFields(o.values ?? {}, o.form?.byField ?? {});
    if (o.form?.any) res.status(400);
    a.render(req, res, "form-page.njk", {
      title: c.terms?.combinedName || c.name,
      caption: "Combination agreement",
      panel: typeof req.query.done === "string" && !o.form ? DONE[req.query.done] : undefined,
      summary: agreementRows(c, nameOf),
      tables: [consentTracker(c, nameOf), documentsTable(c)],
      forms: [
        ...agreementForms(c, s, f, nameOf, o.form?.any ? o.keep : undefined),
        ...documentForms(c, s, f, a.uploadMaxBytes, Boolean(o.form?.any) && o.keep === "documents"),
      ],
      // An agreement in force is varied by a further agreement: offered to those who may propose.
      buttons:
        c.state === "COMBINATION_STATE_IN_FORCE" &&
        !c.ending &&
        (s.isOpcc || (mayPropose(s) && (c.terms?.areas ?? []).includes(s.caller.partner)))
          ? [
              {
                text: "Propose a variation",
                href: `/combinations/new?varies=${encodeURIComponent(c.name)}`,
                classes: "govuk-button--secondary",
              },
            ]
          : [],
      errorList: o.form?.summary,
      backLink: { href: "/combinations", text: "All combination agreements" },
    });
  };

/**
 * Registers a step posted from an agreement's page: the page's own checks, then the service's;
 * field violations and a refusal the person can act on (FAILED_PRECONDITION, PERMISSION_DENIED) are
 * shown on the page at the form's fields, anything else is the frame's page. Done: back to the page.
 */
export function agreementStep(
  r: Router,
  a: WebArea,
  verb: FormName,
  o: {
    may: (s: Session) => boolean;
    fields: Record<string, FieldSpec>;
    /** Where a refusal that names no field is shown (default: the form's first field). */
    fallback?: string;
    fieldOf: (grpcField: string, b: Values) => string | undefined;
    run: (name: string, b: Values, form: FormErrors, s: Session) => Promise<void>;
  },
): void {
  const show = agreementShow(a);
  r.post(
    `/combinations/:id/${verb}`,
    a.page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!COMBINATION_ID.test(id) || !o.may(s)) return a.notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors(o.fields);
      try {
        await o.run(combinationName(id), b, form, s);
      } catch (err) {
        if (isInvalidArgument(err)) form.addViolations(fieldViolationsOf(err), (f) => o.fieldOf(f, b));
        else if (isGrpcServiceError(err) && [status.FAILED_PRECONDITION, status.PERMISSION_DENIED].includes(err.code))
          form.add(
            o.fallback ?? (Object.keys(o.fields)[0] as string),
            humanised(err.details, (p) => a.nameOf(res, p)),
          );
        else throw err;
      }
      if (form.any) return show(req, res, s, { values: b, form, keep: verb });
      return res.redirect(303, `${agreementPath(combinationName(id))}?done=${verb}`);
    }),
  );
}

type Answer = Ask<"combinations", "RecordConsent">["answer"];
const ANSWERS = ["CONSENT_ANSWER_CONSENTED", "CONSENT_ANSWER_REFUSED"];
const CONSENT_FIELDS: Record<string, FieldSpec> = {
  party: { message: "Choose the party whose answer you are recording" },
  answer: { message: "Select whether the authority consents or refuses" },
  "consent-reasons": { message: "Say why it refuses (at least 10 characters)" },
  "decision-reference": { message: "Enter the reference of the authority's own decision" },
  "decision-date": { anchor: "decision-date-day", label: "Date of the authority's decision" },
};
const CONSENT_FIELD_OF: Record<string, string> = {
  party: "party",
  answer: "answer",
  reasons: "consent-reasons",
  on_behalf: "decision-reference",
  "on_behalf.decision_reference": "decision-reference",
  "on_behalf.decision_date": "decision-date",
};

export function registerAgreementPage(r: Router, a: WebArea): void {
  const show = agreementShow(a);
  r.get(
    "/combinations/:id",
    a.page((req, res, s) => show(req, res, s)),
  );

  agreementStep(r, a, "consent", {
    may: (s) => s.isOpcc || answersForOwn(s),
    fields: CONSENT_FIELDS,
    fallback: "answer",
    fieldOf: (f) => CONSENT_FIELD_OF[f],
    run: async (name, b, form, s) => {
      const answer = posted(b, "answer");
      const reasons = posted(b, "consent-reasons");
      if (!ANSWERS.includes(answer)) form.add("answer", "Select whether the authority consents or refuses");
      if (answer === "CONSENT_ANSWER_REFUSED" && reasons.length < 10)
        form.add("consent-reasons", "Say why it refuses (at least 10 characters)");
      let onBehalf: { decisionReference: string; decisionDate: string } | undefined;
      if (s.isOpcc) {
        if (posted(b, "party") === "") form.add("party", "Choose the party whose answer you are recording");
        const reference = posted(b, "decision-reference");
        if (reference === "") form.add("decision-reference", "Enter the reference of the authority's own decision");
        const date = parseDateInput(
          {
            day: posted(b, "decision-date-day"),
            month: posted(b, "decision-date-month"),
            year: posted(b, "decision-date-year"),
          },
          "Date of the authority's decision",
        );
        if (!date.ok) form.add("decision-date", date.message);
        else onBehalf = { decisionReference: reference, decisionDate: isoCalendarDate(date.date) };
      }
      if (form.any) return;
      await a.d.combinations.RecordConsent(
        {
          name,
          party: s.isOpcc ? posted(b, "party") : s.caller.partner,
          answer: answer as Answer,
          reasons,
          ...(onBehalf ? { onBehalf } : {}),
        },
        s.token,
      );
    },
  });
}
