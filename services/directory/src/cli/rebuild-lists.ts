/** `npm run lists:rebuild` (directory): the partners', people's and partner systems' lists (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { directoryLists } from "../store/lists";

void runListsRebuild("directory", (db, log) =>
  Object.entries(directoryLists(db, log, 10_000)).map(([name, l]) => ({ name, rebuild: () => l.projection.rebuild() })),
);
