/**
 * kafkajs 2.2.4 (its last release) re-armed a timer every millisecond on every idle broker
 * connection, with a delay of `-1 - Date.now()`: Node 24 prints TimeoutNegativeWarning for it and
 * the loop costs CPU for nothing (kafkajs issues 1751 and 1704). And a send retried after a
 * partition's leader changed skipped that partition when its new leader had already answered for
 * another partition of the same send: its messages were never written, and the send succeeded
 * (found by test/reliability/kafka-replication.test.ts). `patches/kafkajs+2.2.4.patch`, applied by
 * `npm ci`, fixes both; these tests fail if the patch is missing.
 */
// kafkajs does not export its request queue; the test drives it directly.
const RequestQueue = require("kafkajs/src/network/requestQueue");

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  checkPendingRequests(): void;
  destroy(): void;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const newQueue = (): Queue =>
  new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, clientId: "t", broker: "b", logger: silent });

describe("kafkajs request queue (patched)", () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  beforeEach(() => {
    warnings.length = 0;
    process.on("warning", onWarning);
  });
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it("schedules nothing while nothing is pending, so no negative timeout and no busy loop", async () => {
    const q = newQueue();
    let checks = 0;
    const original = q.checkPendingRequests.bind(q);
    q.checkPendingRequests = () => {
      checks++;
      original();
    };
    q.checkPendingRequests();
    await new Promise((r) => setTimeout(r, 50));
    q.destroy();
    expect(q.throttleCheckTimeoutId).toBeNull();
    // Unpatched: dozens of checks in 50 ms and a TimeoutNegativeWarning.
    expect(checks).toBe(1);
    expect(warnings.filter((w) => w.name === "TimeoutNegativeWarning")).toEqual([]);
  });

  it("still checks again after a throttle when requests wait", () => {
    const q = newQueue();
    q.pending.push({});
    q.throttledUntil = Date.now() + 5_000;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    q.destroy();
  });
});

// kafkajs does not export its send path; the test drives it with a fake cluster of two brokers.
const createSendMessages = require("kafkajs/src/producer/sendMessages");
const createRetry = require("kafkajs/src/retry");
const { KafkaJSConnectionError } = require("kafkajs/src/errors");

describe("kafkajs send after a leader change (patched)", () => {
  it("sends a partition again to its new leader, even when that broker already answered for others", async () => {
    // Partition 0 is led by broker 1, partition 1 by broker 2, until broker 2 dies mid-send and
    // partition 1 moves to broker 1.
    let leaders: Record<string, number> = { "0": 1, "1": 2 };
    let broker2Alive = true;
    const written: { node: number; partition: number; values: string[] }[] = [];
    type TopicData = { topic: string; partitions: { partition: number; messages: { value: string }[] }[] }[];
    const broker = (nodeId: number) => ({
      nodeId,
      async produce({ topicData }: { topicData: TopicData }) {
        if (nodeId === 2 && broker2Alive) {
          broker2Alive = false;
          leaders = { "0": 1, "1": 1 };
          throw new KafkaJSConnectionError("Connection error: connect ECONNREFUSED");
        }
        for (const t of topicData)
          for (const p of t.partitions)
            written.push({ node: nodeId, partition: Number(p.partition), values: p.messages.map((m) => m.value) });
        return {
          topics: topicData.map((t) => ({
            topicName: t.topic,
            partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: "0" })),
          })),
        };
      },
    });
    const brokers: Record<number, ReturnType<typeof broker>> = { 1: broker(1), 2: broker(2) };
    const cluster = {
      targetTopics: new Set<string>(),
      isConnected: () => true,
      refreshMetadata: async () => undefined,
      refreshMetadataIfNecessary: async () => undefined,
      addMultipleTargetTopics: async () => undefined,
      removeBroker: () => undefined,
      findTopicPartitionMetadata: () => [0, 1].map((partitionId) => ({ partitionId, leader: leaders[partitionId] })),
      findLeaderForPartitions: (_topic: string, partitions: string[]) => {
        const byLeader: Record<string, string[]> = {};
        for (const p of partitions) {
          const leader = String(leaders[p]);
          byLeader[leader] = [...(byLeader[leader] ?? []), p];
        }
        return byLeader;
      },
      findBroker: async ({ nodeId }: { nodeId: string }) => brokers[Number(nodeId)],
    };
    const eosManager = {
      isTransactional: () => false,
      isIdempotent: () => true,
      getSequence: () => 0,
      updateSequence: () => undefined,
      acquireBrokerLock: async () => undefined,
      releaseBrokerLock: async () => undefined,
      getProducerId: () => 1,
      getProducerEpoch: () => 0,
    };
    const send = createSendMessages({
      logger: silent,
      cluster,
      partitioner: ({ message }: { message: { key: string } }) => Number(message.key),
      eosManager,
      retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
    });
    await send({
      acks: -1,
      timeout: 1000,
      topicMessages: [
        {
          topic: "t",
          messages: [
            { key: "0", value: "a" },
            { key: "1", value: "b" },
          ],
        },
      ],
    });
    // Unpatched, broker 1 had "answered" and the retry sent nothing: "b" was never written.
    expect(written.flatMap((w) => w.values).sort()).toEqual(["a", "b"]);
    expect(written.find((w) => w.partition === 1)).toEqual({ node: 1, partition: 1, values: ["b"] });
  });
});
