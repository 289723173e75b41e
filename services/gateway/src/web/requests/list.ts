/**
 * The list of report requests, and finding them: words in the title or issue of concern, combined
 * with filters (state, overdue, partnership, classification, legal basis, a due-date range) and an
 * order. A GET form, so a search is a link people can keep and share; every page link keeps the
 * filters. The reports service scopes every result, so a search shows only what the person may see.
 */
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask, Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { endOfLondonWorkingDay, londonInstant, parseDateInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { dateTimeText, escapeHtml, link, STATE_LABELS, stateLabel, tagHtml } from "../frame/labels";
import { type ReportRequestView, requestPath } from "./views";

const ORDERS = [
  { value: "due_time", text: "Soonest due first" },
  { value: "due_time desc", text: "Latest due first" },
  { value: "create_time desc", text: "Newest first" },
  { value: "title", text: "Title, A to Z" },
];

/** The filter form's fields in page order (for the error summary). */
const FIELDS = {
  q: { message: "Enter a word of 2 letters or more to search for" },
  from: { anchor: "from-day" },
  to: { anchor: "to-day" },
};

const CLASSIFICATIONS: [string, string][] = [
  ["CLASSIFICATION_OFFICIAL", "OFFICIAL"],
  ["CLASSIFICATION_OFFICIAL_SENSITIVE", "OFFICIAL-SENSITIVE"],
];
const LEGAL_BASES: [string, string][] = [
  ["LEGAL_BASIS_INFORMAL", "Informal request"],
  ["LEGAL_BASIS_FORMAL_S7", "Formal requirement (section 7)"],
];

/** A filter's select: "any" first, then each [value, text], the chosen one selected. */
const selectItems = (any: string, options: [string, string][], chosen: string) => [
  { value: "", text: any, selected: chosen === "" },
  ...options.map(([value, text]) => ({ value, text, selected: value === chosen })),
];

const one = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** The query string's filters, as typed (kept on the page and in every page link). */
export function filtersOf(query: Request["query"]) {
  const f = {
    q: one(query.q).slice(0, 200),
    state: one(query.state) in STATE_LABELS ? one(query.state) : "",
    overdue: one(query.overdue) === "yes" ? "yes" : "",
    partner: /^partners\/[a-z0-9-]{2,63}$/.test(one(query.partner)) ? one(query.partner) : "",
    classification: CLASSIFICATIONS.some(([v]) => v === one(query.classification)) ? one(query.classification) : "",
    legalBasis: LEGAL_BASES.some(([v]) => v === one(query.legalBasis)) ? one(query.legalBasis) : "",
    order: ORDERS.some((o) => o.value === one(query.order)) ? one(query.order) : "",
    "from-day": one(query["from-day"]),
    "from-month": one(query["from-month"]),
    "from-year": one(query["from-year"]),
    "to-day": one(query["to-day"]),
    "to-month": one(query["to-month"]),
    "to-year": one(query["to-year"]),
  };
  return f;
}
type Filters = ReturnType<typeof filtersOf>;

/** The filters as a query string without empty values (for page links). */
const queryString = (f: Filters, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...f, ...extra }).filter(([, v]) => v !== "")).toString();

/** A date range bound as typed; empty means no bound. Errors go to the form. */
function bound(f: Filters, which: "from" | "to", form: FormErrors): Date | undefined {
  const input = { day: f[`${which}-day`], month: f[`${which}-month`], year: f[`${which}-year`] };
  if (!input.day && !input.month && !input.year) return undefined;
  const label = which === "from" ? "Due from date" : "Due to date";
  const parsed = parseDateInput(input, label);
  if (!parsed.ok) {
    form.add(which, parsed.message);
    return undefined;
  }
  // "Due from 1 July" includes requests due that day; "to 31 July" includes the whole of that day.
  return which === "from" ? londonInstant(parsed.date, 0) : endOfLondonWorkingDay(parsed.date);
}

type ListResponse = Reply<"reports", "ListReportRequests">;

