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
import type { Ask, Reply } from "../../downstream";
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
  varies: "areas",
};
export const proposalFieldOf = (f: string) => FIELD_OF[f.replace(/^terms\./, "").replace(/\[\d+\]$/, "")];

type Varied = Reply<"combinations", "GetCombination">;

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

  const show = async (req: Request, res: Response, s: Session, values: Values, form?: FormErrors, varied?: Varied) => {
    const f = new FormFields(values, form?.byField ?? {});
    if (form?.any) res.status(400);
    // A variation offers the combined partnership's constituents too (combined, so not active).
    const active = await activeCsps(s.token);
    const constituents = (varied?.terms?.areas ?? [])
      .filter((area) => !active.some((x) => x.value === area))
      .map((area) => ({ value: area, text: a.nameOf(res, area) }));
    render(req, res, "form-page.njk", {
      title: varied ? "Propose a variation" : "Propose a combination",
      caption: "Combination agreements",
      intro: varied
        ? [
            `A variation of ${varied.terms?.combinedName ?? varied.name}: choose the partnerships combined from then on (an area may join or leave). Every responsible authority of them must consent again, and the PCC decides again; once in force it replaces the agreement varied.`,
          ]
        : [
            "Every responsible authority of the areas you choose becomes a party and must consent before the PCC decides.",
          ],
      forms: [
        {
          action: varied ? `/combinations/new?varies=${encodeURIComponent(varied.name)}` : "/combinations/new",
          fields: [
            f.checkboxes("areas", "Which partnerships would combine?", [...constituents, ...active], {
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
          submit: varied ? "Propose the variation" : "Propose the combination",
        },
      ],
      errorList: form?.summary,
      backLink: { href: "/combinations", text: "Back to combination agreements" },
    });
  };

  /** The agreement in force a variation varies, from `?varies=`; undefined when not a variation. */
  const variedOf = async (req: Request, s: Session): Promise<Varied | null | undefined> => {
    const name = typeof req.query.varies === "string" ? req.query.varies : "";
    if (!name) return undefined;
    if (!/^combinations\/[a-z0-9-]+$/.test(name)) return null;
    const c = await d.combinations.GetCombination({ name }, s.token).catch((err: { code?: number }) => {
      if (err.code === 5) return null; // NOT_FOUND
      throw err;
    });
    return c?.state === "COMBINATION_STATE_IN_FORCE" ? c : null;
  };

  r.get(
    "/combinations/new",
    page(async (req, res, s) => {
      if (!mayPropose(s)) return notFound(req, res);
      const varied = await variedOf(req, s);
      if (varied === null) return notFound(req, res);
      // A variation starts from the terms in force (a new effective date to give).
      const t = varied?.terms;
      const values: Values = t
        ? {
            areas: t.areas,
            "combined-name": t.combinedName,
            rationale: t.rationale,
            governance: t.governance,
            "local-delivery": t.localDelivery,
            scrutiny: t.scrutiny,
          }
        : {};
      await show(req, res, s, values, undefined, varied);
    }),
  );

  r.post(
    "/combinations/new",
    page(async (req, res, s) => {
      if (!mayPropose(s)) return notFound(req, res);
      const varied = await variedOf(req, s);
      if (varied === null) return notFound(req, res);
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
                ...(varied ? { varies: varied.name } : {}),
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
      await show(req, res, s, b, form, varied);
    }),
  );
}
