/**
 * The OPCC's steps on an agreement, posted from its page: the PCC's decision (once every party has
 * consented: enter into it relying on at least one statutory interest with reasons, across police
 * areas with the co-operation arrangements and the Secretary of State's agreement; or decline it with
 * reasons), the signed agreement and its date, and ending it by the parties' written agreement.
 */
import { isoCalendarDate } from "@csp-mesh/kit";
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { parseDateInput } from "../frame/forms/dates";
import type { FieldSpec } from "../frame/forms/errors";
import { posted, type Values } from "../frame/forms/fields";
import { agreementStep } from "./agreement";
import { INTERESTS, ticked } from "./views";

const MIN_TEXT = 10;
const MIN_AGREEMENT = 20;
const reasonsProblem = (i: (typeof INTERESTS)[number]) =>
  `Say why it is in the interests of ${i.text.toLowerCase()} (at least ${MIN_TEXT} characters)`;

/** What the decision form says of each problem (the page's own checks and the service's alike). */
const SAY = {
  outcome: "Select whether the PCC enters into the agreement or declines it",
  interests: "Choose at least one statutory interest the PCC relies on, with its reasons",
  "refusal-reasons": `Say why the PCC declines it (at least ${MIN_TEXT} characters)`,
  cooperation: `Set out the arrangements for co-operation between the police areas (at least ${MIN_TEXT} characters)`,
  "sos-agreed": "Record the Secretary of State's agreement, with its reference and date",
  "sos-reference": "Enter the Secretary of State's reference",
};
const DECISION_FIELDS: Record<string, FieldSpec> = {
  outcome: { message: SAY.outcome },
  interests: { message: SAY.interests },
  ...Object.fromEntries(INTERESTS.map((i) => [`${i.key}-reasons`, { message: reasonsProblem(i) }])),
  "refusal-reasons": { message: SAY["refusal-reasons"] },
  cooperation: { message: SAY.cooperation },
  "sos-agreed": { message: SAY["sos-agreed"] },
  "sos-reference": { message: SAY["sos-reference"] },
  "sos-date": { anchor: "sos-date-day", label: "Date of the agreement" },
};

/** The interests ticked, in the order they are sent (the service's interests[i] is the i-th of these). */
const chosenInterests = (b: Values) => INTERESTS.filter((i) => ticked(b, "interests").includes(i.value));

/** The service's field paths (interests[0].reasons, secretary_of_state, ...) as the decision form's fields. */
export function decisionFieldOf(f: string, b: Values): string | undefined {
  const reasons = /^interests\[(\d+)\]\.reasons$/.exec(f);
  const key = reasons ? chosenInterests(b)[Number(reasons[1])]?.key : undefined;
  if (key) return `${key}-reasons`;
  if (f.startsWith("interests")) return "interests";
  if (f.startsWith("secretary_of_state."))
    return f.endsWith(".date") ? "sos-date" : f.endsWith(".reference") ? "sos-reference" : "sos-agreed";
  return {
    approve: "outcome",
    reasons: "refusal-reasons",
    cooperation_arrangements: "cooperation",
    secretary_of_state: "sos-agreed",
  }[f];
}

