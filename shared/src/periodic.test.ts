import { createLogger } from "./log";
import { PeriodicTask } from "./periodic";

describe("PeriodicTask", () => {
  test("never overlaps a slow pass, and stop() waits for the pass in flight", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let finished = 0;
    const task = new PeriodicTask(
      "test scan",
      5,
      async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        finished++;
        return 0;
      },
      createLogger("test", "silent"),
    );
    task.start();
    // Until two passes have finished (however slow the machine), then stop while a third may be in flight.
    for (let i = 0; i < 300 && finished < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await task.stop();
    expect(maxInFlight).toBe(1);
    expect(finished).toBeGreaterThanOrEqual(2);
    expect(inFlight).toBe(0);
  });
});
