import type { Db, Document } from "mongodb";
import { GENESIS } from "../domain/chain";
import { LEDGER, Ledger, WALK_STEPS } from "./ledger";

/**
 * The ledger's positions and its recorded head, by _id; `onLookup` runs before each position is
 * read, so a test can move the head the way a bulk load or another replica would.
 */
function fakeDb(positions: number, recorded: number) {
  const records = new Map<number, Document>();
  for (let seq = 1; seq <= positions; seq++) records.set(seq, { _id: seq, hash: `h${seq}` });
  let head: Document | null = recorded ? { _id: "head", seq: recorded, hash: `h${recorded}` } : null;
  const lookups = { n: 0 };
  let onLookup = () => {};
  const collection = (name: string) => {
    if (name === LEDGER)
      return {
        findOne: async (f: { _id: number }) => {
          lookups.n += 1;
          onLookup();
          return records.get(f._id) ?? null;
        },
      };
    if (name === `${LEDGER}_head`)
      return {
        findOne: async () => head,
        updateOne: async (f: { seq: { $lt: number } }, u: { $set: Document }) => {
          if (!head || head.seq >= f.seq.$lt) return { matchedCount: 0 };
          head = { _id: "head", ...u.$set };
          return { matchedCount: 1 };
        },
        insertOne: async (d: Document) => {
          if (head) throw Object.assign(new Error("E11000 duplicate key"), { code: 11000 });
          head = d;
        },
      };
    return {};
  };
  return {
    db: { collection } as unknown as Db,
    lookups,
    recordedHead: () => head,
    moveHeadOnFirstLookup: (seq: number) => {
      onLookup = () => {
        if (head && head.seq < seq) head = { _id: "head", seq, hash: `h${seq}` };
        onLookup = () => {};
      };
    },
  };
}

describe("Ledger.head", () => {
  it("walks the few positions after a lagging recorded head and records the last", async () => {
    const f = fakeDb(12, 10);
    await expect(new Ledger(f.db).head()).resolves.toEqual({ seq: 12, hash: "h12" });
    expect(f.lookups.n).toBe(3);
    expect(f.recordedHead()).toMatchObject({ seq: 12 });
  });

  it("looks at the recorded head again instead of walking a bulk load one record at a time", async () => {
    // 200,000 records loaded straight in; the load records its head just after the walk began.
    const f = fakeDb(200_000, 5);
    f.moveHeadOnFirstLookup(200_000);
    await expect(new Ledger(f.db).head()).resolves.toEqual({ seq: 200_000, hash: "h200000" });
    expect(f.lookups.n).toBeLessThanOrEqual(WALK_STEPS + 1);
  });

  it("still finds the head of a long unrecorded stretch, recording its progress on the way", async () => {
    const f = fakeDb(3 * WALK_STEPS + 7, 1);
    await expect(new Ledger(f.db).head()).resolves.toEqual({ seq: 3 * WALK_STEPS + 7, hash: `h${3 * WALK_STEPS + 7}` });
    expect(f.recordedHead()).toMatchObject({ seq: 3 * WALK_STEPS + 7 });
  });

  it("starts an empty ledger at the genesis hash", async () => {
    const f = fakeDb(0, 0);
    const ledger = new Ledger(f.db);
    // No recorded head and no records: the sort finds nothing.
    (ledger.col as unknown as Document).find = () => ({ sort: () => ({ limit: () => ({ next: async () => null }) }) });
    await expect(ledger.head()).resolves.toEqual({ seq: 0, hash: GENESIS });
  });
});
