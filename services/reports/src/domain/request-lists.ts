/**
 * The lists report requests are shown in, as read models (kit `ListIndex`): which lists a request
 * belongs to, and which list answers a ListReportRequests query. Pure, so both are unit-tested.
 *
 * Views:
 *  - scope views, one item per request, each in three orders (`due`, `created`, `title`): `all` (the
 *    OPCC), `p:<partner>` (owner or addressee: a partnership and its systems), `rel` (released to the
 *    panel and OFFICIAL: panel members);
 *  - slot views, one item per addressee of a request, in due order only: `<scope>|s:<STATE>` for the
 *    addressee's state and `<scope>|s:AWAITING` while the partnership owes something, where the
 *    scope is `all`, the addressee's own `p:<partner>`, or `rel`. Their counts are the state counts.
 *    A state filter in another order reads the whole slot view (the open states are small; a
 *    decade's ACCEPTED is some hundreds of bucket reads) and sorts it by the keys its items carry:
 *    one view in one order per state change keeps a submit's list writes to a handful.
 */
import { type ListItem, monthBucket, prefixBucket, scopeViewsOf } from "@csp-mesh/kit";
import { REPORT_REQUEST } from "../contract";
import type { RequestDoc } from "../store/documents";
import { type AddresseeState, AWAITING_PARTNER } from "./lifecycle";

/** Due and created by month; title by its first two letters. */
export const REQUEST_ORDERS = { due: monthBucket, created: monthBucket, title: prefixBucket(2) };
export type RequestOrder = keyof typeof REQUEST_ORDERS;
const ORDER_FIELDS = { due: "sortKey", created: "createdKey", title: "titleKey" } as const;

/** What a list item of a request carries, for the filters that are not views of their own. */
export type RequestFacts = {
  /** Due time, ISO. */
  d: string;
  c: string;
  lb: string;
  /** Addressees, on the views of a party only. */
  a?: string[];
  /** On slot items of a released request: its accepted reports are published. */
  rel?: boolean;
  /** On slot items: the created key and the title key's first letters, for a state filter in those orders. */
  ck?: string;
  tk?: string;
};

export type ListedRequest = Pick<
  RequestDoc,
  | "_id"
  | "etag"
  | "owner"
  | "addressees"
  | "assignments"
  | "dueTime"
  | "classification"
  | "legalBasis"
  | "releasedToPanel"
  | "sortKey"
  | "createdKey"
  | "titleKey"
>;

/** The request fields the lists are made from (what the projection reads). */
export const LISTED_FIELDS = {
  etag: 1,
  owner: 1,
  addressees: 1,
  "assignments.partner": 1,
  "assignments.state": 1,
  dueTime: 1,
  classification: 1,
  legalBasis: 1,
  releasedToPanel: 1,
  sortKey: 1,
  createdKey: 1,
  titleKey: 1,
};

export const AWAITING = "AWAITING";

/** A scope's slot views share one directory, so one read gives every state's count. */
export const slotDirectory = (view: string) => {
  const at = view.lastIndexOf("|s:");
  return at < 0 ? undefined : { doc: `${view.slice(0, at)}|s`, member: view.slice(at + 3) };
};
export const partyView = (partner: string) => `p:${partner}`;
export const slotView = (scope: string, state: AddresseeState | typeof AWAITING) => `${scope}|s:${state}`;

