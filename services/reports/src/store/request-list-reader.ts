/**
 * Reads the report requests' lists (domain/request-lists.ts) for ListReportRequests and
 * ListPublishedReports: a page of a view, then each request on it by `_id` with the caller's
 * scope; counts from the views' directories. Never reads the requests collection as a whole.
 */
import {
  type Caller,
  callerScopeView,
  decodePageToken,
  effectivePageSize,
  encodePageToken,
  type ListIndex,
  type ListReads,
  OUTBOX_PROJECTION_EXCLUDE,
  readReach,
  type StoredItem,
  scopedFilter,
} from "@csp-mesh/kit";
import type { Collection, Filter } from "mongodb";
import { REPORT_REQUEST, SUBMISSION } from "../contract";
import { ADDRESSEE_STATES } from "../domain/lifecycle";
import { AWAITING, type ListPlan, partyView, type RequestFacts, slotView } from "../domain/request-lists";
import type { RequestDoc } from "./documents";

/** What a list shows of a request: not its history. */
export const LIST_PROJECTION = { ...OUTBOX_PROJECTION_EXCLUDE, history: 0 };

export class RequestListReader {
  constructor(
    private readonly col: Collection<RequestDoc>,
    readonly index: ListIndex,
  ) {}

  /** Reads for one answer: its page and counts share the directories they need (ListReads). */
  reads(): ListReads {
    return this.index.reads();
  }

  /** The caller's whole scope as a view of the lists, or null when it may read no request. */
  scopeView(caller: Caller): string | null {
    return callerScopeView(caller, REPORT_REQUEST);
  }

  /**
   * One page of a list (domain/request-lists.ts), read from the list's buckets; each request on it
   * is then read by `_id` with the caller's scope, so a page never shows more than the scope allows.
   */
  async listPage(
    caller: Caller,
    plan: ListPlan,
    pageSize: number,
    pageToken: string,
    fingerprint: string,
    reads = this.reads(),
  ) {
    const size = effectivePageSize(pageSize);
    const after = decodePageToken(pageToken, fingerprint);
    const page = plan.sortBy
      ? await this.wholeViewPage(reads, plan, plan.sortBy, size, after)
      : await reads.page({
          view: plan.view,
          order: plan.order,
          descending: plan.descending,
          after,
          min: plan.min,
          max: plan.max,
          match: (it) => plan.match(it.f as RequestFacts),
          size,
        });
    const names = page.items.map((it) => it.id);
    const docs = await Promise.all(
      names.map((name) => {
        const f = scopedFilter(caller, REPORT_REQUEST, { _id: name } as Filter<RequestDoc>);
        return f ? this.col.findOne(f, { projection: LIST_PROJECTION }) : null;
      }),
    );
    return {
      items: docs.filter((d): d is RequestDoc => d !== null),
      nextPageToken: page.nextAfter === undefined ? "" : encodePageToken(page.nextAfter, fingerprint),
    };
  }

  /**
   * Requests with published reports (accepted in a request released to the panel: every accepted
   * report of it was released on acceptance), latest due first: the panel's and the OPCC's from the
   * released requests' view, a partnership's from its own accepted view.
   */
  /**
   * Accepted reports the caller may read as published, latest due first, `pageSize` reports a page:
   * requests from the lists, each with its accepted partnerships in name order; a page may end
   * part-way through a request (the token says how many of its reports were given).
   */
  async publishedPage(caller: Caller, pageSize: number, pageToken: string) {
    const reach = readReach(caller, SUBMISSION);
    const token = decodePageToken(pageToken, "published");
    if (reach === null) return { items: [] as { doc: RequestDoc; partner: string }[], nextPageToken: "" };
    const own = reach === "own" || reach === "addressed";
    const size = effectivePageSize(pageSize);
    // Token: how many reports of the next request were given, and the key of the request before it.
    const sep = token?.indexOf(":") ?? -1;
    let skip = token && sep > 0 ? Number(token.slice(0, sep)) : 0;
    let after = token && sep > 0 ? token.slice(sep + 1) || undefined : token;
    const items: { doc: RequestDoc; partner: string }[] = [];
    const reads = this.reads();
    for (;;) {
      const page = await reads.page({
        view: slotView(own ? partyView(caller.partner) : "rel", "ACCEPTED"),
        order: "due",
        descending: true,
        after,
        ...(own ? { match: (it: StoredItem) => (it.f as RequestFacts).rel === true } : {}),
        size,
      });
      const docs = await Promise.all(
        page.items.map(
          (it) => this.col.findOne({ _id: it.id }, { projection: LIST_PROJECTION }) as Promise<RequestDoc | null>,
        ),
      );
      for (const [i, it] of page.items.entries()) {
        const doc = docs[i];
        const accepted = (doc?.assignments ?? [])
          .filter((a) => a.state === "ACCEPTED")
          .map((a) => a.partner)
          .sort();
        const room = size - items.length;
        const mine = accepted.slice(skip, skip + room);
        if (doc) for (const partner of mine) items.push({ doc, partner });
        if (skip + room < accepted.length) {
          // The page is full inside this request: the next one starts with its next report.
          return { items, nextPageToken: encodePageToken(`${skip + room}:${after ?? ""}`, "published") };
        }
        skip = 0;
        after = it.k;
        if (items.length === size) {
          const more = i < page.items.length - 1 || page.nextAfter !== undefined;
          return { items, nextPageToken: more ? encodePageToken(`0:${after}`, "published") : "" };
        }
      }
      if (page.nextAfter === undefined) return { items, nextPageToken: "" };
    }
  }

  /** A slot view in another order: read whole, ordered by the key its items carry, then paged. */
  private async wholeViewPage(
    reads: ListReads,
    plan: ListPlan,
    by: "ck" | "tk",
    size: number,
    after: string | undefined,
  ) {
    const all = await reads.page({
      view: plan.view,
      order: plan.order,
      min: plan.min,
      max: plan.max,
      match: (it) => plan.match(it.f as RequestFacts),
      size: Number.MAX_SAFE_INTEGER,
    });
    const keyed = new Map<string, StoredItem[]>();
    for (const it of all.items) {
      const k = String((it.f as RequestFacts)[by]);
      keyed.set(k, [...(keyed.get(k) ?? []), it]);
    }
    const sign = plan.descending ? -1 : 1;
    const keys = [...keyed.keys()]
      .filter((k) => after === undefined || (plan.descending ? k < after : k > after))
      .sort((a, b) => (a < b ? -sign : a > b ? sign : 0));
    const shown = keys.slice(0, size);
    return {
      items: shown.flatMap((k) => keyed.get(k) ?? []),
      nextAfter: keys.length > size ? shown[shown.length - 1] : undefined,
    };
  }

  /**
   * Addressees per state, and how many are overdue, within `scope` (the caller's view, or the
   * addressee's own): read from the lists' directories, never from the requests.
   */
  async counts(
    scope: string,
    now: Date,
    due: { min?: string | undefined; max?: string | undefined } = {},
    reads = this.reads(),
  ): Promise<{ states: Map<string, number>; overdue: number; awaiting: number }> {
    const awaiting = slotView(scope, AWAITING);
    const [overdue, byState, inRange] = await Promise.all([
      reads.countRange(awaiting, "due", undefined, now.toISOString()),
      reads.groupCounts(`${scope}|s`, "due"),
      reads.countRange(awaiting, "due", due.min, due.max),
    ]);
    return {
      states: new Map(ADDRESSEE_STATES.map((st) => [st, byState.get(st) ?? 0])),
      overdue,
      awaiting: inRange,
    };
  }
}
