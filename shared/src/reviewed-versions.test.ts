import type { Caller } from "./auth/caller";
import { AppError } from "./errors";
import {
  mayChangeReviewed,
  mayReview,
  type ReviewedVersion,
  reviewedState,
  withReviewed,
  withSubmitted,
} from "./reviewed-versions";

const officer: Caller = {
  subject: "people/dover-officer",
  partner: "partners/csp-dover",
  roles: ["csp-officer"],
  kind: "person",
  displayName: "Dana Officer",
};
const opcc: Caller = {
  subject: "people/opcc-staff-1",
  partner: "partners/opcc-kent",
  roles: ["opcc-staff"],
  kind: "person",
};
const v = (version: number, outcome: ReviewedVersion<string>["outcome"]): ReviewedVersion<string> => ({
  version,
  sha256: `h${version}`,
  author: "people/x",
  authorName: "X",
  submitTime: new Date(0),
  content: `content ${version}`,
  outcome,
  returnReasons: "",
  reviewedBy: "",
});
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? [err.code, err.message] : err;
  }
  return undefined;
};

describe("reviewed versions", () => {
  test("the state follows the latest version", () => {
    expect(reviewedState([])).toBe("DRAFT");
    expect(reviewedState([v(1, "RETURNED"), v(2, "SUBMITTED")])).toBe("SUBMITTED");
    expect(reviewedState([v(1, "ACCEPTED")])).toBe("ACCEPTED");
  });

  test("submitting appends the next version with the content's hash, by its author; not twice the same, not after acceptance", () => {
    const first = withSubmitted<string>([], "our case", officer, "the application");
    expect(first.version).toMatchObject({
      version: 1,
      author: "people/dover-officer",
      authorName: "Dana Officer",
      content: "our case",
      outcome: "SUBMITTED",
    });
    expect(first.version.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(refusal(() => withSubmitted(first.versions, "our case", officer, "the application"))).toEqual([
      "FAILED_PRECONDITION",
      "version 1 with this content is already awaiting review",
    ]);
    expect(withSubmitted(first.versions, "our case, corrected", officer, "the application").versions).toHaveLength(2);
    expect(refusal(() => withSubmitted([v(1, "ACCEPTED")], "more", officer, "the application"))).toEqual([
      "FAILED_PRECONDITION",
      "the application has been accepted; nothing more can be submitted",
    ]);
    expect(mayChangeReviewed([v(1, "RETURNED")], "the contribution").ok).toBe(true);
  });

  test("only the latest, unreviewed version can be reviewed, and the review names its reviewer", () => {
    expect(mayReview([], 1).ok).toBe(false);
    expect(mayReview([v(1, "RETURNED"), v(2, "SUBMITTED")], 1)).toEqual({
      ok: false,
      message: "version 1 is not the latest; version 2 is",
    });
    expect(mayReview([v(1, "ACCEPTED")], 1)).toEqual({ ok: false, message: "version 1 was already accepted" });
    const returned = withReviewed([v(1, "RETURNED"), v(2, "SUBMITTED")], 2, "RETURNED", "Cost it", opcc);
    expect(returned.versions.map((x) => x.outcome)).toEqual(["RETURNED", "RETURNED"]);
    expect(returned.version).toMatchObject({ version: 2, returnReasons: "Cost it", reviewedBy: "people/opcc-staff-1" });
    expect(refusal(() => withReviewed([v(1, "SUBMITTED")], 2, "ACCEPTED", "", opcc))).toEqual([
      "FAILED_PRECONDITION",
      "version 2 is not the latest; version 1 is",
    ]);
  });
});
