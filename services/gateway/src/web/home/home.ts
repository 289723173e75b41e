/**
 * Home: what needs me now, by role. Each panel is one scoped list of the reports service (so a
 * person sees only what the lists would show them; a role's lists are asked for in one batch call),
 * with its count and a link to where the action is taken. OPCC staff: reports awaiting review,
 * overdue partnerships, requests due within 7 days, returned reports not yet resubmitted. CSP
 * officers: what is required of their partnership, returned reports with the reasons, recently
 * accepted. Panel members: what was released to them most recently.
 * Each role also gets its assessment panel (assessments/home-panel.ts), and the OPCC and partnerships
 * their grants panel (grants/home-panel.ts: business cases to review, or returned).
 */
import { toTimestamp } from "@csp-mesh/kit";
import type { Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask, Reply } from "../../downstream";
import { assessmentPanel } from "../assessments/home-panel";
import type { WebArea } from "../frame/area";
import type { HomePanel } from "../frame/home-panel";
import { dateTimeText } from "../frame/labels";
import { grantsPanel } from "../grants/home-panel";
import { type AddresseeView, type ReportRequestView, requestPath, type Tok, versionPath } from "../requests/views";

type ListResponse = Reply<"reports", "ListReportRequests">;
type ListAsk = Ask<"reports", "ListReportRequests">;

/** Addressee states still waiting for the partnership's report. */
const AWAITING = ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"].map((x) => `ADDRESSEE_STATE_${x}`);

const SHOWN = 10;
/** "Recently accepted" shows five: read no more than that. */
const RECENT = 5;
const DAY_MS = 86_400_000;
const seconds = (t: Tok | null | undefined) => (t ? Number(t.seconds) : 0);
const versionHref = (rq: ReportRequestView, a: AddresseeView) => versionPath(rq.name, a.partner, a.latestVersion);
const countOf = (l: ListResponse, state: string) => l.stateCounts.find((c) => c.state === state)?.count ?? 0;

/**
 * Each addressee slot of the requests in `state`, oldest change first (or newest with `newest`):
 * the "oldest first" of a review queue is the time the report arrived, not the request's due date.
 */
export function slotsIn(
  list: ReportRequestView[],
  state: string,
  opts: { partner?: string; newest?: boolean } = {},
): { rq: ReportRequestView; a: AddresseeView }[] {
  const slots = list.flatMap((rq) =>
    rq.addressees
      .filter((a) => a.state === state && (!opts.partner || a.partner === opts.partner))
      .map((a) => ({ rq, a })),
  );
  return slots.sort((x, y) => (seconds(x.a.updateTime) - seconds(y.a.updateTime)) * (opts.newest ? -1 : 1));
}

