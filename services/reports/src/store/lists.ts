import { ListIndex, ListProjection, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import {
  LISTED_FIELDS,
  type ListedRequest,
  REQUEST_ORDERS,
  requestListItems,
  slotDirectory,
} from "../domain/request-lists";
import { COLLECTIONS, type RequestDoc } from "./documents";

/** The report requests' list read models and their projection from the requests (kit ListProjection). */
export function requestLists(db: Db, log: Logger, sweepMs: number) {
  const index = new ListIndex(db, COLLECTIONS.lists, REQUEST_ORDERS, slotDirectory);
  const projection = new ListProjection<RequestDoc>(db, {
    index,
    source: db.collection(COLLECTIONS.requests),
    itemsOf: (doc) => requestListItems(doc as ListedRequest),
    projection: LISTED_FIELDS,
    log,
    sweepMs,
  });
  return { index, projection };
}
