import { formatDate, formatDateTime } from "./forms/dates";
/** How states and values read to people. */
export const STATE_LABELS: Record<string, { label: string; tagClass: string }> = {
  ADDRESSEE_STATE_REQUESTED: { label: "Requested", tagClass: "govuk-tag--blue" },
  ADDRESSEE_STATE_ACKNOWLEDGED: { label: "Acknowledged", tagClass: "govuk-tag--light-blue" },
  ADDRESSEE_STATE_DRAFT: { label: "Draft", tagClass: "govuk-tag--yellow" },
  ADDRESSEE_STATE_SUBMITTED: { label: "Submitted", tagClass: "govuk-tag--purple" },
  ADDRESSEE_STATE_ACCEPTED: { label: "Accepted", tagClass: "govuk-tag--green" },
  ADDRESSEE_STATE_RETURNED: { label: "Returned", tagClass: "govuk-tag--orange" },
  ADDRESSEE_STATE_WITHDRAWN: { label: "Withdrawn", tagClass: "govuk-tag--grey" },
};

export const stateLabel = (s: string) => STATE_LABELS[s] ?? { label: s, tagClass: "govuk-tag--grey" };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export function tagHtml(state: string, overdue = false): string {
  const l = stateLabel(state);
  const tag = `<strong class="govuk-tag ${l.tagClass}">${escapeHtml(l.label)}</strong>`;
  return overdue ? `${tag} <strong class="govuk-tag govuk-tag--red">Overdue</strong>` : tag;
}

export const link = (href: string, text: string) =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

export { escapeHtml };

/** "1 July 2027" in London time (dates.ts formats and parses dates for every page). */
export function dateText(t: { seconds: string } | null | undefined): string {
  return t ? formatDate(new Date(Number(t.seconds) * 1000)) : "";
}

/** "5pm on 1 July 2027" in London time. */
export function dateTimeText(t: { seconds: string } | null | undefined): string {
  return t ? formatDateTime(new Date(Number(t.seconds) * 1000)) : "";
}

export function sizeText(bytes: string | number): string {
  const n = Number(bytes);
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** A proto timestamp as a Date (an unset one as the epoch). */
export const at = (t: { seconds: string } | null | undefined) => new Date(Number(t?.seconds ?? 0) * 1000);

/** A GOV.UK tag from [text, colour class]. */
export const tag = ([text, cls]: [string, string]) => `<strong class="govuk-tag ${cls}">${escapeHtml(text)}</strong>`;
