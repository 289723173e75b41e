import type { Project } from "./application";
import { apportion, outcomesOf, programmeSummary, type SummaryAward, withActuals } from "./summary";

const VAWG = "plans/mks/objectives/VAWG";
const ASB = "plans/mks/objectives/ASB";
const project = (title: string, pence: number[], objectives: string[]): Project => ({
  title,
  summary: "",
  countyWide: false,
  lines: pence.map((amountPence) => ({ description: "cost", amountPence })),
  measures: [{ title: `${title} reach`, unit: "COUNT", baseline: 10, target: 40 }],
  objectives,
  jsaPriorities: [],
});

describe("money shared between projects", () => {
  test("in proportion to what each asked, adding up to the penny", () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(3_600_000, [2_400_000, 1_600_000])).toEqual([2_160_000, 1_440_000]);
    const odd = apportion(3_966_101, [3, 7, 11]);
    expect(odd.reduce((a, b) => a + b, 0)).toBe(3_966_101);
    expect(apportion(500, [])).toEqual([]);
    expect(apportion(500, [0, 0])).toEqual([500, 0]);
  });
});

describe("a programme's money and outcomes", () => {
  const dover: SummaryAward = {
    _id: "awards/crg-dover",
    owner: "partners/csp-dover",
    ownerName: "Dover CSP",
    state: "CLOSED",
    amountPence: 2_000_000,
    tranches: [
      { number: 1, amountPence: 1_333_333, trigger: "ON_AGREEMENT", state: "PAID", proposedPence: 1_333_333 },
      { number: 2, amountPence: 666_667, trigger: "ON_MID_YEAR_RETURN", state: "DUE" },
    ],
    closeOut: {
      spentPence: 1_317_733,
      underspendPence: 15_600,
      repayment: "REPAID",
      repaidPence: 15_600,
      holdBack: true,
      closedBy: "people/opcc-staff-1",
      time: new Date("2028-05-01T10:00:00Z"),
    },
    outcomes: withActuals(
      outcomesOf([project("Street pastors", [1_500_000], [VAWG, ASB]), project("Taxi marshals", [1_000_000], [ASB])]),
      { spend: 13_177.33, "measure-1-1": 35 },
    ),
  };
  const maidstone: SummaryAward = {
    _id: "awards/crg-maidstone",
    owner: "partners/csp-maidstone",
    ownerName: "Maidstone CSP",
    state: "OFFERED",
    amountPence: 3_600_000,
    tranches: [{ number: 1, amountPence: 3_600_000, trigger: "ON_AGREEMENT", state: "SCHEDULED" }],
  };

  test("committed, paid, underspent and repaid against the budget, per recipient by name", () => {
    const s = programmeSummary(15_872_400, [VAWG], [dover, maidstone]);
    expect(s).toMatchObject({
      budgetPence: 15_872_400,
      committedPence: 5_600_000,
      paidPence: 1_333_333,
      underspendPence: 15_600,
      repaidPence: 15_600,
    });
    expect(s.recipients.map((r) => [r.partnerName, r.awardedPence, r.paidPence, r.holdBack])).toEqual([
      ["Dover CSP", 2_000_000, 1_333_333, true],
      ["Maidstone CSP", 3_600_000, 0, false],
    ]);
  });

  test("per objective: the awards and projects serving it, their share of the money, measures with actuals", () => {
    const s = programmeSummary(15_872_400, [VAWG, "plans/mks/objectives/DRUGS"], [dover, maidstone]);
    expect(s.objectives.map((o) => [o.objective, o.awards, o.projects, o.awardedPence])).toEqual([
      [VAWG, 1, 1, 1_200_000],
      ["plans/mks/objectives/DRUGS", 0, 0, 0],
      [ASB, 1, 2, 2_000_000],
    ]);
    expect(s.objectives[0]?.measures).toEqual([
      {
        partner: "partners/csp-dover",
        partnerName: "Dover CSP",
        project: "Street pastors",
        measure: { title: "Street pastors reach", unit: "COUNT", baseline: 10, target: 40, actual: 35 },
      },
    ]);
    expect(s.objectives[2]?.measures.map((m) => m.measure.actual)).toEqual([35, undefined]);
  });
});
