/** An award as the grants service answers it over gRPC, and as the REST API gives it, for route tests. */
import { ts } from "../testing";

export const SHA = "ab".repeat(32);
const unpaid = {
  state: "TRANCHE_STATE_SCHEDULED",
  proposedPence: "0",
  proposedBy: "",
  proposedByDisplayName: "",
  approvedBy: "",
  approvedByDisplayName: "",
  paidDate: "",
  reference: "",
  rejectedReasons: "",
};
/** An award as the grants service answers it: int64 pence as strings. */
export const awardFixture = {
  name: "awards/crg-2027-28-csp-dover",
  programme: "programmes/crg-2027-28",
  programmeTitle: "Crime Reduction Grant 2027/28",
  year: "2027/28",
  application: "programmes/crg-2027-28/applications/csp-dover",
  recipient: "partners/csp-dover",
  recipientDisplayName: "Dover CSP",
  amountPence: "3966100",
  requestedPence: "4000000",
  purposes: ["Street pastors"],
  conditions: [{ code: "PURPOSE", text: "Only as approved." }],
  tranches: [
    { number: 1, amountPence: "2644066", trigger: "TRANCHE_TRIGGER_ON_AGREEMENT", ...unpaid },
    { number: 2, amountPence: "1322034", trigger: "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN", ...unpaid },
  ],
  reasons: "A strong case",
  state: "AWARD_STATE_OFFERED",
  decidedBy: "people/opcc-staff-1",
  awardTime: ts("2027-02-01T10:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  updateTime: ts("2027-02-01T10:00:00Z"),
  etag: "w1",
  agreementSha256: SHA,
  acceptedBy: "",
  acceptedByDisplayName: "",
  acceptTime: null,
  paidPence: "0",
  returns: [],
  closeOut: null,
  variations: [] as unknown[],
};
export const awardJson = {
  ...awardFixture,
  amountPence: 3_966_100,
  requestedPence: 4_000_000,
  paidPence: 0,
  tranches: [
    { number: 1, amountPence: 2_644_066, trigger: "TRANCHE_TRIGGER_ON_AGREEMENT", ...unpaid, proposedPence: 0 },
    { number: 2, amountPence: 1_322_034, trigger: "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN", ...unpaid, proposedPence: 0 },
  ],
};
