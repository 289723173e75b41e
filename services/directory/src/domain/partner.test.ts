import { GSS_CODE, ORG_IDENTIFIER, type PartnerFields, partnerViolations } from "./partner";

const csp: PartnerFields = {
  displayName: "Dover Community Safety Partnership",
  kind: "CSP",
  status: "ACTIVE",
  members: ["partners/kent-police", "partners/dover-council"],
  area: { code: "E07000108", name: "Dover" },
  accountableBody: "partners/dover-council",
};
const fields = (p: PartnerFields) => partnerViolations("partners/csp-dover", p).map((v) => v.field);

describe("what published grants name a partner by", () => {
  test("a partnership with an accountable body among its members is valid", () => {
    expect(fields(csp)).toEqual([]);
  });

  test("a partnership is not a legal body, so it has no org identifier of its own", () => {
    expect(fields({ ...csp, orgIdentifier: "GB-LAE-DOV" })).toEqual(["partner.org_identifier"]);
  });

  test("the accountable body is one of the partnership's members, and only partnerships have one", () => {
    expect(fields({ ...csp, accountableBody: "partners/maidstone-council" })).toEqual(["partner.accountable_body"]);
    const council: PartnerFields = {
      displayName: "Dover District Council",
      kind: "RESPONSIBLE_AUTHORITY",
      authoritySubtype: "DISTRICT_COUNCIL",
      status: "ACTIVE",
      members: [],
      orgIdentifier: "GB-LAE-DOV",
    };
    expect(fields(council)).toEqual([]);
    expect(fields({ ...council, accountableBody: "partners/kent-county-council" })).toEqual([
      "partner.accountable_body",
      "partner.accountable_body",
    ]);
  });

  test.each([
    ["GB-LAE-MAI", true],
    ["GB-CHC-1234567", true],
    ["GB-COH-01234567", true],
    ["360G-kentpcc-pcc", true],
    ["Maidstone council", false],
    ["GB-LAE-", false],
    ["gb-lae-mai", false],
  ])("org identifier %s valid: %s", (id, ok) => {
    expect(ORG_IDENTIFIER.test(id)).toBe(ok);
  });

  test.each([
    ["E07000110", true],
    ["E06000035", true],
    ["W06000015", true],
    ["E0700011", false],
    ["07000110", false],
  ])("ONS code %s valid: %s", (code, ok) => {
    expect(GSS_CODE.test(code)).toBe(ok);
  });
});
