/**
 * What an agreement's page shows (pure: tested through the page): its terms and what became of it,
 * the consent tracker (every party, its answer, who recorded it and on whose decision), and the
 * forms a person may use as its state allows.
 */
import type { Session } from "../../auth";
import { formatCalendarDate } from "../frame/forms/dates";
import type { FormFields, FormSpec } from "../frame/forms/fields";
import { dateText, escapeHtml, link, tag } from "../frame/labels";
import {
  ANSWER_TEXT,
  AWAITING,
  agreementPath,
  answersForOwn,
  type Combination,
  INTERESTS,
  interestText,
  lineagePath,
  paragraphs,
  partnerList,
  stateTag,
} from "./views";

type NameOf = (partner: string) => string;
type Value = { text: string } | { html: string };
const row = (key: string, value: Value) => ({ key: { text: key }, value });
const byOn = (by: string, at: { seconds: string } | null) => (at ? `${by} on ${dateText(at)}` : by);

/** The forms of an agreement's page, by the last part of the address they post to. */
export type FormName = "consent" | "decision" | "sign" | "end" | "documents";

/** The agreement's terms, then the PCC's decision, the signed agreement and its ending as they happen. */
export function agreementRows(c: Combination, nameOf: NameOf) {
  const t = c.terms;
  const d = c.decision;
  const sos = d?.secretaryOfState;
  return [
    row("State", { html: stateTag(c.state) }),
    row("Areas", { html: partnerList(t?.areas ?? [], nameOf) }),
    row("Name of the combined partnership", { text: t?.combinedName ?? "" }),
    ...(c.combinedPartner
      ? [
          row("Combined partnership", {
            html: link(lineagePath(c.combinedPartner), t?.combinedName || c.combinedPartner),
          }),
        ]
      : []),
    row("Effective date", { text: formatCalendarDate(t?.effectiveDate ?? "") }),
    row("Across police areas", {
      text: c.acrossPoliceAreas
        ? "Yes: the co-operation arrangements and the Secretary of State's agreement are needed"
        : "No",
    }),
    row("Why combine", { html: paragraphs(t?.rationale ?? "") }),
    row("Governance and terms of reference", { html: paragraphs(t?.governance ?? "") }),
    row("Local delivery arrangements", { html: paragraphs(t?.localDelivery ?? "") }),
    row("Scrutiny arrangements", { html: paragraphs(t?.scrutiny ?? "") }),
    row("Proposed by", { text: byOn(c.proposedByDisplayName || c.proposedBy, c.createTime) }),
    ...(d
      ? [
          row("The PCC's decision", {
            text: `${d.approve ? "Entered into" : "Declined"} by ${byOn(d.decidedByDisplayName || d.decidedBy, d.decideTime)}`,
          }),
          ...(d.approve
            ? [
                row("Statutory interests relied on", {
                  html: `<ul class="govuk-list">${d.interests
                    .map(
                      (i) =>
                        `<li><strong>${escapeHtml(interestText(i.interest))}</strong>: ${escapeHtml(i.reasons)}</li>`,
                    )
                    .join("")}</ul>`,
                }),
              ]
            : [row("Why it was declined", { html: paragraphs(d.reasons) })]),
          ...(d.cooperationArrangements
            ? [row("Co-operation arrangements", { html: paragraphs(d.cooperationArrangements) })]
            : []),
          ...(sos?.agreed
            ? [
                row("The Secretary of State's agreement", {
                  text: `Reference ${sos.reference}, ${formatCalendarDate(sos.date)}`,
                }),
              ]
            : []),
        ]
      : []),
    ...(c.agreement
      ? [
          row("Signed", {
            text: `${formatCalendarDate(c.agreement.date)}, recorded by ${c.agreement.recordedByDisplayName || c.agreement.recordedBy}`,
          }),
          row("The agreement as signed", { html: paragraphs(c.agreement.text) }),
          row("SHA-256 of the agreement", { html: `<code>${escapeHtml(c.agreement.sha256)}</code>` }),
        ]
      : []),
    ...(c.terms?.varies
      ? [row("Varies", { html: link(agreementPath(c.terms.varies), "the agreement it varies") })]
      : []),
    ...(c.variedBy ? [row("Varied by", { html: link(agreementPath(c.variedBy), "the variation now in force") })] : []),
    ...(c.effectTime ? [row("In force since", { text: dateText(c.effectTime) })] : []),
    ...(c.ending
      ? [
          row(c.state === "COMBINATION_STATE_ENDED" ? "Ended on" : "Ends on", {
            text: formatCalendarDate(c.ending.date),
          }),
          row("The parties' agreement to end it", { html: paragraphs(c.ending.text) }),
        ]
      : []),
  ];
}

/** Every party with its answer (or awaiting), who recorded it, and the authority's own decision when the OPCC recorded it. */
export function consentTracker(c: Combination, nameOf: NameOf) {
  const answered = c.parties.length - c.outstanding.length;
  return {
    caption: "Consent of the parties",
    captionClasses: "govuk-table__caption--m",
    firstCellIsHeader: true,
    head: [{ text: "Party" }, { text: "Answer" }, { text: "Recorded by" }, { text: "The authority's own decision" }],
    rows: c.parties.map((party) => {
      const x = c.consents.find((k) => k.party === party);
      const answer = x ? tag(ANSWER_TEXT[x.answer] ?? [x.answer, "govuk-tag--grey"]) : AWAITING;
      const reasons = x?.answer === "CONSENT_ANSWER_REFUSED" && x.reasons ? ` ${escapeHtml(x.reasons)}` : "";
      const behalf = x?.onBehalf?.decisionReference
        ? `Recorded for it by the OPCC: ${x.onBehalf.decisionReference} of ${formatCalendarDate(x.onBehalf.decisionDate)}`
        : "";
      return [
        { text: nameOf(party) },
        { html: `${answer}${reasons}` },
        { text: x ? byOn(x.recordedByDisplayName || x.recordedBy, x.recordTime) : "" },
        { text: behalf },
      ];
    }),
    after: [`${answered} of ${c.parties.length} parties have answered.`],
  };
}

