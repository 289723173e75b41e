/**
 * The services rely on single-document updates being atomic, as they are on MongoDB. FerretDB 1.24's
 * SQLite backend is not on its own (it reads, modifies and writes back); the local launcher puts a
 * write gate in front of it. This test fails against an ungated FerretDB.
 */
import { MongoClient } from "mongodb";
import { isolation } from "../support/mesh";

test("concurrent updates of one document all take effect", async () => {
  const iso = isolation("atomic");
  const client = await MongoClient.connect(process.env.MONGO_URL as string, { retryWrites: false, maxPoolSize: 20 });
  const db = client.db(iso.db);
  try {
    const col = db.collection<{ _id: string; n: number; seen: number[]; slots: { s: number }[] }>("counters");
    await col.insertOne({ _id: "c", n: 0, seen: [], slots: [{ s: 0 }, { s: 0 }] });
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 150; i++) {
      ops.push(col.updateOne({ _id: "c" }, { $inc: { n: 1 } }));
      ops.push(col.findOneAndUpdate({ _id: "c" }, { $push: { seen: i } }, { returnDocument: "after" }));
      ops.push(col.updateOne({ _id: "c" }, { $inc: { [`slots.${i % 2}.s`]: 1 } }));
    }
    await Promise.all(ops);
    const doc = await col.findOne({ _id: "c" });
    expect(doc?.n).toBe(150);
    expect(doc?.seen).toHaveLength(150);
    expect(doc?.slots).toEqual([{ s: 75 }, { s: 75 }]);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
});