export function requestListItems(doc: ListedRequest): ListItem[] {
  const f: RequestFacts = { d: doc.dueTime.toISOString(), c: doc.classification, lb: doc.legalBasis };
  // The addressees only where a partnership may filter by another one: its own views.
  const withParties = (view: string, facts: RequestFacts): RequestFacts =>
    view.startsWith("p:") ? { ...facts, a: doc.addressees } : facts;
  const scopes = scopeViewsOf(REPORT_REQUEST, doc);
  const forPanel = scopes.includes("rel");
  const items: ListItem[] = [];
  for (const order of Object.keys(REQUEST_ORDERS) as RequestOrder[])
    for (const view of scopes)
      items.push({ view, order, id: doc._id, k: doc[ORDER_FIELDS[order]], f: withParties(view, f) });
  // One item per request in each slot view, counting for the request's addressees in that state.
  const slots = new Map<string, number>();
  const count = (view: string) => slots.set(view, (slots.get(view) ?? 0) + 1);
  for (const a of doc.assignments) {
    const awaiting = (AWAITING_PARTNER as readonly string[]).includes(a.state);
    for (const scope of ["all", partyView(a.partner), ...(forPanel ? ["rel"] : [])]) {
      count(slotView(scope, a.state));
      if (awaiting) count(slotView(scope, AWAITING));
    }
  }
  const title = doc.titleKey.slice(0, doc.titleKey.lastIndexOf("|")).slice(0, 40);
  const slotFacts: RequestFacts = {
    ...f,
    ck: doc.createdKey,
    tk: `${title}|${doc._id}`,
    ...(forPanel ? { rel: true } : {}),
  };
  for (const [view, w] of slots)
    items.push({ view, order: "due", id: doc._id, k: doc.sortKey, f: withParties(view, slotFacts), w });
  return items;
}

export interface ListPlan {
  view: string;
  order: RequestOrder;
  descending: boolean;
  /**
   * A slot view in another order than due: read it whole in due order, then order by this fact
   * (`ck` or `tk`) and page by it.
   */
  sortBy?: "ck" | "tk";
  /** Key range on the due order (inclusive min, exclusive max). */
  min?: string;
  max?: string;
  /** Conditions on an item's facts. */
  match: (f: RequestFacts) => boolean;
  /** The view whose slot views give the state counts. */
  countsScope: string;
}

export interface ListOptions {
  addressee?: string | undefined;
  legalBasis?: string | undefined;
  classification?: string | undefined;
  state?: string | undefined;
  awaitingPartner: boolean;
  overdueOnly: boolean;
  dueBefore?: Date | undefined;
  dueAfter?: Date | undefined;
  orderBy: string;
}

/**
 * The view, range and conditions answering a list query for a caller whose scope is `scope` and
 * whose state filters look at `who`'s slot (the partnership itself, or the addressee the OPCC names).
 */
export function listPlan(req: ListOptions, scope: string, who: string | undefined, now: Date): ListPlan {
  const order: RequestOrder =
    req.orderBy === "create_time desc" ? "created" : req.orderBy === "title" ? "title" : "due";
  const descending = order === "created" || req.orderBy === "due_time desc";
  // The slot views of `who` (the partnership itself, or the addressee the OPCC names) lie inside
  // the caller's scope; the panel's slot views are those of what is released to it.
  const slotScope = who && scope !== "rel" ? partyView(who) : scope;
  let view = req.addressee && scope === "all" ? partyView(req.addressee) : scope;
  // A state and "awaiting the partnership" together select that state if it is an awaiting one.
  const possible =
    !(req.state && (req.awaitingPartner || req.overdueOnly)) || AWAITING_PARTNER.includes(req.state as never);
  if (req.state) view = slotView(slotScope, req.state as AddresseeState);
  else if (req.awaitingPartner || req.overdueOnly) view = slotView(slotScope, AWAITING);
  const dueMin = req.dueAfter?.toISOString();
  let dueMax = req.dueBefore?.toISOString();
  if (req.overdueOnly) {
    const n = now.toISOString();
    dueMax = dueMax === undefined || n < dueMax ? n : dueMax;
  }
  const needAddressee = req.addressee && scope !== "all" ? req.addressee : undefined;
  const match = (f: RequestFacts) =>
    possible &&
    (!needAddressee || (f.a ?? []).includes(needAddressee)) &&
    (!req.legalBasis || f.lb === req.legalBasis) &&
    (!req.classification || f.c === req.classification) &&
    (order === "due" || ((dueMin === undefined || f.d >= dueMin) && (dueMax === undefined || f.d < dueMax)));
  const slot = view.includes("|s:");
  return {
    view,
    order: slot ? "due" : order,
    descending,
    ...(slot && order !== "due" ? { sortBy: order === "created" ? ("ck" as const) : ("tk" as const) } : {}),
    ...(order === "due" && dueMin !== undefined ? { min: dueMin } : {}),
    ...(order === "due" && dueMax !== undefined ? { max: dueMax } : {}),
    match,
    countsScope: slotScope,
  };
}
