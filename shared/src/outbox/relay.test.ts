import type { Db } from "mongodb";
import type { DomainEvent } from "../events/domain-event";
import type { EventPublisher } from "../events/publisher";
import type { Logger } from "../log";
import { createMetrics, type Metrics } from "../metrics";
import { OutboxRelay, type RelayOptions } from "./relay";

/** Just enough of a database for the relay: outbox documents by collection, and who asked for them. */
function fakeDb() {
  const docs = new Map<
    string,
    { _id: string; _outbox: { id: string; stagedAt: Date }[]; _outboxPending?: boolean }[]
  >();
  const reads: string[] = [];
  const counts: string[] = [];
  const hooks: { onEmptyRead: (name: string) => void } = { onEmptyRead: () => undefined };
  const collection = (name: string) => ({
    createIndex: async () => "ok",
    countDocuments: async () => {
      counts.push(name);
      return (docs.get(name) ?? []).filter((d) => d._outboxPending).length;
    },
    find: () => ({
      toArray: async () => {
        reads.push(name);
        const pending = (docs.get(name) ?? []).filter((d) => d._outboxPending);
        if (pending.length === 0) hooks.onEmptyRead(name);
        return pending;
      },
    }),
    updateOne: async (filter: { _id: string }) => {
      const doc = (docs.get(name) ?? []).find((d) => d._id === filter._id);
      if (doc) {
        doc._outbox = [];
        delete doc._outboxPending;
      }
      return { matchedCount: 1, upsertedCount: 0 };
    },
  });
  const stage = (name: string, id: string) => {
    const list = docs.get(name) ?? [];
    docs.set(name, list);
    list.push({ _id: id, _outbox: [{ id: `e-${id}`, stagedAt: new Date() }], _outboxPending: true });
  };
  return { db: { collection } as unknown as Db, reads, counts, stage, hooks };
}

const metrics = {
  outboxLagSeconds: { observe: () => undefined },
  outboxPublishFailures: { inc: () => undefined },
  outboxPending: { set: () => undefined },
  outboxSamplers: new Set(),
} as unknown as Metrics;
const log = { warn: () => undefined } as unknown as Logger;
const settle = () => new Promise((r) => setTimeout(r, 20));
/** A relay over the fake database, sending through a stand-in publisher. */
const relayOver = (
  db: Db,
  publisher: { publish: (events: DomainEvent[]) => Promise<void> },
  opts: RelayOptions,
  m: Metrics = metrics,
) => new OutboxRelay(db, publisher as unknown as EventPublisher, opts, m, log);

describe("OutboxRelay", () => {
  let relay: OutboxRelay | undefined;
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  it("visits only the collection a write nudged; the poll visits them all", async () => {
    const { db, reads } = fakeDb();
    const published: string[] = [];
    const publisher = { publish: async (e: DomainEvent[]) => void published.push(...e.map((x) => x.id)) };
    relay = relayOver(db, publisher, { collections: ["a", "b"], pollMs: 60_000 });
    await relay.start();
    await settle();
    expect(reads).toEqual(["a", "b"]); // the first pass
    relay.nudge("a");
    await settle();
    expect(reads).toEqual(["a", "b", "a"]);
    relay.nudge("not-an-outbox");
    await settle();
    expect(reads).toEqual(["a", "b", "a"]);
  });

  it("publishes at once what a write staged while a pass was under way (a nudge with no sleep to cut short), not at the next poll", async () => {
    const { db, stage, hooks } = fakeDb();
    const published: string[] = [];
    const publisher = { publish: async (events: DomainEvent[]) => void published.push(...events.map((e) => e.id)) };
    relay = relayOver(db, publisher, { collections: ["a"], pollMs: 60_000 });
    // A write lands just after a pass found nothing to send, before the relay sleeps.
    hooks.onEmptyRead = () => {
      hooks.onEmptyRead = () => undefined;
      stage("a", "written");
      relay?.nudge("a");
    };
    await relay.start();
    await settle();
    expect(published).toEqual(["e-written"]);
  });

  it("counts the pending aggregates when the metrics are scraped, and not between scrapes", async () => {
    const { db, counts, stage } = fakeDb();
    const failing = { publish: async () => Promise.reject(new Error("broker down")) };
    const scraped = createMetrics("test");
    relay = relayOver(db, failing, { collections: ["a", "b"], pollMs: 60_000 }, scraped);
    stage("a", "one");
    stage("a", "two");
    await relay.start();
    await settle();
    expect(counts).toEqual([]);
    const text = await scraped.registry.metrics();
    expect(counts.sort()).toEqual(["a", "b"]);
    expect(text).toContain('outbox_pending_aggregates{collection="a",service="test"} 2');
    expect(text).toContain('outbox_pending_aggregates{collection="b",service="test"} 0');
    await relay.stop();
    relay = undefined;
    await scraped.registry.metrics();
    expect(counts).toHaveLength(2); // a stopped relay is no longer asked
  });

  it("polls less often while polls find nothing, and at the short interval again once one finds an event", async () => {
    const { db, reads, stage } = fakeDb();
    const published: string[] = [];
    const publisher = { publish: async (e: DomainEvent[]) => void published.push(...e.map((x) => x.id)) };
    relay = relayOver(db, publisher, { collections: ["a"], pollMs: 20, idlePollMs: 320, leaseMs: 60_000 });
    await relay.start();
    // Polls at 0, 20, 60, 140, 300 and 620 ms or later: five or six, where every 20 ms would be 35.
    await new Promise((r) => setTimeout(r, 700));
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads.length).toBeLessThanOrEqual(8);
    // Another replica's write (no nudge here) is found by the next poll, at most idlePollMs away...
    stage("a", "elsewhere");
    for (let i = 0; i < 100 && published.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(published).toEqual(["e-elsewhere"]);
    // ...after which the poll is back to every 20 ms, then slows again.
    const before = reads.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(reads.length - before).toBeGreaterThanOrEqual(2);
  });
});