export function registerHome(r: Router, a: WebArea): void {
  // A panel shows ten; its count comes from the list's state counts, not from the page. A role's
  // panels are asked for in one call: the service reads the lists' shared documents once for them all.
  const lists = async <T extends ListAsk[]>(s: Session, bodies: [...T]) => {
    const { responses } = await a.d.reports.BatchListReportRequests(
      { requests: bodies.map((body) => ({ pageSize: SHOWN, ...body })) },
      s.token,
    );
    // One answer per list asked for, in order (the proto's promise).
    if (responses.length !== bodies.length) throw new Error("the reports service answered another number of lists");
    return responses as { [K in keyof T]: ListResponse };
  };

  const opccPanels = async (res: Response, s: Session): Promise<HomePanel[]> => {
    const now = new Date();
    const [submitted, overdue, dueSoon, returned] = await lists(s, [
      { state: "ADDRESSEE_STATE_SUBMITTED" },
      { overdueOnly: true },
      {
        dueAfter: toTimestamp(now),
        dueBefore: toTimestamp(new Date(now.getTime() + 7 * DAY_MS)),
        awaitingPartner: true,
      },
      { state: "ADDRESSEE_STATE_RETURNED" },
    ]);
    const review = slotsIn(submitted.reportRequests, "ADDRESSEE_STATE_SUBMITTED");
    const late = overdue.reportRequests.flatMap((rq) =>
      rq.addressees.filter((x) => x.overdue).map((x) => ({ rq, a: x })),
    );
    const back = slotsIn(returned.reportRequests, "ADDRESSEE_STATE_RETURNED");
    // Soonest due first, then by partnership: the slots still to report on the page's requests.
    const soon = dueSoon.reportRequests.flatMap((rq) =>
      rq.addressees.filter((x) => AWAITING.includes(x.state)).map((x) => ({ rq, a: x })),
    );
    return [
      {
        id: "awaiting-review",
        title: "Reports awaiting your review",
        count: countOf(submitted, "ADDRESSEE_STATE_SUBMITTED"),
        items: review.slice(0, SHOWN).map(({ rq, a: x }) => ({
          href: versionHref(rq, x),
          text: `${a.nameOf(res, x.partner)}: ${rq.title}`,
          detail: `Version ${x.latestVersion}, submitted ${dateTimeText(x.updateTime)}`,
        })),
        more: { href: "/requests?state=ADDRESSEE_STATE_SUBMITTED", text: "All requests with a report to review" },
        empty: "No reports are waiting for review.",
      },
      {
        id: "overdue",
        title: "Partnerships overdue",
        count: overdue.overdueCount,
        items: late.slice(0, SHOWN).map(({ rq, a: x }) => ({
          href: requestPath(rq.name),
          text: `${a.nameOf(res, x.partner)}: ${rq.title}`,
          detail: `Was due ${dateTimeText(rq.dueTime)}`,
        })),
        more: { href: "/requests?overdue=yes", text: "All requests with an overdue report" },
        empty: "No partnership is overdue.",
      },
      {
        // Counted like the overdue panel, per partnership report still to come: the count is read
        // from the lists, never by reading every request due this week.
        id: "due-soon",
        title: "Reports due in the next 7 days",
        count: dueSoon.awaitingCount,
        items: soon.slice(0, SHOWN).map(({ rq, a: x }) => ({
          href: requestPath(rq.name),
          text: `${a.nameOf(res, x.partner)}: ${rq.title}`,
          detail: `Due ${dateTimeText(rq.dueTime)}; ${rq.addressees.filter((y) => !AWAITING.includes(y.state)).length} of ${rq.addressees.length} partnerships have reported`,
        })),
        empty: "No partnership report is due in the next 7 days.",
      },
      {
        id: "returned",
        title: "Returned, not yet resubmitted",
        count: countOf(returned, "ADDRESSEE_STATE_RETURNED"),
        items: back.slice(0, SHOWN).map(({ rq, a: x }) => ({
          href: requestPath(rq.name),
          text: `${a.nameOf(res, x.partner)}: ${rq.title}`,
          detail: `Returned ${dateTimeText(x.updateTime)}`,
        })),
        more: { href: "/requests?state=ADDRESSEE_STATE_RETURNED", text: "All requests with a returned report" },
        empty: "No returned report is waiting to be resubmitted.",
      },
    ];
  };

  const partnershipPanels = async (s: Session): Promise<HomePanel[]> => {
    const mine = s.caller.partner;
    const [todo, returned, accepted] = await lists(s, [
      { awaitingPartner: true },
      { state: "ADDRESSEE_STATE_RETURNED" },
      // Latest due first: the state's own list in its own order (see reports' request-lists.ts).
      { state: "ADDRESSEE_STATE_ACCEPTED", orderBy: "due_time desc", pageSize: RECENT },
    ]);
    const slot = (rq: ReportRequestView) => rq.addressees.find((x) => x.partner === mine);
    return [
      {
        id: "required",
        title: "Required of your partnership",
        count: AWAITING.reduce((n, st) => n + countOf(todo, st), 0),
        items: todo.reportRequests.slice(0, SHOWN).map((rq) => ({
          href: requestPath(rq.name),
          text: rq.title,
          detail: `Due ${dateTimeText(rq.dueTime)}${slot(rq)?.overdue ? " (overdue)" : ""}`,
        })),
        more: { href: "/requests", text: "Everything addressed to your partnership" },
        empty: "Nothing is required of your partnership at the moment.",
      },
      {
        id: "returned",
        title: "Returned to you",
        count: countOf(returned, "ADDRESSEE_STATE_RETURNED"),
        items: slotsIn(returned.reportRequests, "ADDRESSEE_STATE_RETURNED", { partner: mine })
          .slice(0, SHOWN)
          .map(({ rq, a: x }) => ({
            href: `${requestPath(rq.name)}/report`,
            text: rq.title,
            detail: `Returned ${dateTimeText(x.updateTime)}: ${x.reasons}`,
          })),
        empty: "No report has been returned to your partnership.",
      },
      {
        id: "accepted",
        title: "Recently accepted",
        count: countOf(accepted, "ADDRESSEE_STATE_ACCEPTED"),
        items: slotsIn(accepted.reportRequests, "ADDRESSEE_STATE_ACCEPTED", { partner: mine, newest: true })
          .slice(0, RECENT)
          .map(({ rq, a: x }) => ({
            href: versionHref(rq, x),
            text: rq.title,
            detail: `Version ${x.latestVersion} accepted ${dateTimeText(x.updateTime)}`,
          })),
        empty: "None yet.",
      },
    ];
  };

  const panelPanels = async (res: Response, s: Session): Promise<HomePanel[]> => {
    const published = await a.d.reports.ListPublishedReports({ pageSize: SHOWN }, s.token);
    const recent = [...published.submissions].sort((x, y) => seconds(y.createTime) - seconds(x.createTime));
    return [
      {
        id: "released",
        // One page of the newest, as every panel reads: what was released lately, not a total.
        title: "Released to the panel most recently",
        count: recent.length,
        items: recent.slice(0, SHOWN).map((x) => ({
          href: versionPath(x.reportRequest, x.partner, x.version),
          text: `${a.nameOf(res, x.partner)}: report ${x.version}`,
          detail: `Submitted ${dateTimeText(x.createTime)}`,
        })),
        more: { href: "/published", text: "All published reports" },
        empty: "Nothing has been released to the panel yet.",
      },
    ];
  };

  r.get(
    "/",
    a.page(async (req, res, s) => {
      // The role's panels, its assessment panel and its grants panel are asked for at the same time.
      const [mine, assessment, grants] = await Promise.all([
        s.isOpcc
          ? opccPanels(res, s)
          : s.isPartnership
            ? partnershipPanels(s)
            : s.isPanel
              ? panelPanels(res, s)
              : Promise.resolve([]),
        s.isOpcc || s.isPartnership || s.isPanel ? assessmentPanel(a, res, s) : Promise.resolve(undefined),
        grantsPanel(a, s),
      ]);
      const panels = [...mine, ...(assessment ? [assessment] : []), ...(grants ? [grants] : [])];
      a.render(req, res, "home/home.njk", { title: "What needs you now", panels });
    }),
  );
}
