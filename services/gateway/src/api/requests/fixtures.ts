/**
 * What the report request REST routes' tests share: a request, its submissions and an attachment as
 * the reports service answers them, the body that creates a request, and which file tests which route.
 * No jest globals here: this module is compiled with the gateway's sources.
 */
import { type RouteSplit, ts } from "../testing";

/** The area's routes by the file whose table tests them (routes.test.ts checks the split is whole). */
export const TESTED_IN: RouteSplit = {
  "report-requests.test.ts": [
    "GET /v1/report-requests",
    "POST /v1/report-requests",
    "GET /v1/report-requests/{id}",
    "GET /v1/report-requests/{id}/history",
    "POST /v1/report-requests/{id}/acknowledge",
    "POST /v1/report-requests/{id}/withdraw",
  ],
  "submissions.test.ts": [
    "GET /v1/report-requests/{id}/draft",
    "PUT /v1/report-requests/{id}/draft",
    "GET /v1/report-requests/{id}/submissions",
    "POST /v1/report-requests/{id}/submissions",
    "GET /v1/report-requests/{id}/submissions/{partner}/versions/{version}",
    "POST /v1/report-requests/{id}/review",
    "GET /v1/published-reports",
  ],
  "attachments.test.ts": ["POST /v1/report-requests/{id}/attachments", "GET /v1/attachments/{id}"],
};

export const ID = "rr-2026-0001";
export const NAME = `reportRequests/${ID}`;
export const ATTACHMENT = "0123456789abcdef01234567";

export const reportRequest = {
  name: NAME,
  requester: "partners/opcc-kent",
  addressees: [
    {
      partner: "partners/csp-dover",
      state: "ADDRESSEE_STATE_SUBMITTED",
      overdue: false,
      latestVersion: 2,
      reasons: "",
      updateTime: ts("2026-04-02T10:00:00Z"),
    },
  ],
  title: "Night-time economy",
  issueOfConcern: "Violence in the night-time economy",
  sections: [
    {
      id: "q1",
      title: "What is happening?",
      help: "",
      type: "SECTION_TYPE_TEXT",
      required: true,
      options: [],
    },
  ],
  dueTime: ts("2026-06-30T16:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  legalBasis: "LEGAL_BASIS_INFORMAL",
  formalS7: null,
  withdrawn: false,
  etag: "W/7",
  createTime: ts("2026-04-01T10:00:00Z"),
  updateTime: ts("2026-04-02T10:00:00Z"),
  createdBy: "people/opcc-staff-1",
  objective: "",
  objectiveTitle: "",
};

export const submission = (version: number) => ({
  name: `${NAME}/submissions/csp-dover/versions/${version}`,
  reportRequest: NAME,
  partner: "partners/csp-dover",
  version,
  answers: [{ sectionId: "q1", text: "Rising after midnight" }],
  attachments: [
    {
      name: `attachments/${ATTACHMENT}`,
      filename: "figures.csv",
      contentType: "text/csv",
      sizeBytes: "120",
      sha256: "ab".repeat(32),
    },
  ],
  contentSha256: "cd".repeat(32),
  author: "people/dover-officer",
  authorDisplayName: "Dover Officer",
  createTime: ts("2026-04-02T10:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  published: false,
});

export const attachment = {
  name: `attachments/${ATTACHMENT}`,
  reportRequest: NAME,
  partner: "partners/csp-dover",
  filename: "report.pdf",
  contentType: "application/pdf",
  sizeBytes: "17",
  sha256: "ef".repeat(32),
  createTime: ts("2026-04-02T11:00:00Z"),
};

export const createBody = {
  reportRequest: {
    title: "Night-time economy",
    issueOfConcern: "Violence in the night-time economy",
    addressees: [{ partner: "partners/csp-dover" }],
    sections: [{ id: "q1", title: "What is happening?", type: "SECTION_TYPE_TEXT", required: true }],
    dueTime: "2026-06-30T17:00:00+01:00",
    legalBasis: "LEGAL_BASIS_INFORMAL",
  },
  requestId: "create-rr-1",
};
