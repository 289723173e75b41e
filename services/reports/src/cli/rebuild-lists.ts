/** `npm run lists:rebuild` (reports): the report requests' lists, from the requests (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { requestLists } from "../store/lists";

void runListsRebuild("reports", (db, log) => [
  { name: "report request", rebuild: () => requestLists(db, log, 10_000).projection.rebuild() },
]);
