import type { Db, Document } from "mongodb";
import { ListIndex, type ListItem, monthBucket } from "./list-index";

/** Documents by _id, with the few update operators the index uses on dotted paths; writes counted. */
function fakeDb() {
  const writes: Record<string, number> = {};
  const reads: Record<string, number> = {};
  const collections = new Map<string, Map<string, Document>>();
  const path = (doc: Document, dotted: string): [Document, string] => {
    const parts = dotted.split(".");
    let at = doc;
    for (const p of parts.slice(0, -1)) at = at[p] ??= {};
    return [at, parts.at(-1) as string];
  };
  const applyUpdate = (doc: Document, u: Document) => {
    for (const [k, v] of Object.entries(u.$inc ?? {})) {
      const [o, f] = path(doc, k);
      o[f] = (o[f] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(u.$set ?? {})) {
      const [o, f] = path(doc, k);
      o[f] = structuredClone(v);
    }
    for (const k of Object.keys(u.$unset ?? {})) {
      const [o, f] = path(doc, k);
      delete o[f];
    }
    for (const [k, v] of Object.entries(u.$max ?? {})) {
      const [o, f] = path(doc, k);
      o[f] = Math.max(o[f] ?? Number.NEGATIVE_INFINITY, v as number);
    }
  };
  const collection = (name: string) => {
    const docs = collections.get(name) ?? new Map<string, Document>();
    collections.set(name, docs);
    const upsert = (id: string, u: Document) => {
      writes[name] = (writes[name] ?? 0) + 1;
      const before = docs.get(id);
      const doc = structuredClone(before ?? { _id: id });
      applyUpdate(doc, u);
      docs.set(id, doc);
      return { before: before ? structuredClone(before) : null, after: structuredClone(doc) };
    };
    return {
      findOneAndUpdate: async (f: { _id: string }, u: Document, o: { returnDocument?: string }) =>
        upsert(f._id, u)[o.returnDocument === "after" ? "after" : "before"],
      updateOne: async (f: { _id: string }, u: Document) => {
        upsert(f._id, u);
        return { matchedCount: 1 };
      },
      findOne: async (f: { _id: string }) => {
        reads[name] = (reads[name] ?? 0) + 1;
        return structuredClone(docs.get(f._id) ?? null);
      },
    };
  };
  return { db: { collection } as unknown as Db, writes, reads };
}

const item = (id: string, k: string, f: ListItem["f"] = {}, view = "all"): ListItem => ({
  view,
  order: "due",
  id,
  k,
  f,
});

describe("ListIndex", () => {
  test("counts follow adds, moves and removals; a change of an item's facts alone writes no directory", async () => {
    const { db, writes } = fakeDb();
    const index = new ListIndex(db, "things", { due: monthBucket });
    await index.apply([], [item("a", "2026-01-05|a"), item("b", "2026-01-09|b"), item("c", "2026-02-01|c")]);
    expect(await index.reads().bucketsOf("all", "due")).toEqual([
      { bucket: "2026-01", n: 2 },
      { bucket: "2026-02", n: 1 },
    ]);
    const directoryWrites = writes.things_list_directories;

    // The same item with other facts: its bucket changes, its count does not.
    await index.apply([item("a", "2026-01-05|a")], [item("a", "2026-01-05|a", { state: "DONE" })]);
    expect(writes.things_list_directories).toBe(directoryWrites);
    const page = await index.page({ view: "all", order: "due", size: 10 });
    expect(page.items.map((x) => [x.id, x.f])).toEqual([
      ["a", { state: "DONE" }],
      ["b", {}],
      ["c", {}],
    ]);

    // Moved to another month, then removed: both buckets' counts change.
    await index.apply([item("b", "2026-01-09|b")], [item("b", "2026-02-03|b")]);
    expect(await index.count("all", "due")).toBe(3);
    expect(await index.reads().bucketsOf("all", "due")).toEqual([
      { bucket: "2026-01", n: 1 },
      { bucket: "2026-02", n: 2 },
    ]);
    await index.apply([item("c", "2026-02-01|c")], []);
    expect(await index.reads().bucketsOf("all", "due")).toEqual([
      { bucket: "2026-01", n: 1 },
      { bucket: "2026-02", n: 1 },
    ]);
    // Applying the same change again changes nothing.
    await index.apply([item("c", "2026-02-01|c")], []);
    expect(await index.count("all", "due")).toBe(2);
  });

  test("a directory copy from an older write never lowers a newer count, whatever order they land in", async () => {
    const { db } = fakeDb();
    const index = new ListIndex(db, "things", { due: monthBucket });
    // Two writers: the second adds after the first; their directory writes may land in either order.
    await Promise.all([index.apply([], [item("a", "2026-03-01|a")]), index.apply([], [item("b", "2026-03-02|b")])]);
    await index.apply([item("a", "2026-03-01|a")], [item("a", "2026-03-01|a", { x: 1 })]);
    expect(await index.count("all", "due")).toBe(2);
  });

  test("one answer's reads read each directory and bucket once, and the next answer reads them afresh", async () => {
    const { db, reads } = fakeDb();
    const index = new ListIndex(db, "things", { due: monthBucket });
    await index.apply([], [item("a", "2026-01-05|a"), item("b", "2026-01-09|b"), item("c", "2026-02-01|c")]);
    const before = { ...reads };
    const read = index.reads();
    const [page, inJanuary, all] = await Promise.all([
      read.page({ view: "all", order: "due", size: 10 }),
      read.countRange("all", "due", "2026-01-01", "2026-01-31"),
      read.count("all", "due"),
    ]);
    expect(page.items.map((x) => x.id)).toEqual(["a", "b", "c"]);
    expect([inJanuary, all]).toEqual([2, 3]);
    // One directory, two buckets (January is the range's edge bucket and on the page too).
    expect((reads.things_list_directories ?? 0) - (before.things_list_directories ?? 0)).toBe(1);
    expect((reads.things_list_buckets ?? 0) - (before.things_list_buckets ?? 0)).toBe(2);

    await index.apply([], [item("d", "2026-01-20|d")]);
    expect(await read.count("all", "due")).toBe(3); // the answer's own snapshot
    expect(await index.reads().count("all", "due")).toBe(4);
  });
});
