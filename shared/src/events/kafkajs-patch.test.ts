/**
 * kafkajs 2.2.4 (its last release) re-armed a timer every millisecond on every idle broker
 * connection, with a delay of `-1 - Date.now()`: Node 24 prints TimeoutNegativeWarning for it and
 * the loop costs CPU for nothing (kafkajs issues 1751 and 1704). `patches/kafkajs+2.2.4.patch`,
 * applied by `npm ci`, fixes it; these tests fail if the patch is missing.
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
