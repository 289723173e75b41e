import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, summaryRows, tables } from "../../testing/page-reading";
import {
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerAwardVariationPages } from "./award-variations";
import { awardFixture, awardVariation, AWARD_ID as ID, AWARD_PATH as PATH } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

/** An active award, tranche one paid (its amount fixed), with the variations given. */
const active = (variations: unknown[] = []) => ({
  ...awardFixture("AWARD_STATE_ACTIVE", "TRANCHE_STATE_PAID"),
  variations,
});
const NEW = `${PATH}/variations/new`;
const proposal = {
  amount: "£40,000.00",
  "tranche-2": "13,559.34",
  purposes: "Street pastors\nYouth diversion",
  reasons: "A second evening of patrols",
};

const routes: PageTests = {
  "GET /grants/awards/:id/variations/new": {
    "the OPCC and the recipient's chair get the form with the terms as they are; only the unpaid tranche can change":
      async () => {
        mesh.downstream.on("grants", "GetAward", active());
        const award = await mesh.send("GET", PATH, { as: "chair" });
        expect(summaryRows(award.text)).toContainEqual(["Change the agreement", "Propose a variation"]);
        for (const as of ["opcc", "chair"]) {
          const page = await mesh.send("GET", NEW, { as });
          expect(page.status).toBe(200);
          expect([fieldValue(page.text, "amount"), fieldValue(page.text, "tranche-2")]).toEqual([
            "39,661.00",
            "13,220.34",
          ]);
          expect(fieldValue(page.text, "tranche-1")).toBeUndefined();
          expect(page.text).toContain("Street pastors\nYouth diversion");
        }
      },
    "an officer, the panel, an offer not yet accepted or a variation awaiting an answer: page not found": async () => {
      mesh.downstream.on("grants", "GetAward", active());
      expect((await refusalsOf(mesh, ["officer", "panel"], "GET", NEW)).statuses).toEqual([
        ["officer", 404],
        ["panel", 404],
      ]);
      mesh.downstream.on("grants", "GetAward", awardFixture());
      expect((await mesh.send("GET", NEW, { as: "opcc" })).status).toBe(404);
      mesh.downstream.on("grants", "GetAward", active([awardVariation(1)]));
      expect((await mesh.send("GET", NEW, { as: "opcc" })).status).toBe(404);
      expect(summaryRows((await mesh.send("GET", PATH, { as: "opcc" })).text).map(([k]) => k)).not.toContain(
        "Change the agreement",
      );
    },
  },
  "POST /grants/awards/:id/variations/new": {
    "proposes only what changed, in whole pence, then back to the award": async () => {
      mesh.downstream.on("grants", "GetAward", active());
      mesh.downstream.on("grants", "ProposeVariation", active([awardVariation(1)]));
      const sent = await mesh.send("POST", NEW, { as: "opcc", form: proposal });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "ProposeVariation")).toEqual([
        {
          name: `awards/${ID}`,
          changes: {
            amountPence: "4000000",
            purposes: [],
            conditions: [],
            tranches: [{ number: 2, amountPence: "1355934" }],
          },
          reasons: "A second evening of patrols",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
          validateOnly: false,
        },
      ]);
    },
    "a typing slip or nothing changed is named on the form, kept as typed; the service's refusal shows too":
      async () => {
        mesh.downstream.on("grants", "GetAward", active());
        const slip = await mesh.send("POST", NEW, {
          as: "chair",
          form: { ...proposal, amount: "40,000.5", purposes: "" },
        });
        expect(slip.status).toBe(400);
        expect(errorSummary(slip.text)).toEqual([
          { text: "Enter an amount in pounds and pence, like £1,250.00", href: "#amount" },
          { text: "Enter at least one project", href: "#purposes" },
        ]);
        expect(fieldValue(slip.text, "amount")).toBe("40,000.5");
        const same = await mesh.send("POST", NEW, {
          as: "chair",
          form: { ...proposal, amount: "39,661.00", "tranche-2": "13,220.34" },
        });
        expect(errorSummary(same.text)).toEqual([
          { text: "Change the amount, a tranche or the purposes", href: "#amount" },
        ]);
        expect(mesh.downstream.requests("grants", "ProposeVariation")).toEqual([]);
        mesh.downstream.on("grants", "ProposeVariation", () => {
          throw grpcError("FAILED_PRECONDITION", "variation 1 is still awaiting an answer; settle it first");
        });
        const refused = await mesh.send("POST", NEW, { as: "opcc", form: proposal });
        expect(errorSummary(refused.text)).toEqual([
          { text: "variation 1 is still awaiting an answer; settle it first", href: "#amount" },
        ]);
      },
    "an officer's or the panel's is page not found, nothing proposed": async () => {
      mesh.downstream.on("grants", "GetAward", active());
      const r = await refusalsOf(mesh, ["officer", "panel"], "POST", NEW);
      expect([r.statuses, r.called.filter((c) => c !== "grants.GetAward")]).toEqual([
        notFoundTo(["officer", "panel"], false).statuses,
        [],
      ]);
    },
  },
  "POST /grants/awards/:id/variations/:n/agree": {
    "the chair reads the OPCC's variation on the award and agrees it by the terms' SHA-256 shown": async () => {
      mesh.downstream.on("grants", "GetAward", active([awardVariation(1)]));
      const page = await mesh.send("GET", PATH, { as: "chair" });
      expect(tables(page.text).find((t) => t.caption === "Variations of the agreement")?.rows).toEqual([
        [
          "1",
          "Amount from £39,661.00 to £40,000.00. Tranche 2: £13,559.34. Reasons: A second evening of patrols",
          "By Tom Ellis for the OPCC, 10am on 1 September 2027",
          "Awaiting the partnership",
        ],
      ]);
      expect(page.text).toContain(`action="${PATH}/variations/1/agree"`);
      mesh.downstream.on("grants", "AgreeVariation", active());
      const sent = await mesh.send("POST", `${PATH}/variations/1/agree`, {
        as: "chair",
        form: { agree: "yes", sha: "cd".repeat(32) },
      });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "AgreeVariation")).toEqual([
        {
          name: `awards/${ID}`,
          number: 1,
          termsSha256: "cd".repeat(32),
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
    "unconfirmed, or refused by the service (the proposer's own side), it says so on the award's page": async () => {
      mesh.downstream.on("grants", "GetAward", active([awardVariation(1)]));
      const unconfirmed = await mesh.send("POST", `${PATH}/variations/1/agree`, { as: "chair", form: {} });
      expect(errorSummary(unconfirmed.text)).toEqual([
        { text: "Confirm that you agree the variation", href: "#agree" },
      ]);
      mesh.downstream.on("grants", "AgreeVariation", () => {
        throw grpcError("PERMISSION_DENIED", "the other side of the agreement agrees a variation, not its proposer");
      });
      const own = await mesh.send("POST", `${PATH}/variations/1/agree`, {
        as: "opcc",
        form: { agree: "yes", sha: "cd".repeat(32) },
      });
      expect([own.status, errorSummary(own.text)]).toEqual([
        400,
        [{ text: "the other side of the agreement agrees a variation, not its proposer", href: "#agree" }],
      ]);
      expect((await mesh.send("POST", `${PATH}/variations/0/agree`, { as: "chair", form: {} })).status).toBe(404);
    },
  },
  "POST /grants/awards/:id/variations/:n/decline": {
    "its proposer withdraws it, with reasons; too short is named first": async () => {
      mesh.downstream.on("grants", "GetAward", active([awardVariation(1)]));
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(page.text).toContain("Withdraw variation 1");
      expect(page.text).not.toContain(`action="${PATH}/variations/1/agree"`);
      const short = await mesh.send("POST", `${PATH}/variations/1/decline`, {
        as: "opcc",
        form: { "decline-reasons": "oops" },
      });
      expect(errorSummary(short.text)).toEqual([
        { text: "Say why, in at least 10 characters", href: "#decline-reasons" },
      ]);
      mesh.downstream.on("grants", "DeclineVariation", active());
      const sent = await mesh.send("POST", `${PATH}/variations/1/decline`, {
        as: "opcc",
        form: { "decline-reasons": "Proposed against the wrong award" },
      });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "DeclineVariation")).toEqual([
        {
          name: `awards/${ID}`,
          number: 1,
          reasons: "Proposed against the wrong award",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
    "a settled variation shows who answered and why; no form is offered": async () => {
      const declined = awardVariation(1, {
        state: "VARIATION_STATE_DECLINED",
        respondedBy: "people/dover-chair",
        respondedByDisplayName: "Sam Chair",
        respondTime: { seconds: String(Date.parse("2027-09-02T09:00:00Z") / 1000), nanos: 0 },
        responseReasons: "We cannot staff it",
      });
      mesh.downstream.on("grants", "GetAward", active([declined]));
      const page = await mesh.send("GET", PATH, { as: "chair" });
      expect(tables(page.text).find((t) => t.caption === "Variations of the agreement")?.rows[0]?.[3]).toBe(
        "Declined by Sam Chair on 10am on 2 September 2027: We cannot staff it",
      );
      expect(page.text).not.toContain("/variations/1/");
    },
  },
};

describe("variations of a grant agreement over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerAwardVariationPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
