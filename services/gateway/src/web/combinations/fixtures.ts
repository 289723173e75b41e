/**
 * What the combinations area's page tests share: a directory with partnerships and responsible
 * authorities, a proposal to combine Dover and Maidstone as the service answers it (and the same
 * further on: every party consented, decided, approved, in force), and partners' lineage.
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import { ts } from "../../api/testing";
import type { FakeMesh } from "../../testing/fake-mesh";
import { notFoundTo, type Refusals, refusalsOf } from "../../testing/page-tests";
import type { Combination, Partner } from "./views";

export const ID = "c-mf3k2a1b-0a1b2c3d";
export const NAME = `combinations/${ID}`;
export const PATH = `/combinations/${ID}`;

const partner = (id: string, displayName: string, kind: string, status = "PARTNER_STATUS_ACTIVE") => ({
  name: `partners/${id}`,
  displayName,
  kind,
  status,
});
/** The directory: the OPCC, four partnerships (one already combined) and the parties of the proposal. */
export const DIRECTORY = [
  partner("opcc-kent", "Office of the Kent PCC", "PARTNER_KIND_OPCC"),
  partner("csp-dover", "Dover CSP", "PARTNER_KIND_CSP"),
  partner("csp-maidstone", "Maidstone CSP", "PARTNER_KIND_CSP"),
  partner("csp-swale", "Swale CSP", "PARTNER_KIND_CSP", "PARTNER_STATUS_MERGED"),
  partner("csp-kent-county", "Kent County CSP", "PARTNER_KIND_COUNTY_CSP"),
  partner("csp-dover-maidstone", "Dover and Maidstone CSP", "PARTNER_KIND_CSP"),
  partner("dover-council", "Dover District Council", "PARTNER_KIND_RESPONSIBLE_AUTHORITY"),
  partner("maidstone-council", "Maidstone Borough Council", "PARTNER_KIND_RESPONSIBLE_AUTHORITY"),
  partner("kent-police", "Kent Police", "PARTNER_KIND_RESPONSIBLE_AUTHORITY"),
  partner("kent-county-council", "Kent County Council", "PARTNER_KIND_RESPONSIBLE_AUTHORITY"),
];

/** The directory answers ListPartners by kind and status, as the service does (the frame asks for every partner). */
export function answerDirectory(mesh: FakeMesh): void {
  mesh.downstream.on("directory", "ListPartners", (req) => ({
    partners: DIRECTORY.filter(
      (p) =>
        (!req.kind || req.kind === "PARTNER_KIND_UNSPECIFIED" || p.kind === req.kind) &&
        (!req.status || req.status === "PARTNER_STATUS_UNSPECIFIED" || p.status === req.status),
    ),
    nextPageToken: "",
  }));
}

export const PARTIES = [
  "partners/dover-council",
  "partners/kent-county-council",
  "partners/kent-police",
  "partners/maidstone-council",
];
const consent = (party: string, over: Partial<Combination["consents"][number]> = {}) => ({
  party,
  answer: "CONSENT_ANSWER_CONSENTED" as const,
  reasons: "",
  onBehalf: null,
  recordedBy: "people/kent-police-analyst",
  recordedByDisplayName: "Ruth Adams",
  recordTime: ts("2031-03-02T10:00:00Z"),
  ...over,
});
/** Kent Police consented itself; the OPCC recorded Kent County Council's consent on its decision. */
const TWO_CONSENTS = [
  consent("partners/kent-county-council", {
    onBehalf: { decisionReference: "KCC/2031/14", decisionDate: "2031-03-01" },
    recordedBy: "people/opcc-staff-1",
    recordedByDisplayName: "Priya Shah",
    recordTime: ts("2031-03-03T10:00:00Z"),
  }),
  consent("partners/kent-police"),
];
const ALL_CONSENTS = [
  consent("partners/dover-council", { recordedBy: "people/dover-council-officer", recordedByDisplayName: "Dee Cole" }),
  ...TWO_CONSENTS,
  consent("partners/maidstone-council", { recordedByDisplayName: "Max Hale" }),
];

