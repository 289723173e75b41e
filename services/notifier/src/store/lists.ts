import { ListIndex, ListProjection, type Logger, monthBucket } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import type { DeliveryDoc } from "./webhook-documents";

/** The one order of the deliveries' lists: when the delivery was queued, newest first when read. */
export const BY_CREATED = "created";

/** A subscription's deliveries, and those in one status (docs/architecture.md, "Lists and counts"). */
export const deliveryView = (subscription: string, status?: string) =>
  status ? `sub:${subscription}|st:${status}` : `sub:${subscription}`;

export type DeliveryLists = ReturnType<typeof deliveryLists>;

/**
 * Every delivery is listed under its subscription, as a whole and by status, by month of its
 * creation: a subscription receives a delivery per event for years, so its list is never read by
 * querying the growing deliveries collection.
 */
export function deliveryLists(db: Db, log: Logger, sweepMs: number) {
  const index = new ListIndex(db, "webhook_deliveries", { [BY_CREATED]: monthBucket });
  const projection = new ListProjection<DeliveryDoc>(db, {
    index,
    source: db.collection("webhook_deliveries"),
    itemsOf: (d) =>
      [deliveryView(d.subscription), deliveryView(d.subscription, d.status)].map((view) => ({
        view,
        order: BY_CREATED,
        id: d._id,
        k: `${d.createTime.toISOString()}|${d.eventId}`,
        f: {},
      })),
    projection: { etag: 1, subscription: 1, status: 1, createTime: 1, eventId: 1 },
    log,
    sweepMs,
  });
  return { index, projection };
}
