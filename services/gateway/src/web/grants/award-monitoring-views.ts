import { endOfLondonWorkingDay, toTimestamp } from "@csp-mesh/kit";
import type { Reply } from "../../downstream";
import { formatCalendarDate, parseDateInput } from "../frame/forms/dates";
import type { FormErrors } from "../frame/forms/errors";
import type { FormFields, FormSpec, Values } from "../frame/forms/fields";
import { posted } from "../frame/forms/fields";
import { dateTimeText, link } from "../frame/labels";
import { pounds } from "./views";

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

/** What the close-out says, as summary rows (none before the award is closed). */
export function closeOutRows(w: Award) {
  const c = w.closeOut;
  if (!c) return [];
  const repayment =
    c.repaymentState === "REPAYMENT_STATE_REPAID"
      ? `${pounds(c.repaidPence)} repaid on ${formatCalendarDate(c.repaidDate)} (${c.reference})`
      : c.repaymentState === "REPAYMENT_STATE_REQUESTED"
        ? `${pounds(c.underspendPence)} to repay`
        : "Nothing to repay";
  return [
    { key: { text: "Spent" }, value: { text: pounds(c.spentPence) } },
    { key: { text: "Underspend" }, value: { text: repayment } },
    ...(c.holdBack
      ? [
          {
            key: { text: "Hold-back" },
            value: { text: "Underspent the year before as well: consider holding back next year's grant" },
          },
        ]
      : []),
  ];
}

/** The OPCC's close-out forms: close once the year-end return is accepted; then record the repayment. */
export function closeOutForms(w: Award, f: FormFields, base: string): FormSpec[] {
  const yearEnd = w.returns.find((r) => r.kind === "RETURN_KIND_YEAR_END");
  if (w.state === "AWARD_STATE_ACTIVE" && yearEnd?.state === "RETURN_STATE_ACCEPTED")
    return [
      {
        action: `${base}/close`,
        heading: "Close the award",
        fields: [],
        submit: "Close the award from its year-end return",
      },
    ];
  if (w.closeOut?.repaymentState === "REPAYMENT_STATE_REQUESTED")
    return [
      {
        action: `${base}/repayment`,
        heading: `Record the repayment of ${pounds(w.closeOut.underspendPence)}`,
        fields: [
          f.date("repaid", "Date repaid", "For example, 9 5 2028"),
          f.input("repayment-reference", "Payment reference", { classes: "govuk-input--width-20" }),
        ],
        submit: "Record the repayment",
      },
    ];
  return [];
}
