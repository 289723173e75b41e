/**
 * A programme's money and outcomes on the web: committed, paid, underspent and repaid against the
 * budget, per partnership; and per plan objective, the awards and projects serving it, the money
 * awarded to them and each outcome measure with its year-end actual. The OPCC sees the whole
 * programme, the Police and Crime Panel the grants made, a partnership its own.
 */
import type { Router } from "express";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { link } from "../frame/labels";
import { objectiveParts, PROGRAMME_ID, pounds } from "./views";

type Summary = Reply<"grants", "GetProgrammeSummary">;
const STATE: Record<string, string> = {
  AWARD_STATE_OFFERED: "Offered",
  AWARD_STATE_ACTIVE: "Active",
  AWARD_STATE_CLOSED: "Closed",
};
const UNIT: Record<string, string> = { MEASURE_UNIT_PERCENT: "%" };
const measured = (n: number, unit: string) => `${n}${UNIT[unit] ?? ""}`;
const num = (text: string) => ({ text, format: "numeric" });

/** The summary's tables: by partnership, by objective, and the outcomes measured. */
export function summaryTables(s: Summary) {
  const titleOf = (o: Summary["objectives"][number]) => o.title || objectiveParts(o.objective)[1];
  return [
    {
      caption: "By partnership",
      empty: "No grant you can see has been awarded yet.",
      head: [
        { text: "Partnership" },
        { text: "State" },
        { text: "Awarded", format: "numeric" },
        { text: "Paid", format: "numeric" },
        { text: "Underspent", format: "numeric" },
        { text: "Repaid", format: "numeric" },
      ],
      rows: s.recipients.map((r) => [
        { html: link(`/grants/${r.award}`, r.partnerDisplayName || r.partner) },
        {
          text: `${STATE[r.state] ?? r.state}${r.holdBack ? " (underspent the year before too: consider hold-back)" : ""}`,
        },
        num(pounds(r.awardedPence)),
        num(pounds(r.paidPence)),
        num(pounds(r.underspendPence)),
        num(pounds(r.repaidPence)),
      ]),
    },
    {
      caption: "By Police and Crime Plan objective",
      head: [
        { text: "Objective" },
        { text: "Grants", format: "numeric" },
        { text: "Projects", format: "numeric" },
        { text: "Awarded to them", format: "numeric" },
      ],
      rows: s.objectives.map((o) => [
        { text: titleOf(o) },
        num(String(o.awards)),
        num(String(o.projects)),
        num(pounds(o.awardedPence)),
      ]),
    },
    {
      caption: "Outcomes by objective",
      empty: "No funded project's outcomes to show yet.",
      head: [
        { text: "Objective" },
        { text: "Partnership and project" },
        { text: "Measure" },
        { text: "Baseline", format: "numeric" },
        { text: "Target", format: "numeric" },
        { text: "Year-end actual", format: "numeric" },
      ],
      rows: s.objectives.flatMap((o) =>
        o.outcomes.map((m) => [
          { text: titleOf(o) },
          { text: `${m.partnerDisplayName || m.partner}: ${m.project}` },
          { text: m.measure },
          num(measured(m.baseline, m.unit)),
          num(measured(m.target, m.unit)),
          num(m.hasActual ? measured(m.actual, m.unit) : "Not yet returned"),
        ]),
      ),
    },
  ];
}

export function registerSummaryPage(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  r.get(
    "/grants/programmes/:id/summary",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!PROGRAMME_ID.test(id)) return notFound(req, res);
      const sum = await d.grants.GetProgrammeSummary({ programme: `programmes/${id}` }, s.token);
      const left = Number(sum.budgetPence) - Number(sum.committedPence);
      render(req, res, "form-page.njk", {
        title: "Money and outcomes",
        caption: `${sum.title} (${sum.year})`,
        intro: s.caller.roles.includes("panel-member")
          ? ["The grants made: those whose agreements have been accepted, as published."]
          : sum.complete
            ? []
            : ["Your partnership's grant only; the OPCC sees the whole programme."],
        summary: [
          { key: { text: "Budget" }, value: { text: pounds(sum.budgetPence) } },
          {
            key: { text: sum.complete ? "Committed" : "Awarded (shown below)" },
            value: { text: pounds(sum.committedPence) },
          },
          ...(sum.complete ? [{ key: { text: "Not yet committed" }, value: { text: pounds(left) } }] : []),
          { key: { text: "Paid" }, value: { text: pounds(sum.paidPence) } },
          { key: { text: "Underspent" }, value: { text: pounds(sum.underspendPence) } },
          { key: { text: "Repaid" }, value: { text: pounds(sum.repaidPence) } },
        ],
        tables: summaryTables(sum),
        backLink: { href: `/grants/programmes/${id}`, text: "Back to the programme" },
      });
    }),
  );
}
