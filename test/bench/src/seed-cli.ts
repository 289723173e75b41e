/**
 * `npm run seed`: loads the demonstration directory (idempotent). `npm run seed -- --scale [N]` also
 * adds N report requests (default 20,000: about a decade of a force area's business at national
 * volume) straight into the reports database and rebuilds the list read models, so a person can
 * start the mesh on years of data and look at it. Databases: MONGO_URL, DIRECTORY_MONGO_DB
 * (csp_directory), REPORTS_MONGO_DB (csp_reports).
 */
import { connectMongo, createLogger } from "@csp-mesh/kit";
import { seedDemoDirectory } from "../../../services/directory/dist/seed/seed";
import { requestLists } from "../../../services/reports/dist/store/lists";
import { seedRequests } from "./seed-requests";

async function main() {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error("MONGO_URL is not set");
  const args = process.argv.slice(2);
  const at = args.indexOf("--scale");
  const scale = at < 0 ? 0 : Number(args[at + 1] ?? 20_000) || 20_000;
  const dirName = process.env.DIRECTORY_MONGO_DB ?? "csp_directory";
  const directory = await connectMongo(url, dirName, "seed");
  try {
    const r = await seedDemoDirectory(directory.db);
    console.log(
      `seeded ${dirName}: ${r.inserted} new of ${r.total} demonstration records (existing ones left unchanged)`,
    );
    if (scale === 0) return;
    const csps = (await directory.db
      .collection("partners")
      .find({ kind: "CSP", status: "ACTIVE" }, { projection: { _id: 1 } })
      .toArray()) as unknown as { _id: string }[];
    const repName = process.env.REPORTS_MONGO_DB ?? "csp_reports";
    const reports = await connectMongo(url, repName, "seed");
    try {
      const db = reports.db;
      const ms = await seedRequests(
        db.collection("report_requests"),
        db.collection("request_search"),
        db.collection("search_terms"),
        scale,
        csps.map((p) => p._id),
      );
      console.log(`added ${scale} report requests to ${repName} in ${(ms / 1000).toFixed(1)} s; rebuilding the lists`);
      const lists = requestLists(db, createLogger("seed", "warn"), 60_000);
      const built = await lists.projection.rebuild();
      console.log(`lists rebuilt: ${built.documents} requests, ${built.items} list items`);
    } finally {
      await reports.client.close();
    }
  } finally {
    await directory.client.close();
  }
}

main().catch((err: unknown) => {
  console.error(`seed failed: ${(err as Error).message}`);
  process.exit(1);
});
