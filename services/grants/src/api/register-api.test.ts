/** What the register publishes of an award (no I/O: the document as stored). */
import type { AwardDoc } from "../store/documents";
import { publishedGrant } from "./register-api";

const config = {
  PUBLISHER_PREFIX: "360G-kentpcc",
  FUNDER_NAME: "Kent Police and Crime Commissioner",
  FUNDER_ORG_ID: "",
};
const award = (over: Partial<AwardDoc> = {}): AwardDoc =>
  ({
    _id: "awards/crg-2027-28-csp-maidstone",
    programme: "programmes/crg-2027-28",
    programmeTitle: "Crime Reduction Grant 2027/28",
    year: "2027/28",
    application: "programmes/crg-2027-28/applications/csp-maidstone",
    owner: "partners/csp-maidstone",
    ownerName: "Maidstone Community Safety Partnership",
    classification: "OFFICIAL",
    releasedToPanel: false,
    amountPence: 3_600_000,
    requestedPence: 3_600_000,
    purposes: ["Town centre night-time safety"],
    conditions: ["PURPOSE"],
    tranches: [{ number: 1, amountPence: 2_400_000, trigger: "ON_AGREEMENT", state: "PAID", paidDate: "2027-05-09" }],
    reasons: "A strong case.",
    state: "ACTIVE",
    decidedBy: "people/opcc-admin-1",
    acceptTime: new Date("2027-02-03T10:00:00Z"),
    publication: {
      recipient: { identifier: "GB-LAE-MAI", name: "Maidstone Borough Council" },
      partnershipName: "Maidstone Community Safety Partnership",
      locations: [{ code: "E07000110", codeType: "NMD", name: "Maidstone" }],
      fromOpenCall: false,
    },
    createTime: new Date("2027-01-31T23:30:00Z"),
    updateTime: new Date("2027-05-09T10:00:00Z"),
    etag: "e",
    commands: [],
    requestId: "r",
    sortKey: "k",
    ...over,
  }) as AwardDoc;

describe("a published grant", () => {
  test("recipient, purpose, amounts in pence, the decision's London date, conditions in words, reasons", () => {
    expect(publishedGrant(award(), config)).toMatchObject({
      identifier: "360G-kentpcc-crg-2027-28-csp-maidstone",
      title: "Crime Reduction Grant 2027/28: Maidstone Community Safety Partnership",
      description: "Town centre night-time safety",
      amountAwardedPence: "3600000",
      amountDisbursedPence: "2400000",
      // 23:30 UTC on 31 January is still 31 January in London (GMT).
      awardDate: "2027-01-31",
      recipient: { identifier: "GB-LAE-MAI", name: "Maidstone Borough Council" },
      funder: { identifier: "360G-kentpcc-pcc", name: "Kent Police and Crime Commissioner" },
      plannedStartDate: "2027-04-01",
      plannedEndDate: "2028-03-31",
      reasons: "A strong case.",
    });
    expect(publishedGrant(award(), config).conditions[0]).toMatch(/purpose/i);
  });

  test("an OFFICIAL-SENSITIVE award names its recipient, amount and conditions, and withholds purpose and reasons", () => {
    const g = publishedGrant(award({ classification: "OFFICIAL-SENSITIVE" }), config);
    expect([g.description, g.purposes, g.reasons]).toEqual([
      "Withheld: OFFICIAL-SENSITIVE",
      [],
      "Withheld: OFFICIAL-SENSITIVE",
    ]);
    expect(g.amountAwardedPence).toBe("3600000");
  });

  test("an award accepted before the register existed: the partnership by the publisher's prefix, a set funder id kept", () => {
    const g = publishedGrant(award({ publication: undefined }), { ...config, FUNDER_ORG_ID: "GB-GOV-99" });
    expect([g.recipient, g.funder.identifier, g.beneficiaryLocations]).toEqual([
      { identifier: "360G-kentpcc-csp-maidstone", name: "Maidstone Community Safety Partnership" },
      "GB-GOV-99",
      [],
    ]);
  });
});
