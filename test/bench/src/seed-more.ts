/**
 * Fills meetings, actions, assessment cycles and audit records straight into their databases for
 * the scale measurement, by copying documents the services themselves wrote (so every field is as
 * they write it) under new names, times and keys. Audit records continue the hash chain, so the
 * ledger still verifies. The list read models are rebuilt afterwards by the caller.
 */
import { randomBytes } from "node:crypto";
import { createLogger } from "@csp-mesh/kit";
import type { Collection, Db, Document, MongoClient } from "mongodb";
import { cycleLists } from "../../../services/assessments/dist/store/lists";
import { contentHash, linkHash, payloadHash } from "../../../services/audit/dist/domain/chain";
import { Ledger } from "../../../services/audit/dist/store/ledger";
import { meetingLists } from "../../../services/meetings/dist/store/lists";

const YEAR_MS = 365 * 86_400_000;
const BATCH = 1000;
const STATES = ["CONVENED", "HELD", "MINUTES_APPROVED", "CANCELLED"];
const STATUSES = ["OPEN", "DONE", "DROPPED"];
const TYPES = ["report.submitted", "report.requested", "meeting.convened", "action.updated", "partner.updated"];

const tag = () => randomBytes(3).toString("hex");
/** A decade up to a month ago, evenly: the i-th of n. */
const across = (i: number, n: number) =>
  new Date(Date.now() - 10 * YEAR_MS + (i / n) * (10 * YEAR_MS - 30 * 86_400_000));

async function insertAll(col: Collection<Document>, n: number, make: (i: number) => Document): Promise<void> {
  for (let start = 0; start < n; start += BATCH) {
    const docs: Document[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) docs.push(make(i));
    await col.insertMany(docs, { ordered: false });
  }
}

async function template(col: Collection<Document>, what: string): Promise<Document> {
  const t = await col.findOne({});
  if (!t) throw new Error(`no ${what} to copy: run the demonstration seed first`);
  const { _outbox, _outboxPending, _listsPending, ...rest } = t;
  return { ...rest, _outbox: [] };
}

export async function seedMeetings(db: Db, n: number, partners: string[]): Promise<string[]> {
  const col = db.collection("meetings");
  const t = await template(col, "meeting");
  const names: string[] = [];
  await insertAll(col, n, (i) => {
    const _id = `meetings/seed-${i.toString(36)}-${tag()}`;
    names.push(_id);
    const start = across(i, n);
    return {
      ...t,
      _id,
      owner: t.owner,
      addressees: partners.slice(0, 3 + (i % 5)),
      state: STATES[i % STATES.length],
      // Past meetings: nothing left for the no-response scan.
      responsesOpen: false,
      start,
      end: new Date(start.getTime() + 2 * 3600_000),
      sortKey: `${start.toISOString()}|${_id}`,
      requestId: `seed:${_id}`,
      etag: tag(),
    };
  });
  return names;
}

export async function seedActions(db: Db, n: number, meetings: string[], partners: string[]): Promise<void> {
  const col = db.collection("actions");
  const t = await template(col, "action");
  await insertAll(col, n, (i) => {
    const _id = `actions/seed-${i.toString(36)}-${tag()}`;
    const due = across(i, n);
    return {
      ...t,
      _id,
      meeting: meetings[i % meetings.length],
      owner: partners[i % partners.length],
      status: STATUSES[i % STATUSES.length],
      due,
      // Their overdue reminders are history: the scan leaves them alone, as it does old actions.
      overdueOpen: false,
      sortKey: `${due.toISOString()}|${_id}`,
      requestId: `seed:${_id}`,
      etag: tag(),
    };
  });
}

export async function seedCycles(db: Db, n: number): Promise<void> {
  const col = db.collection("cycles");
  const t = await template(col, "assessment cycle");
  await insertAll(col, n, (i) => {
    const _id = `assessments/seed-${i.toString(36)}-${tag()}`;
    const created = across(i, n);
    return {
      ...t,
      _id,
      createTime: created,
      sortKey: `${String(8_640_000_000_000_000 - created.getTime()).padStart(16, "0")}|${_id}`,
      requestId: `seed:${_id}`,
      etag: tag(),
    };
  });
}

