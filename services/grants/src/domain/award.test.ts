import { acceptRefusal, dueOnAgreement, type PaymentTranche, paidPence, paymentStep } from "./award";

const priya = { subject: "people/opcc-staff-1", name: "Priya Shah" };
const tom = { subject: "people/opcc-staff-2", name: "Tom Ellis" };
const TODAY = "2027-05-10";
const scheduled: PaymentTranche[] = [
  { number: 1, amountPence: 2_644_066, trigger: "ON_AGREEMENT", state: "SCHEDULED" },
  { number: 2, amountPence: 1_322_034, trigger: "ON_MID_YEAR_RETURN", state: "SCHEDULED" },
];
const active = (tranches: PaymentTranche[]) => ({ state: "ACTIVE" as const, amountPence: 3_966_100, tranches });
/** Applies the steps in turn, failing on the first refusal. */
function run(tranches: PaymentTranche[], steps: [Parameters<typeof paymentStep>[2], typeof priya][], n = 1) {
  let now = tranches;
  for (const [action, who] of steps) {
    const r = paymentStep(active(now), n, action, who, TODAY);
    if (!r.ok) throw new Error(JSON.stringify(r));
    now = r.tranches;
  }
  return now;
}

describe("the grant agreement", () => {
  test("accepted only as offered, once", () => {
    expect(acceptRefusal("OFFERED", "abc", "abc")).toBeUndefined();
    expect(acceptRefusal("OFFERED", "abc", "abd")?.message).toContain("has changed since it was read");
    expect(acceptRefusal("ACTIVE", "abc", "abc")?.message).toBe("the agreement has already been accepted");
  });

  test("accepting it makes the tranches paid on agreement due; the rest wait", () => {
    expect(dueOnAgreement(scheduled).map((t) => t.state)).toEqual(["DUE", "SCHEDULED"]);
  });
});

describe("payments", () => {
  const due = dueOnAgreement(scheduled);

  test("proposed by one person, approved by another, paid with a date and reference", () => {
    const paid = run(due, [
      [{ kind: "propose", amountPence: 2_644_066 }, priya],
      [{ kind: "approve" }, tom],
      [{ kind: "disburse", paidDate: "2027-05-09", reference: "BACS-0042" }, priya],
    ]);
    expect(paid[0]).toMatchObject({
      state: "PAID",
      proposedBy: "people/opcc-staff-1",
      approvedBy: "people/opcc-staff-2",
      paidDate: "2027-05-09",
      reference: "BACS-0042",
    });
    expect(paidPence(paid)).toBe(2_644_066);
  });

  test("the proposer never approves their own proposal", () => {
    const proposed = run(due, [[{ kind: "propose", amountPence: 2_644_066 }, priya]]);
    expect(paymentStep(active(proposed), 1, { kind: "approve" }, priya, TODAY)).toEqual({
      ok: false,
      refusal: { code: "PERMISSION_DENIED", message: "you proposed this payment; another person must approve it" },
    });
  });

  test("no more than the tranche's share, nor what is left of the award; nothing before it is due", () => {
    const over = paymentStep(active(due), 1, { kind: "propose", amountPence: 2_644_067 }, priya, TODAY);
    expect(over).toEqual({
      ok: false,
      violations: [{ field: "amount_pence", description: "no more than the tranche's £26,440.66" }],
    });
    const bigFirst = due.map((t) =>
      t.number === 1 ? { ...t, amountPence: 3_966_100 } : { ...t, state: "DUE" as const },
    );
    const firstPaid = run(bigFirst, [
      [{ kind: "propose", amountPence: 3_000_000 }, priya],
      [{ kind: "approve" }, tom],
      [{ kind: "disburse", paidDate: "2027-05-09", reference: "BACS-1" }, priya],
    ]);
    expect(paymentStep(active(firstPaid), 2, { kind: "propose", amountPence: 1_000_000 }, priya, TODAY)).toEqual({
      ok: false,
      violations: [{ field: "amount_pence", description: "only £9,661.00 of the award is left to pay" }],
    });
    expect(paymentStep(active(due), 2, { kind: "propose", amountPence: 1 }, priya, TODAY)).toMatchObject({
      ok: false,
      refusal: { code: "FAILED_PRECONDITION", message: "tranche 2 is scheduled, not due" },
    });
    expect(
      paymentStep({ ...active(due), state: "OFFERED" }, 1, { kind: "propose", amountPence: 1 }, priya, TODAY),
    ).toMatchObject({ ok: false, refusal: { message: "nothing is paid before the agreement is accepted" } });
  });

  test("a rejected proposal is due again with its reasons; a payment needs a real past date and a reference", () => {
    const proposed = run(due, [[{ kind: "propose", amountPence: 2_644_066 }, priya]]);
    const rejected = run(proposed, [[{ kind: "reject", reasons: "Wrong bank details on file" }, tom]]);
    expect(rejected[0]).toMatchObject({ state: "DUE", rejectedReasons: "Wrong bank details on file" });
    expect(rejected[0]?.proposedBy).toBeUndefined();
    const approved = run(proposed, [[{ kind: "approve" }, tom]]);
    const bad = paymentStep(
      active(approved),
      1,
      { kind: "disburse", paidDate: "2027-05-11", reference: " " },
      priya,
      TODAY,
    );
    expect(bad).toEqual({
      ok: false,
      violations: [
        { field: "paid_date", description: "not in the future" },
        { field: "reference", description: "the payment's reference" },
      ],
    });
    expect(
      paymentStep(active(approved), 1, { kind: "disburse", paidDate: "10/05/2027", reference: "x" }, priya, TODAY),
    ).toMatchObject({ ok: false, violations: [{ field: "paid_date" }] });
  });
});
