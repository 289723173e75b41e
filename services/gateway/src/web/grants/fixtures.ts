/** Fixtures for the grants pages' tests: a programme, a business case and what the pages read besides. */
import type { FakeMesh } from "../../testing/fake-mesh";
import type { PublishedGrant } from "./threesixtygiving";

export const ts = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });
export const VAWG = "plans/mks/objectives/VAWG";
export const JSA = "assessments/jsa-2026/priorities/VAWG";
export const programme = (over: Record<string, unknown> = {}) => ({
  name: "programmes/crg-2027-28",
  year: "2027/28",
  title: "Crime Reduction Grant 2027/28",
  description: "",
  kind: "PROGRAMME_KIND_ALLOCATION",
  state: "PROGRAMME_STATE_OPEN",
  budgetPence: "7600000",
  objectives: [VAWG],
  windowOpenTime: ts("2027-01-04T09:00:00Z"),
  windowCloseTime: ts("2027-03-31T16:00:00Z"),
  allocations: [{ partner: "partners/csp-dover", amountPence: "3600000", partnerName: "Dover CSP" }],
  projectMaxPence: "0",
  countyWideMaxPence: "0",
  questions: [{ code: "conflicts", text: "Has anyone involved an interest in the projects?" }],
  conditions: [],
  tranches: [
    { numerator: 2, denominator: 3, trigger: "TRANCHE_TRIGGER_ON_AGREEMENT" },
    { numerator: 1, denominator: 3, trigger: "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN" },
  ],
  classification: "CLASSIFICATION_OFFICIAL",
  unallocatedPence: "4000000",
  rubric: [
    { code: "NEED", title: "Evidence of need", weight: 2 },
    { code: "VALUE", title: "Value for money", weight: 1 },
  ],
  minScorers: 2,
  etag: "p1",
  ...over,
});
export const content = {
  projects: [
    {
      title: "Street pastors",
      summary: "Night-time economy patrols.",
      countyWide: false,
      lines: [
        { description: "Coordinator", amountPence: "1200050" },
        { description: "Training", amountPence: "30000" },
      ],
      measures: [{ title: "Repeat victims", unit: "MEASURE_UNIT_COUNT", baseline: 40, target: 30 }],
      objectives: [VAWG],
      jsaPriorities: [JSA],
      requestedPence: "1230050",
    },
  ],
  answers: [{ code: "conflicts", answer: "No" }],
  declarations: { conflictOfInterest: false, conflictDetails: "", policeStaffInvolved: false, policeStaffDetails: "" },
  narrative: "One project for the night-time economy.",
  requestedPence: "1230050",
};
export const application = (state = "APPLICATION_STATE_SUBMITTED", reasons = "") => ({
  name: "programmes/crg-2027-28/applications/csp-dover",
  programme: "programmes/crg-2027-28",
  partner: "partners/csp-dover",
  partnerDisplayName: "Dover CSP",
  state,
  draft: content,
  unsubmittedChanges: false,
  versions:
    state === "APPLICATION_STATE_DRAFT"
      ? []
      : [
          {
            version: 1,
            sha256: "ab",
            author: "people/dover-officer",
            authorDisplayName: "Dana Officer",
            submitTime: ts("2027-01-15T10:00:00Z"),
            content,
            outcome: state,
            returnReasons: reasons,
            reviewedBy: "",
            reviewTime: null,
          },
        ],
  requestedPence: state === "APPLICATION_STATE_DRAFT" ? "0" : "1230050",
  classification: "CLASSIFICATION_OFFICIAL",
  etag: "a1",
});
export const plan = {
  name: "plans/mks",
  title: "Making Kent Safer",
  objectives: [{ code: "VAWG", title: "Violence against women and girls", description: "", name: VAWG }],
};
export const cycle = {
  name: "assessments/jsa-2026",
  title: "Strategic assessment 2026",
  template: { themes: [{ code: "VAWG", title: "Violence against women and girls" }] },
};
/** The fake mesh answering a business case's pages: the programme, the case, the plan and the newest cycle. */
export const stubCase = (mesh: FakeMesh, app: Record<string, unknown> = application("APPLICATION_STATE_DRAFT")) => {
  mesh.downstream.on("grants", "GetProgramme", programme());
  mesh.downstream.on("grants", "GetApplication", app);
  mesh.downstream.on("plans", "GetPlan", plan);
  mesh.downstream.on("assessments", "ListCycles", { cycles: [cycle], nextPageToken: "" });
};

