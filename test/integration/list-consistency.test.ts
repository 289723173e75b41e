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
import { requestLists } from "../../services/reports/src/store/lists";
import { listsAgainstSource } from "../support/lists";
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

async function expectInStep(lists: ReturnType<typeof requestLists>): Promise<void> {
  const r = await listsAgainstSource(lists.index, db.collection("report_requests"), requestListItems);
  expect(r.stored).toEqual(r.wanted);
  for (const [view, wanted, counted] of r.counts) expect([view, counted]).toEqual([view, wanted]);
  expect(r.pending).toBe(0);
}

const key = (it: ListItem) => `${it.view} ${it.order} ${it.id} ${it.k}`;

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

test("the migration fills the lists for requests written before them, once; the sweep lists what was flagged", async () => {
  const mdb = client.db(isolation("listmig").db);
  try {
    const col = mdb.collection("report_requests");
    const request = (i: number, flagged: boolean) => {
      const id = `reportRequests/old${i}`;
      const due = new Date(Date.UTC(2019, i, 10));
      return {
        _id: id,
        etag: newEtag(),
        owner: "partners/opcc-kent",
        addressees: ["partners/csp-dover"],
        assignments: [{ partner: "partners/csp-dover", state: i % 2 ? "SUBMITTED" : "ACCEPTED" }],
        dueTime: due,
        classification: "OFFICIAL",
        legalBasis: "VOLUNTARY",
        releasedToPanel: false,
        sortKey: `${due.toISOString()}|${id}`,
        createdKey: `${due.toISOString()}|${id}`,
        titleKey: `old ${i}|${id}`,
        ...(flagged ? LISTS_PENDING : {}),
      };
    };
    // Written before the lists existed: no flag.
    await col.insertMany([0, 1, 2, 3].map((i) => request(i, false)) as never);
    const lists = requestLists(mdb, log, 60_000);
    await lists.projection.open(mdb, "reports.request-lists-v1");
    await lists.projection.stop();
    expect(await lists.index.count("all", "due")).toBe(4);
    expect(await lists.index.count("p:partners/csp-dover|s:SUBMITTED", "due")).toBe(2);
    // Run once only: a document added without the flag is not picked up by a second start...
    await col.insertOne(request(4, false) as never);
    // ...but one written as the services write (flagged) is, by the sweep.
    await col.insertOne(request(5, true) as never);
    const again = requestLists(mdb, log, 60_000);
    await again.projection.open(mdb, "reports.request-lists-v1");
    await again.projection.stop();
    expect(await again.index.count("all", "due")).toBe(5);
    const page = await again.index.page({ view: "all", order: "due", size: 10 });
    expect(page.items.map((it) => it.id)).not.toContain("reportRequests/old4");
    expect(page.items.map((it) => it.id)).toContain("reportRequests/old5");
  } finally {
    await mdb.dropDatabase();
  }
});
