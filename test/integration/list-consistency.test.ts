/**
 * The list read models stay exactly in step with their source documents: two writers ("replicas",
 * each with its own projection and lease identity) change random requests concurrently, as the
 * reports service does (conditional write flagging the document, then its projection), one of them
 * sometimes "crashing" before projecting; after the sweep every list item, every bucket count and
 * every directory count equals what the documents imply, and a rebuild gives the same lists.
 */
import { createLogger, LISTS_PENDING, type ListItem, newEtag } from "@csp-mesh/kit";
import fc from "fast-check";
import { type Db, MongoClient } from "mongodb";
import { ADDRESSEE_STATES } from "../../services/reports/src/domain/lifecycle";
import { type ListedRequest, requestListItems } from "../../services/reports/src/domain/request-lists";
import { requestLists } from "../../services/reports/src/store/request-lists-store";
import { isolation } from "../support/mesh";

const PARTNERS = ["partners/csp-dover", "partners/csp-thanet", "partners/csp-ashford", "partners/csp-swale"];
const log = createLogger("list-consistency", "silent");

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(process.env.MONGO_URL as string, { retryWrites: false, maxPoolSize: 40 });
  db = client.db(isolation("lists").db);
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const key = (it: ListItem) => `${it.view} ${it.order} ${it.id} ${it.k} ${JSON.stringify(it.f)} ${it.w ?? 1}`;

async function expectInStep(lists: ReturnType<typeof requestLists>): Promise<void> {
  const docs = await db.collection("report_requests").find({}).toArray();
  const wanted = docs.flatMap((d) => requestListItems(d as unknown as ListedRequest)).map(key);
  const stored: string[] = [];
  for await (const it of lists.index.all()) stored.push(key(it));
  expect(stored.sort()).toEqual(wanted.sort());
  // Every count a page or a directory gives equals the items.
  const perList = new Map<string, number>();
  for (const k of wanted) {
    const [view = "", order = ""] = k.split(" ");
    const w = Number(k.split(" ").at(-1));
    perList.set(`${view} ${order}`, (perList.get(`${view} ${order}`) ?? 0) + w);
  }
  for (const [list, n] of perList) {
    const [view = "", order = ""] = list.split(" ");
    expect([list, await lists.index.count(view, order)]).toEqual([list, n]);
  }
  expect(await db.collection("report_requests").countDocuments({ _listsPending: true })).toBe(0);
}

test("two replicas changing requests at random keep every list and count exact; a rebuild agrees", async () => {
  const replicas = [requestLists(db, log, 60_000), requestLists(db, log, 60_000)];
  const col = db.collection<ListedRequest & { _listsPending?: boolean }>("report_requests");
  await replicas[0]?.projection.ensureIndexes();
  const n = 24;
  const ids = Array.from({ length: n }, (_, i) => `reportRequests/r${i}`);
  // Requests spread over several months, so lists span buckets.
  await Promise.all(
    ids.map(async (id, i) => {
      const due = new Date(Date.UTC(2026, i % 5, 1 + i));
      const addressees = PARTNERS.slice(0, 1 + (i % PARTNERS.length));
      await col.insertOne({
        _id: id,
        etag: newEtag(),
        owner: "partners/opcc-kent",
        addressees,
        assignments: addressees.map((partner) => ({ partner, state: "REQUESTED" })),
        dueTime: due,
        classification: i % 3 === 0 ? "OFFICIAL-SENSITIVE" : "OFFICIAL",
        legalBasis: "VOLUNTARY",
        releasedToPanel: false,
        sortKey: `${due.toISOString()}|${id}`,
        createdKey: `2025-${String(1 + (i % 9)).padStart(2, "0")}-01T00:00:00.000Z|${id}`,
        titleKey: `${String.fromCharCode(97 + (i % 7))}title ${i}|${id}`,
        ...LISTS_PENDING,
      } as never);
      await replicas[i % 2]?.projection.project(id);
    }),
  );
  await expectInStep(replicas[0] as ReturnType<typeof requestLists>);

  // Random changes: a new state for one addressee, or a release to the panel; some projections are
  // skipped, as when a replica dies between its write and its projection.
  const change = fc.record({
    doc: fc.nat({ max: n - 1 }),
    slot: fc.nat({ max: PARTNERS.length - 1 }),
    state: fc.constantFrom(...ADDRESSEE_STATES),
    release: fc.boolean(),
    replica: fc.nat({ max: 1 }),
    crash: fc.nat({ max: 9 }),
  });
  const changes = fc.sample(change, { numRuns: 160, seed: 28 });
  for (let i = 0; i < changes.length; i += 8) {
    await Promise.all(
      changes.slice(i, i + 8).map(async (c) => {
        const id = ids[c.doc] as string;
        for (let attempt = 0; attempt < 20; attempt++) {
          const doc = await col.findOne({ _id: id });
          if (!doc) return;
          const slot = c.slot % doc.assignments.length;
          const r = await col.updateOne({ _id: id, etag: doc.etag }, {
            $set: {
              [`assignments.${slot}.state`]: c.state,
              releasedToPanel: doc.releasedToPanel || c.release,
              etag: newEtag(),
              ...LISTS_PENDING,
            },
          } as never);
          if (r.modifiedCount === 1) break;
        }
        if (c.crash > 0) await replicas[c.replica]?.projection.project(id);
      }),
    );
  }
  // What a crash left flagged, the sweep projects.
  await replicas[1]?.projection.sweep();
  await expectInStep(replicas[0] as ReturnType<typeof requestLists>);

  // A rebuild from scratch gives exactly the same lists.
  const before: string[] = [];
  for await (const it of replicas[0]?.index.all() ?? []) before.push(key(it));
  const r = await replicas[1]?.projection.rebuild();
  expect(r?.documents).toBe(n);
  await expectInStep(replicas[0] as ReturnType<typeof requestLists>);
  const after: string[] = [];
  for await (const it of replicas[0]?.index.all() ?? []) after.push(key(it));
  expect(after.sort()).toEqual(before.sort());

  // Pages walk the buckets in order and agree with sorting the items.
  const all = before.filter((k) => k.startsWith("all due ")).map((k) => k.split(" ")[3] as string);
  const seen: string[] = [];
  let after_: string | undefined;
  do {
    const page = await replicas[0]?.index.page({ view: "all", order: "due", after: after_, size: 5 });
    seen.push(...(page?.items.map((x) => x.k) ?? []));
    after_ = page?.nextAfter;
  } while (after_);
  expect(seen).toEqual([...all].sort());
});
