import { nextAttemptDelay } from "./retry";

describe("nextAttemptDelay", () => {
  test("doubles with each attempt, within [half, whole] of the step, capped at an hour", () => {
    expect([1, 2, 3, 4].map((n) => nextAttemptDelay(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => nextAttemptDelay(n, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(nextAttemptDelay(40, 1000, () => 1)).toBe(3_600_000);
  });
});
