/** The report request REST routes over a fake reports service: a partnership's draft and submissions, the OPCC's review, and published reports. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, type RouteTests, refusedFields, rest } from "../testing";
import { ATTACHMENT, ID, NAME, reportRequest, submission, TESTED_IN } from "./fixtures";
import { requestRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
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
    "the partner as a submission names it (partners/<id>, escaped) asks for the same version": async () => {
      mesh.downstream.on("reports", "GetSubmission", submission(2));
      const r = await rest(mesh, "GET", `/v1/report-requests/${ID}/submissions/partners%2Fcsp-dover/versions/2`);
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("reports", "GetSubmission")).toEqual([
        { name: `${NAME}/submissions/csp-dover/versions/2` },
      ]);
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

describe("report request REST routes over a fake reports service: submissions", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(requestRoutes(mesh.downstream.api, 1024 * 1024), routes, TESTED_IN["submissions.test.ts"])).toEqual(
      { untested: [], unknown: [] },
    );
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
