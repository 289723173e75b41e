import { decisionLetters, policyViolations, probeCaller } from "@csp-mesh/kit";
import { GRANT_APPLICATION, GRANT_AWARD, GRANT_LEDGER, GRANT_PLAN, GRANT_PROGRAMME } from "./resources";

const OPCC = "partners/opcc-kent";

test("the platform's promises hold (plans and open programmes are shared knowledge; applications are not)", () => {
  expect([GRANT_PLAN, GRANT_PROGRAMME].flatMap((k) => policyViolations(k, { sharedAcrossPartners: true }))).toEqual([]);
  expect([GRANT_APPLICATION, GRANT_AWARD, GRANT_LEDGER].flatMap((k) => policyViolations(k))).toEqual([]);
});

test("a draft programme is the OPCC's alone; once opened every partnership reads it and may apply, the panel reads it", () => {
  const draft = { owner: OPCC, classification: "OFFICIAL" as const, releasedToPanel: false };
  const open = { ...draft, releasedToPanel: true };
  expect(decisionLetters(probeCaller("opcc-staff"), GRANT_PROGRAMME, draft)).toBe("AAADDD");
  for (const role of ["csp-officer", "csp-chair", "partner-system", "panel-member"] as const) {
    expect([role, decisionLetters(probeCaller(role), GRANT_PROGRAMME, draft)]).toEqual([role, "NDNNNN"]);
  }
  for (const role of ["csp-officer", "csp-chair", "partner-system"] as const)
    expect([role, decisionLetters(probeCaller(role), GRANT_PROGRAMME, open)]).toEqual([role, "ADDDAD"]);
  expect(decisionLetters(probeCaller("panel-member"), GRANT_PROGRAMME, open)).toBe("ADDDDD");
  expect(decisionLetters(probeCaller("csp-chair"), GRANT_PLAN, draft)).toBe("ADDDDD");
  expect(decisionLetters(probeCaller("opcc-admin"), GRANT_PLAN, draft)).toBe("AAADDD");
});

test("an application is the applicant's own and the OPCC's to review; another partnership and the panel never see it", () => {
  const own = { owner: "partners/csp-a", classification: "OFFICIAL" as const, releasedToPanel: true };
  const other = { ...own, owner: "partners/csp-other" };
  expect(decisionLetters(probeCaller("opcc-staff"), GRANT_APPLICATION, own)).toBe("ADDDDA");
  expect(decisionLetters(probeCaller("csp-officer"), GRANT_APPLICATION, own)).toBe("AAADAD");
  expect(decisionLetters(probeCaller("csp-officer"), GRANT_APPLICATION, other)).toBe("NDNNNN");
  expect(decisionLetters(probeCaller("panel-member"), GRANT_APPLICATION, own)).toBe("NDNNNN");
});

test("an award is the recipient's and the OPCC's; the panel's once released; the ledger the OPCC's alone", () => {
  const offered = { owner: "partners/csp-a", classification: "OFFICIAL" as const, releasedToPanel: false };
  expect(decisionLetters(probeCaller("csp-chair"), GRANT_AWARD, offered)[0]).toBe("A");
  expect(decisionLetters(probeCaller("csp-chair"), GRANT_AWARD, { ...offered, owner: "partners/csp-other" })[0]).toBe(
    "N",
  );
  expect(decisionLetters(probeCaller("panel-member"), GRANT_AWARD, offered)[0]).toBe("N");
  expect(decisionLetters(probeCaller("panel-member"), GRANT_AWARD, { ...offered, releasedToPanel: true })[0]).toBe("A");
  expect(decisionLetters(probeCaller("opcc-staff"), GRANT_LEDGER, { ...offered, owner: OPCC })[0]).toBe("A");
  expect(decisionLetters(probeCaller("csp-officer"), GRANT_LEDGER, { ...offered, owner: OPCC })[0]).toBe("N");
});
