/** A Police and Crime Plan on the web: its objectives by code, and every version. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { dateText } from "../frame/labels";
import { PLAN_ID } from "./views";

export function registerPlanPage(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  r.get(
    "/grants/plans/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!PLAN_ID.test(id)) return notFound(req, res);
      const plan = await d.plans.GetPlan({ name: `plans/${id}` }, s.token);
      render(req, res, "form-page.njk", {
        title: plan.title,
        caption: `Police and Crime Plan ${plan.period}`,
        buttons: s.isOpcc ? [{ href: `/grants/plans/${id}/versions/new`, text: "Publish a new version" }] : [],
        tables: [
          {
            caption: `Objectives (version ${plan.latestVersion})`,
            head: [{ text: "Code" }, { text: "Objective" }],
            rows: plan.objectives.map((o) => [{ text: o.code }, { text: o.title }]),
          },
          {
            caption: "Versions",
            head: [
              { text: "Version", format: "numeric" },
              { text: "Published" },
              { text: "Objectives", format: "numeric" },
            ],
            rows: [...plan.versions]
              .reverse()
              .map((v) => [
                { text: String(v.version), format: "numeric" },
                { text: dateText(v.publishTime) },
                { text: String(v.objectives.length), format: "numeric" },
              ]),
          },
        ],
        backLink: { href: "/grants", text: "Grants" },
      });
    }),
  );
}
