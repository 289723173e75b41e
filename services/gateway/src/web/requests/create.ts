/** The OPCC creating a report request: the form, its questions, and every problem shown at once. */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Router } from "express";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { endOfLondonWorkingDay, parseDateInput } from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { objectiveChoices } from "../grants/objectives";
import { requestPath } from "./views";

export function registerCreateRequestPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, partnershipItems } = a;
  /** The plan's objectives to choose from (none offered when no plan is published). */
  const objectiveItems = async (chosen: string, token: string) => {
    const choices = await objectiveChoices(d, token);
    return [{ value: "", text: "None" }, ...choices.map((c) => ({ ...c, selected: c.value === chosen }))];
  };

  r.get(
    "/requests/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      render(req, res, "requests/new-request.njk", {
        title: "Create a report request",
        objectiveItems: await objectiveItems("", s.token),
        values: { s7: [] },
        questions: [{ title: "", type: "SECTION_TYPE_TEXT", options: "", required: true }],
        partnerItems: partnershipItems(res, [], false),
        errors: {},
      });
    }),
  );

  r.post(
    "/requests/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      const b = req.body as Record<string, string | string[] | undefined>;
      const str = (k: string) => (Array.isArray(b[k]) ? String((b[k] as string[])[0]) : String(b[k] ?? "")).trim();
      const list = (k: string) => (Array.isArray(b[k]) ? (b[k] as string[]) : b[k] ? [b[k] as string] : []);
      const count = Math.min(Math.max(Number.parseInt(str("questionCount"), 10) || 1, 1), 50);
      const questions = Array.from({ length: count }, (_, i) => ({
        title: str(`q${i}_title`),
        type: str(`q${i}_type`) || "SECTION_TYPE_TEXT",
        options: str(`q${i}_options`),
        required: list(`q${i}_required`).includes("yes"),
      }));
      const addressees = list("addressees");
      const all = addressees.includes("all");
      const values = { ...b, s7: list("s7"), s7publish: list("s7publish")[0] ?? "" };
      const objectives = await objectiveItems(str("objective"), s.token);
      const again = (form: FormErrors, status_ = 400) => {
        res.status(status_);
        render(req, res, "requests/new-request.njk", {
          title: "Create a report request",
          objectiveItems: objectives,
          values,
          questions,
          partnerItems: partnershipItems(res, addressees, all),
          errors: form.byField,
          errorList: form.summary,
        });
      };
      const form = new FormErrors(createFormFields(questions.length));
      if (str("action") === "add-question") {
        questions.push({ title: "", type: "SECTION_TYPE_TEXT", options: "", required: true });
        return again(form, 200);
      }
      // The page's own checks (the date as typed, a choice of partnerships); the service checks the
      // rest in the same round (validate_only), so every error shows at once.
      const parsed = parseDateInput(
        { day: str("due-day"), month: str("due-month"), year: str("due-year") },
        "Due date",
      );
      const due = parsed.ok ? endOfLondonWorkingDay(parsed.date) : undefined;
      if (!parsed.ok) form.add("due", parsed.message);
      else if ((due as Date).getTime() <= Date.now()) form.add("due", "Due date must be in the future");
      if (!all && addressees.length === 0) form.add("addressees", "Select the partnerships that must report");
      const legalBasis = str("legalBasis") || "LEGAL_BASIS_INFORMAL";
      const body = {
        reportRequest: {
          title: str("title"),
          issueOfConcern: str("issue"),
          addressees: all ? [] : addressees.map((partner) => ({ partner })),
          sections: questions.map((q, i) => ({
            id: `q${i + 1}`,
            title: q.title,
            help: "",
            type: q.type,
            required: q.required,
            options: q.type.endsWith("CHOICE")
              ? q.options
                  .split(/\r?\n/)
                  .map((x) => x.trim())
                  .filter(Boolean)
              : [],
          })),
          // A placeholder when the date was refused above: the service still checks everything else.
          dueTime: toTimestamp(due ?? new Date(Date.now() + 86_400_000)),
          classification: str("classification") || "CLASSIFICATION_OFFICIAL",
          legalBasis,
          formalS7:
            legalBasis === "LEGAL_BASIS_FORMAL_S7"
              ? {
                  notSatisfiedEffectiveEfficient: values.s7.includes("notSatisfied"),
                  reasonableAndProportionate: values.s7.includes("reasonable"),
                  reasoning: str("s7reasoning"),
                  publish: values.s7publish === "yes",
                  publicationManner: str("s7manner"),
                }
              : null,
          objective: str("objective"),
        },
        allActiveCsps: all || addressees.length === 0,
        requestId: `web-${randomUUID()}`,
        validateOnly: form.any,
      };
      try {
        const created = await d.reports.CreateReportRequest(body as Ask<"reports", "CreateReportRequest">, s.token);
        if (!form.any) return res.redirect(303, `${requestPath(created.name)}?created=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), createFieldOf);
      }
      again(form);
    }),
  );
}

/** gRPC field path of the create request -> the form field that holds it. */
function createFieldOf(f: string): string | undefined {
  const q = /^report_request\.sections\[(\d+)\]\.(\w+)/.exec(f);
  if (q) return `q${q[1]}_${q[2] === "options" ? "options" : "title"}`;
  const map: Record<string, string> = {
    "report_request.title": "title",
    "report_request.issue_of_concern": "issue",
    "report_request.due_time": "due",
    "report_request.addressees": "addressees",
    all_active_csps: "addressees",
    "report_request.formal_s7.not_satisfied_effective_efficient": "s7",
    "report_request.formal_s7.reasonable_and_proportionate": "s7",
    "report_request.formal_s7.reasoning": "s7reasoning",
    "report_request.formal_s7.publication_manner": "s7manner",
    "report_request.legal_basis": "legalBasis",
    "report_request.objective": "objective",
  };
  if (f.startsWith("report_request.addressees")) return "addressees";
  return map[f];
}

/** The answer form's fields in page order (date answers link to their day box). */

function createFormFields(questionCount: number): Record<string, FieldSpec> {
  const questions: Record<string, FieldSpec> = {};
  for (let i = 0; i < questionCount; i++) {
    questions[`q${i}_title`] = { message: `Enter question ${i + 1} in 3 characters or more` };
    questions[`q${i}_options`] = { message: `Give the options for question ${i + 1}, one per line` };
  }
  return {
    title: { message: "Enter a title of 5 characters or more" },
    issue: { message: "Describe the issue of concern in 10 characters or more" },
    objective: { label: "Plan objective" },
    addressees: { anchor: "addressees", message: "Select the partnerships that must report" },
    due: { anchor: "due-day", message: "Enter a due date in the future" },
    legalBasis: { message: "Select the legal basis" },
    s7: { message: "Record both findings under section 7(1A) for a formal requirement" },
    s7reasoning: { message: "Enter the reasoning for both findings" },
    s7manner: { message: "Say how the report will be published" },
    ...questions,
  };
}