export function registerAgreementDecisionPages(r: Router, a: WebArea): void {
  const { d } = a;
  const opcc = { may: (s: { isOpcc: boolean }) => s.isOpcc };

  agreementStep(r, a, "decision", {
    ...opcc,
    fields: DECISION_FIELDS,
    fieldOf: decisionFieldOf,
    run: async (name, b, form, s) => {
      const outcome = posted(b, "outcome");
      if (outcome !== "approve" && outcome !== "refuse") form.add("outcome", SAY.outcome);
      if (outcome === "refuse") {
        const reasons = posted(b, "refusal-reasons");
        if (reasons.length < MIN_TEXT) form.add("refusal-reasons", SAY["refusal-reasons"]);
        if (!form.any) await d.combinations.DecideCombination({ name, approve: false, reasons }, s.token);
        return;
      }
      if (outcome !== "approve") return;
      const chosen = chosenInterests(b);
      if (chosen.length === 0) form.add("interests", SAY.interests);
      for (const i of chosen)
        if (posted(b, `${i.key}-reasons`).length < MIN_TEXT) form.add(`${i.key}-reasons`, reasonsProblem(i));
      // Across police areas the decision also records the co-operation arrangements and the Secretary of State's agreement.
      const { acrossPoliceAreas } = await d.combinations.GetCombination({ name }, s.token);
      let across = {};
      if (acrossPoliceAreas) {
        const cooperation = posted(b, "cooperation");
        const reference = posted(b, "sos-reference");
        if (cooperation.length < MIN_TEXT) form.add("cooperation", SAY.cooperation);
        if (!ticked(b, "sos-agreed").includes("yes")) form.add("sos-agreed", SAY["sos-agreed"]);
        if (reference === "") form.add("sos-reference", SAY["sos-reference"]);
        const date = parseDateInput(
          { day: posted(b, "sos-date-day"), month: posted(b, "sos-date-month"), year: posted(b, "sos-date-year") },
          // The kit's messages lower-case the label ("Enter the date of the agreement").
          "Date of the agreement",
        );
        if (!date.ok) form.add("sos-date", date.message);
        else
          across = {
            cooperationArrangements: cooperation,
            secretaryOfState: { agreed: true, reference, date: isoCalendarDate(date.date) },
          };
      }
      if (form.any) return;
      await d.combinations.DecideCombination(
        {
          name,
          approve: true,
          interests: chosen.map((i) => ({ interest: i.value, reasons: posted(b, `${i.key}-reasons`) })),
          ...across,
        },
        s.token,
      );
    },
  });

  agreementStep(r, a, "sign", {
    ...opcc,
    fields: {
      "agreement-text": { message: `Enter the agreement as signed (at least ${MIN_AGREEMENT} characters)` },
      signed: { anchor: "signed-day", message: "Date signed must be today or in the past" },
    },
    fieldOf: (f) => ({ text: "agreement-text", signed_date: "signed" })[f],
    run: async (name, b, form, s) => {
      const text = posted(b, "agreement-text");
      if (text.length < MIN_AGREEMENT)
        form.add("agreement-text", `Enter the agreement as signed (at least ${MIN_AGREEMENT} characters)`);
      const date = parseDateInput(
        { day: posted(b, "signed-day"), month: posted(b, "signed-month"), year: posted(b, "signed-year") },
        "Date signed",
      );
      if (!date.ok) form.add("signed", date.message);
      if (form.any || !date.ok) return;
      await d.combinations.SignCombination({ name, text, signedDate: isoCalendarDate(date.date) }, s.token);
      // In force at once when its date has come: the combined partnership's name is new.
      a.partnersChanged();
    },
  });

  agreementStep(r, a, "end", {
    ...opcc,
    fields: {
      "ending-text": {
        message: `Enter the parties' written agreement to end it (at least ${MIN_AGREEMENT} characters)`,
      },
      end: { anchor: "end-day", message: "End date must be today or in the future" },
    },
    fieldOf: (f) => ({ text: "ending-text", end_date: "end" })[f],
    run: async (name, b, form, s) => {
      const text = posted(b, "ending-text");
      if (text.length < MIN_AGREEMENT)
        form.add(
          "ending-text",
          `Enter the parties' written agreement to end it (at least ${MIN_AGREEMENT} characters)`,
        );
      const date = parseDateInput(
        { day: posted(b, "end-day"), month: posted(b, "end-month"), year: posted(b, "end-year") },
        "End date",
      );
      if (!date.ok) form.add("end", date.message);
      if (form.any || !date.ok) return;
      await d.combinations.EndCombination({ name, text, endDate: isoCalendarDate(date.date) }, s.token);
      a.partnersChanged();
    },
  });
}
