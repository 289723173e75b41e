import { waitForDependency } from "./dependencies";
import { createLogger } from "./log";

const log = createLogger("test", "silent");

/** A clock that moves only when the helper sleeps, so the schedule is exact and instant. */
function fakeClock() {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += ms;
    },
  };
}

describe("waitForDependency", () => {
  test("retries a refused dependency with a growing wait until it answers", async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await waitForDependency(
      "Kafka",
      async () => {
        calls += 1;
        if (calls < 5) throw new Error("connect ECONNREFUSED 127.0.0.1:9096");
        return "connected";
      },
      log,
      { timeoutMs: 60_000, initialDelayMs: 250, maxDelayMs: 1_000, ...clock },
    );
    expect(result).toBe("connected");
    expect(calls).toBe(5);
    expect(clock.slept).toEqual([250, 500, 1_000, 1_000]);
  });

  test("gives up with the dependency's own error once the time is spent", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      waitForDependency(
        "the database",
        async () => {
          calls += 1;
          throw new Error("connect ECONNREFUSED 127.0.0.1:27017");
        },
        log,
        { timeoutMs: 2_000, initialDelayMs: 250, maxDelayMs: 5_000, ...clock },
      ),
    ).rejects.toThrow("ECONNREFUSED 127.0.0.1:27017");
    // 250 + 500 + 1000 = 1750 ms waited; the next wait (2000) would pass the limit.
    expect(clock.slept).toEqual([250, 500, 1_000]);
    expect(calls).toBe(4);
  });

  test("an answer at the first try costs no wait", async () => {
    const clock = fakeClock();
    await expect(waitForDependency("x", async () => 1, log, { timeoutMs: 1_000, ...clock })).resolves.toBe(1);
    expect(clock.slept).toEqual([]);
  });
});