const ANSWERS = [
  { value: "CONSENT_ANSWER_CONSENTED", text: "Consents to being a party" },
  { value: "CONSENT_ANSWER_REFUSED", text: "Refuses" },
];

function consentForm(c: Combination, s: Session, f: FormFields, nameOf: NameOf): FormSpec {
  const action = `${agreementPath(c.name)}/consent`;
  if (!s.isOpcc)
    return {
      action,
      heading: "Your authority's answer",
      fields: [
        f.radios("answer", `Does ${nameOf(s.caller.partner)} consent to the combination?`, ANSWERS),
        f.textarea("consent-reasons", "If it refuses, why?", { rows: 3 }),
      ],
      submit: "Record the answer",
    };
  return {
    action,
    heading: "Record a party's answer",
    fields: [
      f.select("party", "Party", [
        { value: "", text: "Choose a party" },
        ...c.outstanding.map((p) => ({ value: p, text: nameOf(p) })),
      ]),
      f.radios("answer", "The authority's answer", ANSWERS),
      f.textarea("consent-reasons", "If it refuses, why?", { rows: 3 }),
      f.input("decision-reference", "The authority's own decision reference", {
        hint: { text: "For example, the minute or delegated decision number" },
        classes: "govuk-input--width-20",
      }),
      f.date("decision-date", "Date of the authority's decision", "For example 27 3 2027"),
    ],
    submit: "Record the answer",
  };
}

function decisionForm(c: Combination, f: FormFields): FormSpec {
  return {
    action: `${agreementPath(c.name)}/decision`,
    heading: "The PCC's decision",
    fields: [
      f.radios("outcome", "Does the PCC enter into the agreement?", [
        { value: "approve", text: "Yes, enter into it" },
        { value: "refuse", text: "No, decline it" },
      ]),
      f.checkboxes(
        "interests",
        "Statutory interests relied on",
        INTERESTS.map((i) => ({ value: i.value, text: i.text })),
        { hint: { text: "To enter into it, at least one, each with the PCC's reasons below" } },
      ),
      ...INTERESTS.map((i) =>
        f.textarea(`${i.key}-reasons`, `Why it is in the interests of ${i.text.toLowerCase()}`, { rows: 3 }),
      ),
      f.textarea("refusal-reasons", "If declined, why?", { rows: 3 }),
      ...(c.acrossPoliceAreas
        ? [
            f.fieldset("The areas span more than one police area", [
              f.textarea("cooperation", "Arrangements for co-operation between the police areas", { rows: 4 }),
              f.checkboxes("sos-agreed", "The Secretary of State's agreement", [
                { value: "yes", text: "The Secretary of State has agreed to be a party" },
              ]),
              f.input("sos-reference", "The Secretary of State's reference", { classes: "govuk-input--width-20" }),
              f.date("sos-date", "Date of the Secretary of State's agreement", "For example 27 3 2027"),
            ]),
          ]
        : []),
    ],
    submit: "Record the decision",
  };
}

const signForm = (c: Combination, f: FormFields): FormSpec => ({
  action: `${agreementPath(c.name)}/sign`,
  heading: "Record the signed agreement",
  fields: [
    f.textarea("agreement-text", "The agreement as signed by the parties", {
      rows: 8,
      hint: {
        text: `It takes effect on ${formatCalendarDate(c.terms?.effectiveDate ?? "")}. Its text is kept with its SHA-256.`,
      },
    }),
    f.date("signed", "Date signed", "Today or earlier, for example 27 3 2027"),
  ],
  submit: "Record the signed agreement",
});

const endForm = (c: Combination, f: FormFields): FormSpec => ({
  action: `${agreementPath(c.name)}/end`,
  heading: "End the agreement",
  fields: [
    f.textarea("ending-text", "The parties' written agreement to end it", { rows: 6 }),
    f.date("end", "End date", "Today or later: from this date the partnerships are separate again"),
  ],
  submit: "Record the ending",
});

/**
 * The forms this person may use now: a party's answer while consents are gathered (a person of an
 * outstanding party for their own authority; the OPCC for any, on its decision), and the OPCC's
 * decision once every party has consented, the signing once approved and the ending once in force.
 * `keep`: a form just posted with a problem stays shown, so its error summary links to it.
 */
export function agreementForms(c: Combination, s: Session, f: FormFields, nameOf: NameOf, keep?: FormName) {
  const proposed = c.state === "COMBINATION_STATE_PROPOSED";
  const consented = c.outstanding.length === 0 && c.consents.every((x) => x.answer === "CONSENT_ANSWER_CONSENTED");
  const answers = s.isOpcc || (answersForOwn(s) && c.parties.includes(s.caller.partner));
  const open = s.isOpcc ? c.outstanding.length > 0 : c.outstanding.includes(s.caller.partner);
  const shown: [boolean, () => FormSpec][] = [
    [answers && ((proposed && open) || keep === "consent"), () => consentForm(c, s, f, nameOf)],
    [s.isOpcc && ((proposed && consented) || keep === "decision"), () => decisionForm(c, f)],
    [s.isOpcc && (c.state === "COMBINATION_STATE_APPROVED" || keep === "sign"), () => signForm(c, f)],
    [s.isOpcc && (c.state === "COMBINATION_STATE_IN_FORCE" || keep === "end"), () => endForm(c, f)],
  ];
  return shown.filter(([show]) => show).map(([, form]) => form());
}
