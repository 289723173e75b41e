/** An award's pages over the fake mesh: the award, its letter, the chair's acceptance and the OPCC's payments. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import {
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerAwardPage } from "./awards";
import {
  awardFixture as award,
  AWARD_ID as ID,
  AWARD_PATH as PATH,
  AWARD_SHA as SHA,
  awardTranche as tranche,
  ts,
} from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const routes: PageTests = {
  "GET /grants/awards/:id": {
    "the award in pounds: purposes, reasons, payments by tranche and conditions": async () => {
      mesh.downstream.on("grants", "GetAward", {
        name: "awards/crg-2027-28-csp-dover",
        programme: "programmes/crg-2027-28",
        programmeTitle: "Crime Reduction Grant 2027/28",
        year: "2027/28",
        application: "programmes/crg-2027-28/applications/csp-dover",
        recipient: "partners/csp-dover",
        recipientDisplayName: "Dover CSP",
        amountPence: "3966100",
        requestedPence: "4000000",
        purposes: ["Street pastors", "Youth diversion"],
        conditions: [{ code: "PURPOSE", text: "Only as approved." }],
        tranches: [
          tranche(1, "2644066", "TRANCHE_TRIGGER_ON_AGREEMENT", "TRANCHE_STATE_SCHEDULED"),
          tranche(2, "1322034", "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN", "TRANCHE_STATE_SCHEDULED"),
        ],
        reasons: "A strong case",
        state: "AWARD_STATE_OFFERED",
        awardTime: ts("2027-02-01T10:00:00Z"),
        paidPence: "0",
        returns: [],
        variations: [],
      });
      const page = await mesh.send("GET", "/grants/awards/crg-2027-28-csp-dover", { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Dover CSP: £39,661.00");
      expect(summaryRows(page.text).slice(0, 5)).toEqual([
        ["State", "Offered"],
        ["Awarded", "£39,661.00"],
        ["Asked for", "£40,000.00"],
        ["Paid", "£0.00"],
        ["Purposes", "Street pastors; Youth diversion"],
      ]);
      expect(tables(page.text)[0]).toEqual({
        caption: "Payments",
        head: ["Tranche", "When", "Amount", "Status"],
        rows: [
          ["1", "when the grant agreement is accepted", "£26,440.66", "Scheduled"],
          ["2", "when the mid-year monitoring return is accepted", "£13,220.34", "Scheduled"],
        ],
      });
    },
    "another partnership's (NOT_FOUND) is page not found; a malformed id asks nothing": async () => {
      mesh.downstream.on("grants", "GetAward", () => {
        throw grpcError("NOT_FOUND", "award not found");
      });
      expect((await mesh.send("GET", "/grants/awards/crg-2027-28-csp-dover", { as: "officer" })).status).toBe(404);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/grants/awards/NOT_AN_ID", { as: "opcc" })).status).toBe(404);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /grants/awards/:id/letter": {
    "the printable letter: the grant under s.9, its purposes, conditions, payments and the agreement's SHA-256":
      async () => {
        mesh.downstream.on("grants", "GetAward", award());
        const page = await mesh.send("GET", `${PATH}/letter`, { as: "chair" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Award of a crime and disorder reduction grant: £39,661.00");
        const text = textOf(page.text);
        expect(text).toContain("section 9 of the Police Reform and Social Responsibility Act 2011");
        expect(text).toContain(`Agreement SHA-256: ${SHA}`);
        expect(tables(page.text).map((t) => t.caption)).toEqual(["Conditions", "Payments"]);
      },
  },
  "POST /grants/awards/:id/accept": {
    "the chair is offered the acceptance and accepts with the SHA-256 as read": async () => {
      mesh.downstream.on("grants", "GetAward", award());
      const page = await mesh.send("GET", PATH, { as: "chair" });
      expect(page.text).toContain(`action="${PATH}/accept"`);
      expect(page.text).toContain(`name="sha" value="${SHA}"`);
      mesh.downstream.on("grants", "AcceptAgreement", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_DUE"));
      const sent = await mesh.send("POST", `${PATH}/accept`, { as: "chair", form: { sha: SHA, confirm: "yes" } });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "AcceptAgreement")).toEqual([
        { name: `awards/${ID}`, agreementSha256: SHA, requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
    },
    "without the confirmation, or with terms changed since, the chair is told and nothing is accepted": async () => {
      mesh.downstream.on("grants", "GetAward", award());
      const unconfirmed = await mesh.send("POST", `${PATH}/accept`, { as: "chair", form: { sha: SHA } });
      expect(errorSummary(unconfirmed.text)).toEqual([
        { text: "Confirm that you accept the agreement", href: "#confirm" },
      ]);
      expect(mesh.downstream.requests("grants", "AcceptAgreement")).toEqual([]);
      mesh.downstream.on("grants", "AcceptAgreement", () => {
        throw grpcError(
          "FAILED_PRECONDITION",
          "the agreement has changed since it was read (its SHA-256 differs); read the letter again",
        );
      });
      const stale = await mesh.send("POST", `${PATH}/accept`, { as: "chair", form: { sha: SHA, confirm: "yes" } });
      expect(stale.status).toBe(400);
      expect(errorSummary(stale.text)[0]?.text).toContain("has changed since it was read");
    },
    "an officer, the OPCC and the panel are not the chair: page not found, nothing asked": async () => {
      expect(await refusalsOf(mesh, ["officer", "opcc", "panel"], "POST", `${PATH}/accept`)).toEqual(
        notFoundTo(["officer", "opcc", "panel"], false),
      );
    },
  },
  "POST /grants/awards/:id/tranches/:n/propose": {
    "a due tranche: the OPCC proposes its amount in pounds, sent as whole pence; too much shows at the amount":
      async () => {
        mesh.downstream.on("grants", "GetAward", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_DUE"));
        const page = await mesh.send("GET", PATH, { as: "opcc" });
        expect(page.text).toContain(`action="${PATH}/tranches/1/propose"`);
        mesh.downstream.on("grants", "ProposeTranche", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PROPOSED"));
        const sent = await mesh.send("POST", `${PATH}/tranches/1/propose`, {
          as: "opcc",
          form: { "amount-1": "£26,440.66" },
        });
        expect([sent.status, sent.location]).toEqual([303, PATH]);
        expect(mesh.downstream.requests("grants", "ProposeTranche")).toEqual([
          {
            award: `awards/${ID}`,
            number: 1,
            amountPence: "2644066",
            requestId: expect.stringMatching(WEB_REQUEST_ID),
          },
        ]);
        mesh.downstream.on("grants", "ProposeTranche", () => {
          throw refusedFields("invalid payment", [
            { field: "amount_pence", description: "only £10.00 of the award is left to pay" },
          ]);
        });
        const over = await mesh.send("POST", `${PATH}/tranches/1/propose`, {
          as: "opcc",
          form: { "amount-1": "£26,440.66" },
        });
        expect(errorSummary(over.text)).toEqual([
          { text: "Amount: only £10.00 of the award is left to pay", href: "#amount-1" },
        ]);
      },
  },
  "POST /grants/awards/:id/tranches/:n/approve": {
    "another OPCC person approves; the proposer is not offered it, and the service's refusal shows": async () => {
      const proposed = {
        proposedBy: "people/opcc-staff-2",
        proposedByDisplayName: "Tom Ellis",
        proposedPence: "2644066",
      };
      mesh.downstream.on("grants", "GetAward", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PROPOSED", proposed));
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(page.text).toContain(`action="${PATH}/tranches/1/approve"`);
      expect(tables(page.text)[0]?.rows[0]).toEqual([
        "1",
        "when the grant agreement is accepted",
        "£26,440.66",
        "Proposed by Tom Ellis: £26,440.66",
      ]);
      mesh.downstream.on("grants", "ApproveTranche", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_APPROVED"));
      const sent = await mesh.send("POST", `${PATH}/tranches/1/approve`, { as: "opcc", form: {} });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      mesh.downstream.on(
        "grants",
        "GetAward",
        award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PROPOSED", { ...proposed, proposedBy: "people/opcc-staff-1" }),
      );
      expect((await mesh.send("GET", PATH, { as: "opcc" })).text).not.toContain("/tranches/1/approve");
      mesh.downstream.on("grants", "ApproveTranche", () => {
        throw grpcError("PERMISSION_DENIED", "you proposed this payment; another person must approve it");
      });
      const own = await mesh.send("POST", `${PATH}/tranches/1/approve`, { as: "opcc", form: {} });
      expect(errorSummary(own.text)[0]?.text).toBe("you proposed this payment; another person must approve it");
    },
  },
  "POST /grants/awards/:id/tranches/:n/reject": {
    "rejected with reasons; reasons too short are refused on the page": async () => {
      mesh.downstream.on(
        "grants",
        "GetAward",
        award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PROPOSED", { proposedBy: "people/opcc-staff-2" }),
      );
      mesh.downstream.on("grants", "RejectTranche", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_DUE"));
      const short = await mesh.send("POST", `${PATH}/tranches/1/reject`, { as: "opcc", form: { "reasons-1": "No" } });
      expect(errorSummary(short.text)).toEqual([
        { text: "Say why it is rejected (at least 10 characters)", href: "#reasons-1" },
      ]);
      await mesh.send("POST", `${PATH}/tranches/1/reject`, { as: "opcc", form: { "reasons-1": "Wrong bank details" } });
      expect(mesh.downstream.requests("grants", "RejectTranche")).toEqual([
        {
          award: `awards/${ID}`,
          number: 1,
          reasons: "Wrong bank details",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
  },
  "POST /grants/awards/:id/tranches/:n/disburse": {
    "an approved tranche is recorded as paid on a date with its reference": async () => {
      mesh.downstream.on("grants", "GetAward", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_APPROVED"));
      mesh.downstream.on("grants", "RecordDisbursement", award("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"));
      const bad = await mesh.send("POST", `${PATH}/tranches/1/disburse`, {
        as: "opcc",
        form: { "paid-1-day": "31", "paid-1-month": "2", "paid-1-year": "2027", "reference-1": "" },
      });
      expect(errorSummary(bad.text).map((e) => e.href)).toEqual(["#paid-1-day", "#reference-1"]);
      const sent = await mesh.send("POST", `${PATH}/tranches/1/disburse`, {
        as: "opcc",
        form: { "paid-1-day": "9", "paid-1-month": "5", "paid-1-year": "2027", "reference-1": "BACS-0042" },
      });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "RecordDisbursement")).toEqual([
        {
          award: `awards/${ID}`,
          number: 1,
          paidDate: "2027-05-09",
          reference: "BACS-0042",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
    "a partnership's or the panel's is page not found, nothing asked": async () => {
      expect(await refusalsOf(mesh, ["officer", "chair", "panel"], "POST", `${PATH}/tranches/1/disburse`)).toEqual(
        notFoundTo(["officer", "chair", "panel"], false),
      );
    },
  },
};

describe("an award's pages over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerAwardPage), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
