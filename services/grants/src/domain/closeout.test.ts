import { closeOut, poundsAnswerToPence, previousYear, repaymentRefusal } from "./closeout";

const at = new Date("2028-05-01T10:00:00Z");

describe("closing an award after its year-end return", () => {
  test("a year-end answer in pounds is whole pence; a negative or a fraction of a penny is not money", () => {
    expect([12000.5, 39505, 0.1 + 0.2, 0].map(poundsAnswerToPence)).toEqual([1_200_050, 3_950_500, 30, 0]);
    expect([-1, 1.005, Number.NaN, undefined].map(poundsAnswerToPence)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("an underspend is what was paid and not spent: the county CSP's £156 of £39,661 is repaid", () => {
    const c = closeOut(
      { paidPence: 3_966_100, spentPence: 3_950_500, year: "2027/28", underspends: {} },
      "people/x",
      at,
    );
    expect(c).toMatchObject({ underspendPence: 15_600, repayment: "REQUESTED", holdBack: false });
    expect(repaymentRefusal(c, 15_000)).toEqual({
      field: "amount_pence",
      message: "the repayment must be the underspend, £156.00",
    });
    expect(repaymentRefusal(c, 15_600)).toBeUndefined();
    expect(repaymentRefusal({ ...c, repayment: "REPAID" }, 15_600)?.message).toMatch(/already been recorded/);
  });

  test("spending all of it (or more) leaves nothing to repay; an overspend is never paid", () => {
    const c = closeOut({ paidPence: 100, spentPence: 150, year: "2027/28", underspends: {} }, "people/x", at);
    expect([c.underspendPence, c.repayment]).toEqual([0, "NONE"]);
    expect(repaymentRefusal(c, 0)?.message).toMatch(/no underspend/);
  });

  test("underspent the year before as well: flagged for hold-back", () => {
    const o = { paidPence: 1000, spentPence: 900, year: "2027/28" };
    expect(closeOut({ ...o, underspends: { "2026/27": 5 } }, "p", at).holdBack).toBe(true);
    expect(closeOut({ ...o, underspends: { "2025/26": 5 } }, "p", at).holdBack).toBe(false);
    expect(closeOut({ ...o, spentPence: 1000, underspends: { "2026/27": 5 } }, "p", at).holdBack).toBe(false);
    expect(previousYear("2030/31")).toBe("2029/30");
    expect(previousYear("2000/01")).toBe("1999/00");
  });
});
