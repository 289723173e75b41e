/** The report request REST routes over a fake reports service: requests listed, created, read, acknowledged and withdrawn, and their history. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, type RouteTests, rest, ts } from "../testing";
import { createBody, ID, NAME, reportRequest, TESTED_IN } from "./fixtures";
import { requestRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

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
            objective: "",
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
};

describe("report request REST routes over a fake reports service: requests", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(
      coverage(requestRoutes(mesh.downstream.api, 1024 * 1024), routes, TESTED_IN["report-requests.test.ts"]),
    ).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
