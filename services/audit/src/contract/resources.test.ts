import { decisionLetters, policyViolations, probeCaller } from "@csp-mesh/kit";
import { AUDIT_RECORD } from "./resources";

test("the ledger is the OPCC administrators' alone, to read only", () => {
  const r = { owner: "partners/opcc-kent", classification: "OFFICIAL" as const };
  expect(decisionLetters(probeCaller("opcc-admin"), AUDIT_RECORD, r)).toBe("ADDDDD");
  for (const role of ["opcc-staff", "csp-officer", "csp-chair", "partner-system", "panel-member"] as const)
    expect([role, decisionLetters(probeCaller(role), AUDIT_RECORD, r)]).toEqual([role, "NDNNNN"]);
  expect(policyViolations(AUDIT_RECORD, { notForAllOpcc: true })).toEqual([]);
});
