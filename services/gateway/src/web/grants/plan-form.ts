/**
 * The OPCC publishes the Police and Crime Plan on the web: a new plan (its title, the years it covers
 * and its objectives, each with a stable code), and each later version (every earlier code kept, so
 * what links to an objective stays valid; titles may change and objectives be added). Every problem,
 * the page's and the service's (asked with validate_only), is shown in one round.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { type Field, FormFields, posted, type Values } from "../frame/forms/fields";
import { programmeIdOf } from "./programme-form";
import { PLAN_ID } from "./views";

type Plan = Reply<"plans", "GetPlan">;
/** Rows offered for objectives: a plan has a handful; a new version adds a few more. */
const ROWS = 8;
const MORE = 3;
/** An id people never type, from the title: "Making Kent Safer" -> making-kent-safer. */
const planIdOf = (title: string) => {
  const id = programmeIdOf(title, "");
  return id.startsWith("programme-") ? "plan" : id;
};
const rows = (n: number) => [...Array(n).keys()].map((i) => i + 1);

const fieldsFor = (n: number): Record<string, FieldSpec> => ({
  title: { message: "Enter the plan's title" },
  period: { label: "Years it covers" },
  objectives: { label: "Objectives", anchor: "o1-code" },
  ...Object.fromEntries(
    rows(n).flatMap((i) => [
      [`o${i}-code`, { label: `Objective ${i}: code` }],
      [`o${i}-title`, { label: `Objective ${i}: title` }],
      [`o${i}-description`, { label: `Objective ${i}: description` }],
    ]),
  ),
});

/** The objectives typed, empty rows left out, with the row each came from (to name a service problem). */
function objectivesOf(b: Values, n: number) {
  const filled = rows(n).filter((i) => ["code", "title", "description"].some((k) => posted(b, `o${i}-${k}`) !== ""));
  return {
    objectives: filled.map((i) => ({
      code: posted(b, `o${i}-code`).toUpperCase(),
      title: posted(b, `o${i}-title`),
      description: posted(b, `o${i}-description`),
      name: "",
    })),
    rowOf: (k: number) => filled[k],
  };
}

/** The form field a service violation names: plan.objectives[2].title is the third filled row's title. */
function fieldOf(f: string, rowOf: (k: number) => number | undefined): string {
  const m = /^plan\.objectives\[(\d+)\]\.(code|title|description)/.exec(f);
  if (m) {
    const row = rowOf(Number(m[1]));
    return row ? `o${row}-${m[2]}` : "objectives";
  }
  if (f.startsWith("plan.objectives")) return "objectives";
  if (f === "plan.period") return "period";
  return "title";
}

