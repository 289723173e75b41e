/** A business case's page over the fake mesh: what each role sees, the OPCC's review, declaration, scores and decision. */
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
import { registerApplicationPage } from "./application-page";
import { application, stubCase, ts } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const NAME = "programmes/crg-2027-28/applications/csp-dover";
const PATH = `/grants/${NAME}`;
/** An accepted case as the OPCC reads it: who declared what, who scored. */
const assessed = (interests: unknown[], scorings: unknown[] = []) => ({
  ...application("APPLICATION_STATE_ACCEPTED"),
  assessment: { interests, scorings, maxTotal: 15, meanTotal: 0 },
});
const declared = (scorer: string, conflict: boolean) => ({
  scorer,
  scorerDisplayName: scorer === "people/opcc-staff-1" ? "Priya Shah" : "Tom Ellis",
  conflict,
  details: conflict ? "Sits on the charity's board" : "",
  declareTime: ts("2027-02-01T09:00:00Z"),
});

const routes: PageTests = {
  "GET /grants/programmes/:id/applications/:partner": {
    "the OPCC sees the submitted version's projects and versions, and may review it": async () => {
      stubCase(mesh, application());
      const page = await mesh.send("GET", "/grants/programmes/crg-2027-28/applications/csp-dover", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Business case: Dover CSP");
      expect(summaryRows(page.text).slice(0, 2)).toEqual([
        ["State", "Awaiting review"],
        ["Asks for", "£12,300.50"],
      ]);
      expect(tables(page.text).at(-1)).toEqual({
        caption: "Versions",
        head: ["Version", "Submitted", "By", "Outcome"],
        rows: [["1", "10am on 15 January 2027", "Dana Officer", "Awaiting review"]],
      });
      expect(page.text).toContain('action="/grants/programmes/crg-2027-28/applications/csp-dover/review"');
      expect(page.text).toContain('name="version" value="1"');
    },
    "the partnership sees its returned case with the reasons and may revise it; not the review form": async () => {
      stubCase(mesh, application("APPLICATION_STATE_RETURNED", "Cost the coordinator's hours."));
      const page = await mesh.send("GET", "/grants/programmes/crg-2027-28/applications/csp-dover", { as: "officer" });
      expect(textOf(page.text)).toContain("Returned: Cost the coordinator's hours.");
      expect(textOf(page.text)).toContain("Revise and resubmit");
      expect(page.text).not.toContain("/review");
    },
    "another partnership's (NOT_FOUND) is page not found; a malformed address asks nothing": async () => {
      mesh.downstream.on("grants", "GetApplication", () => {
        throw grpcError("NOT_FOUND", "application not found");
      });
      expect(
        (await mesh.send("GET", "/grants/programmes/crg-2027-28/applications/csp-thanet", { as: "officer" })).status,
      ).toBe(404);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/grants/programmes/crg-2027-28/applications/NO_T", { as: "opcc" })).status).toBe(
        404,
      );
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /grants/programmes/:id/applications/:partner/review": {
    "the OPCC accepts the version shown, or returns it with reasons": async () => {
      mesh.downstream.on("grants", "AcceptApplication", application("APPLICATION_STATE_ACCEPTED"));
      mesh.downstream.on("grants", "ReturnApplication", application("APPLICATION_STATE_RETURNED"));
      const path = "/grants/programmes/crg-2027-28/applications/csp-dover/review";
      const accepted = await mesh.send("POST", path, { as: "opcc", form: { version: "1", decision: "accept" } });
      expect([accepted.status, accepted.location]).toEqual([
        303,
        "/grants/programmes/crg-2027-28/applications/csp-dover",
      ]);
      await mesh.send("POST", path, {
        as: "opcc",
        form: { version: "1", decision: "return", reasons: "Cost the hours." },
      });
      const name = "programmes/crg-2027-28/applications/csp-dover";
      expect(mesh.downstream.requests("grants", "AcceptApplication")).toEqual([
        { name, version: 1, requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
      expect(mesh.downstream.requests("grants", "ReturnApplication")).toEqual([
        { name, version: 1, reasons: "Cost the hours.", requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
    },
    "no decision, or a return without reasons, shows the errors and asks nothing to change": async () => {
      stubCase(mesh, application());
      const path = "/grants/programmes/crg-2027-28/applications/csp-dover/review";
      const page = await mesh.send("POST", path, {
        as: "opcc",
        form: { version: "1", decision: "return", reasons: "no" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Say what must change (at least 10 characters)", href: "#reasons" },
      ]);
      expect(mesh.downstream.requests("grants", "ReturnApplication")).toEqual([]);
    },
    "a partnership's review is page not found, nothing asked": async () => {
      expect(
        await refusalsOf(
          mesh,
          ["officer", "panel"],
          "POST",
          "/grants/programmes/crg-2027-28/applications/csp-dover/review",
        ),
      ).toEqual(notFoundTo(["officer", "panel"], false));
    },
  },
  "POST /grants/programmes/:id/applications/:partner/interest": {
    "an accepted case asks the OPCC person to declare first; the declaration is sent": async () => {
      stubCase(mesh, assessed([]));
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(page.text).toContain(`action="${PATH}/interest"`);
      expect(page.text).not.toContain(`action="${PATH}/score"`);
      mesh.downstream.on("grants", "DeclareInterest", assessed([declared("people/opcc-staff-1", false)]));
      const sent = await mesh.send("POST", `${PATH}/interest`, { as: "opcc", form: { conflict: "no" } });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "DeclareInterest")).toEqual([
        { name: NAME, conflict: false, details: "", requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
    },
    "a conflict without its description is refused on the page, nothing sent": async () => {
      stubCase(mesh, assessed([]));
      const page = await mesh.send("POST", `${PATH}/interest`, { as: "opcc", form: { conflict: "yes" } });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Say what the conflict of interest is", href: "#details" }]);
      expect(mesh.downstream.requests("grants", "DeclareInterest")).toEqual([]);
    },
  },
  "POST /grants/programmes/:id/applications/:partner/score": {
    "after declaring no conflict: the rubric's criteria to score; the scores are sent as whole numbers": async () => {
      stubCase(mesh, assessed([declared("people/opcc-staff-1", false)]));
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(page.text).toContain(`action="${PATH}/score"`);
      expect(textOf(page.text)).toContain("Evidence of need (weight 2)");
      mesh.downstream.on("grants", "ScoreApplication", assessed([declared("people/opcc-staff-1", false)]));
      const sent = await mesh.send("POST", `${PATH}/score`, {
        as: "opcc",
        form: { version: "1", "score-NEED": "4", "score-VALUE": "3", comment: "Well costed" },
      });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "ScoreApplication")).toEqual([
        {
          name: NAME,
          version: 1,
          scores: [
            { code: "NEED", score: 4 },
            { code: "VALUE", score: 3 },
          ],
          comment: "Well costed",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
    "a scorer who declared a conflict is offered nothing, and the service's refusal shows on the page": async () => {
      stubCase(mesh, assessed([declared("people/opcc-staff-1", true)]));
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(page.text).not.toContain(`${PATH}/score"`);
      expect(tables(page.text).at(-1)).toEqual({
        caption: "Scorers",
        head: ["Scorer", "Interest", "Score"],
        rows: [["Priya Shah", "Conflict: Sits on the charity's board", "Not scored"]],
      });
      mesh.downstream.on("grants", "ScoreApplication", () => {
        throw grpcError("PERMISSION_DENIED", "you declared a conflict of interest in this application");
      });
      const refused = await mesh.send("POST", `${PATH}/score`, {
        as: "opcc",
        form: { version: "1", "score-NEED": "4", "score-VALUE": "3" },
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.text)).toEqual([
        { text: "you declared a conflict of interest in this application", href: "#scores" },
      ]);
    },
  },
  "POST /grants/programmes/:id/applications/:partner/decide": {
    "an award typed in pounds is sent as whole pence with the reasons": async () => {
      stubCase(mesh, assessed([declared("people/opcc-staff-1", false)]));
      mesh.downstream.on("grants", "DecideApplication", application("APPLICATION_STATE_AWARDED"));
      const sent = await mesh.send("POST", `${PATH}/decide`, {
        as: "opcc",
        form: { outcome: "DECISION_AWARD", amount: "£11,000.00", "decision-reasons": "Strong, costs trimmed" },
      });
      expect([sent.status, sent.location]).toEqual([303, PATH]);
      expect(mesh.downstream.requests("grants", "DecideApplication")).toEqual([
        {
          name: NAME,
          decision: "DECISION_AWARD",
          amountPence: "1100000",
          reasons: "Strong, costs trimmed",
          requestId: expect.stringMatching(WEB_REQUEST_ID),
        },
      ]);
    },
    "£1,0.00, and the budget exhausted, each show at the amount": async () => {
      stubCase(mesh, assessed([declared("people/opcc-staff-1", false)]));
      const typo = await mesh.send("POST", `${PATH}/decide`, {
        as: "opcc",
        form: { outcome: "DECISION_AWARD", amount: "£1,0.00", "decision-reasons": "Strong case" },
      });
      expect(errorSummary(typo.text)).toEqual([
        { text: "Enter an amount in pounds and pence, like £1,250.00", href: "#amount" },
      ]);
      expect(mesh.downstream.requests("grants", "DecideApplication")).toEqual([]);
      mesh.downstream.on("grants", "DecideApplication", () => {
        throw refusedFields("over budget", [
          { field: "amount_pence", description: "only £5.00 of the budget of £76,000.00 is left" },
        ]);
      });
      const over = await mesh.send("POST", `${PATH}/decide`, {
        as: "opcc",
        form: { outcome: "DECISION_AWARD", amount: "£11,000.00", "decision-reasons": "Strong case" },
      });
      expect(over.status).toBe(400);
      expect(errorSummary(over.text)).toEqual([
        { text: "Amount: only £5.00 of the budget of £76,000.00 is left", href: "#amount" },
      ]);
    },
    "a partnership's or the panel's is page not found, nothing asked": async () => {
      expect(await refusalsOf(mesh, ["officer", "panel"], "POST", `${PATH}/decide`)).toEqual(
        notFoundTo(["officer", "panel"], false),
      );
    },
  },
};

describe("a business case's page over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerApplicationPage), routes)).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
