import type { Db, Document } from "mongodb";
import { GENESIS } from "../domain/chain";
import { LEDGER, Ledger, WALK_STEPS } from "./ledger";

/**
 * The ledger's positions and its recorded head, by _id; `onLookup` runs before each position is
 * read, so a test can move the head the way a bulk load or another replica would.
 */
function fakeDb(positions: number, recorded: number) {
  const records = new Map<number, Document>();
  for (let seq = 1; seq <= positions; seq++) records.set(seq, { _id: seq, eventId: `e${seq}`, hash: `h${seq}` });
  let head: Document | null = recorded ? { _id: "head", seq: recorded, hash: `h${recorded}` } : null;
  const lookups = { n: 0 };
  let onLookup = () => {};
  const collection = (name: string) => {
    if (name === LEDGER)
      return {
        findOne: async (f: { _id?: number; eventId?: string }) => {
          lookups.n += 1;
          onLookup();
          if (f.eventId !== undefined) return [...records.values()].find((r) => r.eventId === f.eventId) ?? null;
          return records.get(f._id ?? 0) ?? null;
        },
        // Unique on _id and on eventId, as the ledger's indexes are.
        insertOne: async (d: Document) => {
          if (records.has(d._id) || [...records.values()].some((r) => r.eventId === d.eventId))
            throw Object.assign(new Error("E11000 duplicate key"), { code: 11000 });
          records.set(d._id, d);
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
    records,
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

describe("Ledger.append", () => {
  const event = (eventId: string) => ({
    eventId,
    type: "csp.reports.v1.ReportRequestCreated",
    source: "reports",
    subject: "reportRequests/r1",
    classification: "OFFICIAL" as const,
    eventTime: "2026-12-04T10:00:00.000Z",
    correlationId: "c1",
    payloadJson: '{"addressees":["partners/dover-csp"]}',
  });
  /** A ledger over the fake whose type lists are recorded, not written. */
  function ledgerOver(f: ReturnType<typeof fakeDb>) {
    const ledger = new Ledger(f.db);
    const listed: string[] = [];
    (ledger.lists as unknown as Document).apply = async (_: unknown, add: { id: string }[]) => {
      listed.push(...add.map((a) => a.id));
    };
    return { ledger, listed };
  }

  it("appends after its own last append without reading the ledger, chained to it", async () => {
    const f = fakeDb(3, 3);
    const { ledger, listed } = ledgerOver(f);
    await expect(ledger.append(event("a"))).resolves.toBe(4);
    const read = f.lookups.n;
    await expect(ledger.append(event("b"))).resolves.toBe(5);
    expect(f.lookups.n).toBe(read);
    expect(f.records.get(4)).toMatchObject({ eventId: "a", prevHash: "h3", partners: ["partners/dover-csp"] });
    expect(f.records.get(5)?.prevHash).toBe(f.records.get(4)?.hash);
    expect(f.recordedHead()).toMatchObject({ seq: 5, hash: f.records.get(5)?.hash });
    expect(listed).toEqual(["4", "5"]);
  });

  it("finds the head again when another replica took the next position, and appends after it", async () => {
    const f = fakeDb(3, 3);
    const { ledger } = ledgerOver(f);
    await ledger.append(event("a"));
    f.records.set(5, { _id: 5, eventId: "other", hash: "h5" }); // the other replica's, head not recorded yet
    await expect(ledger.append(event("b"))).resolves.toBe(6);
    expect(f.records.get(6)).toMatchObject({ eventId: "b", prevHash: "h5" });
  });

  it("records a redelivered event once, at its first position, and lists it again", async () => {
    const f = fakeDb(3, 3);
    const { ledger, listed } = ledgerOver(f);
    await ledger.append(event("a"));
    await expect(ledger.append(event("a"))).resolves.toBe(4);
    expect(f.records.has(5)).toBe(false);
    expect(listed).toEqual(["4", "4"]);
    // And the next event still goes at the next free position.
    await expect(ledger.append(event("b"))).resolves.toBe(5);
  });

  it("returns an event recorded by an earlier run without a second record", async () => {
    const f = fakeDb(3, 3);
    const { ledger } = ledgerOver(f);
    await expect(ledger.append(event("e2"))).resolves.toBe(2);
    expect(f.records.size).toBe(3);
  });
});