/** Appends `n` records after the ledger's head, chained as the audit service chains them. */
export async function seedAuditRecords(db: Db, n: number): Promise<void> {
  const col = db.collection<Document>("audit_ledger");
  const head = await col.find({}).sort({ _id: -1 }).limit(1).next();
  if (!head) throw new Error("no audit record to follow: the mesh has recorded nothing yet");
  let prev = String(head.hash);
  let seq = Number(head._id);
  await insertAll(col, n, (i) => {
    seq += 1;
    const time = across(i, n).toISOString();
    const payloadJson = JSON.stringify({ seeded: i });
    const content = {
      seq,
      eventId: `seed-${i.toString(36)}-${tag()}`,
      type: TYPES[i % TYPES.length] as string,
      source: "/csp-mesh/bench",
      subject: `reportRequests/seed-${i % 20_000}`,
      classification: "OFFICIAL",
      eventTime: time,
      recordTime: time,
      correlationId: "",
      payloadJson,
    };
    const hash = linkHash(prev, contentHash(content));
    const { seq: _seq, ...fields } = content;
    const doc = {
      ...fields,
      _id: seq,
      eventTime: new Date(time),
      recordTime: new Date(time),
      payloadSha256: payloadHash(payloadJson),
      prevHash: prev,
      hash,
      owner: head.owner,
      partners: [],
    };
    prev = hash;
    return doc;
  });
  // Where the service's next append starts, as it records it: without this the audit service walked
  // the 200,000 records one lookup at a time (it reads positions after the recorded head until one
  // is missing), and that walk was most of the machine while the large point's pages were timed.
  await db
    .collection<{ _id: string; seq: number; hash: string }>("audit_ledger_head")
    .updateOne({ _id: "head", seq: { $lt: seq } }, { $set: { seq, hash: prev } }, { upsert: true })
    .catch((err: { code?: number }) => {
      if (err.code !== 11000) throw err; // already at this position or beyond
    });
}

/** About a hundred of each for the small point; the national decade for the large one (added). */
export const SMALL_KINDS = { meetings: 100, actions: 100, cycles: 100, auditRecords: 100 };
export const LARGE_KINDS = { meetings: 5_000, actions: 20_000, cycles: 100, auditRecords: 200_000 };

/** Seeds the other kinds straight into their databases and rebuilds their lists; gives the seconds each took. */
export async function seedOtherKinds(
  mongo: MongoClient,
  prefix: string,
  n: typeof SMALL_KINDS,
  partners: string[],
  log: (m: string) => void,
) {
  const db = (s: string) => mongo.db(`${prefix}${s}`);
  const quiet = createLogger("bench", "warn");
  const t0 = Date.now();
  const meetings = await seedMeetings(db("meetings"), n.meetings, partners);
  await seedActions(db("meetings"), n.actions, meetings, partners);
  const lists = meetingLists(db("meetings"), quiet, 60_000);
  await lists.meetings.projection.rebuild();
  await lists.actions.projection.rebuild();
  const t1 = Date.now();
  await seedCycles(db("assessments"), n.cycles);
  await cycleLists(db("assessments"), quiet, 60_000).projection.rebuild();
  const t2 = Date.now();
  await seedAuditRecords(db("audit"), n.auditRecords);
  await new Ledger(db("audit")).rebuildLists();
  const t3 = Date.now();
  const s = (ms: number) => Math.round(ms / 100) / 10;
  log(`seeded ${JSON.stringify(n)} in ${s(t3 - t0)} s`);
  return { ...n, meetingsAndActionsSeconds: s(t1 - t0), cyclesSeconds: s(t2 - t1), auditSeconds: s(t3 - t2) };
}
