import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import {
  coverage,
  grpcError,
  postDeclaring,
  type RouteTests,
  readUpload,
  refusedFields,
  rest,
  streamOf,
  ts,
} from "../testing";
import { requestRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const ID = "rr-2026-0001";
const NAME = `reportRequests/${ID}`;
const ATTACHMENT = "0123456789abcdef01234567";

const reportRequest = {
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
};

const submission = (version: number) => ({
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

const attachment = {
  name: `attachments/${ATTACHMENT}`,
  reportRequest: NAME,
  partner: "partners/csp-dover",
  filename: "report.pdf",
  contentType: "application/pdf",
  sizeBytes: "17",
  sha256: "ef".repeat(32),
  createTime: ts("2026-04-02T11:00:00Z"),
};

const createBody = {
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

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
  "GET /v1/report-requests": {
    "maps every filter to ListReportRequests: partners/<id>, booleans, Timestamps, q as query": async () => {
      const list = {
        reportRequests: [reportRequest],
        nextPageToken: "p2",
        stateCounts: [{ state: "ADDRESSEE_STATE_SUBMITTED", count: 1 }],
        overdueCount: 0,
        awaitingCount: 3,
      };
      mesh.downstream.on("reports", "ListReportRequests", list);
      const query = new URLSearchParams({
        pageSize: "20",
        pageToken: "p1",
        state: "ADDRESSEE_STATE_SUBMITTED",
        addressee: "csp-dover",
        overdueOnly: "true",
        dueAfter: "2026-04-01T00:00:00+01:00",
        dueBefore: "2026-05-01T00:00:00Z",
        legalBasis: "LEGAL_BASIS_FORMAL_S7",
        q: "night economy",
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        awaitingPartner: "false",
        orderBy: "due_time desc",
      });
      const r = await rest(mesh, "GET", `/v1/report-requests?${query}`);
      expect([r.status, r.json]).toEqual([200, list]);
      const [sent] = mesh.downstream.requests("reports", "ListReportRequests");
      expect(sent).toEqual({
        pageSize: 20,
        pageToken: "p1",
        state: "ADDRESSEE_STATE_SUBMITTED",
        addressee: "partners/csp-dover",
        overdueOnly: true,
        dueAfter: { seconds: String(Date.UTC(2026, 2, 31, 23) / 1000), nanos: 0 },
        dueBefore: { seconds: String(Date.UTC(2026, 4, 1) / 1000), nanos: 0 },
        legalBasis: "LEGAL_BASIS_FORMAL_S7",
        query: "night economy",
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        awaitingPartner: false,
        orderBy: "due_time desc",
      });
      expect(sent).not.toHaveProperty("q");
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "without filters asks for everything: empty addressee and query, no due range, flags false": async () => {
      mesh.downstream.on("reports", "ListReportRequests", {
        reportRequests: [],
        nextPageToken: "",
        stateCounts: [],
        overdueCount: 0,
        awaitingCount: 0,
      });
      const r = await rest(mesh, "GET", "/v1/report-requests", { as: "officer" });
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("reports", "ListReportRequests")).toEqual([
        {
          pageSize: 0,
          pageToken: "",
          query: "",
          addressee: "",
          overdueOnly: false,
          awaitingPartner: false,
          dueBefore: null,
          dueAfter: null,
        },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a due date without an offset, and an order it does not offer, are 400 naming both": async () => {
      const r = await rest(mesh, "GET", "/v1/report-requests?dueBefore=2026-05-01&orderBy=name");
      expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
      expect(r.json).toMatchObject({ errors: [{ field: "due_before" }, { field: "order_by" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/report-requests": {
    "creates it with the schema's defaults and the due time as a Timestamp: 201 with the request": async () => {
      mesh.downstream.on("reports", "CreateReportRequest", reportRequest);
      const r = await rest(mesh, "POST", "/v1/report-requests", { body: createBody });
      expect([r.status, r.json]).toEqual([201, reportRequest]);
      expect(mesh.downstream.requests("reports", "CreateReportRequest")).toEqual([
        {
          reportRequest: {
            title: "Night-time economy",
            issueOfConcern: "Violence in the night-time economy",
            addressees: [{ partner: "partners/csp-dover" }],
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
            dueTime: { seconds: String(Date.UTC(2026, 5, 30, 16) / 1000), nanos: 0 },
            classification: "CLASSIFICATION_OFFICIAL",
            legalBasis: "LEGAL_BASIS_INFORMAL",
          },
          allActiveCsps: false,
          requestId: "create-rr-1",
        },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "a short title, no questions and a due time that is not RFC 3339 are 400 naming each; nothing is asked":
      async () => {
        const body = {
          ...createBody,
          reportRequest: { ...createBody.reportRequest, title: "NTE", sections: [], dueTime: "next Friday" },
        };
        const r = await rest(mesh, "POST", "/v1/report-requests", { body });
        expect([r.status, r.type]).toEqual([400, "application/problem+json"]);
        expect(r.json).toMatchObject({
          detail: expect.stringContaining("invalid body"),
          errors: [
            { field: "report_request.title" },
            { field: "report_request.sections", description: "ask at least one question" },
            { field: "report_request.due_time" },
          ],
        });
        expect(mesh.downstream.calls).toEqual([]);
      },
    "a rule only the service knows (a due date in the past) is 422 with its words": async () => {
      mesh.downstream.on("reports", "CreateReportRequest", () => {
        throw grpcError("INVALID_ARGUMENT", "the due date must be in the future");
      });
      const r = await rest(mesh, "POST", "/v1/report-requests", { body: createBody });
      expect([r.status, r.type]).toEqual([422, "application/problem+json"]);
      expect(r.json).toEqual({
        type: "https://csp-mesh.example/problems/unprocessable-request",
        title: "Unprocessable request",
        status: 422,
        detail: "the due date must be in the future",
      });
    },
    "a JSON route given another media type is 415, and nothing is asked": async () => {
      const r = await rest(mesh, "POST", "/v1/report-requests", {
        raw: Buffer.from(JSON.stringify(createBody)),
        headers: { "content-type": "text/plain" },
      });
      expect([r.status, r.type]).toEqual([415, "application/problem+json"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/report-requests/{id}": {
    "asks GetReportRequest for reportRequests/<id>": async () => {
      mesh.downstream.on("reports", "GetReportRequest", reportRequest);
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, reportRequest]);
      expect(mesh.downstream.requests("reports", "GetReportRequest")).toEqual([{ name: NAME }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "PERMISSION_DENIED (another partnership's request) is 403": async () => {
      mesh.downstream.on("reports", "GetReportRequest", () => {
        throw grpcError("PERMISSION_DENIED", "not addressed to your partnership");
      });
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}`, { as: "officer" });
      expect([r.status, r.type]).toEqual([403, "application/problem+json"]);
      expect(r.json).toMatchObject({ status: 403, detail: "not addressed to your partnership" });
    },
    "an error that is not a gRPC refusal is 500 without its message": async () => {
      mesh.downstream.on("reports", "GetReportRequest", () => {
        throw new Error("secret internals: connection string postgres://x");
      });
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}`);
      expect([r.status, r.type]).toEqual([500, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Internal error", detail: "internal error" });
      expect(r.text).not.toContain("secret");
    },
    "INTERNAL from a service is 500 without its details": async () => {
      mesh.downstream.on("reports", "GetReportRequest", () => {
        throw grpcError("INTERNAL", "stack trace at reports/store.ts:12");
      });
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}`);
      expect(r.status).toBe(500);
      expect(r.json).toMatchObject({ detail: "internal error" });
    },
  },
  "GET /v1/report-requests/{id}/history": {
    "asks for the request's history with paging": async () => {
      const history = {
        entries: [
          {
            time: ts("2026-04-02T10:00:00Z"),
            actor: "people/dover-officer",
            partner: "partners/csp-dover",
            action: "submitted",
            fromState: "ADDRESSEE_STATE_DRAFT",
            toState: "ADDRESSEE_STATE_SUBMITTED",
            version: 2,
            reasons: "",
          },
        ],
        nextPageToken: "",
      };
      mesh.downstream.on("reports", "ListReportRequestHistory", history);
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}/history?pageSize=100&pageToken=h1`);
      expect([r.status, r.json]).toEqual([200, history]);
      expect(mesh.downstream.requests("reports", "ListReportRequestHistory")).toEqual([
        { name: NAME, pageSize: 100, pageToken: "h1" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
  },
  "POST /v1/report-requests/{id}/acknowledge": {
    "acknowledges reportRequests/<id> with the idempotency key": async () => {
      mesh.downstream.on("reports", "AcknowledgeReportRequest", reportRequest);
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/acknowledge`, {
        as: "officer",
        body: { requestId: "ack-1" },
      });
      expect([r.status, r.json]).toEqual([200, reportRequest]);
      expect(mesh.downstream.requests("reports", "AcknowledgeReportRequest")).toEqual([
        { name: NAME, requestId: "ack-1" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "with no body at all: no idempotency key": async () => {
      mesh.downstream.on("reports", "AcknowledgeReportRequest", reportRequest);
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/acknowledge`, { as: "officer" });
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("reports", "AcknowledgeReportRequest")).toEqual([{ name: NAME, requestId: "" }]);
    },
    "an idempotency key with spaces is 400 naming request_id": async () => {
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/acknowledge`, { body: { requestId: "a b" } });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "request_id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/report-requests/{id}/withdraw": {
    "withdraws from partners/<id> with the reasons": async () => {
      mesh.downstream.on("reports", "WithdrawReportRequest", { ...reportRequest, withdrawn: true });
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/withdraw`, {
        body: { partner: "csp-dover", reasons: "No longer needed" },
      });
      expect([r.status, (r.json as { withdrawn: boolean }).withdrawn]).toEqual([200, true]);
      expect(mesh.downstream.requests("reports", "WithdrawReportRequest")).toEqual([
        { name: NAME, partner: "partners/csp-dover", reasons: "No longer needed", requestId: "" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "from everyone when no partner is named": async () => {
      mesh.downstream.on("reports", "WithdrawReportRequest", reportRequest);
      await rest(mesh, "POST", `/v1/report-requests/${ID}/withdraw`, { body: { reasons: "Superseded by a new one" } });
      expect(mesh.downstream.requests("reports", "WithdrawReportRequest")).toEqual([
        { name: NAME, partner: "", reasons: "Superseded by a new one", requestId: "" },
      ]);
    },
    "reasons too short is 400 naming reasons": async () => {
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/withdraw`, { body: { reasons: "no" } });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "reasons", description: "say why (at least 5 characters)" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/report-requests/{id}/draft": {
    "asks GetDraft for the request as parent": async () => {
      mesh.downstream.on("reports", "GetDraft", submission(0));
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}/draft`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, submission(0)]);
      expect(mesh.downstream.requests("reports", "GetDraft")).toEqual([{ parent: NAME }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
  "PUT /v1/report-requests/{id}/draft": {
    "saves the answers and attachments given (unknown answer fields dropped)": async () => {
      mesh.downstream.on("reports", "SaveDraft", submission(0));
      const r = await rest(mesh, "PUT", `/v1/report-requests/${ID}/draft`, {
        as: "officer",
        body: {
          answers: [
            { sectionId: "q1", text: "Rising after midnight", score: 3 },
            { sectionId: "q2", number: 12 },
          ],
          attachments: [`attachments/${ATTACHMENT}`],
        },
      });
      expect([r.status, r.json]).toEqual([200, submission(0)]);
      expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
        {
          parent: NAME,
          answers: [
            { sectionId: "q1", text: "Rising after midnight" },
            { sectionId: "q2", number: 12 },
          ],
          attachments: [`attachments/${ATTACHMENT}`],
        },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "an attachment that is not attachments/<id> is 400 naming its index": async () => {
      const r = await rest(mesh, "PUT", `/v1/report-requests/${ID}/draft`, {
        body: { attachments: ["files/report.pdf"] },
      });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "attachments[0]" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/report-requests/{id}/submissions": {
    "asks for one partnership's versions as partners/<id>, with paging": async () => {
      const list = { submissions: [submission(2), submission(1)], nextPageToken: "" };
      mesh.downstream.on("reports", "ListSubmissions", list);
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}/submissions?partner=csp-dover&pageSize=5`);
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("reports", "ListSubmissions")).toEqual([
        { parent: NAME, pageSize: 5, pageToken: "", partner: "partners/csp-dover" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "every partnership's when none is named": async () => {
      mesh.downstream.on("reports", "ListSubmissions", { submissions: [], nextPageToken: "" });
      await rest(mesh, "GET", `/v1/report-requests/${ID}/submissions`);
      expect(mesh.downstream.requests("reports", "ListSubmissions")).toEqual([
        { parent: NAME, pageSize: 0, pageToken: "", partner: "" },
      ]);
    },
  },
  "POST /v1/report-requests/{id}/submissions": {
    "submits from the draft: 201 with the new version": async () => {
      mesh.downstream.on("reports", "SubmitReport", submission(3));
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/submissions`, {
        as: "officer",
        body: { fromDraft: true, requestId: "submit-3" },
      });
      expect([r.status, r.json]).toEqual([201, submission(3)]);
      expect(mesh.downstream.requests("reports", "SubmitReport")).toEqual([
        { parent: NAME, fromDraft: true, answers: [], attachments: [], requestId: "submit-3" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "the service's field violations come back as 422 naming them": async () => {
      mesh.downstream.on("reports", "SubmitReport", () => {
        throw refusedFields("answers are missing", [
          { field: "answers[0].text", description: "required" },
          { field: "answers[1].number", description: "at most 100" },
        ]);
      });
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/submissions`, {
        as: "officer",
        body: { answers: [{ sectionId: "q1", text: "" }] },
      });
      expect([r.status, r.type]).toEqual([422, "application/problem+json"]);
      expect(r.json).toMatchObject({
        status: 422,
        detail: "answers are missing",
        errors: [
          { field: "answers[0].text", description: "required" },
          { field: "answers[1].number", description: "at most 100" },
        ],
      });
    },
    "ABORTED (a concurrent change) is 409": async () => {
      mesh.downstream.on("reports", "SubmitReport", () => {
        throw grpcError("ABORTED", "changed meanwhile; retry");
      });
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/submissions`, { body: { fromDraft: true } });
      expect([r.status, r.type]).toEqual([409, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Conflict" });
    },
  },
  "GET /v1/report-requests/{id}/submissions/{partner}/versions/{version}": {
    "asks for <request>/submissions/<partner>/versions/<n>": async () => {
      mesh.downstream.on("reports", "GetSubmission", submission(2));
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}/submissions/csp-dover/versions/2`, { as: "panel" });
      expect([r.status, r.json]).toEqual([200, submission(2)]);
      expect(mesh.downstream.requests("reports", "GetSubmission")).toEqual([
        { name: `${NAME}/submissions/csp-dover/versions/2` },
      ]);
      expect(tokens()).toEqual(["token-panel"]);
    },
    "version 0 and a version that is not a number are 400 naming version": async () => {
      for (const v of ["0", "two"]) {
        const r = await rest(mesh, "GET", `/v1/report-requests/${ID}/submissions/csp-dover/versions/${v}`);
        expect([v, r.status]).toEqual([v, 400]);
        expect(r.json).toMatchObject({ errors: [{ field: "version" }] });
      }
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/report-requests/{id}/review": {
    "returns a version to partners/<id> with reasons": async () => {
      mesh.downstream.on("reports", "ReviewSubmission", reportRequest);
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/review`, {
        body: { partner: "csp-dover", version: 2, decision: "REVIEW_DECISION_RETURN", reasons: "Add the figures" },
      });
      expect([r.status, r.json]).toEqual([200, reportRequest]);
      expect(mesh.downstream.requests("reports", "ReviewSubmission")).toEqual([
        {
          name: NAME,
          partner: "partners/csp-dover",
          version: 2,
          decision: "REVIEW_DECISION_RETURN",
          reasons: "Add the figures",
          requestId: "",
        },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "no decision and version 0 are 400 naming both": async () => {
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/review`, {
        body: { partner: "partners/csp-dover", version: 0 },
      });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({
        errors: [{ field: "version", description: "name the version reviewed" }, { field: "decision" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "FAILED_PRECONDITION (not the latest version) is 409": async () => {
      mesh.downstream.on("reports", "ReviewSubmission", () => {
        throw grpcError("FAILED_PRECONDITION", "version 1 is not the latest");
      });
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/review`, {
        body: { partner: "csp-dover", version: 1, decision: "REVIEW_DECISION_ACCEPT" },
      });
      expect([r.status, r.json]).toEqual([
        409,
        expect.objectContaining({ title: "Not possible now", detail: "version 1 is not the latest" }),
      ]);
    },
  },
  "POST /v1/report-requests/{id}/attachments": {
    "streams the raw body into UploadAttachment, metadata first, then the chunks as they came: 201": async () => {
      let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
      mesh.downstream.on("reports", "UploadAttachment", async (messages, caller) => {
        sent = await readUpload(messages);
        return { ...attachment, partner: caller.partner };
      });
      const parts = [Buffer.from("%PDF-1.7\n"), Buffer.from([0, 1, 2, 255]), Buffer.from("%%EOF")];
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/attachments?filename=report.pdf`, {
        as: "officer",
        raw: streamOf(parts),
        headers: { "content-type": "application/pdf" },
      });
      expect([r.status, r.json]).toEqual([201, attachment]);
      expect(sent?.first).toEqual({ metadata: { parent: NAME, filename: "report.pdf" } });
      expect(sent?.order[0]).toBe("metadata");
      expect(sent?.order.slice(1).every((m) => m === "chunk")).toBe(true);
      expect(sent?.bytes.equals(Buffer.concat(parts))).toBe(true);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a declared size over the limit is 413 before anything is streamed": async () => {
      const r = await postDeclaring(mesh, `/v1/report-requests/${ID}/attachments?filename=big.pdf`, 2 * 1024 * 1024);
      expect([r.status, r.type]).toEqual([413, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Too large" });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a file name with a path, or none, is 400 naming filename; nothing is streamed": async () => {
      for (const q of ["?filename=..%2Fetc%2Fpasswd", ""]) {
        const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/attachments${q}`, {
          raw: Buffer.from("x"),
          headers: { "content-type": "application/pdf" },
        });
        expect([q, r.status]).toEqual([q, 400]);
        expect(r.json).toMatchObject({ errors: [{ field: "filename" }] });
      }
      expect(mesh.downstream.calls).toEqual([]);
    },
    "the service's refusal of the file (its type) is 422": async () => {
      mesh.downstream.on("reports", "UploadAttachment", async (messages) => {
        await readUpload(messages);
        throw refusedFields("not an accepted file type", [
          { field: "content_type", description: "PDF, CSV, XLSX, DOCX or ODT" },
        ]);
      });
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/attachments?filename=run.exe`, {
        as: "officer",
        raw: Buffer.from("MZ"),
        headers: { "content-type": "application/octet-stream" },
      });
      expect(r.status).toBe(422);
      expect(r.json).toMatchObject({ errors: [{ field: "content_type" }] });
    },
  },
  "GET /v1/attachments/{id}": {
    "streams DownloadAttachment's chunks out with its type, length, name and digest": async () => {
      const bytes = [Buffer.from("%PDF-1.7\n"), Buffer.from("page one\n"), Buffer.from([0, 255])];
      const total = Buffer.concat(bytes);
      const sha = "0f".repeat(32);
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield {
          part: "metadata",
          metadata: {
            filename: 'report "final".pdf',
            contentType: "application/pdf",
            sizeBytes: String(total.length),
            sha256: sha,
          },
        };
        for (const chunk of bytes) yield { part: "chunk", chunk };
      });
      const r = await rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`, { as: "officer" });
      expect(r.status).toBe(200);
      expect(r.type).toBe("application/pdf");
      expect(r.headers.get("content-length")).toBe(String(total.length));
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="report _final_.pdf"');
      expect(r.headers.get("digest")).toBe(`sha-256=${Buffer.from(sha, "hex").toString("base64")}`);
      expect(r.bytes.equals(total)).toBe(true);
      expect(mesh.downstream.requests("reports", "DownloadAttachment")).toEqual([
        { name: `attachments/${ATTACHMENT}` },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a refusal before the first byte is a problem (NOT_FOUND: 404)": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield* [];
        throw grpcError("NOT_FOUND", "no such attachment");
      });
      const r = await rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`);
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
      expect(r.json).toMatchObject({ detail: "no such attachment" });
    },
    "a token refused before the download starts is 401": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield { part: "metadata", metadata: { filename: "x.pdf", contentType: "application/pdf" } };
      });
      const r = await rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`, { token: "token-nobody" });
      expect([r.status, r.type]).toEqual([401, "application/problem+json"]);
    },
    "a failure after the first byte cuts the response off rather than ending it as if whole": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield { part: "metadata", metadata: { filename: "x.pdf", contentType: "application/pdf", sizeBytes: "100" } };
        yield { part: "chunk", chunk: Buffer.from("first part") };
        throw grpcError("UNAVAILABLE", "reports went away");
      });
      await expect(rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`)).rejects.toThrow();
    },
    "an id that is not 24 hex digits is 400 naming id": async () => {
      const r = await rest(mesh, "GET", "/v1/attachments/report.pdf");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/published-reports": {
    "asks ListPublishedReports for the page with the panel member's token": async () => {
      const list = { submissions: [{ ...submission(2), published: true }], nextPageToken: "" };
      mesh.downstream.on("reports", "ListPublishedReports", list);
      const r = await rest(mesh, "GET", "/v1/published-reports?pageSize=10", { as: "panel" });
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("reports", "ListPublishedReports")).toEqual([{ pageSize: 10, pageToken: "" }]);
      expect(tokens()).toEqual(["token-panel"]);
    },
  },
};

describe("report request REST routes over a fake reports service", () => {
  test("every report request route has a test, and every test names a route", () => {
    expect(coverage(requestRoutes(mesh.downstream.api, 1024 * 1024), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
