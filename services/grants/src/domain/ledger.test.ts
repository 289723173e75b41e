import { type Commitment, strandedCommitments } from "./ledger";

describe("the ledger sweep's rule", () => {
  const now = new Date("2027-05-01T12:00:00Z");
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const c = (award: string, time?: string): Commitment => ({
    award,
    recipient: "partners/csp-dover",
    amountPence: 100,
    ...(time ? { time } : {}),
  });

  test("a commitment with no award, older than the grace, is stranded; one with its award, or a decision in flight, is not", () => {
    const made = new Set(["awards/made"]);
    const stranded = strandedCommitments(
      [c("awards/made", at(60)), c("awards/lost", at(60)), c("awards/in-flight", at(1)), c("awards/old-lost")],
      (a) => made.has(a),
      now,
      10 * 60_000,
    );
    expect(stranded.map((x) => x.award)).toEqual(["awards/lost", "awards/old-lost"]);
  });
});
