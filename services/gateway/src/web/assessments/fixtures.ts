/**
 * What the joint strategic assessment area's page tests share: a cycle, a partnership's contribution
 * and its versions, the compiled picture and an edition as the assessments service answers them, and
 * the answers every test starts from. No jest globals here: this module is compiled with the gateway's sources.
 */
import { ts } from "../../api/testing";
import type { Reply } from "../../downstream";
import type { FakeMesh } from "../../testing/fake-mesh";

type Cycle = Reply<"assessments", "GetCycle">;
type Contribution = Reply<"assessments", "GetContribution">;
type Version = Contribution["versions"][number];
type Content = NonNullable<Version["content"]>;
type Compilation = Reply<"assessments", "GetCompilation">;
type Edition = Reply<"assessments", "GetEdition">;

export const seconds = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

export const ID = "a-2027-04-abcdef12";
export const CYCLE = `assessments/${ID}`;
export const DOVER = `${CYCLE}/contributions/csp-dover`;

export const cycle = (over: Partial<Cycle> = {}): Cycle => ({
  name: CYCLE,
  year: "2027/28",
  title: "JSA 2027",
  dueTime: ts("2027-06-30T16:00:00Z"),
  partners: ["partners/csp-dover", "partners/csp-maidstone"],
  allActiveCsps: false,
  template: {
    taxonomyVersion: "2026.1",
    themes: [
      { code: "VIOLENCE", title: "Serious violence" },
      { code: "ASB", title: "Anti-social behaviour" },
    ],
    indicators: [
      {
        code: "KNIFE",
        title: "Knife crime rate",
        unit: "UNIT_RATE_PER_1000",
        combine: "COMBINE_RULE_POPULATION_WEIGHTED_MEAN",
      },
    ],
  },
  compileFrom: "COMPILE_FROM_ACCEPTED",
  classification: "CLASSIFICATION_OFFICIAL",
  owner: "partners/opcc-kent",
  createdBy: "people/opcc-staff-1",
  createTime: null,
  updateTime: null,
  etag: "",
  partnerDisplayNames: {},
  ...over,
});
const content = (over: Partial<Content> = {}): Content => ({
  priorities: [
    { rank: 1, code: "VIOLENCE", emergingTitle: "", rationale: "Knife crime up 20%", evidence: "", key: "VIOLENCE" },
    {
      rank: 2,
      code: "",
      emergingTitle: "County lines",
      rationale: "New routes seen",
      evidence: "",
      key: "em-county-lines",
    },
  ],
  indicators: [
    {
      code: "KNIFE",
      value: 4.2,
      unit: "UNIT_RATE_PER_1000",
      period: "2026/27",
      trend: "TREND_RISING",
      source: "Kent Police",
    },
  ],
  population: "115000",
  emergingThreats: "",
  communityViews: "Residents fear the harbour at night",
  narrative: "Violence dominates the year.",
  ...over,
});
export const version = (n: number, outcome: Version["outcome"], over: Partial<Version> = {}): Version => ({
  version: n,
  sha256: `${n}`.repeat(64),
  author: "people/dover-officer",
  authorDisplayName: "Sam Patel",
  submitTime: ts("2027-06-01T09:00:00Z"),
  content: content(),
  outcome,
  returnReasons: "",
  reviewedBy: "",
  reviewTime: null,
  ...over,
});
export const contribution = (over: Partial<Contribution> = {}): Contribution => ({
  name: DOVER,
  cycle: CYCLE,
  partner: "partners/csp-dover",
  state: "CONTRIBUTION_STATE_SUBMITTED",
  draft: content(),
  unsubmittedChanges: false,
  versions: [version(1, "CONTRIBUTION_STATE_SUBMITTED")],
  responses: [],
  classification: "CLASSIFICATION_OFFICIAL",
  updateTime: null,
  etag: "",
  ...over,
});
const provenance = (partner: string, rank: number, value = 0) => ({
  partner,
  version: 2,
  sha256: "",
  rank,
  value,
  period: "2026/27",
  trend: "TREND_RISING" as const,
  source: "",
  population: "",
});
export const compilation = (over: Partial<Compilation> = {}): Compilation => ({
  name: `${CYCLE}/compilation`,
  cycle: CYCLE,
  compileFrom: "COMPILE_FROM_ACCEPTED",
  taxonomyVersion: "2026.1",
  inputs: [{ partner: "partners/csp-dover", version: 2, sha256: "", state: "CONTRIBUTION_STATE_ACCEPTED" }],
  gaps: ["partners/csp-maidstone"],
  priorities: [
    {
      position: 1,
      key: "VIOLENCE",
      title: "Serious violence",
      emerging: false,
      score: 10,
      partnerCount: 1,
      partners: ["partners/csp-dover"],
      bestRank: 1,
      provenance: [provenance("partners/csp-dover", 1)],
    },
  ],
  indicators: [
    {
      code: "KNIFE",
      title: "Knife crime rate",
      unit: "UNIT_RATE_PER_1000",
      combine: "COMBINE_RULE_POPULATION_WEIGHTED_MEAN",
      combined: true,
      value: 4.2,
      areas: 1,
      provenance: [provenance("partners/csp-dover", 0, 4.2)],
    },
  ],
  sha256: "c0".repeat(32),
  compileTime: ts("2027-07-01T08:00:00Z"),
  ...over,
});
export const edition = (over: Partial<Edition> = {}): Edition => ({
  name: `${CYCLE}/editions/3`,
  cycle: CYCLE,
  number: 3,
  year: "2027/28",
  title: "JSA 2027",
  note: "Maidstone to follow",
  compilation: compilation(),
  inputs: [],
  sha256: "ed".repeat(32),
  publishedBy: "people/opcc-staff-1",
  publishTime: ts("2027-07-02T10:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  partnerDisplayNames: {},
  publishedByDisplayName: "Priya Shah",
  ...over,
});

/** What every test starts from: no calls recorded; the cycle, no editions, Dover's contribution submitted. */
export function answerCycle(mesh: FakeMesh): void {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("assessments", "GetCycle", cycle())
    .on("assessments", "ListEditions", { editions: [], nextPageToken: "" })
    .on("assessments", "GetContribution", contribution())
    .on("plans", "ListPlans", { plans: [], nextPageToken: "" });
}
