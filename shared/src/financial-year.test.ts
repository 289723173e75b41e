import { financialYearDates, financialYearProblem } from "./financial-year";

test("financial years run April to March and are written 2026/27", () => {
  expect(financialYearProblem("2026/27")).toBeUndefined();
  expect(financialYearProblem("2099/00")).toBeUndefined();
  expect(financialYearProblem("2026/28")).toMatch(/not one financial year/);
  expect(financialYearProblem("2026")).toBeDefined();
  expect(financialYearProblem("2026-27")).toBeDefined();
  expect(financialYearDates("2027/28")).toEqual({ start: "2027-04-01", end: "2028-03-31" });
});
