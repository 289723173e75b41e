/** `npm run lists:rebuild` (grants): the plans', programmes', applications' and awards' lists (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { applicationLists, awardLists, planLists, programmeLists } from "../store/lists";

void runListsRebuild("grants", (db, log) => [
  { name: "plan", rebuild: () => planLists(db, log, 10_000).projection.rebuild() },
  { name: "programme", rebuild: () => programmeLists(db, log, 10_000).projection.rebuild() },
  { name: "application", rebuild: () => applicationLists(db, log, 10_000).projection.rebuild() },
  { name: "award", rebuild: () => awardLists(db, log, 10_000).projection.rebuild() },
]);
