/**
 * `npm run lists:rebuild`: recomputes the report requests' list read models from the requests
 * (MONGO_URL, REPORTS_MONGO_DB, default csp_reports), e.g. after requests were loaded straight into
 * the database. Safe while the service runs; a request changed during the rebuild is projected again
 * by the service's next sweep (LIST_SWEEP_MS).
 */
import { connectMongo, createLogger } from "@csp-mesh/kit";
import { requestLists } from "../store/request-lists-store";

async function main() {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error("MONGO_URL is not set");
  const dbName = process.env.REPORTS_MONGO_DB ?? "csp_reports";
  const mongo = await connectMongo(url, dbName, "reports-lists-rebuild");
  try {
    const started = Date.now();
    const lists = requestLists(mongo.db, createLogger("reports-lists-rebuild"), 10_000);
    const r = await lists.projection.rebuild();
    console.log(
      `rebuilt the report-request lists of ${dbName}: ${r.documents} requests, ${r.items} list items in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await mongo.client.close();
  }
}

main().catch((err: unknown) => {
  console.error(`rebuild failed: ${(err as Error).message}`);
  process.exit(1);
});