/** Dover and Maidstone proposed by the OPCC, two of the four parties answered. */
export const combination = (over: Partial<Combination> = {}): Combination => ({
  name: NAME,
  terms: {
    areas: ["partners/csp-dover", "partners/csp-maidstone"],
    combinedName: "Dover and Maidstone CSP",
    rationale: "Shared town centres and one night-time economy.",
    governance: "A joint board meeting quarterly.",
    localDelivery: "Each district keeps its local tasking group.",
    scrutiny: "Scrutinised by a joint committee of both councils.",
    effectiveDate: "2031-04-01",
    varies: "",
  },
  state: "COMBINATION_STATE_PROPOSED",
  parties: PARTIES,
  acrossPoliceAreas: false,
  consents: TWO_CONSENTS,
  outstanding: ["partners/dover-council", "partners/maidstone-council"],
  decision: null,
  agreement: null,
  combinedPartner: "",
  effectTime: null,
  ending: null,
  endTime: null,
  proposedBy: "people/opcc-staff-1",
  proposedByDisplayName: "Priya Shah",
  etag: "e1",
  createTime: ts("2031-03-01T09:00:00Z"),
  updateTime: null,
  variedBy: "",
  documents: [],
  ...over,
});

/** Every party has consented: the PCC may decide. */
export const consented = (over: Partial<Combination> = {}): Combination =>
  combination({ consents: ALL_CONSENTS, outstanding: [], ...over });

const decision = (approve: boolean) => ({
  approve,
  interests: approve
    ? [{ interest: "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER" as const, reasons: "One tasking for one town." }]
    : [],
  reasons: approve ? "" : "The councils' scrutiny is not yet agreed.",
  cooperationArrangements: "",
  secretaryOfState: null,
  decidedBy: "people/opcc-staff-1",
  decidedByDisplayName: "Priya Shah",
  decideTime: ts("2031-03-10T10:00:00Z"),
});
export const approved = (over: Partial<Combination> = {}): Combination =>
  consented({ state: "COMBINATION_STATE_APPROVED", decision: decision(true), ...over });
export const declined = (): Combination =>
  consented({ state: "COMBINATION_STATE_DECLINED", decision: decision(false) });
export const inForce = (): Combination =>
  approved({
    state: "COMBINATION_STATE_IN_FORCE",
    agreement: {
      text: "The parties agree to combine as set out.",
      sha256: "ab".repeat(32),
      date: "2031-03-20",
      recordedBy: "people/opcc-staff-1",
      recordedByDisplayName: "Priya Shah",
      recordTime: ts("2031-03-20T10:00:00Z"),
    },
    combinedPartner: "partners/csp-dover-maidstone",
    effectTime: ts("2031-04-01T00:00:00Z"),
  });

/** A partner as GetPartner answers. */
export const lineagePartner = (over: Partial<Partner> = {}): Partner =>
  ({
    name: "partners/csp-dover-maidstone",
    displayName: "Dover and Maidstone CSP",
    kind: "PARTNER_KIND_CSP",
    authoritySubtype: "AUTHORITY_SUBTYPE_UNSPECIFIED",
    status: "PARTNER_STATUS_ACTIVE",
    mergedInto: "",
    members: PARTIES,
    classification: "CLASSIFICATION_OFFICIAL",
    etag: "",
    createTime: null,
    updateTime: null,
    demo: false,
    orgIdentifier: "",
    area: null,
    accountableBody: "",
    predecessors: ["partners/csp-dover", "partners/csp-maidstone"],
    successors: [],
    combination: NAME,
    ...over,
  }) as Partner;

/** What the people of `people` get from an OPCC-only step, and the OPCC at a malformed address. */
export const othersPosting = (mesh: FakeMesh, people: string[], path: string): Promise<Refusals> =>
  refusalsOf(mesh, people, "POST", path, path.replace(ID, "Not_an_id"));
export { notFoundTo };
