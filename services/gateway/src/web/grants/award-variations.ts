/**
 * Variations of a grant agreement on the web (views in award-variation-views.ts): the OPCC or the
 * recipient's chair proposes one on its own page (the new amount and tranches in pounds, the
 * purposes, the reasons); the other side agrees to it (by the varied terms' SHA-256 as shown) or
 * declines it on the award's page, and its proposer may withdraw it. Conditions are varied through
 * the API (the conditions library lives in the grants service).
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument, parsePounds } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { AMOUNT_PROBLEM, FormFields, posted, type Values } from "../frame/forms/fields";
import { pendingOf, sideOf } from "./award-variation-views";
import { AWARD_ID, awardShow } from "./awards";
import { poundsTyped as inPounds, pounds } from "./views";

type Award = Reply<"grants", "GetAward">;
/** Tranches whose amount may still change: not yet proposed, approved or paid. */
const open = (w: Award) => w.tranches.filter((t) => ["TRANCHE_STATE_SCHEDULED", "TRANCHE_STATE_DUE"].includes(t.state));
const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter((x) => x !== "");

export function registerAwardVariationPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  const show = awardShow(a);
  const idOf = (req: Request) => String(req.params.id);
  const fieldsOf = (w: Award): Record<string, FieldSpec> => ({
    amount: { label: "New amount" },
    ...Object.fromEntries(open(w).map((t) => [`tranche-${t.number}`, { label: `Tranche ${t.number}` }])),
    purposes: { label: "Purposes" },
    reasons: { label: "Reasons" },
  });

  /** The award, if this person may propose a variation of it now. */
  const proposable = async (req: Request, s: Session): Promise<Award | undefined> => {
    if (!AWARD_ID.test(idOf(req))) return undefined;
    const w = await d.grants.GetAward({ name: `awards/${idOf(req)}` }, s.token);
    return w.state === "AWARD_STATE_ACTIVE" && sideOf(w, s) && !pendingOf(w) ? w : undefined;
  };

  const form = (req: Request, res: Response, w: Award, values: Values, errors?: FormErrors) => {
    const f = new FormFields(values, errors?.byField ?? {});
    const money = (id: string, label: string, hint: string) => f.money(id, label, { hint: { text: hint } });
    if (errors) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Propose a variation",
      caption: `${w.recipientDisplayName || w.recipient}: ${w.programmeTitle}`,
      errorList: errors?.summary,
      intro: [
        "A variation changes the grant agreement once both sides agree it. Change what needs to change and say why; the other side is asked to agree.",
      ],
      forms: [
        {
          action: `/grants/awards/${idOf(req)}/variations/new`,
          fields: [
            money("amount", "New amount", `Now ${pounds(w.amountPence)}; the tranches must add up to it`),
            ...open(w).map((t) => money(`tranche-${t.number}`, `Tranche ${t.number}`, `Now ${pounds(t.amountPence)}`)),
            f.textarea("purposes", "Purposes", { hint: { text: "One project per line" }, rows: 3 }),
            f.textarea("reasons", "Reasons for the variation", { rows: 3 }),
          ],
          submit: "Propose the variation",
        },
      ],
      backLink: { href: `/grants/awards/${idOf(req)}`, text: "Back to the award" },
    });
  };

  r.get(
    "/grants/awards/:id/variations/new",
    page(async (req, res, s) => {
      const w = await proposable(req, s);
      if (!w) return notFound(req, res);
      form(req, res, w, {
        amount: inPounds(w.amountPence),
        ...Object.fromEntries(open(w).map((t) => [`tranche-${t.number}`, inPounds(t.amountPence)])),
        purposes: w.purposes.join("\n"),
      });
    }),
  );

  r.post(
    "/grants/awards/:id/variations/new",
    page(async (req, res, s) => {
      const w = await proposable(req, s);
      if (!w) return notFound(req, res);
      const b = req.body as Values;
      const errors = new FormErrors(fieldsOf(w));
      const amount = parsePounds(posted(b, "amount"));
      if (amount === undefined) errors.add("amount", AMOUNT_PROBLEM);
      const tranches = open(w).map((t) => {
        const pence = parsePounds(posted(b, `tranche-${t.number}`));
        if (pence === undefined) errors.add(`tranche-${t.number}`, AMOUNT_PROBLEM);
        return { number: t.number, amountPence: pence ?? 0, was: Number(t.amountPence) };
      });
      const purposes = lines(posted(b, "purposes"));
      if (purposes.length === 0) errors.add("purposes", "Enter at least one project");
      if (errors.any) return form(req, res, w, b, errors);
      // Only what differs is proposed: the service then checks the tranches add up to the amount.
      const changed = tranches.filter((t) => t.amountPence !== t.was);
      const samePurposes = purposes.join("\n") === w.purposes.join("\n");
      if (amount === Number(w.amountPence) && changed.length === 0 && samePurposes)
        return form(req, res, w, b, errors.add("amount", "Change the amount, a tranche or the purposes"));
      try {
        await d.grants.ProposeVariation(
          {
            name: w.name,
            changes: {
              amountPence: String(amount === Number(w.amountPence) ? 0 : amount),
              purposes: samePurposes ? [] : purposes,
              conditions: [],
              tranches: changed.map((t) => ({ number: t.number, amountPence: String(t.amountPence) })),
            },
            reasons: posted(b, "reasons"),
            requestId: `web-${randomUUID()}`,
            validateOnly: false,
          },
          s.token,
        );
      } catch (err) {
        if (isInvalidArgument(err)) errors.addViolations(fieldViolationsOf(err), (f) => fieldOf(f, changed));
        else if (isGrpcServiceError(err) && err.code === status.FAILED_PRECONDITION) errors.add("amount", err.details);
        else throw err;
        return form(req, res, w, b, errors);
      }
      return res.redirect(303, `/grants/awards/${idOf(req)}`);
    }),
  );

  /** An answer to variation :n from the award's page; a refusal is shown there. */
  const answer = (verb: "agree" | "decline") =>
    r.post(
      `/grants/awards/:id/variations/:n/${verb}`,
      page(async (req, res, s) => {
        const n = Number(req.params.n);
        if (!AWARD_ID.test(idOf(req)) || !Number.isInteger(n) || n < 1) return notFound(req, res);
        const b = req.body as Values;
        const field = verb === "agree" ? "agree" : "decline-reasons";
        const errors = new FormErrors({
          agree: { anchor: "agree", message: "Confirm that you agree the variation" },
          "decline-reasons": { label: "Reasons" },
        });
        const at = { name: `awards/${idOf(req)}`, number: n, requestId: `web-${randomUUID()}` };
        try {
          if (verb === "agree") {
            if (posted(b, "agree") !== "yes")
              return show(req, res, s, errors.add("agree", "Confirm that you agree the variation"), b);
            await d.grants.AgreeVariation({ ...at, termsSha256: posted(b, "sha") }, s.token);
          } else {
            const reasons = posted(b, "decline-reasons");
            if (reasons.length < 10)
              return show(req, res, s, errors.add(field, "Say why, in at least 10 characters"), b);
            await d.grants.DeclineVariation({ ...at, reasons }, s.token);
          }
        } catch (err) {
          if (isInvalidArgument(err)) errors.addViolations(fieldViolationsOf(err), () => field);
          else if (isGrpcServiceError(err) && [status.FAILED_PRECONDITION, status.PERMISSION_DENIED].includes(err.code))
            errors.add(field, err.details);
          else throw err;
          return show(req, res, s, errors, b);
        }
        return res.redirect(303, `/grants/awards/${idOf(req)}`);
      }),
    );
  answer("agree");
  answer("decline");
}

/** The form field a service violation names (changes.tranches[i] is the i-th changed tranche). */
function fieldOf(f: string, changed: { number: number }[]): string {
  const tranche = /^changes\.tranches\[(\d+)\]/.exec(f);
  if (tranche) return `tranche-${changed[Number(tranche[1])]?.number ?? 1}`;
  if (f.startsWith("changes.purposes")) return "purposes";
  if (f === "reasons") return "reasons";
  return "amount";
}
