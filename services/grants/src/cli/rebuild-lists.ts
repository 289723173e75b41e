/** `npm run lists:rebuild` (grants): the plans' and programmes' lists (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { planLists, programmeLists } from "../store/lists";

void runListsRebuild("grants", (db, log) => [
  { name: "plan", rebuild: () => planLists(db, log, 10_000).projection.rebuild() },
  { name: "programme", rebuild: () => programmeLists(db, log, 10_000).projection.rebuild() },
]);
