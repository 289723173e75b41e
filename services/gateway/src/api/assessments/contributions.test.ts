/** The assessment REST routes over a fake assessments service: a partnership's draft and submission, and the OPCC's review of contributions. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, type RouteTests, rest } from "../testing";
import { CONTRIBUTION, CYCLE, content, contentSent, contribution, ID, TESTED_IN } from "./fixtures";
import { assessmentRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

/** A review of Dover's contribution: the body becomes the method's request with the contribution's name. */
function review(
  verb: string,
  method: "ReturnContribution" | "AcceptContribution" | "RecordPriorityResponse",
  body: Record<string, unknown>,
  sent: Record<string, unknown>,
): Record<string, () => Promise<void>> {
  return {
    [`sends ${method} for assessments/<id>/contributions/<partner> with the body`]: async () => {
      mesh.downstream.on("assessments", method, contribution("CONTRIBUTION_STATE_ACCEPTED"));
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/contributions/csp-dover/${verb}`, { body });
      expect([r.status, r.json]).toEqual([200, contribution("CONTRIBUTION_STATE_ACCEPTED")]);
      expect(mesh.downstream.requests("assessments", method)).toEqual([{ name: CONTRIBUTION, ...sent }]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
  };
}

const routes: RouteTests = {
  "POST /v1/assessments/{id}/draft": {
    "saves the working copy with the content's defaults filled": async () => {
      mesh.downstream.on("assessments", "SaveContributionDraft", contribution());
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/draft`, {
        as: "officer",
        body: { content, etag: "W/3" },
      });
      expect([r.status, r.json]).toEqual([200, contribution()]);
      expect(mesh.downstream.requests("assessments", "SaveContributionDraft")).toEqual([
        { cycle: CYCLE, content: contentSent, requestId: "", etag: "W/3", validateOnly: false },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a rank over 10 and a negative population are 400 naming both": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/draft`, {
        as: "officer",
        body: { content: { priorities: [{ rank: 11 }], population: -1 } },
      });
      expect(r.json).toMatchObject({
        status: 400,
        errors: [{ field: "content.priorities[0].rank" }, { field: "content.population" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "ABORTED (the etag is stale) is 409": async () => {
      mesh.downstream.on("assessments", "SaveContributionDraft", () => {
        throw grpcError("ABORTED", "the draft changed since W/3");
      });
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/draft`, {
        as: "officer",
        body: { content, etag: "W/3" },
      });
      expect([r.status, r.json]).toEqual([409, expect.objectContaining({ detail: "the draft changed since W/3" })]);
    },
  },
  "POST /v1/assessments/{id}/submit": {
    "submits the working copy when no content is given": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", contribution("CONTRIBUTION_STATE_SUBMITTED"));
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/submit`, { as: "officer", body: { requestId: "s-1" } });
      expect([r.status, r.json]).toEqual([200, contribution("CONTRIBUTION_STATE_SUBMITTED")]);
      expect(mesh.downstream.requests("assessments", "SubmitContribution")).toEqual([
        { cycle: CYCLE, requestId: "s-1", validateOnly: false },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "submits the content given, filled like a draft": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", contribution("CONTRIBUTION_STATE_SUBMITTED"));
      await rest(mesh, "POST", `/v1/assessments/${ID}/submit`, { as: "officer", body: { content } });
      expect(mesh.downstream.requests("assessments", "SubmitContribution")).toEqual([
        { cycle: CYCLE, content: contentSent, requestId: "", validateOnly: false },
      ]);
    },
  },
  "GET /v1/assessments/{id}/contributions": {
    "asks ListContributions for the cycle's page": async () => {
      const list = { contributions: [contribution()], nextPageToken: "" };
      mesh.downstream.on("assessments", "ListContributions", list);
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/contributions?pageSize=100`);
      expect([r.status, r.json]).toEqual([200, list]);
      expect(mesh.downstream.requests("assessments", "ListContributions")).toEqual([
        { cycle: CYCLE, pageSize: 100, pageToken: "" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
  },
  "GET /v1/assessments/{id}/contributions/{partner}": {
    "asks GetContribution for assessments/<id>/contributions/<partner>": async () => {
      mesh.downstream.on("assessments", "GetContribution", contribution());
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/contributions/csp-dover`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, contribution()]);
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: CONTRIBUTION }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "NOT_FOUND is 404": async () => {
      mesh.downstream.on("assessments", "GetContribution", () => {
        throw grpcError("NOT_FOUND", "not addressed to csp-deal");
      });
      const r = await rest(mesh, "GET", `/v1/assessments/${ID}/contributions/csp-deal`);
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
    },
  },
  "POST /v1/assessments/{id}/contributions/{partner}/return": {
    ...review(
      "return",
      "ReturnContribution",
      { version: 2, reasons: "Add the evidence for priority 1" },
      { version: 2, reasons: "Add the evidence for priority 1", requestId: "" },
    ),
    "reasons under 10 characters are 400 naming reasons": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/contributions/csp-dover/return`, {
        body: { version: 2, reasons: "Redo" },
      });
      expect(r.json).toMatchObject({
        status: 400,
        errors: [{ field: "reasons", description: "say what must change (at least 10 characters)" }],
      });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/assessments/{id}/contributions/{partner}/accept": {
    ...review("accept", "AcceptContribution", { version: 2, requestId: "acc-2" }, { version: 2, requestId: "acc-2" }),
    "no version is 400 naming version": async () => {
      const r = await rest(mesh, "POST", `/v1/assessments/${ID}/contributions/csp-dover/accept`, { body: {} });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "version" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/assessments/{id}/contributions/{partner}/responses": {
    ...review(
      "responses",
      "RecordPriorityResponse",
      { priorityKey: "ASB", response: "Objective 2 of the plan addresses it" },
      {
        priorityKey: "ASB",
        response: "Objective 2 of the plan addresses it",
        planObjective: "",
        objective: "",
        requestId: "",
      },
    ),
  },
};

describe("assessment REST routes over a fake assessments service: contributions", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(assessmentRoutes(mesh.downstream.api), routes, TESTED_IN["contributions.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
