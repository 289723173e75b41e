/**
 * The body of each service's `cli/rebuild-lists.ts` (`npm run lists:rebuild` runs them all):
 * recomputes the service's list read models from its documents, e.g. after data was loaded
 * straight into the database. MONGO_URL, and `<SERVICE>_MONGO_DB` (default `csp_<service>`).
 */
import type { Db } from "mongodb";
import { connectMongo } from "../db/mongo";
import { createLogger, type Logger } from "../log";

export interface Rebuildable {
  name: string;
  rebuild: () => Promise<unknown>;
}

export async function runListsRebuild(service: string, lists: (db: Db, log: Logger) => Rebuildable[]): Promise<void> {
  try {
    const url = process.env.MONGO_URL;
    if (!url) throw new Error("MONGO_URL is not set");
    const dbName = process.env[`${service.toUpperCase()}_MONGO_DB`] ?? `csp_${service}`;
    const mongo = await connectMongo(url, dbName, `${service}-lists-rebuild`);
    try {
      for (const l of lists(mongo.db, createLogger(`${service}-lists-rebuild`, "warn"))) {
        const started = Date.now();
        const r = await l.rebuild();
        const took = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`${dbName}: rebuilt the ${l.name} lists in ${took} s ${JSON.stringify(r)}`);
      }
    } finally {
      await mongo.client.close();
    }
  } catch (err) {
    console.error(`rebuild of ${service}'s lists failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
