/**
 * Business cases on the web: the partnership's form (projects with costs in pounds, outcome
 * measures, the plan objectives and assessment priorities they serve, declarations), saved, checked
 * and submitted; the application's page with its versions; the OPCC's review (accept, or return
 * with reasons). The form's field mapping is in application-form.ts.
 */
import { randomUUID } from "node:crypto";
import { type FieldViolation, fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, type Values } from "../frame/forms/fields";
import { tag } from "../frame/labels";
import {
  contentOf,
  fieldOrder,
  formFieldOf,
  otherFields,
  projectFields,
  storedLayout,
  valuesOf,
} from "./application-form";
import { objectiveTitles, priorityChoices } from "./objectives";
import { PROGRAMME_ID, pounds } from "./views";

type Programme = Reply<"grants", "GetProgramme">;
type Application = Reply<"grants", "GetApplication">;
type Content = NonNullable<Application["draft"]>;

export const APPLICATION_STATE: Record<string, [string, string]> = {
  APPLICATION_STATE_DRAFT: ["Not submitted", "govuk-tag--grey"],
  APPLICATION_STATE_SUBMITTED: ["Awaiting review", "govuk-tag--blue"],
  APPLICATION_STATE_RETURNED: ["Returned", "govuk-tag--orange"],
  APPLICATION_STATE_ACCEPTED: ["Accepted", "govuk-tag--green"],
};
export const applicationTag = (state: string) => tag(APPLICATION_STATE[state] ?? [state, "govuk-tag--grey"]);
const partnerIdOf = (s: Session) => s.caller.partner.replace("partners/", "");
const _PARTNER_ID = PROGRAMME_ID;

/** The content as tables a person reads: each project's costs, measures and what it serves. */
export function contentTables(c: Content, titles: Map<string, string>) {
  return c.projects.map((p, i) => ({
    caption: `Project ${i + 1}: ${p.title}${p.countyWide ? " (county-wide)" : ""}`,
    head: [{ text: "Cost" }, { text: "Amount", format: "numeric" }],
    rows: [
      ...p.lines.map((l) => [{ text: l.description }, { text: pounds(l.amountPence), format: "numeric" }]),
      [{ text: "Project total" }, { text: pounds(p.requestedPence), format: "numeric" }],
    ],
    after: [
      p.summary,
      ...p.measures.map(
        (m) => `Measure: ${m.title}, from ${m.baseline} to ${m.target}${m.unit === "MEASURE_UNIT_PERCENT" ? "%" : ""}`,
      ),
      `Serves: ${p.objectives.map((o) => titles.get(o) ?? o).join("; ") || "no objective given"}`,
      ...(p.jsaPriorities.length ? [`Answers: ${p.jsaPriorities.join("; ")}`] : []),
    ],
  }));
}

