import { financialYearDates, geoCodeType, grantIdentifier, publicationOf } from "./publication";

const csp = {
  name: "partners/csp-maidstone",
  displayName: "Maidstone Community Safety Partnership",
  orgIdentifier: "",
  area: { code: "E07000110", name: "Maidstone" },
  accountableBody: "partners/maidstone-council",
};
const council = {
  name: "partners/maidstone-council",
  displayName: "Maidstone Borough Council",
  orgIdentifier: "GB-LAE-MAI",
  area: { code: "E07000110", name: "Maidstone" },
  accountableBody: "",
};

describe("what the register says about a grant's recipient", () => {
  test("a partnership's grant is received by its accountable body, named by its org-id; it benefits the area", () => {
    expect(publicationOf(csp, council, "360G-kentpcc", false)).toEqual({
      recipient: { identifier: "GB-LAE-MAI", name: "Maidstone Borough Council" },
      partnershipName: "Maidstone Community Safety Partnership",
      locations: [{ code: "E07000110", codeType: "NMD", name: "Maidstone" }],
      fromOpenCall: false,
    });
  });

  test("with no accountable body or org-id recorded: the partner itself, by the publisher's prefix; no area, no location", () => {
    const bare = { ...csp, area: null, accountableBody: "" };
    expect(publicationOf(bare, null, "360G-kentpcc", true)).toEqual({
      recipient: { identifier: "360G-kentpcc-csp-maidstone", name: "Maidstone Community Safety Partnership" },
      partnershipName: "Maidstone Community Safety Partnership",
      locations: [],
      fromOpenCall: true,
    });
  });

  test.each([
    ["E07000110", "NMD"],
    ["E06000035", "UA"],
    ["E10000016", "CTY"],
    ["E23000032", "PFA"],
    ["W06000015", ""],
  ])("ONS code %s is 360Giving's %s", (code, type) => {
    expect(geoCodeType(code)).toBe(type);
  });

  test("a financial year runs 1 April to 31 March; a grant's identifier is the prefix and the award's id", () => {
    expect(financialYearDates("2027/28")).toEqual({ start: "2027-04-01", end: "2028-03-31" });
    expect(grantIdentifier("360G-kentpcc", "awards/crg-2027-28-csp-maidstone")).toBe(
      "360G-kentpcc-crg-2027-28-csp-maidstone",
    );
  });
});
