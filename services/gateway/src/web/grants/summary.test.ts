import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import { type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { AWARD_ID } from "./fixtures";
import { registerSummaryPage } from "./summary";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const PATH = "/grants/programmes/crg-2027-28/summary";
const summary = (complete: boolean) => ({
  programme: "programmes/crg-2027-28",
  title: "Crime Reduction Grant 2027/28",
  year: "2027/28",
  budgetPence: "5572400",
  committedPence: "1900000",
  paidPence: "1333333",
  underspendPence: "15600",
  repaidPence: "15600",
  complete,
  recipients: [
    {
      partner: "partners/csp-dover",
      partnerDisplayName: "Dover CSP",
      award: `awards/${AWARD_ID}`,
      state: "AWARD_STATE_CLOSED",
      awardedPence: "1900000",
      paidPence: "1333333",
      underspendPence: "15600",
      repaidPence: "15600",
      holdBack: true,
    },
  ],
  objectives: [
    {
      objective: "plans/mks/objectives/VAWG",
      title: "Tackle violence against women and girls",
      awards: 1,
      projects: 1,
      awardedPence: "1108333",
      outcomes: [
        {
          partner: "partners/csp-dover",
          partnerDisplayName: "Dover CSP",
          project: "Street pastors",
          measure: "Repeat victims",
          unit: "MEASURE_UNIT_COUNT",
          baseline: 40,
          target: 30,
          hasActual: true,
          actual: 28,
        },
        {
          partner: "partners/csp-dover",
          partnerDisplayName: "Dover CSP",
          project: "Street pastors",
          measure: "Women who feel safe at night",
          unit: "MEASURE_UNIT_PERCENT",
          baseline: 52,
          target: 60,
          hasActual: false,
          actual: 0,
        },
      ],
    },
    { objective: "plans/mks/objectives/ROADS", title: "", awards: 0, projects: 0, awardedPence: "0", outcomes: [] },
  ],
});

const routes: PageTests = {
  "GET /grants/programmes/:id/summary": {
    "the OPCC's whole programme: the budget left, each partnership's money, each objective's share and outcomes":
      async () => {
        mesh.downstream.on("grants", "GetProgrammeSummary", summary(true));
        const page = await mesh.send("GET", PATH, { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Money and outcomes");
        expect(summaryRows(page.text)).toEqual([
          ["Budget", "£55,724.00"],
          ["Committed", "£19,000.00"],
          ["Not yet committed", "£36,724.00"],
          ["Paid", "£13,333.33"],
          ["Underspent", "£156.00"],
          ["Repaid", "£156.00"],
        ]);
        const [byPartner, byObjective, outcomes] = tables(page.text);
        expect(byPartner?.rows).toEqual([
          [
            "Dover CSP",
            "Closed (underspent the year before too: consider hold-back)",
            "£19,000.00",
            "£13,333.33",
            "£156.00",
            "£156.00",
          ],
        ]);
        expect(page.text).toContain(`href="/grants/awards/${AWARD_ID}"`);
        expect(byObjective?.rows).toEqual([
          ["Tackle violence against women and girls", "1", "1", "£11,083.33"],
          ["ROADS", "0", "0", "£0.00"],
        ]);
        expect(outcomes?.rows).toEqual([
          ["Tackle violence against women and girls", "Dover CSP: Street pastors", "Repeat victims", "40", "30", "28"],
          [
            "Tackle violence against women and girls",
            "Dover CSP: Street pastors",
            "Women who feel safe at night",
            "52%",
            "60%",
            "Not yet returned",
          ],
        ]);
        expect(mesh.downstream.requests("grants", "GetProgrammeSummary")).toEqual([
          { programme: "programmes/crg-2027-28" },
        ]);
      },
    "the panel's view says it shows the grants made, with no budget left to commit": async () => {
      mesh.downstream.on("grants", "GetProgrammeSummary", summary(false));
      const page = await mesh.send("GET", PATH, { as: "panel" });
      expect(textOf(page.text)).toContain("The grants made: those whose agreements have been accepted, as published.");
      expect(summaryRows(page.text).map(([k]) => k)).toEqual([
        "Budget",
        "Awarded (shown below)",
        "Paid",
        "Underspent",
        "Repaid",
      ]);
      const officer = await mesh.send("GET", PATH, { as: "officer" });
      expect(textOf(officer.text)).toContain("Your partnership's grant only");
    },
    "a programme the person may not read, or a malformed id, is page not found": async () => {
      mesh.downstream.on("grants", "GetProgrammeSummary", () => {
        throw grpcError("NOT_FOUND", "programme not found");
      });
      expect((await mesh.send("GET", PATH, { as: "officer" })).status).toBe(404);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/grants/programmes/NOPE!/summary", { as: "opcc" })).status).toBe(404);
      expect(mesh.downstream.requests("grants", "GetProgrammeSummary")).toEqual([]);
    },
  },
};

describe("a programme's money and outcomes over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerSummaryPage), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
