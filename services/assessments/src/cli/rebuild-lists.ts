/** `npm run lists:rebuild` (assessments): the cycles', editions' and contributions' lists (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { contributionLists, cycleLists, editionLists } from "../store/lists";

void runListsRebuild("assessments", (db, log) => [
  { name: "assessment cycle", rebuild: () => cycleLists(db, log, 10_000).projection.rebuild() },
  { name: "assessment edition", rebuild: () => editionLists(db, log, 10_000).projection.rebuild() },
  { name: "assessment contribution", rebuild: () => contributionLists(db, log, 10_000).projection.rebuild() },
]);
