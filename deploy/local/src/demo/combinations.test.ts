import { nextAprilFirst } from "./combinations";

test("a combined partnership would start on the next first of April, London time", () => {
  expect(nextAprilFirst(new Date("2026-12-03T12:00:00Z"))).toBe("2027-04-01");
  expect(nextAprilFirst(new Date("2027-03-31T22:30:00Z"))).toBe("2027-04-01"); // 23:30 on 31 March in London
  expect(nextAprilFirst(new Date("2027-03-31T23:30:00Z"))).toBe("2028-04-01"); // already 1 April in London
});
