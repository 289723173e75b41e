/** A migration run with the kit's runOnce runs until it has finished once, then never again. */
import { runOnce } from "@csp-mesh/kit";
import { MongoClient } from "mongodb";
import type { RequestDoc } from "../../services/reports/src/store/documents";
import { RequestStore } from "../../services/reports/src/store/requests-store";
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

test("requests stored before the kit's command list get it from their history: an old command's retry is still a replay", async () => {
  const iso = isolation("migr");
  const client = await MongoClient.connect(process.env.MONGO_URL as string, { retryWrites: false });
  const db = client.db(iso.db);
  try {
    const col = db.collection<RequestDoc>("report_requests");
    const entry = {
      time: new Date(),
      actor: "people/a",
      partner: "partners/csp-a",
      action: "acknowledge",
      from: "REQUESTED",
      to: "ACKNOWLEDGED",
      version: 0,
      reasons: "",
    };
    await col.insertOne({
      _id: "reportRequests/old",
      withdrawn: false,
      etag: "e1",
      assignments: [
        {
          partner: "partners/csp-a",
          state: "ACKNOWLEDGED",
          latestVersion: 0,
          reasons: "",
          updateTime: new Date(),
          overdueRaised: false,
        },
      ],
      addresseeStates: ["partners/csp-a|ACKNOWLEDGED"],
      history: [{ ...entry, command: "ack-1#h1" }],
    } as unknown as RequestDoc);
    // Only the command list is used by a replay, so the store's search and lists are not needed here.
    const store = new RequestStore(col, () => {}, {} as never, {} as never, {} as never);
    await store.backfillCommands();
    const doc = (await col.findOne({ _id: "reportRequests/old" })) as RequestDoc;
    expect(doc.commands).toEqual(["ack-1#h1"]);
    const again = await store.changeAssignment(doc, {
      partner: "partners/csp-a",
      action: "acknowledge",
      actor: "people/a",
      command: "ack-1#h1",
      events: () => [],
    });
    expect(again.etag).toBe("e1");
    await expect(
      store.changeAssignment(doc, {
        partner: "partners/csp-a",
        action: "acknowledge",
        actor: "people/a",
        command: "ack-1#other",
        events: () => [],
      }),
    ).rejects.toMatchObject({ code: "ALREADY_EXISTS" });
    // Run again (as runOnce would never do): nothing changes.
    await store.backfillCommands();
    expect((await col.findOne({ _id: "reportRequests/old" }))?.commands).toEqual(["ack-1#h1"]);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
});
