/**
 * What the report-request area's page tests share: a request to two partnerships as the reports
 * service answers it, its submissions and drafts, attachments and their download, and the answers
 * every test starts from. No jest globals here: this module is compiled with the gateway's sources.
 */
import { ts } from "../../api/testing";
import type { Reply } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import type { FakeMesh } from "../../testing/fake-mesh";

type RequestView = Reply<"reports", "GetReportRequest">;
type Addressee = RequestView["addressees"][number];
type Section = RequestView["sections"][number];
type Submission = Reply<"reports", "GetSubmission">;
export type Answer = Submission["answers"][number];

/** 5pm on 1 July 2027 in London. */
const DUE = ts("2027-07-01T16:00:00Z");

const section = (id: string, title: string, type: Section["type"], over: Partial<Section> = {}): Section => ({
  id,
  title,
  help: "",
  type,
  required: true,
  options: [],
  ...over,
});
export const addressee = (partner: string, state: Addressee["state"], over: Partial<Addressee> = {}): Addressee => ({
  partner,
  state,
  overdue: false,
  latestVersion: 0,
  reasons: "",
  updateTime: ts("2027-06-20T09:00:00Z"),
  ...over,
});
export const request = (over: Partial<RequestView> = {}): RequestView => ({
  name: "reportRequests/rq-1",
  requester: "partners/opcc-kent",
  addressees: [
    addressee("partners/csp-dover", "ADDRESSEE_STATE_SUBMITTED", { latestVersion: 2 }),
    addressee("partners/csp-maidstone", "ADDRESSEE_STATE_REQUESTED", { overdue: true }),
  ],
  title: "Retail crime",
  issueOfConcern: "Shop theft in town centres",
  sections: [
    section("q1", "Summary", "SECTION_TYPE_TEXT"),
    section("q2", "Incidents", "SECTION_TYPE_NUMBER"),
    section("q3", "Last operation", "SECTION_TYPE_DATE", { required: false }),
  ],
  dueTime: DUE,
  classification: "CLASSIFICATION_OFFICIAL",
  legalBasis: "LEGAL_BASIS_INFORMAL",
  formalS7: null,
  withdrawn: false,
  etag: "e1",
  createTime: ts("2027-06-01T09:00:00Z"),
  updateTime: null,
  createdBy: "people/opcc-staff-1",
  objective: "",
  objectiveTitle: "",
  ...over,
});
export const attachment = (id: string, filename: string, sizeBytes = "2048") => ({
  name: `attachments/${id}`,
  filename,
  contentType: "application/pdf",
  sizeBytes,
  sha256: "",
});
export const submission = (version: number, answers: Answer[], over: Partial<Submission> = {}): Submission => ({
  name: `reportRequests/rq-1/submissions/csp-dover/versions/${version}`,
  reportRequest: "reportRequests/rq-1",
  partner: "partners/csp-dover",
  version,
  answers,
  attachments: [],
  contentSha256: `${version}`.repeat(64),
  author: "people/dover-officer",
  createTime: ts("2027-06-20T09:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  published: false,
  authorDisplayName: "Sam Patel",
  ...over,
});
export const draft = (answers: Answer[], over: Partial<Submission> = {}): Submission =>
  submission(0, answers, { name: "reportRequests/rq-1/submissions/csp-dover/draft", contentSha256: "", ...over });
export const list = (
  reportRequests: RequestView[],
  extra: Partial<Reply<"reports", "ListReportRequests">> = {},
): Reply<"reports", "ListReportRequests"> => ({
  reportRequests,
  nextPageToken: "",
  stateCounts: [],
  overdueCount: 0,
  awaitingCount: 0,
  ...extra,
});

export const ATTACHMENT_ID = "0123456789abcdef01234567";

/** What every test starts from: no calls recorded; the request, with no history, submissions or draft. */
export function answerRequest(mesh: FakeMesh): void {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("reports", "GetReportRequest", request())
    .on("reports", "ListReportRequestHistory", { entries: [], nextPageToken: "" })
    .on("reports", "ListSubmissions", { submissions: [], nextPageToken: "" })
    .on("reports", "GetDraft", () => {
      throw grpcError("NOT_FOUND", "no draft");
    });
}

/** What a download of an attachment streams: its facts, then its bytes in two chunks. */
export function download(bytes: Buffer, filename: string) {
  return async function* () {
    yield {
      part: "metadata",
      metadata: {
        ...attachment(ATTACHMENT_ID, filename, String(bytes.length)),
        reportRequest: "reportRequests/rq-1",
        partner: "partners/csp-dover",
        sha256: "ab".repeat(32),
        createTime: null,
      },
    };
    yield { part: "chunk", chunk: bytes.subarray(0, 10) };
    yield { part: "chunk", chunk: bytes.subarray(10) };
  };
}
