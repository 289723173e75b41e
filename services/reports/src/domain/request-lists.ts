/**
 * The lists report requests are shown in, as read models (kit `ListIndex`): which lists a request
 * belongs to, and which list answers a ListReportRequests query. Pure, so both are unit-tested.
 *
 * Views (each in three orders: `due`, `created`, `title`):
 *  - scope views, one item per request: `all` (the OPCC), `p:<partner>` (owner or addressee: a
 *    partnership and its systems), `rel` (released to the panel and OFFICIAL: panel members);
 *  - slot views, one item per addressee of a request: `<scope>|s:<STATE>` for the addressee's state
 *    and `<scope>|s:AWAITING` while the partnership owes something, where the scope is `all`, the
 *    addressee's own `p:<partner>`, or `rel`. Their counts are the state counts of the lists.
 */
import { type ListItem, monthBucket, prefixBucket } from "@csp-mesh/kit";
import type { RequestDoc } from "../store/documents";
import { type AddresseeState, AWAITING_PARTNER } from "./lifecycle";

export const REQUEST_ORDERS = { due: monthBucket, created: monthBucket, title: prefixBucket };
export type RequestOrder = keyof typeof REQUEST_ORDERS;
const ORDER_FIELDS = { due: "sortKey", created: "createdKey", title: "titleKey" } as const;

/** What a list item of a request carries, for the filters that are not views of their own. */
export interface RequestFacts {
  [k: string]: string | string[];
  /** The request's name. */
  r: string;
  /** Due time, ISO. */
  d: string;
  c: string;
  lb: string;
  a: string[];
}

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
export const partyView = (partner: string) => `p:${partner}`;
export const slotView = (scope: string, state: AddresseeState | typeof AWAITING) => `${scope}|s:${state}`;

export function requestListItems(doc: ListedRequest): ListItem[] {
  const f: RequestFacts = {
    r: doc._id,
    d: doc.dueTime.toISOString(),
    c: doc.classification,
    lb: doc.legalBasis,
    a: doc.addressees,
  };
  const forPanel = doc.releasedToPanel && doc.classification === "OFFICIAL";
  const scopes = ["all", ...new Set([doc.owner, ...doc.addressees].map(partyView)), ...(forPanel ? ["rel"] : [])];
  const slots: { view: string; id: string }[] = [];
  for (const a of doc.assignments) {
    const id = `${doc._id}|${a.partner}`;
    const awaiting = (AWAITING_PARTNER as readonly string[]).includes(a.state);
    for (const scope of ["all", partyView(a.partner), ...(forPanel ? ["rel"] : [])]) {
      slots.push({ view: slotView(scope, a.state), id });
      if (awaiting) slots.push({ view: slotView(scope, AWAITING), id });
    }
  }
  const items: ListItem[] = [];
  for (const order of Object.keys(REQUEST_ORDERS) as RequestOrder[]) {
    const k = doc[ORDER_FIELDS[order]];
    for (const view of scopes) items.push({ view, order, id: doc._id, k, f });
    for (const s of slots) items.push({ ...s, order, k, f });
  }
  return items;
}

/** Which view a caller's whole scope is, from the reaches its roles give it (kit policy). */
export function scopeView(reach: "any" | "addressed" | "own" | "released" | null, partner: string): string | null {
  if (reach === null) return null;
  if (reach === "any") return "all";
  if (reach === "released") return "rel";
  return partyView(partner);
}

export interface ListPlan {
  view: string;
  order: RequestOrder;
  descending: boolean;
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
  const descending = order === "created";
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
    (!needAddressee || f.a.includes(needAddressee)) &&
    (!req.legalBasis || f.lb === req.legalBasis) &&
    (!req.classification || f.c === req.classification) &&
    (order === "due" || ((dueMin === undefined || f.d >= dueMin) && (dueMax === undefined || f.d < dueMax)));
  return {
    view,
    order,
    descending,
    ...(order === "due" && dueMin !== undefined ? { min: dueMin } : {}),
    ...(order === "due" && dueMax !== undefined ? { max: dueMax } : {}),
    match,
    countsScope: slotScope,
  };
}