export function registerApplicationPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  /** The programme a partnership applies to, or not found (the OPCC and the panel do not apply). */
  const programmeFor = async (req: Request, res: Response, s: Session) => {
    const id = String(req.params.id);
    if (!PROGRAMME_ID.test(id) || !s.isPartnership) {
      notFound(req, res);
      return undefined;
    }
    return d.grants.GetProgramme({ name: `programmes/${id}` }, s.token);
  };
  const ownName = (p: Programme, s: Session) => `${p.name}/applications/${partnerIdOf(s)}`;

  const showForm = async (
    req: Request,
    res: Response,
    s: Session,
    p: Programme,
    values?: Values,
    form?: FormErrors,
  ) => {
    const mine = await unlessNotFound(d.grants.GetApplication({ name: ownName(p, s) }, s.token));
    const [titles, priorities] = await Promise.all([
      objectiveTitles(d, s.token, p.objectives),
      priorityChoices(d, s.token),
    ]);
    const f = new FormFields(values ?? valuesOf(mine?.draft), form?.byField ?? {});
    const latest = mine?.versions.at(-1);
    const id = p.name.replace("programmes/", "");
    const allocation = p.allocations.find((x) => x.partner === s.caller.partner);
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Your business case",
      caption: p.title,
      errorList: form?.summary,
      panel: req.query.saved === "1" ? { titleText: "Draft saved" } : undefined,
      inset:
        latest?.outcome === "APPLICATION_STATE_RETURNED"
          ? `Version ${latest.version} was returned: ${latest.returnReasons}`
          : undefined,
      intro: [
        allocation
          ? `Your partnership's allocation is ${pounds(allocation.amountPence)}. Describe up to three projects and what each costs.`
          : `Each project may ask for up to ${pounds(p.projectMaxPence)}${p.countyWideMaxPence !== "0" ? `, or ${pounds(p.countyWideMaxPence)} if it serves the whole county` : ""}.`,
        "Leave the rows you do not need empty.",
      ],
      forms: [
        {
          action: `/grants/programmes/${id}/apply`,
          fields: [
            ...projectFields(
              f,
              p,
              p.objectives.map((o) => ({ value: o, text: titles.get(o) ?? o })),
              priorities,
            ),
            ...otherFields(f, p),
          ],
          submit: "Save and continue",
          more: [{ text: "Save as draft", formaction: `/grants/programmes/${id}/apply?draft=1` }],
        },
      ],
      backLink: { href: `/grants/programmes/${id}`, text: "Back to the programme" },
    });
  };

  r.get(
    "/grants/programmes/:id/apply",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (p) await showForm(req, res, s, p);
    }),
  );

  r.post(
    "/grants/programmes/:id/apply",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (!p) return;
      const b = req.body as Values;
      const form = new FormErrors(fieldOrder(p));
      const { content, fieldOf } = contentOf(b, p, form);
      try {
        // With the page's own problems, the service only checks (validate_only): every problem in one round.
        await d.grants.SaveApplicationDraft(
          { programme: p.name, content, requestId: `web-${randomUUID()}`, validateOnly: form.any },
          s.token,
        );
        const id = p.name.replace("programmes/", "");
        if (!form.any)
          return res.redirect(
            303,
            req.query.draft ? `/grants/programmes/${id}/apply?saved=1` : `/grants/programmes/${id}/apply/check`,
          );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), fieldOf);
      }
      await showForm(req, res, s, p, b, form);
    }),
  );

  const showCheck = async (req: Request, res: Response, s: Session, p: Programme, problems: FieldViolation[] = []) => {
    const id = p.name.replace("programmes/", "");
    const mine = await unlessNotFound(d.grants.GetApplication({ name: ownName(p, s) }, s.token));
    if (!mine?.draft) return res.redirect(303, `/grants/programmes/${id}/apply`);
    const c = mine.draft;
    const labels = fieldOrder(p);
    const toForm = formFieldOf(storedLayout(c), p);
    const labelOf = (field: string) => labels[toForm(field) ?? ""]?.label ?? field.replace(/^content\./, "");
    const titles = await objectiveTitles(d, s.token, p.objectives);
    if (problems.length) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Check your business case before submitting it",
      caption: p.title,
      errorList: problems.map((x) => ({
        text: `${labelOf(x.field)}: ${x.description}`,
        href: `/grants/programmes/${id}/apply`,
      })),
      summary: [
        { key: { text: "Asks for" }, value: { text: pounds(c.requestedPence) } },
        {
          key: { text: "Conflict of interest" },
          value: { text: c.declarations?.conflictOfInterest ? `Yes: ${c.declarations.conflictDetails}` : "No" },
        },
        {
          key: { text: "Police officers or staff involved" },
          value: { text: c.declarations?.policeStaffInvolved ? `Yes: ${c.declarations.policeStaffDetails}` : "No" },
        },
        ...c.answers.map((x) => ({
          key: { text: p.questions.find((q) => q.code === x.code)?.text ?? x.code },
          value: { text: x.answer },
        })),
        { key: { text: "Summary" }, value: { text: c.narrative } },
      ].map((row) => ({
        ...row,
        actions: {
          items: [{ href: `/grants/programmes/${id}/apply`, text: "Change", visuallyHiddenText: row.key.text }],
        },
      })),
      tables: contentTables(c, titles),
      forms: [
        {
          action: `/grants/programmes/${id}/apply/submit`,
          heading: "Submit your business case",
          fields: [
            {
              kind: "html",
              html: '<p class="govuk-body">The OPCC may accept it or return it with reasons. Each submitted version is kept.</p>',
            },
          ],
          submit: "Submit the business case",
        },
      ],
    });
  };

  r.get(
    "/grants/programmes/:id/apply/check",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (p) await showCheck(req, res, s, p);
    }),
  );

  r.post(
    "/grants/programmes/:id/apply/submit",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (!p) return;
      try {
        const done = await d.grants.SubmitApplication({ programme: p.name, requestId: `web-${randomUUID()}` }, s.token);
        return res.redirect(303, `/grants/${done.name}?submitted=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        await showCheck(req, res, s, p, fieldViolationsOf(err));
      }
    }),
  );
}
