/** The register as 360Giving open data, validated against the standard's own schemas (test/standards). */
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { publishedGrant } from "./fixtures";
import { registerPackage, registerRows } from "./threesixtygiving";

const STANDARD = path.resolve(__dirname, "..", "..", "..", "..", "..", "test", "standards", "360giving");
const schema = (file: string) => JSON.parse(readFileSync(path.join(STANDARD, file), "utf8"));

/** The package schema, which names the grant schema by its 1.4.2 address (the release's own mismatch). */
function packageValidator() {
  const pkg = schema("360-giving-package-schema.json");
  const grant = schema("360-giving-schema.json");
  // Its custom keywords (codelist, rollUp) are documentation; its $schema names draft 2020-12 by http.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema({ ...grant, $id: pkg.properties.grants.items.$ref });
  return ajv.compile(pkg);
}

const meta = {
  publisherName: "Kent Police and Crime Commissioner",
  publisherPrefix: "360G-kentpcc",
  url: "http://localhost:8080/grants/register",
  issued: new Date("2027-02-04T09:00:00Z"),
};

describe("the register in the 360Giving Data Standard", () => {
  const validate = packageValidator();

  test("a register of an allocation's grant and an open round's validates against the standard", () => {
    const open = publishedGrant({
      identifier: "360G-kentpcc-safer-2027-28-street-pastors",
      fromOpenCall: true,
      beneficiaryLocations: [],
      recipient: { identifier: "GB-CHC-1234567", name: "Maidstone Street Pastors" },
    });
    const pkg = registerPackage([publishedGrant(), open], meta);
    const ok = validate(pkg);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(pkg.grants[0]).toMatchObject({
      id: "360G-kentpcc-crg-2027-28-csp-maidstone",
      currency: "GBP",
      amountAwarded: 39661,
      amountAppliedFor: 40000,
      amountDisbursed: 26440.67,
      awardDate: "2027-02-01",
      recipientOrganization: [{ id: "GB-LAE-MAI", name: "Maidstone Borough Council" }],
      fundingOrganization: [{ id: "360G-kentpcc-pcc", name: "Kent Police and Crime Commissioner" }],
      beneficiaryLocation: [{ name: "Maidstone", geoCode: "E07000110", geoCodeType: "NMD", countryCode: "GB" }],
      plannedDates: [{ startDate: "2027-04-01", endDate: "2028-03-31", duration: 12 }],
      grantProgramme: [{ code: "crg-2027-28", title: "Crime Reduction Grant 2027/28" }],
      fromOpenCall: "No",
      dateModified: "2027-02-03T10:00:00Z",
    });
    expect(pkg.grants[1]?.fromOpenCall).toBe("Yes");
  });

  test("the check can fail: an amount as text, or a grant without its funder, is refused", () => {
    const pkg = registerPackage([publishedGrant()], meta);
    const broken = { ...pkg, grants: [{ ...pkg.grants[0], amountAwarded: "39661" }] };
    expect(validate(broken)).toBe(false);
    const { fundingOrganization: _f, ...noFunder } = pkg.grants[0] as Record<string, unknown>;
    expect(validate({ ...pkg, grants: [noFunder] })).toBe(false);
  });

  test("the CSV has the standard's column titles, pounds as plain numbers, and the Order's conditions and reasons", () => {
    const [head, row] = registerRows([publishedGrant()]);
    const cell = (title: string) => row?.[head?.indexOf(title) ?? -1];
    expect(head?.slice(0, 8)).toEqual([
      "Identifier",
      "Title",
      "Description",
      "Currency",
      "Amount Applied For",
      "Amount Awarded",
      "Amount Disbursed",
      "Award Date",
    ]);
    expect(cell("Amount Awarded")).toBe("39661");
    expect(cell("Recipient Org:Identifier")).toBe("GB-LAE-MAI");
    expect(cell("Beneficiary Location:Geographic Code Type")).toBe("NMD");
    expect(cell("Conditions")).toBe("Use the grant only for the purposes approved. | Return any money not spent.");
    expect(cell("Reasons")).toBe("A strong case against the plan's priorities.");
  });
});
