/** What an award's page shows of its variations, and the forms of the side whose answer is awaited. */
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import type { FormFields, FormSpec } from "../frame/forms/fields";
import { dateTimeText, escapeHtml, link } from "../frame/labels";
import { pounds } from "./views";

type Award = Reply<"grants", "GetAward">;
type Variation = Award["variations"][number];
export type Side = "AGREEMENT_SIDE_FUNDER" | "AGREEMENT_SIDE_RECIPIENT";

const SIDE: Record<string, string> = {
  AGREEMENT_SIDE_FUNDER: "the OPCC",
  AGREEMENT_SIDE_RECIPIENT: "the partnership",
};

/** The side of the agreement the person answers for, if any: the OPCC, or the recipient's chair. */
export function sideOf(w: Award, s: Session): Side | undefined {
  if (s.isOpcc) return "AGREEMENT_SIDE_FUNDER";
  if (s.caller.roles.includes("csp-chair") && s.caller.partner === w.recipient) return "AGREEMENT_SIDE_RECIPIENT";
  return undefined;
}

export const pendingOf = (w: Award): Variation | undefined =>
  w.variations.find((v) => v.state === "VARIATION_STATE_PROPOSED");

/** What a variation changes, in words. */
export function changesText(v: Variation): string {
  const c = v.changes;
  const parts: string[] = [];
  if (c && Number(c.amountPence) > 0)
    parts.push(`Amount from ${pounds(v.previousAmountPence)} to ${pounds(c.amountPence)}`);
  for (const t of c?.tranches ?? []) parts.push(`Tranche ${t.number}: ${pounds(t.amountPence)}`);
  if (c && c.purposes.length > 0) parts.push(`Purposes: ${c.purposes.join("; ")}`);
  if (c && c.conditions.length > 0) parts.push(`Conditions: ${c.conditions.join(", ")}`);
  return parts.join(". ");
}

function statusText(v: Variation): string {
  const by = `${v.respondedByDisplayName || v.respondedBy} on ${dateTimeText(v.respondTime)}`;
  switch (v.state) {
    case "VARIATION_STATE_AGREED":
      return `Agreed by ${by}`;
    case "VARIATION_STATE_DECLINED":
      return `Declined by ${by}: ${v.responseReasons}`;
    case "VARIATION_STATE_WITHDRAWN":
      return `Withdrawn by ${by}: ${v.responseReasons}`;
    default:
      return `Awaiting ${v.proposedBySide === "AGREEMENT_SIDE_FUNDER" ? "the partnership" : "the OPCC"}`;
  }
}

export function variationsTable(w: Award) {
  return {
    caption: "Variations of the agreement",
    empty: "The agreement has not been varied.",
    head: [
      { text: "Variation", format: "numeric" },
      { text: "Changes and reasons" },
      { text: "Proposed" },
      { text: "Status" },
    ],
    rows: w.variations.map((v) => [
      { text: String(v.number), format: "numeric" },
      { text: `${changesText(v)}. Reasons: ${v.reasons}` },
      {
        text: `By ${v.proposedByDisplayName || v.proposedBy} for ${SIDE[v.proposedBySide] ?? "a party"}, ${dateTimeText(v.proposeTime)}`,
      },
      { text: statusText(v) },
    ]),
  };
}

/** The summary row offering a new variation, when one may be proposed by this person. */
export function proposeRow(w: Award, s: Session, base: string) {
  if (w.state !== "AWARD_STATE_ACTIVE" || !sideOf(w, s) || pendingOf(w)) return [];
  return [
    {
      key: { text: "Change the agreement" },
      value: { html: link(`${base}/variations/new`, "Propose a variation") },
    },
  ];
}

/** The pending variation's forms: the other side agrees or declines; its proposer may withdraw it. */
export function variationForms(w: Award, s: Session, f: FormFields, base: string): FormSpec[] {
  const v = pendingOf(w);
  const side = sideOf(w, s);
  if (!v || !side) return [];
  const at = `${base}/variations/${v.number}`;
  if (side === v.proposedBySide)
    return [
      {
        action: `${at}/decline`,
        heading: `Withdraw variation ${v.number}`,
        fields: [f.textarea("decline-reasons", "Why it is withdrawn", { rows: 2 })],
        submit: "Withdraw the variation",
      },
    ];
  return [
    {
      action: `${at}/agree`,
      heading: `Variation ${v.number}, proposed by ${v.proposedByDisplayName || v.proposedBy}`,
      fields: [
        {
          kind: "html",
          html: `<p class="govuk-body">${escapeHtml(changesText(v))}. Reasons: ${escapeHtml(v.reasons)}</p>`,
        },
        { kind: "html", html: `<input type="hidden" name="sha" value="${escapeHtml(v.termsSha256)}">` },
        f.checkboxes("agree", "Your agreement", [
          { value: "yes", text: `I agree to variation ${v.number} of the grant agreement` },
        ]),
      ],
      submit: "Agree the variation",
    },
    {
      action: `${at}/decline`,
      heading: "Or decline it",
      fields: [f.textarea("decline-reasons", "Why it is declined", { rows: 2 })],
      submit: "Decline the variation",
    },
  ];
}
