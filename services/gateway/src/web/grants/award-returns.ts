/**
 * An award's monitoring returns on its page: the table of returns issued (each a report request,
 * linked), and the OPCC's form to issue the next one with its due date (5pm London on the day).
 */
import { endOfLondonWorkingDay, toTimestamp } from "@csp-mesh/kit";
import type { Reply } from "../../downstream";
import { parseDateInput } from "../frame/forms/dates";
import type { FormErrors } from "../frame/forms/errors";
import type { FormFields, FormSpec, Values } from "../frame/forms/fields";
import { posted } from "../frame/forms/fields";
import { dateTimeText, link } from "../frame/labels";

type Award = Reply<"grants", "GetAward">;

/** The kinds a URL names, and what people call them. */
export const RETURN_KINDS: Record<string, { kind: "RETURN_KIND_MID_YEAR" | "RETURN_KIND_YEAR_END"; text: string }> = {
  "mid-year": { kind: "RETURN_KIND_MID_YEAR", text: "mid-year monitoring return" },
  "year-end": { kind: "RETURN_KIND_YEAR_END", text: "year-end monitoring return" },
};
const TEXT_OF = Object.fromEntries(Object.values(RETURN_KINDS).map((k) => [k.kind, k.text]));

export function returnsTable(w: Award) {
  return {
    caption: "Monitoring returns",
    empty: "No monitoring return has been issued yet.",
    head: [{ text: "Return" }, { text: "Due" }, { text: "Status" }],
    rows: w.returns.map((r) => [
      { html: link(`/requests/${r.reportRequest.replace("reportRequests/", "")}`, TEXT_OF[r.kind] ?? r.kind) },
      { text: dateTimeText(r.dueTime) },
      { text: r.state === "RETURN_STATE_ACCEPTED" ? `Accepted ${dateTimeText(r.acceptTime)}` : "Issued" },
    ]),
  };
}

/** The OPCC's form for each return not yet issued (once the agreement is accepted). */
export function returnForms(w: Award, f: FormFields, base: string): FormSpec[] {
  if (w.state !== "AWARD_STATE_ACTIVE") return [];
  return Object.entries(RETURN_KINDS)
    .filter(([, k]) => !w.returns.some((r) => r.kind === k.kind))
    .map(([slug, k]) => ({
      action: `${base}/returns/${slug}`,
      heading: `Issue the ${k.text}`,
      fields: [f.date(`due-${slug}`, "Due by", "5pm on this day, for example 31 10 2027")],
      submit: `Issue the ${k.text}`,
    }));
}

/** The posted due date as the instant it means, with the page's own problem added to `form`. */
export function postedDue(b: Values, slug: string, form: FormErrors) {
  const due = parseDateInput(
    { day: posted(b, `due-${slug}-day`), month: posted(b, `due-${slug}-month`), year: posted(b, `due-${slug}-year`) },
    "Due date",
  );
  if (!due.ok) {
    form.add(`due-${slug}`, due.message);
    return undefined;
  }
  const at = endOfLondonWorkingDay(due.date);
  if (at.getTime() <= Date.now()) {
    form.add(`due-${slug}`, "The due date must be in the future");
    return undefined;
  }
  return toTimestamp(at);
}
