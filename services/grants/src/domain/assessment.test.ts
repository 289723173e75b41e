import {
  countingScorings,
  DEFAULT_RUBRIC,
  decideRefusal,
  decisionProblems,
  type Interest,
  maxTotal,
  meanTotal,
  rubricProblems,
  type Scoring,
  scoreProblems,
  scoreRefusal,
  weightedTotal,
} from "./assessment";
import { commit, committedPence } from "./ledger";

const interest = (scorer: string, conflict: boolean): Interest => ({
  scorer,
  scorerName: scorer,
  conflict,
  details: conflict ? "Sits on the partnership's board" : "",
  time: new Date(0),
});
const scoring = (scorer: string, version: number, total = 30): Scoring => ({
  scorer,
  scorerName: scorer,
  version,
  scores: [],
  weightedTotal: total,
  maxTotal: 50,
  comment: "",
  time: new Date(0),
});
const all = (score: number) => DEFAULT_RUBRIC.map((c) => ({ code: c.code, score }));

describe("the rubric and scores", () => {
  test("the default rubric is valid; totals are weighted, at most five times the weights", () => {
    expect(rubricProblems(DEFAULT_RUBRIC, 2)).toEqual([]);
    expect(maxTotal(DEFAULT_RUBRIC)).toBe(50);
    expect(weightedTotal(all(5), DEFAULT_RUBRIC)).toBe(50);
    expect(weightedTotal(all(3), DEFAULT_RUBRIC)).toBe(30);
  });

  test("a bad rubric names each field", () => {
    const bad = [
      { code: "fit", title: "x", weight: 1 },
      { code: "NEED", title: "", weight: 0 },
      { code: "NEED", title: "again", weight: 11 },
    ];
    expect(rubricProblems(bad, 0).map((p) => p.field)).toEqual([
      "programme.rubric[0].code",
      "programme.rubric[1].title",
      "programme.rubric[1].weight",
      "programme.rubric[2].code",
      "programme.rubric[2].weight",
      "programme.min_scorers",
    ]);
  });

  test("every criterion once, each a whole number from 0 to 5", () => {
    expect(scoreProblems(all(4), DEFAULT_RUBRIC)).toEqual([]);
    const scores = [
      { code: "STRATEGIC-FIT", score: 6 },
      { code: "NEED", score: 2.5 },
      { code: "NEED", score: 1 },
      { code: "LUCK", score: 3 },
    ];
    expect(scoreProblems(scores, DEFAULT_RUBRIC)).toEqual([
      { field: "scores[0].score", description: "a whole number from 0 to 5" },
      { field: "scores[1].score", description: "a whole number from 0 to 5" },
      { field: "scores[2].code", description: "NEED is scored twice" },
      { field: "scores[3].code", description: "the rubric has no criterion LUCK" },
      { field: "scores", description: "score every criterion: OUTCOMES, VALUE, DELIVERY missing" },
    ]);
  });

  test("the mean counts only the version asked for, rounded down", () => {
    expect(meanTotal([scoring("a", 2, 31), scoring("b", 2, 30), scoring("c", 1, 10)], 2)).toBe(30);
    expect(meanTotal([], 2)).toBe(0);
  });
});

describe("who may score and decide", () => {
  const accepted = {
    accepted: true,
    latestVersion: 2,
    decided: false,
    interests: [interest("people/a", false)],
    scorings: [],
  };

  test("declare first; never when conflicted; only the accepted version, before the decision", () => {
    expect(scoreRefusal(accepted, "people/a", 2)).toBeUndefined();
    expect(scoreRefusal(accepted, "people/b", 2)).toEqual({
      code: "FAILED_PRECONDITION",
      message: "declare any conflict of interest before scoring",
    });
    expect(scoreRefusal({ ...accepted, interests: [interest("people/a", true)] }, "people/a", 2)).toEqual({
      code: "PERMISSION_DENIED",
      message: "you declared a conflict of interest in this application",
    });
    expect(scoreRefusal(accepted, "people/a", 1)?.message).toBe("version 1 is not the accepted one; version 2 is");
    expect(scoreRefusal({ ...accepted, accepted: false }, "people/a", 2)?.code).toBe("FAILED_PRECONDITION");
    expect(scoreRefusal({ ...accepted, decided: true }, "people/a", 2)?.code).toBe("FAILED_PRECONDITION");
  });

  test("a decision needs the minimum of scorings of the accepted version by scorers without a conflict", () => {
    const interests = [interest("people/a", false), interest("people/b", false), interest("people/c", true)];
    const scorings = [scoring("people/a", 2), scoring("people/b", 1), scoring("people/c", 2)];
    expect(countingScorings(scorings, interests, 2).map((s) => s.scorer)).toEqual(["people/a"]);
    const facts = { ...accepted, interests, scorings };
    expect(decideRefusal(facts, "people/a", 2)).toEqual({
      code: "FAILED_PRECONDITION",
      message: "2 scorers must score it first; 1 has",
    });
    expect(decideRefusal({ ...facts, scorings: [...scorings, scoring("people/b", 2)] }, "people/a", 2)).toBeUndefined();
    expect(decideRefusal(facts, "people/c", 1)?.code).toBe("PERMISSION_DENIED");
    expect(decideRefusal({ ...facts, decided: true }, "people/a", 1)?.message).toBe(
      "the application has already been decided",
    );
  });

  test("an award of more than nothing, up to what is asked and allocated, with reasons", () => {
    const limits = { requestedPence: 2_400_000, allocationPence: 3_600_000 };
    const ok = { decision: "AWARD" as const, amountPence: 2_000_000, reasons: "Strong case, costs trimmed" };
    expect(decisionProblems(ok, limits)).toEqual([]);
    expect(decisionProblems({ ...ok, amountPence: 2_400_001 }, limits)).toEqual([
      { field: "amount_pence", description: "no more than the business case asks for, £24,000.00" },
    ]);
    expect(
      decisionProblems({ ...ok, amountPence: 2_000_000 }, { requestedPence: 2_400_000, allocationPence: 1_000_000 }),
    ).toEqual([{ field: "amount_pence", description: "no more than the partnership's allocation, £10,000.00" }]);
    expect(decisionProblems({ decision: undefined, amountPence: 0, reasons: "" }, limits).map((p) => p.field)).toEqual([
      "decision",
      "reasons",
    ]);
    expect(decisionProblems({ ...ok, decision: "DECLINE" }, limits).map((p) => p.field)).toEqual(["amount_pence"]);
  });
});

describe("the ledger", () => {
  const c = (n: number, pence = 100) => ({ award: `awards/p-${n}`, recipient: `partners/x-${n}`, amountPence: pence });

  test("commits while there is room, never past the budget; a retry of the same award changes nothing", () => {
    let commitments = [c(1), c(2)];
    const third = commit(300, commitments, c(3));
    expect(third).toMatchObject({ ok: true, changed: true });
    if (third.ok) commitments = third.commitments;
    expect(committedPence(commitments)).toBe(300);
    expect(commit(300, commitments, c(4, 1))).toEqual({
      ok: false,
      message: "only £0.00 of the budget of £3.00 is left",
    });
    expect(commit(300, commitments, c(3))).toMatchObject({ ok: true, changed: false });
    expect(commit(300, commitments, c(3, 50)).ok).toBe(false);
  });
});