/** A published grant as the register's service answers it. */
export const publishedGrant = (over: Partial<PublishedGrant> = {}): PublishedGrant => ({
  identifier: "360G-kentpcc-crg-2027-28-csp-maidstone",
  award: "awards/crg-2027-28-csp-maidstone",
  title: "Crime Reduction Grant 2027/28: Maidstone Community Safety Partnership",
  description: "Town centre night-time safety; Youth diversion",
  purposes: ["Town centre night-time safety", "Youth diversion"],
  amountAwardedPence: "3966100",
  amountAppliedForPence: "4000000",
  amountDisbursedPence: "2644067",
  awardDate: "2027-02-01",
  recipient: { identifier: "GB-LAE-MAI", name: "Maidstone Borough Council" },
  partnership: "partners/csp-maidstone",
  partnershipDisplayName: "Maidstone Community Safety Partnership",
  funder: { identifier: "360G-kentpcc-pcc", name: "Kent Police and Crime Commissioner" },
  programme: "programmes/crg-2027-28",
  programmeTitle: "Crime Reduction Grant 2027/28",
  year: "2027/28",
  plannedStartDate: "2027-04-01",
  plannedEndDate: "2028-03-31",
  fromOpenCall: false,
  conditions: ["Use the grant only for the purposes approved.", "Return any money not spent."],
  reasons: "A strong case against the plan's priorities.",
  beneficiaryLocations: [{ code: "E07000110", codeType: "NMD", name: "Maidstone" }],
  updateTime: ts("2027-02-03T10:00:00Z"),
  ...over,
});

/** An award and its page, as the award pages' tests read them. */
export const AWARD_SHA = "ab".repeat(32);
export const AWARD_ID = "crg-2027-28-csp-dover";
export const AWARD_PATH = `/grants/awards/${AWARD_ID}`;
export const awardTranche = (number: number, amountPence: string, trigger: string, state: string, over = {}) => ({
  number,
  amountPence,
  trigger,
  state,
  proposedPence: "0",
  proposedBy: "",
  proposedByDisplayName: "",
  approvedBy: "",
  approvedByDisplayName: "",
  paidDate: "",
  reference: "",
  rejectedReasons: "",
  ...over,
});
export const awardFixture = (state = "AWARD_STATE_OFFERED", first = "TRANCHE_STATE_SCHEDULED", over = {}) => ({
  name: `awards/${AWARD_ID}`,
  programme: "programmes/crg-2027-28",
  programmeTitle: "Crime Reduction Grant 2027/28",
  year: "2027/28",
  application: "programmes/crg-2027-28/applications/csp-dover",
  recipient: "partners/csp-dover",
  recipientDisplayName: "Dover CSP",
  amountPence: "3966100",
  requestedPence: "4000000",
  purposes: ["Street pastors", "Youth diversion"],
  conditions: [{ code: "PURPOSE", text: "Only as approved." }],
  tranches: [
    awardTranche(1, "2644066", "TRANCHE_TRIGGER_ON_AGREEMENT", first, over),
    awardTranche(2, "1322034", "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN", "TRANCHE_STATE_SCHEDULED"),
  ],
  reasons: "A strong case",
  state,
  awardTime: ts("2027-02-01T10:00:00Z"),
  agreementSha256: AWARD_SHA,
  acceptedBy: state === "AWARD_STATE_ACTIVE" ? "people/dover-chair" : "",
  acceptedByDisplayName: state === "AWARD_STATE_ACTIVE" ? "Sam Chair" : "",
  acceptTime: state === "AWARD_STATE_ACTIVE" ? ts("2027-02-03T10:00:00Z") : null,
  paidPence: "0",
  returns: [] as unknown[],
  closeOut: null as unknown,
  variations: [] as unknown[],
});

/** Variation `number` of the award, proposed by the OPCC (the funder) unless `over` says otherwise. */
export const awardVariation = (number: number, over = {}) => ({
  number,
  changes: {
    amountPence: "4000000",
    purposes: [] as string[],
    conditions: [] as string[],
    tranches: [{ number: 2, amountPence: "1355934" }],
  },
  reasons: "A second evening of patrols",
  proposedBySide: "AGREEMENT_SIDE_FUNDER",
  proposedBy: "people/opcc-staff-2",
  proposedByDisplayName: "Tom Ellis",
  proposeTime: ts("2027-09-01T09:00:00Z"),
  termsSha256: "cd".repeat(32),
  state: "VARIATION_STATE_PROPOSED",
  previousAmountPence: "3966100",
  respondedBy: "",
  respondedByDisplayName: "",
  respondTime: null,
  responseReasons: "",
  ...over,
});
