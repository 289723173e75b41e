/**
 * The daily digest against the real database, with the clock injected: at DIGEST_HOUR each person gets
 * one digest of what was held before that hour, however many replicas scan and however often; what
 * arrives later waits for the next day's; a replica that wrote a digest and died before marking what
 * it gathered is finished by the next pass.
 */
import { londonInstant } from "@csp-mesh/kit";
import { MongoClient } from "mongodb";
import { type NotifierConfig, notifierConfigSchema } from "../../services/notifier/src/config";
import { EmailScheduler } from "../../services/notifier/src/email/scheduler";
import { EmailWriter } from "../../services/notifier/src/email/writer";
import { type EmailDoc, EmailStore } from "../../services/notifier/src/store/email";
import { isolation } from "../support/mesh";

const silent = { info: () => undefined, warn: () => undefined } as never;
const day = { year: 2026, month: 7, day: 14 }; // summer: 07:00 London is 06:00 UTC
const at = (d: typeof day, hour: number, minute = 0) => londonInstant(d, hour, minute);
const nextDay = { ...day, day: 15 };

test("one digest per person per day, of what was held before the hour, across replicas", async () => {
  const iso = isolation("digest");
  const client = await MongoClient.connect(process.env.MONGO_URL as string);
  const db = client.db(iso.db);
  try {
    const config: NotifierConfig = notifierConfigSchema.parse({
      MONGO_URL: process.env.MONGO_URL,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      MONGO_DB: iso.db,
      GRPC_PORT: "0",
      HTTP_PORT: "0",
      SMTP_URL: "smtp://127.0.0.1:1",
      DIGEST_HOUR: "7",
    });
    const store = new EmailStore(db);
    await store.init();
    await store.contacts.insertOne({
      _id: "people/p-1",
      displayName: "Sam Patel",
      email: "sam@example.org",
      partner: "partners/csp-a",
      roles: ["csp-officer"],
      active: true,
    });
    const held = (id: string, createTime: Date): EmailDoc => ({
      _id: id,
      person: "people/p-1",
      to: "sam@example.org",
      subject: `Update ${id}`,
      text: "",
      html: "",
      link: `https://mesh.example/requests/${id}`,
      status: "HELD",
      attempts: [],
      nextAttemptTime: createTime,
      createTime,
    });
    await store.emails.insertMany([
      held("e-1", at(day, 2)),
      held("e-2", at(day, 6, 59)),
      held("e-3", at(day, 7, 30)), // after the hour: tomorrow's
    ]);
    const writer = new EmailWriter(store, config);
    const replicas = [
      new EmailScheduler(store, writer, config, silent),
      new EmailScheduler(store, writer, config, silent),
    ];

    // Before the hour nothing goes.
    expect(await replicas[0]?.digestPass(at(day, 6, 30))).toBe(0);
    // At the hour both replicas scan, twice each: one digest.
    const results = await Promise.all(replicas.map((r) => r.digestPass(at(day, 7, 45))));
    await Promise.all(replicas.map((r) => r.digestPass(at(day, 8))));
    expect(results.reduce((a, b) => a + b, 0)).toBe(1);
    const digests = await store.emails.find({ _id: { $regex: /^digest\// } }).toArray();
    expect(digests.map((d) => d._id)).toEqual(["digest/2026-07-14/people/p-1"]);
    expect(digests[0]?.gathers).toEqual(["e-1", "e-2"]);
    expect(digests[0]?.status).toBe("PENDING");
    expect(digests[0]?.subject).toBe("Your daily summary from the mesh: 2 updates");
    expect(digests[0]?.text).toContain("https://mesh.example/requests/e-2");
    const status = async () =>
      Object.fromEntries(
        (await store.emails.find({ _id: { $in: ["e-1", "e-2", "e-3"] } }).toArray()).map((e) => [e._id, e.status]),
      );
    expect(await status()).toEqual({ "e-1": "DIGESTED", "e-2": "DIGESTED", "e-3": "HELD" });

    // The next day: e-3 goes in that day's digest. A replica "dies" after writing it: the next pass
    // (on either replica) marks what it gathered, and writes no second digest.
    expect(await replicas[1]?.digestPass(at(nextDay, 7, 1))).toBe(1);
    await store.emails.updateOne({ _id: "e-3" }, { $set: { status: "HELD" } });
    expect(await replicas[0]?.digestPass(at(nextDay, 7, 2))).toBe(0);
    expect(await status()).toEqual({ "e-1": "DIGESTED", "e-2": "DIGESTED", "e-3": "DIGESTED" });
    expect(await store.emails.countDocuments({ _id: { $regex: /^digest\// } })).toBe(2);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
});
