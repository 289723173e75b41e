/**
 * The OPCC drafts a grant programme on the web: its year, budget and objectives, when applications
 * open and close, and either an amount for each partnership (an allocation, e.g. the Crime Reduction
 * Grant) or the project limits of an open round. Amounts are typed as pounds and pence and sent as
 * whole pence (the kit's parsePounds: no floating point); every problem, the page's and the
 * service's (asked with validate_only), is shown in one round.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument, parsePounds, toTimestamp } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { endOfLondonWorkingDay, londonInstant, parseDateInput } from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { AMOUNT_PROBLEM, FormFields, posted, type Values } from "../frame/forms/fields";
import { objectiveChoices } from "./objectives";

const FIELDS: Record<string, FieldSpec> = {
  year: { message: "Enter the financial year, such as 2027/28" },
  title: { message: "Enter the programme's title" },
  description: { label: "Description" },
  kind: { anchor: "kind", message: "Select what kind of programme it is" },
  budget: { message: "Enter a budget of more than £0.00" },
  objectives: { anchor: "objectives", message: "Select the plan objectives it serves" },
  opens: { anchor: "opens-day", label: "Applications open" },
  closes: { anchor: "closes-day", label: "Applications close" },
  allocations: { label: "Allocations" },
  projectMax: { label: "Most for one project" },
  countyWideMax: { label: "Most for a county-wide project" },
};
const SERVICE_FIELDS: Record<string, string> = {
  "programme.year": "year",
  "programme.title": "title",
  "programme.description": "description",
  "programme.kind": "kind",
  "programme.budget_pence": "budget",
  "programme.objectives": "objectives",
  "programme.window_open_time": "opens",
  "programme.window_close_time": "closes",
  "programme.allocations": "allocations",
  "programme.project_max_pence": "projectMax",
  "programme.county_wide_max_pence": "countyWideMax",
  programme_id: "title",
};

const partnerId = (name: string) => name.slice("partners/".length);
/** An id people never type: from the title, with the year unless the title has it. */
export function programmeIdOf(title: string, year: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const y = slug(year);
  const t = slug(title);
  const id = (t.includes(y) ? t : `${t}-${y}`).slice(0, 63).replace(/-+$/, "");
  return /^[a-z0-9][a-z0-9-]{1,62}$/.test(id) ? id : `programme-${y || "x"}`;
}

const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : []);

