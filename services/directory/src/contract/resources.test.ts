import {
  CLASSIFICATIONS,
  type Classification,
  decisionLetters,
  PROBE_HOME,
  policyViolations,
  probeCaller,
  type Role,
} from "@csp-mesh/kit";
import { COMBINATION, PARTNER, PARTNER_SYSTEM, PERSON } from "./resources";

const A = PROBE_HOME["csp-officer"];
const B = "partners/csp-b";
const homeOf = PROBE_HOME;
const caller = probeCaller;
const outcomes = decisionLetters;

// A = allowed, N = NOT_FOUND (not even visible), D = PERMISSION_DENIED (visible, not allowed);
// letters in ACTIONS order (read, create, update, manage-credentials, submit, review).
type Row = [Role, "own" | "other", boolean /* released to panel */, Classification, string];

describe("policy: people (belonging to CSP A)", () => {
  const rows: Row[] = [];
  for (const cl of CLASSIFICATIONS) {
    rows.push(
      ["opcc-admin", "own", false, cl, "AAADDD"],
      ["opcc-staff", "own", false, cl, "ADDDDD"],
      ["csp-officer", "own", false, cl, "ADDDDD"],
      ["csp-officer", "other", false, cl, "NDNNNN"],
      ["csp-chair", "own", false, cl, "AAADDD"],
      ["csp-chair", "other", false, cl, "NDNNNN"],
      ["partner-system", "own", false, cl, "ADDDDD"],
      ["partner-system", "other", false, cl, "NDNNNN"],
      ["panel-member", "own", false, cl, "NDNNNN"],
    );
  }
  test.each(rows)("%s (%s partner, released=%s, %s) -> %s", (role, rel, _released, classification, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    expect(outcomes(c, PERSON, { owner: A, classification })).toBe(expected);
  });
});

describe("policy: combination agreements (addressed to CSP A and its parties)", () => {
  // A chair creates one as its partnership's own (the facts here are the OPCC's proposal); that it
  // includes the chair's partnership, and who answers for which party, are the service's rules.
  const rows: [Role, "own" | "other", boolean, string][] = [
    ["opcc-admin", "own", false, "AAADDA"],
    ["opcc-staff", "own", false, "AAADDA"],
    ["csp-officer", "own", false, "ADADDD"],
    ["csp-officer", "other", false, "NDNNNN"],
    ["csp-chair", "own", false, "ADADDD"],
    ["csp-chair", "other", false, "NDNNNN"],
    ["partner-system", "own", false, "ADDDDD"],
    ["partner-system", "other", false, "NDNNNN"],
    ["panel-member", "own", false, "NDNNNN"],
    ["panel-member", "own", true, "ADDDDD"],
  ];
  test.each(rows)("%s (%s partnership, decided=%s) -> %s", (role, rel, released, expected) => {
    const c = caller(role, rel === "other" ? B : homeOf[role]);
    const facts = {
      owner: "partners/opcc-kent",
      addressees: [A, "partners/kent-police"],
      classification: "OFFICIAL" as const,
    };
    expect(outcomes(c, COMBINATION, { ...facts, releasedToPanel: released })).toBe(expected);
  });
});

test("the platform's promises hold for every directory kind (the partner directory is shared knowledge)", () => {
  expect([PERSON, PARTNER_SYSTEM, COMBINATION].flatMap((k) => policyViolations(k))).toEqual([]);
  expect(policyViolations(PARTNER, { sharedAcrossPartners: true })).toEqual([]);
});
