/** What the combinations area's pages share: the agreement as the service returns it, its labels and addresses. */
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import { escapeHtml, link, tag } from "../frame/labels";

export type Combination = Reply<"combinations", "GetCombination">;
export type Partner = Reply<"directory", "GetPartner">;

/** An agreement's id as the routes accept it (combinations/c-<base36 time>-<8 hex>); anything else is not found. */
export const COMBINATION_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** A partner's id as the lineage page accepts it (partners/<id>). */
export const PARTNER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const combinationName = (id: string) => `combinations/${id}`;
export const idOf = (name: string) => name.replace(/^combinations\//, "");
/** The page of an agreement, from its resource name. */
export const agreementPath = (name: string) => `/combinations/${idOf(name)}`;
/** A partnership's lineage page, from its resource name. */
export const lineagePath = (partner: string) => `/partnerships/${partner.replace(/^partners\//, "")}`;

export const STATE_TEXT: Record<string, [string, string]> = {
  COMBINATION_STATE_PROPOSED: ["Proposed", "govuk-tag--blue"],
  COMBINATION_STATE_APPROVED: ["Approved", "govuk-tag--turquoise"],
  COMBINATION_STATE_DECLINED: ["Declined", "govuk-tag--red"],
  COMBINATION_STATE_SIGNED: ["Signed", "govuk-tag--purple"],
  COMBINATION_STATE_IN_FORCE: ["In force", "govuk-tag--green"],
  COMBINATION_STATE_ENDED: ["Ended", "govuk-tag--grey"],
  COMBINATION_STATE_VARIED: ["Varied", "govuk-tag--grey"],
};
export const stateTag = (state: string) => tag(STATE_TEXT[state] ?? [state, "govuk-tag--grey"]);

/** The interests of s.5A(2), each with the short key its reasons box is named by. */
export const INTERESTS = [
  { value: "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER", key: "crime", text: "Reducing crime and disorder" },
  { value: "STATUTORY_INTEREST_REDUCING_REOFFENDING", key: "reoffending", text: "Reducing re-offending" },
  {
    value: "STATUTORY_INTEREST_COMBATING_SUBSTANCE_MISUSE",
    key: "substances",
    text: "Combating the misuse of drugs, alcohol and other substances",
  },
] as const;
export const interestText = (value: string) => INTERESTS.find((i) => i.value === value)?.text ?? value;

export const ANSWER_TEXT: Record<string, [string, string]> = {
  CONSENT_ANSWER_CONSENTED: ["Consented", "govuk-tag--green"],
  CONSENT_ANSWER_REFUSED: ["Refused", "govuk-tag--red"],
};
export const AWAITING = tag(["Awaiting", "govuk-tag--grey"]);

/** A partnership's status as people read it: active, combined into another (linked), or dissolved. */
export function partnerStatusHtml(p: Partner, nameOf: (partner: string) => string): string {
  if (p.status === "PARTNER_STATUS_MERGED")
    return `${tag(["Combined", "govuk-tag--grey"])} into ${p.mergedInto ? link(lineagePath(p.mergedInto), nameOf(p.mergedInto)) : "another partnership"}`;
  if (p.status === "PARTNER_STATUS_DISSOLVED") return tag(["Dissolved", "govuk-tag--grey"]);
  if (p.status === "PARTNER_STATUS_ACTIVE") return tag(["Active", "govuk-tag--green"]);
  return escapeHtml(p.status);
}

/** Partners as a list (or "None"): partnerships linked to their lineage pages, authorities by name. */
export const partnerList = (partners: string[], nameOf: (partner: string) => string, linked = true) =>
  partners.length
    ? `<ul class="govuk-list">${partners
        .map((p) => `<li>${linked ? link(lineagePath(p), nameOf(p)) : escapeHtml(nameOf(p))}</li>`)
        .join("")}</ul>`
    : "None";

/** Text as typed, its line breaks kept. */
export const paragraphs = (text: string) => `<span class="app-preserve-lines">${escapeHtml(text)}</span>`;

/** Who may propose: the OPCC, or a partnership's chair (the service checks it is one of the areas). */
export const mayPropose = (s: Session) => s.isOpcc || s.caller.roles.includes("csp-chair");

/** A person of a responsible authority or partnership (an officer or chair), who answers for their own. */
export const answersForOwn = (s: Session) =>
  !s.isOpcc && s.caller.roles.some((r) => r === "csp-officer" || r === "csp-chair");

/** The values of a posted checkbox group (none, one or several). */
export const ticked = (b: Record<string, unknown>, k: string): string[] =>
  Array.isArray(b[k]) ? b[k].map(String) : b[k] ? [String(b[k])] : [];

/** A service's message with partner resource names as people know them, starting with a capital. */
export const humanised = (details: string, nameOf: (partner: string) => string) => {
  const text = details.replace(/partners\/[a-z0-9-]+/g, (n) => nameOf(n));
  return text.charAt(0).toUpperCase() + text.slice(1);
};