export function registerPlanFormPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  const show = (
    req: Request,
    res: Response,
    at: { action: string; heading: string; plan?: Plan; n: number },
    values: Values,
    form?: FormErrors,
  ) => {
    const f = new FormFields(values, form?.byField ?? {});
    const kept = new Set(at.plan?.objectives.map((o) => o.code) ?? []);
    const objective = (i: number): Field =>
      f.fieldset(`Objective ${i}`, [
        f.input(`o${i}-code`, "Code", {
          classes: "govuk-input--width-10",
          hint: {
            text: kept.has(posted(values, `o${i}-code`))
              ? "Kept from the earlier version: links to it stay valid"
              : "Capitals, digits and hyphens, for example VAWG",
          },
          spellcheck: false,
          ...(kept.has(posted(values, `o${i}-code`)) ? { attributes: { readonly: "readonly" } } : {}),
        }),
        f.input(`o${i}-title`, "Title"),
        f.textarea(`o${i}-description`, "Description (optional)", { rows: 2 }),
      ]);
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: at.heading,
      caption: at.plan ? `${at.plan.title}, version ${at.plan.latestVersion + 1}` : "Police and Crime Plan",
      errorList: form?.summary,
      intro: [
        "Programmes, business cases, s.10 responses and agenda items link to the plan's objectives by code. Leave the rows you do not need empty.",
      ],
      forms: [
        {
          action: at.action,
          fields: [
            ...(at.plan
              ? [{ kind: "html" as const, html: `<input type="hidden" name="etag" value="${at.plan.etag}">` }]
              : []),
            f.input("title", "Title", { hint: { text: "For example, Making Kent Safer" } }),
            f.input("period", "Years it covers", {
              hint: { text: "For example, 2025-2029" },
              classes: "govuk-input--width-10",
            }),
            ...rows(at.n).map(objective),
          ],
          submit: at.plan ? "Publish this version" : "Publish the plan",
        },
      ],
      backLink: at.plan
        ? { href: `/grants/${at.plan.name}`, text: "Back to the plan" }
        : { href: "/grants", text: "Grants" },
    });
  };

  /** The plan's latest version as the form's values, with room for more objectives. */
  const valuesOf = (p: Plan): Values => ({
    title: p.title,
    period: p.period,
    ...Object.fromEntries(
      p.objectives.flatMap((o, i) => [
        [`o${i + 1}-code`, o.code],
        [`o${i + 1}-title`, o.title],
        [`o${i + 1}-description`, o.description],
      ]),
    ),
  });

  /** Asks the service (validate_only when the page found problems); a refusal is shown on the form. */
  const publish = async (
    res: Response,
    form: FormErrors,
    rowOf: (k: number) => number | undefined,
    ask: () => Promise<{ name: string }>,
  ): Promise<boolean> => {
    try {
      const done = await ask();
      if (form.any) return false;
      res.redirect(303, `/grants/${done.name}`);
      return true;
    } catch (err) {
      if (isInvalidArgument(err)) form.addViolations(fieldViolationsOf(err), (f) => fieldOf(f, rowOf));
      else if (isGrpcServiceError(err) && err.code === status.ALREADY_EXISTS)
        form.add("title", "A plan with this title already exists: choose another title");
      else if (isGrpcServiceError(err) && err.code === status.ABORTED)
        form.add("title", "Another version was published since you opened this page: open the plan again");
      else throw err;
      return false;
    }
  };

  r.get(
    "/grants/plans/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      show(req, res, { action: "/grants/plans/new", heading: "Publish a Police and Crime Plan", n: ROWS }, {});
    }),
  );

  r.post(
    "/grants/plans/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors(fieldsFor(ROWS));
      const { objectives, rowOf } = objectivesOf(b, ROWS);
      if (posted(b, "title") === "") form.add("title", "Enter the plan's title");
      if (objectives.length === 0) form.add("objectives", "Enter at least one objective");
      const plan = { title: posted(b, "title"), period: posted(b, "period"), objectives };
      const done = await publish(res, form, rowOf, () =>
        d.plans.CreatePlan(
          {
            planId: planIdOf(plan.title),
            plan,
            requestId: `web-${randomUUID()}`,
            validateOnly: form.any,
          },
          s.token,
        ),
      );
      if (!done)
        show(req, res, { action: "/grants/plans/new", heading: "Publish a Police and Crime Plan", n: ROWS }, b, form);
    }),
  );

  r.get(
    "/grants/plans/:id/versions/new",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!s.isOpcc || !PLAN_ID.test(id)) return notFound(req, res);
      const plan = await d.plans.GetPlan({ name: `plans/${id}` }, s.token);
      const n = plan.objectives.length + MORE;
      show(
        req,
        res,
        { action: `/grants/plans/${id}/versions/new`, heading: "Publish a new version", plan, n },
        valuesOf(plan),
      );
    }),
  );

  r.post(
    "/grants/plans/:id/versions/new",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!s.isOpcc || !PLAN_ID.test(id)) return notFound(req, res);
      const plan = await d.plans.GetPlan({ name: `plans/${id}` }, s.token);
      const n = plan.objectives.length + MORE;
      const b = req.body as Values;
      const form = new FormErrors(fieldsFor(n));
      const { objectives, rowOf } = objectivesOf(b, n);
      if (posted(b, "title") === "") form.add("title", "Enter the plan's title");
      const done = await publish(res, form, rowOf, () =>
        d.plans.PublishPlanVersion(
          {
            name: plan.name,
            plan: { title: posted(b, "title"), period: posted(b, "period"), objectives },
            etag: posted(b, "etag"),
            requestId: `web-${randomUUID()}`,
            validateOnly: form.any,
          },
          s.token,
        ),
      );
      if (!done)
        show(
          req,
          res,
          { action: `/grants/plans/${id}/versions/new`, heading: "Publish a new version", plan, n },
          b,
          form,
        );
    }),
  );
}
