import type { PaymentTranche } from "./award";
import { vary } from "./ledger";
import {
  answered,
  answerRefusal,
  applyVariation,
  proposeRefusal,
  type Variation,
  type Varied,
  variationViolations,
} from "./variation";

const tranches: PaymentTranche[] = [
  { number: 1, amountPence: 2_644_066, trigger: "ON_AGREEMENT", state: "PAID", proposedPence: 2_644_066 },
  { number: 2, amountPence: 1_322_034, trigger: "ON_MID_YEAR_RETURN", state: "SCHEDULED" },
];
const award: Varied = {
  state: "ACTIVE",
  amountPence: 3_966_100,
  purposes: ["Street pastors"],
  conditions: ["PURPOSE", "UNSPENT-RETURNED"],
  tranches,
};
const proposal = (over: Partial<Variation> = {}): Variation => ({
  number: 1,
  changes: { amountPence: 4_000_000, tranches: [{ number: 2, amountPence: 1_355_934 }] },
  reasons: "A second evening of patrols",
  side: "FUNDER",
  proposedBy: "people/opcc-staff-1",
  proposedByName: "Priya Shah",
  proposeTime: new Date("2027-09-01T09:00:00Z"),
  termsSha256: "abc",
  previousAmountPence: 3_966_100,
  state: "PROPOSED",
  ...over,
});
const fields = (changes: Parameters<typeof variationViolations>[1], reasons = "A second evening of patrols") =>
  variationViolations(award, changes, reasons).map((v) => v.field);

describe("proposing a variation", () => {
  test("only of an agreement in force, one at a time", () => {
    expect(proposeRefusal(award)).toBeUndefined();
    expect(proposeRefusal({ ...award, state: "OFFERED" })?.message).toContain("only an agreement in force");
    expect(proposeRefusal({ ...award, state: "CLOSED" })?.code).toBe("FAILED_PRECONDITION");
    expect(proposeRefusal({ ...award, variations: [proposal()] })?.message).toContain("variation 1 is still awaiting");
    expect(proposeRefusal({ ...award, variations: [proposal({ state: "DECLINED" })] })).toBeUndefined();
  });

  test("a new amount comes with tranches that add up to it; a paid tranche keeps its amount", () => {
    expect(fields({ amountPence: 4_000_000, tranches: [{ number: 2, amountPence: 1_355_934 }] })).toEqual([]);
    expect(fields({ amountPence: 4_000_000 })).toEqual(["changes.tranches"]);
    expect(variationViolations(award, { amountPence: 4_000_000 }, "A second evening")[0]?.description).toBe(
      "the tranches add up to £39,661.00; give their amounts so they add up to £40,000.00",
    );
    expect(fields({ amountPence: 4_000_000, tranches: [{ number: 1, amountPence: 2_677_966 }] })).toEqual([
      "changes.tranches[0].amount_pence",
    ]);
    expect(fields({ tranches: [{ number: 2, amountPence: 1 }] })).toEqual(["changes.tranches"]);
    expect(fields({ tranches: [{ number: 3, amountPence: 1 }] })).toContain("changes.tranches[0].number");
  });

  test("every problem at once: nothing changed, a blank purpose, an unknown condition, no reasons", () => {
    expect(fields({}, "")).toEqual(["changes", "reasons"]);
    expect(fields({ amountPence: 0, purposes: [" "], conditions: ["PURPOSE", "GOLD", "PURPOSE"] }, "short")).toEqual([
      "changes.amount_pence",
      "changes.purposes[0]",
      "changes.conditions[1]",
      "changes.conditions",
      "reasons",
    ]);
  });

  test("applied, it changes only what it names", () => {
    const v = applyVariation(award, { purposes: ["Street pastors", "Taxi marshals"] });
    expect(v.purposes).toEqual(["Street pastors", "Taxi marshals"]);
    expect(v.amountPence).toBe(3_966_100);
    expect(v.conditions).toEqual(award.conditions);
    const more = applyVariation(award, { amountPence: 4_000_000, tranches: [{ number: 2, amountPence: 1_355_934 }] });
    expect(more.tranches.map((t) => t.amountPence)).toEqual([2_644_066, 1_355_934]);
    expect(more.tranches[0]?.state).toBe("PAID");
  });
});

describe("answering a variation", () => {
  const pending = { ...award, variations: [proposal()] };
  const agree = { kind: "agree" as const, termsSha256: "abc" };

  test("the other side agrees to exactly the terms read; the proposer cannot agree its own", () => {
    expect(answerRefusal(pending, 1, "RECIPIENT", agree)).toBeUndefined();
    expect(answerRefusal(pending, 1, "FUNDER", agree)).toMatchObject({ code: "PERMISSION_DENIED" });
    expect(answerRefusal(pending, 1, "RECIPIENT", { kind: "agree", termsSha256: "abd" })).toMatchObject({
      code: "FAILED_PRECONDITION",
    });
    expect(answerRefusal(pending, 2, "RECIPIENT", agree)?.message).toBe("the award has no variation 2");
  });

  test("a settled variation is never answered again", () => {
    const done = { ...award, variations: [proposal({ state: "AGREED" })] };
    expect(answerRefusal(done, 1, "RECIPIENT", agree)?.message).toBe("variation 1 is agreed");
  });

  test("declined by the other side, withdrawn by the proposer, with reasons", () => {
    const who = { subject: "people/maidstone-chair", name: "Chair" };
    const at = new Date("2027-09-02T09:00:00Z");
    expect(answerRefusal(pending, 1, "RECIPIENT", { kind: "decline", reasons: "no" })).toMatchObject({
      field: "reasons",
    });
    const declined = answered(
      pending.variations,
      1,
      "RECIPIENT",
      { kind: "decline", reasons: "We cannot staff it" },
      who,
      at,
    );
    expect(declined[0]).toMatchObject({
      state: "DECLINED",
      responseReasons: "We cannot staff it",
      respondedBy: who.subject,
    });
    const withdrawn = answered(
      pending.variations,
      1,
      "FUNDER",
      { kind: "decline", reasons: "Proposed in error" },
      who,
      at,
    );
    expect(withdrawn[0]?.state).toBe("WITHDRAWN");
    expect(answered(pending.variations, 1, "RECIPIENT", agree, who, at)[0]?.state).toBe("AGREED");
  });
});

describe("the ledger follows a varied amount", () => {
  const commitments = [
    { award: "awards/a", recipient: "partners/a", amountPence: 600 },
    { award: "awards/b", recipient: "partners/b", amountPence: 300 },
  ];

  test("an increase within what is left of the budget; more is refused", () => {
    const up = vary(1_000, commitments, "awards/a", 700, 1);
    expect(up).toMatchObject({ ok: true, changed: true });
    if (up.ok) expect(up.commitments[0]).toMatchObject({ amountPence: 700, variation: 1 });
    expect(vary(1_000, commitments, "awards/a", 701, 1)).toMatchObject({
      ok: false,
      message: "only £7.00 of the budget of £10.00 is left for this award",
    });
  });

  test("a retry changes nothing; a decrease always fits; an award never committed is refused", () => {
    const once = vary(1_000, commitments, "awards/a", 500, 1);
    if (!once.ok) throw new Error(once.message);
    expect(vary(1_000, once.commitments, "awards/a", 500, 1)).toMatchObject({ ok: true, changed: false });
    expect(vary(1_000, commitments, "awards/c", 1, 1)).toMatchObject({ ok: false });
  });
});
