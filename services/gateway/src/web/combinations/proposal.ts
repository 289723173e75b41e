/**
 * Proposing a combination (the OPCC, or a partnership's chair): the areas (the active community
 * safety partnerships in the directory), the combined partnership's name, why, its governance and
 * terms of reference, local delivery, scrutiny and the date it would take effect. The service
 * computes the parties (every responsible authority of those areas) and checks the rest.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, isoCalendarDate } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { parseDateInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, type Item, posted, type Values } from "../frame/forms/fields";
import { agreementPath, mayPropose, ticked } from "./views";

type Kind = Ask<"directory", "ListPartners">["kind"];
const MIN_TEXT = 10;

/** The form's fields in page order, and what to say when the service refuses one. */
const FIELDS = {
  areas: { label: "Areas" },
  "combined-name": { message: "Enter the name of the combined partnership" },
  rationale: { message: `Explain why the areas should combine (at least ${MIN_TEXT} characters)` },
  governance: { message: `Describe the governance and terms of reference (at least ${MIN_TEXT} characters)` },
  "local-delivery": { message: `Describe the local delivery arrangements (at least ${MIN_TEXT} characters)` },
  scrutiny: { message: `Describe the scrutiny arrangements (at least ${MIN_TEXT} characters)` },
  effective: { anchor: "effective-day", message: "Effective date must be today or in the future" },
};
/** The service's field paths (terms.areas[1], terms.combined_name, ...) as the form's fields. */
const FIELD_OF: Record<string, keyof typeof FIELDS> = {
  areas: "areas",
  combined_name: "combined-name",
  rationale: "rationale",
  governance: "governance",
  local_delivery: "local-delivery",
  scrutiny: "scrutiny",
  effective_date: "effective",
};
export const proposalFieldOf = (f: string) => FIELD_OF[f.replace(/^terms\./, "").replace(/\[\d+\]$/, "")];

export function registerProposalPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  /** The active community safety partnerships (district and county), by name. */
  const activeCsps = async (token: string): Promise<Item[]> => {
    const kinds: Kind[] = ["PARTNER_KIND_CSP", "PARTNER_KIND_COUNTY_CSP"];
    const pages = await Promise.all(
      kinds.map((kind) => d.directory.ListPartners({ pageSize: 500, kind, status: "PARTNER_STATUS_ACTIVE" }, token)),
    );
    return pages
      .flatMap((p) => p.partners)
      .map((p) => ({ value: p.name, text: p.displayName }))
      .sort((x, y) => x.text.localeCompare(y.text));
  };

  const show = async (req: Request, res: Response, s: Session, values: Values, form?: FormErrors) => {
    const f = new FormFields(values, form?.byField ?? {});
    if (form?.any) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Propose a combination",
      caption: "Combination agreements",
      intro: [
        "Every responsible authority of the areas you choose becomes a party and must consent before the PCC decides.",
      ],
      forms: [
        {
          action: "/combinations/new",
          fields: [
            f.checkboxes("areas", "Which partnerships would combine?", await activeCsps(s.token), {
              hint: { text: "Choose two or more" },
            }),
            f.input("combined-name", "Name of the combined partnership", {
              hint: { text: "For example, Dartford and Gravesham Community Safety Partnership" },
            }),
            f.textarea("rationale", "Why should they combine?", { rows: 5 }),
            f.textarea("governance", "Governance and terms of reference of the combined partnership", { rows: 5 }),
            f.textarea("local-delivery", "Local delivery arrangements", { rows: 4 }),
            f.textarea("scrutiny", "Scrutiny arrangements", { rows: 4 }),
            f.date("effective", "Effective date", "Today or later, for example 1 4 2027"),
          ],
          submit: "Propose the combination",
        },
      ],
      errorList: form?.summary,
      backLink: { href: "/combinations", text: "Back to combination agreements" },
    });
  };

  r.get(
    "/combinations/new",
    page(async (req, res, s) => {
      if (!mayPropose(s)) return notFound(req, res);
      await show(req, res, s, {});
    }),
  );

  r.post(
    "/combinations/new",
    page(async (req, res, s) => {
      if (!mayPropose(s)) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors(FIELDS);
      const areas = ticked(b, "areas");
      if (areas.length < 2) form.add("areas", "Choose two or more partnerships to combine");
      if (posted(b, "combined-name") === "") form.add("combined-name", FIELDS["combined-name"].message);
      for (const k of ["rationale", "governance", "local-delivery", "scrutiny"] as const)
        if (posted(b, k).length < MIN_TEXT) form.add(k, FIELDS[k].message);
      const date = parseDateInput(
        { day: posted(b, "effective-day"), month: posted(b, "effective-month"), year: posted(b, "effective-year") },
        "Effective date",
      );
      if (!date.ok) form.add("effective", date.message);
      if (!form.any && date.ok) {
        try {
          const made = await d.combinations.ProposeCombination(
            {
              terms: {
                areas,
                combinedName: posted(b, "combined-name"),
                rationale: posted(b, "rationale"),
                governance: posted(b, "governance"),
                localDelivery: posted(b, "local-delivery"),
                scrutiny: posted(b, "scrutiny"),
                effectiveDate: isoCalendarDate(date.date),
              },
              requestId: `web-${randomUUID()}`,
            },
            s.token,
          );
          return res.redirect(303, `${agreementPath(made.name)}?done=proposed`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), proposalFieldOf);
        }
      }
      await show(req, res, s, b, form);
    }),
  );
}
