/** `npm run lists:rebuild` (assessments): the cycles' lists (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { cycleLists } from "../store/lists";

void runListsRebuild("assessments", (db, log) => [
  { name: "assessment cycle", rebuild: () => cycleLists(db, log, 10_000).projection.rebuild() },
]);
