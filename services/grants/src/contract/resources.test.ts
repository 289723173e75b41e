import { decisionLetters, policyViolations, probeCaller } from "@csp-mesh/kit";
import { GRANT_PLAN, GRANT_PROGRAMME } from "./resources";

const OPCC = "partners/opcc-kent";

test("the platform's promises hold (plans and open programmes are shared knowledge)", () => {
  expect([GRANT_PLAN, GRANT_PROGRAMME].flatMap((k) => policyViolations(k, { sharedAcrossPartners: true }))).toEqual([]);
});

test("a draft programme is the OPCC's alone; once opened every partnership and the panel read it", () => {
  const draft = { owner: OPCC, classification: "OFFICIAL" as const, releasedToPanel: false };
  const open = { ...draft, releasedToPanel: true };
  expect(decisionLetters(probeCaller("opcc-staff"), GRANT_PROGRAMME, draft)).toBe("AAADDD");
  for (const role of ["csp-officer", "csp-chair", "partner-system", "panel-member"] as const) {
    expect([role, decisionLetters(probeCaller(role), GRANT_PROGRAMME, draft)]).toEqual([role, "NDNNNN"]);
    expect([role, decisionLetters(probeCaller(role), GRANT_PROGRAMME, open)]).toEqual([role, "ADDDDD"]);
  }
  expect(decisionLetters(probeCaller("csp-chair"), GRANT_PLAN, draft)).toBe("ADDDDD");
  expect(decisionLetters(probeCaller("opcc-admin"), GRANT_PLAN, draft)).toBe("AAADDD");
});