export function registerProgrammeFormPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  const show = async (req: Request, res: Response, token: string, values: Values, form: FormErrors, code = 200) => {
    const f = new FormFields(values, form.byField);
    const objectives = await objectiveChoices(d, token);
    const chosen = list(values.objectives);
    res.status(code);
    render(req, res, "form-page.njk", {
      title: "Draft a grant programme",
      errorList: form.summary,
      intro: [
        "A draft is seen only by the OPCC until you open it. Opening announces each allocation to its partnership.",
      ],
      forms: [
        {
          action: "/grants/programmes/new",
          fields: [
            f.input("year", "Financial year", {
              hint: { text: "For example, 2027/28" },
              classes: "govuk-input--width-5",
            }),
            f.input("title", "Title", { hint: { text: "For example, Crime Reduction Grant 2027/28" } }),
            f.textarea("description", "Description (optional)", { rows: 3 }),
            f.radios("kind", "Kind of programme", [
              { value: "PROGRAMME_KIND_ALLOCATION", text: "An allocation to named partnerships" },
              { value: "PROGRAMME_KIND_OPEN_ROUND", text: "An open round that partners apply to" },
            ]),
            f.money("budget", "Budget"),
            {
              kind: "checkboxes",
              params: {
                idPrefix: "objectives",
                name: "objectives",
                fieldset: {
                  legend: { text: "Police and Crime Plan objectives it serves", classes: "govuk-fieldset__legend--s" },
                },
                hint:
                  objectives.length === 0
                    ? { text: "No plan has been published yet: publish the plan first." }
                    : undefined,
                errorMessage: form.byField.objectives ? { text: form.byField.objectives } : undefined,
                items: objectives.map((o) => ({ ...o, checked: chosen.includes(o.value) })),
              },
            },
            f.date("opens", "Applications open", "For example, 4 1 2027"),
            f.date("closes", "Applications close", "For example, 31 3 2027. They close at 5pm on that day."),
            {
              kind: "fieldset",
              params: {
                legend: { text: "Allocations (for an allocation)", classes: "govuk-fieldset__legend--m" },
                describedBy: "allocations",
              },
              fields: [
                {
                  kind: "html",
                  html: `<p class="govuk-body" id="allocations">The amount for each partnership; leave it empty for one not allocated. Together they may not be more than the budget.${form.byField.allocations ? ` <span class="govuk-error-message">${form.byField.allocations}</span>` : ""}</p>`,
                },
                ...a.csps(res).map(([name, text]) => f.money(`allocation-${partnerId(name)}`, text)),
              ],
            },
            {
              kind: "fieldset",
              params: { legend: { text: "Project limits (for an open round)", classes: "govuk-fieldset__legend--m" } },
              fields: [
                f.money("projectMax", "Most for one project"),
                f.money("countyWideMax", "Most for a county-wide project"),
              ],
            },
          ],
          submit: "Save as a draft",
        },
      ],
      backLink: { href: "/grants", text: "Grants" },
    });
  };

  r.get(
    "/grants/programmes/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      await show(req, res, s.token, { kind: "PROGRAMME_KIND_ALLOCATION" }, new FormErrors(FIELDS));
    }),
  );

  r.post(
    "/grants/programmes/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors(FIELDS);
      const pounds = (id: string, message: string) => {
        const typed = posted(b, id);
        if (typed === "") return 0;
        const p = parsePounds(typed);
        if (p === undefined) form.add(id, message);
        return p ?? 0;
      };
      const BUDGET = "Enter the budget in pounds and pence, like £558,385.00";
      if (posted(b, "budget") === "") form.add("budget", BUDGET);
      const budget = pounds("budget", BUDGET);
      const kind = posted(b, "kind");
      if (kind === "") form.add("kind", "Select what kind of programme it is");
      const allocation = kind === "PROGRAMME_KIND_ALLOCATION";
      const allocations = allocation
        ? a.csps(res).flatMap(([name]) => {
            const id = `allocation-${partnerId(name)}`;
            if (posted(b, id) === "") return [];
            return [{ partner: name, amountPence: String(pounds(id, AMOUNT_PROBLEM)) }];
          })
        : [];
      if (allocation && allocations.length === 0)
        form.add("allocations", "Enter an amount for at least one partnership");
      const objectives = list(b.objectives);
      if (objectives.length === 0) form.add("objectives", "Select the plan objectives it serves");
      const date = (id: string, label: string) => {
        const parsed = parseDateInput(
          { day: posted(b, `${id}-day`), month: posted(b, `${id}-month`), year: posted(b, `${id}-year`) },
          label,
        );
        if (!parsed.ok) form.add(id, parsed.message);
        return parsed.ok ? parsed.date : undefined;
      };
      const opens = date("opens", "Applications open");
      const closes = date("closes", "Applications close");
      const year = posted(b, "year");
      const title = posted(b, "title");
      const request = {
        programmeId: programmeIdOf(title || "programme", year),
        programme: {
          year,
          title,
          description: posted(b, "description"),
          kind: kind || "PROGRAMME_KIND_UNSPECIFIED",
          budgetPence: String(budget),
          objectives,
          windowOpenTime: toTimestamp(opens ? londonInstant(opens, 0) : new Date()),
          windowCloseTime: toTimestamp(closes ? endOfLondonWorkingDay(closes) : new Date(Date.now() + 86_400_000)),
          allocations,
          projectMaxPence: String(allocation ? 0 : pounds("projectMax", AMOUNT_PROBLEM)),
          countyWideMaxPence: String(allocation ? 0 : pounds("countyWideMax", AMOUNT_PROBLEM)),
        },
        requestId: `web-${randomUUID()}`,
        // With problems found here, the service only checks, so every problem shows in one round.
        validateOnly: form.any,
      };
      try {
        const made = await d.grants.CreateProgramme(request as Ask<"grants", "CreateProgramme">, s.token);
        if (!form.any) return res.redirect(303, `/grants/${made.name}`);
      } catch (err) {
        if (isGrpcServiceError(err) && err.code === status.ALREADY_EXISTS)
          form.add("title", "A programme with this title already exists for that year: choose another title");
        else if (!isInvalidArgument(err)) throw err;
        else
          form.addViolations(fieldViolationsOf(err), (f) => {
            const m = /^programme\.allocations\[(\d+)\]/.exec(f);
            if (m) {
              const at = allocations[Number(m[1])];
              return at ? `allocation-${partnerId(at.partner)}` : "allocations";
            }
            return SERVICE_FIELDS[f] ?? SERVICE_FIELDS[f.replace(/\[\d+\]$/, "")];
          });
      }
      await show(req, res, s.token, b, form, 400);
    }),
  );
}
