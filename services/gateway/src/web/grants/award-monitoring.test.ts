import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, summaryRows, tables } from "../../testing/page-reading";
import {
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerAwardMonitoringPages } from "./award-monitoring";
import { awardFixture as award, AWARD_ID as ID, AWARD_PATH as PATH, ts } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const routes: PageTests = {
  "POST /grants/awards/:id/returns/:kind": {
    "the OPCC issues the mid-year return due at 5pm on the day typed; the award lists it, linked to the request":
      async () => {
        mesh.downstream.on("grants", "GetAward", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"));
        const page = await mesh.send("GET", PATH, { as: "opcc" });
        expect(page.text).toContain(`action="${PATH}/returns/mid-year"`);
        expect(page.text).toContain(`action="${PATH}/returns/year-end"`);
        const next = new Date().getUTCFullYear() + 1;
        mesh.downstream.on("grants", "IssueMonitoringReturn", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"));
        const sent = await mesh.send("POST", `${PATH}/returns/mid-year`, {
          as: "opcc",
          form: { "due-mid-year-day": "31", "due-mid-year-month": "1", "due-mid-year-year": String(next) },
        });
        expect([sent.status, sent.location]).toEqual([303, PATH]);
        expect(mesh.downstream.requests("grants", "IssueMonitoringReturn")).toEqual([
          {
            award: `awards/${ID}`,
            kind: "RETURN_KIND_MID_YEAR",
            // 5pm in London on 31 January is 17:00 UTC (GMT).
            dueTime: { seconds: String(Date.parse(`${next}-01-31T17:00:00Z`) / 1000), nanos: 0 },
            requestId: expect.stringMatching(WEB_REQUEST_ID),
          },
        ]);
        mesh.downstream.on("grants", "GetAward", {
          ...award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"),
          returns: [
            {
              kind: "RETURN_KIND_MID_YEAR",
              reportRequest: "reportRequests/rq-1",
              state: "RETURN_STATE_ISSUED",
              dueTime: ts(`${next}-01-31T17:00:00Z`),
              acceptTime: null,
            },
          ],
        });
        const after = await mesh.send("GET", PATH, { as: "opcc" });
        expect(tables(after.text).find((t) => t.caption === "Monitoring returns")?.rows).toEqual([
          ["mid-year monitoring return", `5pm on 31 January ${next}`, "Issued"],
        ]);
        expect(after.text).toContain('href="/requests/rq-1"');
        expect(after.text).not.toContain(`action="${PATH}/returns/mid-year"`);
      },
    "a date in the past, or the service's refusal, shows at the due date; nothing is issued": async () => {
      mesh.downstream.on("grants", "GetAward", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"));
      const past = await mesh.send("POST", `${PATH}/returns/year-end`, {
        as: "opcc",
        form: { "due-year-end-day": "1", "due-year-end-month": "1", "due-year-end-year": "2020" },
      });
      expect(errorSummary(past.text)).toEqual([
        { text: "The due date must be in the future", href: "#due-year-end-day" },
      ]);
      expect(mesh.downstream.requests("grants", "IssueMonitoringReturn")).toEqual([]);
      mesh.downstream.on("grants", "IssueMonitoringReturn", () => {
        throw grpcError("FAILED_PRECONDITION", "the year-end monitoring return has already been issued");
      });
      const next = new Date().getUTCFullYear() + 1;
      const refused = await mesh.send("POST", `${PATH}/returns/year-end`, {
        as: "opcc",
        form: { "due-year-end-day": "30", "due-year-end-month": "4", "due-year-end-year": String(next) },
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.text)[0]?.text).toContain("already been issued");
    },
    "a partnership, the panel or an unknown kind: page not found, nothing asked": async () => {
      expect(await refusalsOf(mesh, ["officer", "chair", "panel"], "POST", `${PATH}/returns/mid-year`)).toEqual(
        notFoundTo(["officer", "chair", "panel"], false),
      );
      expect((await mesh.send("POST", `${PATH}/returns/quarterly`, { as: "opcc", form: {} })).status).toBe(404);
    },
  },
  "POST /grants/awards/:id/close": {
    "once the year-end return is accepted the OPCC closes the award; the page then shows the underspend to repay":
      async () => {
        const yearEndAccepted = {
          ...award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"),
          returns: [
            {
              kind: "RETURN_KIND_YEAR_END",
              reportRequest: "reportRequests/rq-2",
              state: "RETURN_STATE_ACCEPTED",
              dueTime: ts("2028-04-30T16:00:00Z"),
              acceptTime: ts("2028-05-01T09:00:00Z"),
            },
          ],
        };
        mesh.downstream.on("grants", "GetAward", yearEndAccepted);
        expect((await mesh.send("GET", PATH, { as: "opcc" })).text).toContain(`action="${PATH}/close"`);
        mesh.downstream.on("grants", "CloseAward", yearEndAccepted);
        const sent = await mesh.send("POST", `${PATH}/close`, { as: "opcc", form: {} });
        expect([sent.status, sent.location]).toEqual([303, PATH]);
        expect(mesh.downstream.requests("grants", "CloseAward")).toEqual([
          { name: `awards/${ID}`, requestId: expect.stringMatching(WEB_REQUEST_ID) },
        ]);
        mesh.downstream.on("grants", "GetAward", {
          ...yearEndAccepted,
          state: "AWARD_STATE_CLOSED",
          closeOut: {
            spentPence: "3950500",
            underspendPence: "15600",
            repaymentState: "REPAYMENT_STATE_REQUESTED",
            repaidPence: "0",
            repaidDate: "",
            reference: "",
            holdBack: true,
            closedBy: "people/opcc-staff-1",
            closeTime: ts("2028-05-01T10:00:00Z"),
          },
        });
        const closed = await mesh.send("GET", PATH, { as: "opcc" });
        expect(summaryRows(closed.text).slice(-3)).toEqual([
          ["Spent", "£39,505.00"],
          ["Underspend", "£156.00 to repay"],
          ["Hold-back", "Underspent the year before as well: consider holding back next year's grant"],
        ]);
        expect(closed.text).toContain(`action="${PATH}/repayment"`);
      },
    "before the year-end return is accepted the service's refusal is shown; a partnership's is page not found":
      async () => {
        mesh.downstream.on("grants", "GetAward", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"));
        mesh.downstream.on("grants", "CloseAward", () => {
          throw grpcError("FAILED_PRECONDITION", "an award is closed once its year-end return is accepted");
        });
        const refused = await mesh.send("POST", `${PATH}/close`, { as: "opcc", form: {} });
        expect(refused.status).toBe(400);
        expect(errorSummary(refused.text)[0]?.text).toContain("year-end return is accepted");
        mesh.downstream.calls.splice(0);
        expect(await refusalsOf(mesh, ["officer", "chair", "panel"], "POST", `${PATH}/close`)).toEqual(
          notFoundTo(["officer", "chair", "panel"], false),
        );
      },
  },
  "POST /grants/awards/:id/repayment": {
    "the OPCC records the whole underspend repaid with its date and reference; a missing date is shown": async () => {
      const closed = {
        ...award("AWARD_STATE_CLOSED", "TRANCHE_STATE_PAID"),
        closeOut: { underspendPence: "15600", repaymentState: "REPAYMENT_STATE_REQUESTED" },
      };
      mesh.downstream.on("grants", "GetAward", closed);
      mesh.downstream.on("grants", "RecordRepayment", closed);
      const missing = await mesh.send("POST", `${PATH}/repayment`, {
        as: "opcc",
        form: { "repayment-reference": "REPAY-1" },
      });
      expect(errorSummary(missing.text).map((e) => e.href)).toEqual(["#repaid-day"]);
      expect(mesh.downstream.requests("grants", "RecordRepayment")).toEqual([]);
      const sent = await mesh.send("POST", `${PATH}/repayment`, {
        as: "opcc",
        form: { "repaid-day": "9", "repaid-month": "5", "repaid-year": "2026", "repayment-reference": "REPAY-1" },
      });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "RecordRepayment")).toEqual([
        {
          name: `awards/${ID}`,
          amountPence: "15600",
          paidDate: "2026-05-09",
          reference: "REPAY-1",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
    "a partnership's or the panel's is page not found, nothing asked": async () => {
      expect(await refusalsOf(mesh, ["officer", "chair", "panel"], "POST", `${PATH}/repayment`)).toEqual(
        notFoundTo(["officer", "chair", "panel"], false),
      );
    },
  },
};

describe("an award's monitoring and close-out over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerAwardMonitoringPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
