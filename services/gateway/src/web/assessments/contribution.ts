/**
 * A partnership's contribution, on the web: the CSP officer's form (ranked priorities, the indicator
 * table, narrative), saved as a draft, checked, then submitted. The form's field and value mapping is
 * in contribution-form.ts; the OPCC's review of a contribution in contribution-review.ts.
 */

import { randomUUID } from "node:crypto";
import { type FieldViolation, fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { formatDateTime } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, type Values } from "../frame/forms/fields";
import { at } from "../frame/labels";
import { contentOf, fieldOrder, formFieldOf, indicatorFields, priorityFields, valuesOf } from "./contribution-form";
import { type Content, CYCLE_ID, type Cycle, cycleIdOf, priorityText, templateOf } from "./views";

/** The name of the signed-in partnership's own contribution to the cycle. */
export const ownContribution = (cycle: Cycle, s: Session) =>
  `${cycle.name}/contributions/${s.caller.partner.replace("partners/", "")}`;

export function registerAssessmentContributionPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  const showForm = async (
    req: Request,
    res: Response,
    s: Session,
    cycle: Cycle,
    values?: Values,
    form?: FormErrors,
  ) => {
    const mine = await unlessNotFound(d.assessments.GetContribution({ name: ownContribution(cycle, s) }, s.token));
    const v = values ?? valuesOf(mine?.draft);
    const errors = form?.byField ?? {};
    const f = new FormFields(v, errors);
    const latest = mine?.versions.at(-1);
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Your partnership's contribution",
      caption: cycle.title,
      errorList: form?.summary,
      panel: req.query.saved === "1" ? { titleText: "Draft saved" } : undefined,
      inset:
        latest?.outcome === "CONTRIBUTION_STATE_RETURNED"
          ? `Version ${latest.version} was returned: ${latest.returnReasons}`
          : undefined,
      intro: [
        `Due by ${formatDateTime(at(cycle.dueTime))}. Rank up to ten priorities in order, highest first; leave the rest as "Not used".`,
      ],
      forms: [
        {
          action: `/assessments/${cycleIdOf(cycle.name)}/contribution`,
          fields: [
            ...priorityFields(f, cycle),
            ...indicatorFields(f, cycle),
            f.input("population", "Resident population of the area", {
              classes: "govuk-input--width-10",
              inputmode: "numeric",
              hint: { text: "Weights the area's rates and percentages in the force-wide figures" },
            }),
            f.textarea("threats", "Emerging threats (optional)", { rows: 3 }),
            f.textarea("views", "Community views (optional)", { rows: 3 }),
            f.textarea("narrative", "Summary of the assessment", { rows: 6 }),
          ],
          submit: "Save and continue",
          more: [{ text: "Save as draft", formaction: `/assessments/${cycleIdOf(cycle.name)}/contribution?draft=1` }],
        },
      ],
      backLink: { href: `/assessments/${cycleIdOf(cycle.name)}`, text: "Back to the cycle" },
    });
  };

  const cycleFor = async (req: Request, res: Response, s: Session) => {
    const id = String(req.params.id);
    if (!CYCLE_ID.test(id) || !s.isPartnership) {
      notFound(req, res);
      return undefined;
    }
    return d.assessments.GetCycle({ name: `assessments/${id}` }, s.token);
  };

  r.get(
    "/assessments/:id/contribution",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (cycle) await showForm(req, res, s, cycle);
    }),
  );

  r.post(
    "/assessments/:id/contribution",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (!cycle) return;
      const b = req.body as Values;
      const form = new FormErrors(fieldOrder(cycle));
      const { content, fieldOf } = contentOf(b, cycle, form);
      try {
        // When the page's own checks already failed, the service checks the rest in the same round
        // (validate_only; a number that could not be read stands in as 0) and nothing is saved.
        await d.assessments.SaveContributionDraft(
          { cycle: cycle.name, content, requestId: `web-${randomUUID()}`, validateOnly: form.any } as Ask<
            "assessments",
            "SaveContributionDraft"
          >,
          s.token,
        );
        const id = cycleIdOf(cycle.name);
        if (!form.any)
          return res.redirect(
            303,
            req.query.draft ? `/assessments/${id}/contribution?saved=1` : `/assessments/${id}/contribution/check`,
          );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), fieldOf);
      }
      await showForm(req, res, s, cycle, b, form);
    }),
  );

  const showCheck = async (req: Request, res: Response, s: Session, cycle: Cycle, problems: FieldViolation[] = []) => {
    const id = cycleIdOf(cycle.name);
    const mine = await unlessNotFound(d.assessments.GetContribution({ name: ownContribution(cycle, s) }, s.token));
    // Nothing saved to check yet: back to the form, as the report pages do.
    if (!mine?.draft) return res.redirect(303, `/assessments/${id}/contribution`);
    const c = mine.draft as Content;
    // The service names fields by their path; people read the form's labels.
    const labels = fieldOrder(cycle);
    const formField = formFieldOf(
      (i) => c.priorities[i]?.rank,
      (i) => c.indicators[i]?.code,
    );
    const labelOf = (field: string) => labels[formField(field) ?? ""]?.label ?? field.replace(/^content\./, "");
    const change = {
      items: [{ href: `/assessments/${id}/contribution`, text: "Change", visuallyHiddenText: "your contribution" }],
    };
    if (problems.length) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Check your contribution before submitting it",
      caption: cycle.title,
      errorList: problems.map((p) => ({
        text: `${labelOf(p.field)}: ${p.description}`,
        href: `/assessments/${id}/contribution`,
      })),
      summary: [
        ...c.priorities.map((p) => ({
          key: { text: `Priority ${p.rank}` },
          value: { text: `${priorityText(p, templateOf(cycle).themes)}: ${p.rationale}` },
          actions: change,
        })),
        ...c.indicators.map((x) => ({
          key: { text: templateOf(cycle).indicators.find((i) => i.code === x.code)?.title ?? x.code },
          value: { text: `${x.value} (${x.period}, ${x.source})` },
          actions: change,
        })),
        { key: { text: "Population" }, value: { text: c.population }, actions: change },
        { key: { text: "Summary" }, value: { text: c.narrative }, actions: change },
      ],
      forms: [
        {
          action: `/assessments/${id}/contribution/submit`,
          heading: "Submit your contribution",
          fields: [
            {
              kind: "html",
              html: '<p class="govuk-body">The OPCC may accept it or return it with reasons. Each submitted version is kept.</p>',
            },
          ],
          submit: "Submit the contribution",
        },
      ],
    });
  };

  r.get(
    "/assessments/:id/contribution/check",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (cycle) await showCheck(req, res, s, cycle);
    }),
  );

  r.post(
    "/assessments/:id/contribution/submit",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (!cycle) return;
      try {
        await d.assessments.SubmitContribution({ cycle: cycle.name, requestId: `web-${randomUUID()}` }, s.token);
        return res.redirect(303, `/assessments/${cycleIdOf(cycle.name)}?submitted=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        await showCheck(req, res, s, cycle, fieldViolationsOf(err));
      }
    }),
  );
}
