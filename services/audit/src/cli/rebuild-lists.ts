/** `npm run lists:rebuild` (audit): the ledger's lists by event type (kit runListsRebuild). */
import { runListsRebuild } from "@csp-mesh/kit";
import { Ledger } from "../store/ledger";

void runListsRebuild("audit", (db) => [{ name: "audit record", rebuild: () => new Ledger(db).rebuildLists() }]);
