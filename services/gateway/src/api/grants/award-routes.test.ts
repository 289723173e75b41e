import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, grpcError, type RouteTests, rest, ts } from "../testing";
import { awardFixture as award, awardJson, SHA } from "./award-fixture";
import { awardRoutes } from "./award-routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const routes: RouteTests = {
  "GET /v1/grant-awards": {
    "lists awards, one programme's when asked, with the total; pence as integers": async () => {
      mesh.downstream.on("grants", "ListAwards", { awards: [award], nextPageToken: "", totalSize: 1 });
      const r = await rest(mesh, "GET", "/v1/grant-awards?programme=crg-2027-28", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, { awards: [awardJson], nextPageToken: "", totalSize: 1 }]);
      await rest(mesh, "GET", "/v1/grant-awards");
      expect(mesh.downstream.requests("grants", "ListAwards")).toEqual([
        { programme: "programmes/crg-2027-28", pageSize: 0, pageToken: "" },
        { programme: "", pageSize: 0, pageToken: "" },
      ]);
    },
  },
  "GET /v1/grant-awards/{id}": {
    "gets the award; another partnership's is 404": async () => {
      mesh.downstream.on("grants", "GetAward", award);
      const r = await rest(mesh, "GET", "/v1/grant-awards/crg-2027-28-csp-dover", { as: "officer" });
      expect([r.status, r.json]).toEqual([200, awardJson]);
      expect(mesh.downstream.requests("grants", "GetAward")).toEqual([{ name: "awards/crg-2027-28-csp-dover" }]);
      mesh.downstream.on("grants", "GetAward", () => {
        throw grpcError("NOT_FOUND", "award not found");
      });
      expect((await rest(mesh, "GET", "/v1/grant-awards/crg-2027-28-csp-dover")).status).toBe(404);
    },
  },
  "POST /v1/grant-awards/{id}/accept": {
    "the chair accepts with the SHA-256 as read; a malformed one is 400; stale terms are 409": async () => {
      mesh.downstream.on("grants", "AcceptAgreement", { ...award, state: "AWARD_STATE_ACTIVE" });
      const path = "/v1/grant-awards/crg-2027-28-csp-dover/accept";
      expect((await rest(mesh, "POST", path, { as: "officer", body: { agreementSha256: SHA } })).status).toBe(200);
      expect(mesh.downstream.requests("grants", "AcceptAgreement")).toEqual([
        { name: "awards/crg-2027-28-csp-dover", agreementSha256: SHA, requestId: "" },
      ]);
      expect((await rest(mesh, "POST", path, { body: { agreementSha256: "abc" } })).status).toBe(400);
      mesh.downstream.on("grants", "AcceptAgreement", () => {
        throw grpcError("FAILED_PRECONDITION", "the agreement has changed since it was read");
      });
      expect((await rest(mesh, "POST", path, { body: { agreementSha256: SHA } })).status).toBe(409);
    },
  },
  "POST /v1/grant-awards/{id}/tranches/{number}/propose": {
    "proposes whole pence for the tranche; 10.5 is 400; the proposer approving is 403": async () => {
      mesh.downstream.on("grants", "ProposeTranche", award);
      const path = "/v1/grant-awards/crg-2027-28-csp-dover/tranches/1/propose";
      expect((await rest(mesh, "POST", path, { body: { amountPence: 2_644_066 } })).status).toBe(200);
      expect(mesh.downstream.requests("grants", "ProposeTranche")).toEqual([
        { award: "awards/crg-2027-28-csp-dover", number: 1, amountPence: 2_644_066, requestId: "" },
      ]);
      const frac = await rest(mesh, "POST", path, { body: { amountPence: 10.5 } });
      expect([frac.status, frac.json]).toMatchObject([400, { errors: [{ field: "amount_pence" }] }]);
    },
  },
  "POST /v1/grant-awards/{id}/tranches/{number}/approve": {
    "approves; the person who proposed it gets 403": async () => {
      mesh.downstream.on("grants", "ApproveTranche", award);
      const path = "/v1/grant-awards/crg-2027-28-csp-dover/tranches/1/approve";
      expect((await rest(mesh, "POST", path, { body: {} })).status).toBe(200);
      expect(mesh.downstream.requests("grants", "ApproveTranche")).toEqual([
        { award: "awards/crg-2027-28-csp-dover", number: 1, requestId: "" },
      ]);
      mesh.downstream.on("grants", "ApproveTranche", () => {
        throw grpcError("PERMISSION_DENIED", "you proposed this payment; another person must approve it");
      });
      expect((await rest(mesh, "POST", path, { body: {} })).status).toBe(403);
    },
  },
  "POST /v1/grant-awards/{id}/tranches/{number}/reject": {
    "rejects with reasons; without them 400": async () => {
      mesh.downstream.on("grants", "RejectTranche", award);
      const path = "/v1/grant-awards/crg-2027-28-csp-dover/tranches/1/reject";
      expect((await rest(mesh, "POST", path, { body: { reasons: "Wrong bank details" } })).status).toBe(200);
      expect((await rest(mesh, "POST", path, { body: {} })).status).toBe(400);
    },
  },
  "POST /v1/grant-awards/{id}/tranches/{number}/disburse": {
    "records the payment's date and reference; a tranche number of 7 or a date like 9/5/2027 is 400": async () => {
      mesh.downstream.on("grants", "RecordDisbursement", award);
      const path = "/v1/grant-awards/crg-2027-28-csp-dover/tranches/1/disburse";
      const body = { paidDate: "2027-05-09", reference: "BACS-0042" };
      expect((await rest(mesh, "POST", path, { body })).status).toBe(200);
      expect(mesh.downstream.requests("grants", "RecordDisbursement")).toEqual([
        { award: "awards/crg-2027-28-csp-dover", number: 1, ...body, requestId: "" },
      ]);
      mesh.downstream.calls.splice(0);
      expect((await rest(mesh, "POST", path.replace("/1/", "/7/"), { body })).status).toBe(400);
      expect((await rest(mesh, "POST", path, { body: { ...body, paidDate: "9/5/2027" } })).status).toBe(400);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/grant-awards/{id}/returns": {
    "issues the return due at the time given (201); another kind, or a time that is not RFC 3339, is 400 naming it":
      async () => {
        const issued = {
          ...award,
          returns: [
            {
              kind: "RETURN_KIND_MID_YEAR",
              reportRequest: "reportRequests/rq-1",
              state: "RETURN_STATE_ISSUED",
              dueTime: ts("2027-10-31T17:00:00Z"),
              acceptTime: null,
            },
          ],
        };
        mesh.downstream.on("grants", "IssueMonitoringReturn", issued);
        const path = "/v1/grant-awards/crg-2027-28-csp-dover/returns";
        const body = { kind: "RETURN_KIND_MID_YEAR", dueTime: "2027-10-31T17:00:00Z" };
        const r = await rest(mesh, "POST", path, { body });
        expect([r.status, (r.json as { returns: unknown[] }).returns]).toEqual([201, issued.returns]);
        expect(mesh.downstream.requests("grants", "IssueMonitoringReturn")).toEqual([
          {
            award: "awards/crg-2027-28-csp-dover",
            kind: "RETURN_KIND_MID_YEAR",
            dueTime: ts("2027-10-31T17:00:00Z"),
            requestId: "",
          },
        ]);
        mesh.downstream.calls.splice(0);
        const bad = await rest(mesh, "POST", path, { body: { kind: "QUARTERLY", dueTime: "31/10/2027" } });
        expect(bad.status).toBe(400);
        expect((bad.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["kind", "due_time"]);
        expect(mesh.downstream.calls).toEqual([]);
      },
    "the recipient's FAILED_PRECONDITION (an offer not yet accepted) is 409; a partnership's PERMISSION_DENIED is 403":
      async () => {
        mesh.downstream.on("grants", "IssueMonitoringReturn", () => {
          throw grpcError("FAILED_PRECONDITION", "monitoring returns are issued once the agreement has been accepted");
        });
        const path = "/v1/grant-awards/crg-2027-28-csp-dover/returns";
        const body = { kind: "RETURN_KIND_MID_YEAR", dueTime: "2027-10-31T17:00:00Z" };
        expect((await rest(mesh, "POST", path, { body })).status).toBe(409);
        mesh.downstream.on("grants", "IssueMonitoringReturn", () => {
          throw grpcError("PERMISSION_DENIED", "not allowed");
        });
        expect((await rest(mesh, "POST", path, { body, as: "officer" })).status).toBe(403);
      },
  },
  "POST /v1/grant-awards/{id}/close": {
    "closes the award: its close-out in integer pence; a FAILED_PRECONDITION (no accepted year-end return) is 409":
      async () => {
        const closeOut = {
          spentPence: "3950500",
          underspendPence: "15600",
          repaymentState: "REPAYMENT_STATE_REQUESTED",
          repaidPence: "0",
          repaidDate: "",
          reference: "",
          holdBack: false,
          closedBy: "people/opcc-staff-1",
          closeTime: ts("2028-05-01T10:00:00Z"),
        };
        mesh.downstream.on("grants", "CloseAward", { ...award, state: "AWARD_STATE_CLOSED", closeOut });
        const path = "/v1/grant-awards/crg-2027-28-csp-dover/close";
        const r = await rest(mesh, "POST", path, { body: {} });
        expect([r.status, (r.json as { closeOut: unknown }).closeOut]).toEqual([
          200,
          { ...closeOut, spentPence: 3_950_500, underspendPence: 15_600, repaidPence: 0 },
        ]);
        expect(mesh.downstream.requests("grants", "CloseAward")).toEqual([
          { name: "awards/crg-2027-28-csp-dover", requestId: "" },
        ]);
        mesh.downstream.on("grants", "CloseAward", () => {
          throw grpcError("FAILED_PRECONDITION", "an award is closed once its year-end return is accepted");
        });
        expect((await rest(mesh, "POST", path, { body: {} })).status).toBe(409);
      },
  },
  "POST /v1/grant-awards/{id}/repayment": {
    "records the repayment in whole pence; a fraction of a penny or a date like 9/5/2028 is 400 naming it":
      async () => {
        mesh.downstream.on("grants", "RecordRepayment", award);
        const path = "/v1/grant-awards/crg-2027-28-csp-dover/repayment";
        const body = { amountPence: 15_600, paidDate: "2028-05-09", reference: "REPAY-1" };
        expect((await rest(mesh, "POST", path, { body })).status).toBe(200);
        expect(mesh.downstream.requests("grants", "RecordRepayment")).toEqual([
          { name: "awards/crg-2027-28-csp-dover", ...body, requestId: "" },
        ]);
        mesh.downstream.calls.splice(0);
        const bad = await rest(mesh, "POST", path, { body: { ...body, amountPence: 156.5, paidDate: "9/5/2028" } });
        expect(bad.status).toBe(400);
        expect((bad.json as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
          "amount_pence",
          "paid_date",
        ]);
        expect(mesh.downstream.calls).toEqual([]);
      },
  },
  "GET /v1/grant-programmes/{id}/summary": {
    "money per recipient and outcomes per objective, pence as integers; an unknown programme is 404": async () => {
      const outcome = {
        partner: "partners/csp-dover",
        partnerDisplayName: "Dover CSP",
        project: "Street pastors",
        measure: "Repeat victims",
        unit: "MEASURE_UNIT_COUNT",
        baseline: 40,
        target: 30,
        hasActual: true,
        actual: 28,
      };
      mesh.downstream.on("grants", "GetProgrammeSummary", {
        programme: "programmes/crg-2027-28",
        title: "Crime Reduction Grant 2027/28",
        year: "2027/28",
        budgetPence: "10000000",
        committedPence: "3966100",
        paidPence: "2644066",
        underspendPence: "0",
        repaidPence: "0",
        complete: true,
        recipients: [
          {
            partner: "partners/csp-dover",
            partnerDisplayName: "Dover CSP",
            award: award.name,
            state: "AWARD_STATE_ACTIVE",
            awardedPence: "3966100",
            paidPence: "2644066",
            underspendPence: "0",
            repaidPence: "0",
            holdBack: false,
          },
        ],
        objectives: [
          {
            objective: "plans/mks/objectives/VAWG",
            title: "Tackle violence against women and girls",
            awards: 1,
            projects: 1,
            awardedPence: "3966100",
            outcomes: [outcome],
          },
        ],
      });
      const r = await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28/summary", { as: "panel" });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        budgetPence: 10_000_000,
        committedPence: 3_966_100,
        paidPence: 2_644_066,
        recipients: [{ awardedPence: 3_966_100, paidPence: 2_644_066, underspendPence: 0, repaidPence: 0 }],
        objectives: [{ awardedPence: 3_966_100, outcomes: [outcome] }],
      });
      expect(mesh.downstream.requests("grants", "GetProgrammeSummary")).toEqual([
        { programme: "programmes/crg-2027-28" },
      ]);
      mesh.downstream.on("grants", "GetProgrammeSummary", () => {
        throw grpcError("NOT_FOUND", "programme not found");
      });
      expect((await rest(mesh, "GET", "/v1/grant-programmes/nope/summary")).status).toBe(404);
    },
  },
  "GET /v1/grant-programmes/{id}/ledger": {
    "what is committed against the budget, in integer pence; a partnership's PERMISSION_DENIED is 403": async () => {
      mesh.downstream.on("grants", "GetProgrammeLedger", {
        programme: "programmes/crg-2027-28",
        budgetPence: "10000000",
        committedPence: "3966100",
        remainingPence: "6033900",
        commitments: [{ award: award.name, recipient: "partners/csp-dover", amountPence: "3966100" }],
      });
      const r = await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28/ledger");
      expect([r.status, r.json]).toEqual([
        200,
        {
          programme: "programmes/crg-2027-28",
          budgetPence: 10_000_000,
          committedPence: 3_966_100,
          remainingPence: 6_033_900,
          commitments: [{ award: award.name, recipient: "partners/csp-dover", amountPence: 3_966_100 }],
        },
      ]);
      expect(mesh.downstream.requests("grants", "GetProgrammeLedger")).toEqual([
        { programme: "programmes/crg-2027-28" },
      ]);
      mesh.downstream.on("grants", "GetProgrammeLedger", () => {
        throw grpcError("PERMISSION_DENIED", "not permitted");
      });
      expect((await rest(mesh, "GET", "/v1/grant-programmes/crg-2027-28/ledger", { as: "officer" })).status).toBe(403);
    },
  },
};

describe("grant award REST routes over a fake grants service", () => {
  test("every award route has a test, and every test names a route", () => {
    expect(coverage(awardRoutes(mesh.downstream.api), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
