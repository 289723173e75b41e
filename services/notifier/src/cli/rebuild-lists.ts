/** `npm run lists:rebuild` (notifier): each webhook subscription's deliveries (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { deliveryLists } from "../store/lists";

void runListsRebuild("notifier", (db, log) => {
  const lists = deliveryLists(db, log, 10_000);
  return [{ name: "webhook delivery", rebuild: () => lists.projection.rebuild() }];
});
