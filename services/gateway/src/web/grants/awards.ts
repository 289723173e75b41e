/** An award on the web: what was awarded to whom and why, its purposes, conditions and tranches in pounds. */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { dateText, link, tag } from "../frame/labels";
import { pounds, trancheText } from "./views";

const AWARD_ID = /^[a-z0-9][a-z0-9-]{1,126}$/;
const AWARD_STATE: Record<string, [string, string]> = {
  AWARD_STATE_OFFERED: ["Offered", "govuk-tag--blue"],
};

export function registerAwardPage(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  r.get(
    "/grants/awards/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!AWARD_ID.test(id)) return notFound(req, res);
      const w = await d.grants.GetAward({ name: `awards/${id}` }, s.token);
      render(req, res, "form-page.njk", {
        title: `${w.recipientDisplayName || w.recipient}: ${pounds(w.amountPence)}`,
        caption: `${w.programmeTitle} (${w.year})`,
        summary: [
          { key: { text: "State" }, value: { html: tag(AWARD_STATE[w.state] ?? [w.state, "govuk-tag--grey"]) } },
          { key: { text: "Awarded" }, value: { text: pounds(w.amountPence) } },
          { key: { text: "Asked for" }, value: { text: pounds(w.requestedPence) } },
          { key: { text: "Purposes" }, value: { text: w.purposes.join("; ") } },
          { key: { text: "Reasons" }, value: { text: w.reasons } },
          { key: { text: "Decided" }, value: { text: dateText(w.awardTime) } },
          {
            key: { text: "Business case" },
            value: { html: link(`/grants/${w.application}`, "The business case awarded") },
          },
        ],
        tables: [
          {
            caption: "Payments",
            head: [{ text: "Tranche", format: "numeric" }, { text: "When" }, { text: "Amount", format: "numeric" }],
            rows: w.tranches.map((t) => [
              { text: String(t.number), format: "numeric" },
              { text: trancheText({ numerator: 1, denominator: 1, trigger: t.trigger }).replace(/^All /, "") },
              { text: pounds(t.amountPence), format: "numeric" },
            ]),
          },
          {
            caption: "Conditions of the grant",
            head: [{ text: "Condition" }],
            rows: w.conditions.map((c) => [{ text: c.text || c.code }]),
          },
        ],
        backLink: { href: `/grants/${w.programme}`, text: "Back to the programme" },
      });
    }),
  );
}
