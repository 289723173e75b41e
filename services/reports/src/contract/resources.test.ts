import {
  CLASSIFICATIONS,
  type Classification,
  decisionLetters,
  PROBE_HOME,
  policyViolations,
  probeCaller,
  type Role,
} from "@csp-mesh/kit";
import { REPORT_KINDS, REPORT_REQUEST, SUBMISSION } from "./resources";

const A = PROBE_HOME["csp-officer"];
const B = "partners/csp-b";
const OPCC = PROBE_HOME["opcc-staff"];
const homeOf = PROBE_HOME;
const caller = probeCaller;
const outcomes = decisionLetters;

// A = allowed, N = NOT_FOUND (not even visible), D = PERMISSION_DENIED (visible, not allowed);
// letters in ACTIONS order (read, create, update, manage-credentials, submit, review).
type Row = [Role, "own" | "other", boolean /* released to panel */, Classification, string];

describe("policy: submissions (owned by a CSP)", () => {
  const rows: Row[] = [];
  for (const cl of CLASSIFICATIONS) {
    rows.push(
      ["opcc-admin", "own", false, cl, "ADDDDA"],
      ["opcc-staff", "own", false, cl, "ADDDDA"],
      ["csp-officer", "own", false, cl, "AAADAD"],
      ["csp-officer", "other", false, cl, "NDNNNN"],
      ["csp-chair", "own", false, cl, "AAADAD"],
      ["csp-chair", "other", false, cl, "NDNNNN"],
      ["partner-system", "own", false, cl, "AAADAD"],
      ["partner-system", "other", false, cl, "NDNNNN"],
      ["panel-member", "own", false, cl, "NDNNNN"],
    );
  }
  rows.push(
    ["panel-member", "own", true, "OFFICIAL", "ADDDDD"],
    ["panel-member", "own", true, "OFFICIAL-SENSITIVE", "NDNNNN"],
  );
  test.each(rows)("%s (%s partner, released=%s, %s) -> %s", (role, rel, released, classification, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    expect(outcomes(c, SUBMISSION, { owner: A, classification, releasedToPanel: released })).toBe(expected);
  });
});

describe("policy: report requests (owned by the OPCC, addressed to CSP A)", () => {
  const rows: Row[] = [];
  for (const cl of CLASSIFICATIONS) {
    rows.push(
      ["opcc-admin", "own", false, cl, "AAADDA"],
      ["opcc-staff", "own", false, cl, "AAADDA"],
      ["csp-officer", "own", false, cl, "ADDDAD"],
      ["csp-officer", "other", false, cl, "NDNNNN"],
      ["csp-chair", "own", false, cl, "ADDDAD"],
      ["partner-system", "own", false, cl, "ADDDAD"],
      ["partner-system", "other", false, cl, "NDNNNN"],
      ["panel-member", "own", false, cl, "NDNNNN"],
    );
  }
  rows.push(
    ["panel-member", "own", true, "OFFICIAL", "ADDDDD"],
    ["panel-member", "own", true, "OFFICIAL-SENSITIVE", "NDNNNN"],
  );
  test.each(rows)("%s (%s partner, released=%s, %s) -> %s", (role, rel, released, classification, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    const r = { owner: OPCC, addressees: [A], classification, releasedToPanel: released };
    expect(outcomes(c, REPORT_REQUEST, r)).toBe(expected);
  });
});

test("the platform's promises hold for every report kind", () => {
  expect(REPORT_KINDS.flatMap((k) => policyViolations(k))).toEqual([]);
});
