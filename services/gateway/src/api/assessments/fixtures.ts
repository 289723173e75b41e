/**
 * What the assessment REST routes' tests share: a cycle, a contribution and its content, the compiled
 * picture and an edition as the assessments service answers them, and which file tests which route.
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import { type RouteSplit, ts } from "../testing";

/** The area's routes by the file whose table tests them (routes.test.ts checks the split is whole). */
export const TESTED_IN: RouteSplit = {
  "cycles.test.ts": [
    "GET /v1/assessments",
    "POST /v1/assessments",
    "GET /v1/assessments/{id}",
    "GET /v1/assessments/{id}/progress",
  ],
  "contributions.test.ts": [
    "POST /v1/assessments/{id}/draft",
    "POST /v1/assessments/{id}/submit",
    "GET /v1/assessments/{id}/contributions",
    "GET /v1/assessments/{id}/contributions/{partner}",
    "POST /v1/assessments/{id}/contributions/{partner}/return",
    "POST /v1/assessments/{id}/contributions/{partner}/accept",
    "POST /v1/assessments/{id}/contributions/{partner}/responses",
  ],
  "editions.test.ts": [
    "GET /v1/assessments/{id}/compilation",
    "POST /v1/assessments/{id}/editions",
    "GET /v1/assessments/{id}/editions",
    "GET /v1/assessment-editions",
    "GET /v1/assessments/{id}/editions/{number}",
    "GET /v1/assessments/{id}/editions/{number}/export",
  ],
};

export const ID = "a-2026-27-abcdef12";
export const CYCLE = `assessments/${ID}`;
export const CONTRIBUTION = `${CYCLE}/contributions/csp-dover`;

export const cycle = {
  name: CYCLE,
  year: "2026/27",
  title: "Joint strategic assessment 2026/27",
  dueTime: ts("2026-09-30T16:00:00Z"),
  partners: ["partners/csp-dover"],
  allActiveCsps: false,
  template: { taxonomyVersion: "2026.1", themes: [{ code: "ASB", title: "Anti-social behaviour" }], indicators: [] },
  compileFrom: "COMPILE_FROM_ACCEPTED",
  classification: "CLASSIFICATION_OFFICIAL",
  owner: "partners/opcc-kent",
  createdBy: "people/opcc-staff-1",
  createTime: ts("2026-04-01T09:00:00Z"),
  updateTime: ts("2026-04-01T09:00:00Z"),
  etag: "W/1",
  partnerDisplayNames: { "partners/csp-dover": "Dover CSP" },
};

export const contribution = (state = "CONTRIBUTION_STATE_DRAFT") => ({
  name: CONTRIBUTION,
  cycle: CYCLE,
  partner: "partners/csp-dover",
  state,
  draft: null,
  unsubmittedChanges: false,
  versions: [],
  responses: [],
  classification: "CLASSIFICATION_OFFICIAL",
  updateTime: ts("2026-05-01T09:00:00Z"),
  etag: "W/4",
});

export const compilation = {
  name: `${CYCLE}/compilation`,
  cycle: CYCLE,
  compileFrom: "COMPILE_FROM_ACCEPTED",
  taxonomyVersion: "2026.1",
  inputs: [
    { partner: "partners/csp-dover", version: 1, sha256: "aa".repeat(32), state: "CONTRIBUTION_STATE_ACCEPTED" },
  ],
  gaps: [],
  priorities: [],
  indicators: [],
  sha256: "bb".repeat(32),
  compileTime: ts("2026-10-01T09:00:00Z"),
};

export const edition = (number: number) => ({
  name: `${CYCLE}/editions/${number}`,
  cycle: CYCLE,
  number,
  year: "2026/27",
  title: "Joint strategic assessment 2026/27",
  note: "",
  compilation,
  inputs: [],
  sha256: "cc".repeat(32),
  publishedBy: "people/opcc-staff-1",
  publishedByDisplayName: "OPCC Staff",
  publishTime: ts("2026-10-02T09:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  partnerDisplayNames: {},
});

export const content = {
  priorities: [{ rank: 1, code: "ASB", rationale: "Up 20%" }],
  indicators: [{ code: "ASB_INCIDENTS", value: 1234, unit: "UNIT_COUNT" }],
  population: 118_000,
};
export const contentSent = {
  priorities: [{ rank: 1, code: "ASB", emergingTitle: "", rationale: "Up 20%", evidence: "" }],
  indicators: [
    { code: "ASB_INCIDENTS", value: 1234, unit: "UNIT_COUNT", period: "", trend: "TREND_UNSPECIFIED", source: "" },
  ],
  population: 118_000,
  emergingThreats: "",
  communityViews: "",
  narrative: "",
};
