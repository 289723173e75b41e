import { DEFAULT_MIN_SCORERS, DEFAULT_RUBRIC } from "./assessment";
import { CONDITION_CODES } from "./conditions";
import {
  DEFAULT_TRANCHES,
  type ProgrammeTerms,
  programmeProblems,
  programmeTransition,
  sharesMakeOne,
  trancheAmounts,
} from "./programme";

const now = new Date("2027-01-10T12:00:00Z");
const allocation = (over: Partial<ProgrammeTerms> = {}): ProgrammeTerms => ({
  year: "2027/28",
  title: "Crime Reduction Grant 2027/28",
  description: "",
  kind: "ALLOCATION",
  budgetPence: 7_600_000,
  objectives: ["plans/mks/objectives/VAWG"],
  windowOpen: new Date("2027-01-01T00:00:00Z"),
  windowClose: new Date("2027-03-31T00:00:00Z"),
  allocations: [
    { partner: "partners/csp-maidstone", amountPence: 3_600_000 },
    { partner: "partners/kent-county-csp", amountPence: 4_000_000 },
  ],
  projectMaxPence: 0,
  countyWideMaxPence: 0,
  questions: [],
  conditions: CONDITION_CODES,
  tranches: DEFAULT_TRANCHES,
  rubric: DEFAULT_RUBRIC,
  minScorers: DEFAULT_MIN_SCORERS,
  ...over,
});
const fields = (t: ProgrammeTerms) => programmeProblems(t, now).map((p) => p.field);

describe("a programme's terms", () => {
  test("an allocation adding up to the budget, and an open round with limits, have no problems", () => {
    expect(fields(allocation())).toEqual([]);
    expect(
      fields(
        allocation({ kind: "OPEN_ROUND", allocations: [], projectMaxPence: 1_000_000, countyWideMaxPence: 2_000_000 }),
      ),
    ).toEqual([]);
  });

  test("allocations above the budget are refused, naming the field and the sums", () => {
    const t = allocation({ budgetPence: 7_599_999 });
    const problems = programmeProblems(t, now);
    expect(problems).toEqual([
      {
        field: "programme.allocations",
        description: "the allocations add up to £76,000.00 (7600000 pence), more than the budget of £75,999.99",
      },
    ]);
  });

  test("every problem in one round", () => {
    const t = allocation({
      budgetPence: 0,
      objectives: [],
      windowClose: new Date("2026-12-01T00:00:00Z"),
      allocations: [
        { partner: "partners/csp-a", amountPence: 0 },
        { partner: "partners/csp-a", amountPence: 5 },
      ],
      questions: [
        { code: "Bad Code", text: "?" },
        { code: "coi", text: " " },
      ],
      conditions: ["PURPOSE", "MADE-UP"],
      tranches: [{ numerator: 1, denominator: 2, trigger: "ON_AGREEMENT" }],
    });
    expect(fields(t)).toEqual([
      "programme.budget_pence",
      "programme.objectives",
      "programme.window_close_time",
      "programme.allocations[0].amount_pence",
      "programme.allocations[1].partner",
      "programme.questions[0].code",
      "programme.questions[1].text",
      "programme.conditions[1].code",
      "programme.tranches",
    ]);
  });

  test("an open round names no allocations and has sensible limits", () => {
    const t = allocation({ kind: "OPEN_ROUND", projectMaxPence: 0, countyWideMaxPence: 0 });
    expect(fields(t)).toEqual(["programme.allocations", "programme.project_max_pence"]);
    const limits = allocation({
      kind: "OPEN_ROUND",
      allocations: [],
      projectMaxPence: 2_000_000,
      countyWideMaxPence: 1_000_000,
    });
    expect(fields(limits)).toEqual(["programme.county_wide_max_pence"]);
  });

  test("the lifecycle: draft, open, closed", () => {
    expect(programmeTransition("DRAFT", "open")).toEqual({ ok: true, to: "OPEN" });
    expect(programmeTransition("OPEN", "close")).toEqual({ ok: true, to: "CLOSED" });
    expect(programmeTransition("OPEN", "open")).toEqual({ ok: false, message: "a open programme cannot be opened" });
    expect(programmeTransition("DRAFT", "close").ok).toBe(false);
    expect(programmeTransition("CLOSED", "open").ok).toBe(false);
  });
});

describe("tranches", () => {
  test("shares must make exactly one", () => {
    expect(sharesMakeOne(DEFAULT_TRANCHES)).toBe(true);
    expect(sharesMakeOne([{ numerator: 1, denominator: 2, trigger: "ON_AGREEMENT" }])).toBe(false);
    expect(
      sharesMakeOne([
        { numerator: 1, denominator: 4, trigger: "ON_AGREEMENT" },
        { numerator: 1, denominator: 3, trigger: "ON_MID_YEAR_RETURN" },
        { numerator: 5, denominator: 12, trigger: "ON_YEAR_END_RETURN" },
      ]),
    ).toBe(true);
  });

  test("every tranche but the last rounds down to the penny; the last takes the rest", () => {
    expect(trancheAmounts(3_966_100, DEFAULT_TRANCHES)).toEqual([2_644_066, 1_322_034]);
    for (let amount = 0; amount < 5_000; amount += 7) {
      const parts = trancheAmounts(amount, DEFAULT_TRANCHES);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
      expect((amount * 2) / 3 - (parts[0] ?? 0)).toBeLessThan(1);
    }
  });
});