export function registerRequestList(r: Router, a: WebArea): void {
  const rows = (res: Response, s: Session, list: ReportRequestView[]) =>
    list.map((rq) => {
      const statuses = rq.addressees.map((x) =>
        s.isOpcc
          ? `${escapeHtml(a.nameOf(res, x.partner))}: ${tagHtml(x.state, x.overdue)}`
          : tagHtml(x.state, x.overdue),
      );
      return [
        { html: link(requestPath(rq.name), rq.title) },
        { text: dateTimeText(rq.dueTime) },
        { html: rq.withdrawn ? tagHtml("ADDRESSEE_STATE_WITHDRAWN") : statuses.join("<br>") },
      ];
    });

  r.get(
    "/requests",
    a.page(async (req, res, s) => {
      const f = filtersOf(req.query);
      const form = new FormErrors(FIELDS);
      const from = bound(f, "from", form);
      const to = bound(f, "to", form);
      if (from && to && from > to) form.add("to", "Due to date must be the same as or after the due from date");
      const pageToken = one(req.query.page);
      let list: ListResponse = {
        reportRequests: [],
        nextPageToken: "",
        stateCounts: [],
        overdueCount: 0,
        awaitingCount: 0,
      };
      try {
        list = await a.d.reports.ListReportRequests(
          {
            pageSize: 25,
            pageToken,
            query: f.q,
            state: f.state as Ask<"reports", "ListReportRequests">["state"],
            overdueOnly: f.overdue === "yes",
            addressee: s.isOpcc ? f.partner : "",
            classification: f.classification as Ask<"reports", "ListReportRequests">["classification"],
            legalBasis: f.legalBasis as Ask<"reports", "ListReportRequests">["legalBasis"],
            dueAfter: from ? toTimestamp(from) : null,
            dueBefore: to ? toTimestamp(to) : null,
            orderBy: f.order,
          },
          s.token,
        );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        // A page link from an older search, or words with nothing to search for.
        form.addViolations(fieldViolationsOf(err), (g) => (g === "query" ? "q" : g === "page_token" ? "q" : undefined));
      }
      const searching = f.q !== "";
      res.status(form.any ? 400 : 200);
      a.render(req, res, "requests/requests.njk", {
        title: s.isOpcc ? "Report requests" : "What your partnership must report",
        caption: searching
          ? `Requests matching “${f.q}”`
          : s.isOpcc
            ? "All report requests"
            : "Requests addressed to your partnership",
        canCreate: s.isOpcc,
        searching,
        counts: searching
          ? []
          : list.stateCounts
              .filter((c) => c.count > 0)
              .map((c) => ({ ...stateLabel(c.state), class: stateLabel(c.state).tagClass, count: c.count })),
        overdueCount: list.overdueCount,
        head: [{ text: "Request" }, { text: "Due" }, { text: s.isOpcc ? "Partnerships" : "Status" }],
        rows: rows(res, s, list.reportRequests),
        empty:
          searching || Object.values(f).some((v) => v !== "")
            ? "No requests match. Try fewer or different words, or clear the filters."
            : s.isOpcc
              ? "There are no report requests yet."
              : "Nothing is required of your partnership at the moment.",
        values: f,
        isOpcc: s.isOpcc,
        stateItems: selectItems(
          "In any state",
          Object.entries(STATE_LABELS).map(([value, l]): [string, string] => [value, l.label]),
          f.state,
        ),
        partnerItems: s.isOpcc ? selectItems("Any partnership", a.csps(res), f.partner) : [],
        classificationItems: selectItems("Any classification", CLASSIFICATIONS, f.classification),
        legalBasisItems: selectItems("Any legal basis", LEGAL_BASES, f.legalBasis),
        orderItems: ORDERS.map((o) => ({ ...o, selected: o.value === (f.order || "due_time") })),
        errors: form.byField,
        errorList: form.summary,
        nextPage: list.nextPageToken ? `/requests?${queryString(f, { page: list.nextPageToken })}` : "",
      });
    }),
  );
}
