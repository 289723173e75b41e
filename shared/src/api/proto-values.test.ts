import { toTimestamp } from "./proto-values";

describe("toTimestamp", () => {
  test("splits a time into whole seconds and nanos", () => {
    expect(toTimestamp(new Date("2027-07-01T16:00:00.250Z"))).toEqual({ seconds: "1814457600", nanos: 250_000_000 });
  });

  test("before 1970, nanos stay in [0, 1e9) and the seconds are floored (-0.5 s is -1 s + 500 ms)", () => {
    expect(toTimestamp(new Date("1969-12-31T23:59:59.500Z"))).toEqual({ seconds: "-1", nanos: 500_000_000 });
    expect(toTimestamp(new Date(-1000))).toEqual({ seconds: "-1", nanos: 0 });
  });
});
