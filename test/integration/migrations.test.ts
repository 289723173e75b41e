/** A migration run with the kit's runOnce runs until it has finished once, then never again. */
import { runOnce } from "@csp-mesh/kit";
import { MongoClient } from "mongodb";
import { isolation } from "../support/mesh";

test("runOnce runs a migration until it finishes once, then skips it", async () => {
  const iso = isolation("migr");
  const client = await MongoClient.connect(process.env.MONGO_URL as string, { retryWrites: false });
  const db = client.db(iso.db);
  try {
    let runs = 0;
    const failing = async () => {
      runs++;
      throw new Error("cut off part-way");
    };
    await expect(runOnce(db, "demo-v1", failing)).rejects.toThrow("cut off part-way");
    const succeeding = async () => {
      runs++;
    };
    await runOnce(db, "demo-v1", succeeding); // not recorded as done before: runs again
    await runOnce(db, "demo-v1", succeeding); // done: skipped
    await runOnce(db, "demo-v2", succeeding); // another migration runs
    expect(runs).toBe(3);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
});
