/** `npm run seed`: loads the demonstration directory into MONGO_URL / DIRECTORY_MONGO_DB. Idempotent. */
import { connectMongo } from "@csp-mesh/kit";
import { seedDemoDirectory } from "./seed";

async function main() {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error("MONGO_URL is not set");
  const dbName = process.env.DIRECTORY_MONGO_DB ?? "csp_directory";
  const mongo = await connectMongo(url, dbName, "directory-seed");
  try {
    const r = await seedDemoDirectory(mongo.db);
    console.log(
      `seeded ${dbName}: ${r.inserted} new of ${r.total} demonstration records (existing ones left unchanged)`,
    );
  } finally {
    await mongo.client.close();
  }
}

main().catch((err: unknown) => {
  console.error(`seed failed: ${(err as Error).message}`);
  process.exit(1);
});
