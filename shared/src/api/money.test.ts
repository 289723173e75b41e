import { formatPounds, MAX_PENCE, parsePounds, penceField, penceJson } from "./money";

describe("money in whole pence", () => {
  test("an int64 from gRPC: 1 to 12 digits, nothing else", () => {
    expect(penceField.parse("3600000")).toBe(3_600_000);
    expect(penceField.parse("0")).toBe(0);
    expect(penceField.parse("999999999999")).toBe(MAX_PENCE);
    // 13 digits, what 1e308 and a negative number arrive as, fractions and signs.
    for (const bad of ["1000000000000", "9223372036854775807", "-1", "-9223372036854775808", "1.5", "1e3", "", " 1"])
      expect([bad, penceField.safeParse(bad).success]).toEqual([bad, false]);
    for (const bad of [-1, 10.5, 1e13, 1e308, Number.NaN])
      expect([bad, penceField.safeParse(bad).success]).toEqual([bad, false]);
  });

  test("a JSON body's integer pence", () => {
    expect(penceJson.parse(3966100)).toBe(3966100);
    for (const bad of [-1, 10.5, 1e13, 1e308]) expect(penceJson.safeParse(bad).success).toBe(false);
  });

  test("pounds as typed: separators only in thousands, pence as two digits", () => {
    expect(parsePounds("£1,234.56")).toBe(123_456);
    expect(parsePounds("1234.56")).toBe(123_456);
    expect(parsePounds("36000")).toBe(3_600_000);
    expect(parsePounds(" £39,661.00 ")).toBe(3_966_100);
    expect(parsePounds("£9,999,999,999.99")).toBe(MAX_PENCE);
    for (const bad of ["£1,0.00", "1.5", "1.555", "-3", "£ 5", "1,23", "£10,000,000,000.00", "1e3", "", "£"])
      expect([bad, parsePounds(bad)]).toEqual([bad, undefined]);
  });

  test("formatting uses integers: the pence are exact", () => {
    expect(formatPounds(3_966_100)).toBe("£39,661.00");
    expect(formatPounds(15_600)).toBe("£156.00");
    expect(formatPounds(5)).toBe("£0.05");
    expect(formatPounds(MAX_PENCE)).toBe("£9,999,999,999.99");
    for (let p = 0; p < 100_000; p += 997) expect(parsePounds(formatPounds(p))).toBe(p);
  });
});

test("a JSON amount that is wrong in several ways gets one message", () => {
  for (const bad of [1e308, -1.5, 1e13 + 0.5]) {
    const r = penceJson.safeParse(bad);
    expect([bad, r.success ? [] : r.error.issues.map((i) => i.message)]).toEqual([
      bad,
      ["must be a whole number of pence from 0 to 999999999999"],
    ]);
  }
});
