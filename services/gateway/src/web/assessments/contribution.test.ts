/** A partnership's contribution to an assessment over the fake mesh: the form and its draft, checking it, and submitting it. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, summaryRows, textOf } from "../../testing/page-reading";
import {
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  tokensOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerAssessmentContributionPages } from "./contribution";
import { answerCycle, CYCLE, contribution, DOVER, ID, version } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerCycle(mesh));

const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** A page for some roles only: the others (and a malformed id) are "page not found", nothing asked. */
const notFor = async (roles: string[], method: "GET" | "POST", path: string, malformed?: string) =>
  expect(await refusalsOf(mesh, roles, method, path, malformed)).toEqual(notFoundTo(roles, Boolean(malformed)));

const routes: PageTests = {
  "GET /assessments/:id/contribution": {
    "the officer's form starts from the draft: ranked priorities, the indicator, the narrative": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({
          versions: [version(1, "CONTRIBUTION_STATE_RETURNED", { returnReasons: "Add the Q4 figures" })],
        }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contribution?saved=1`, { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Your partnership's contribution");
      expect(mesh.downstream.requests("assessments", "GetCycle")).toEqual([{ name: CYCLE }]);
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: DOVER }]);
      expect(textOf(page.text)).toContain("Draft saved");
      expect(textOf(page.text)).toContain("Version 1 was returned: Add the Q4 figures");
      expect(chosen(page.text, "p1-theme")).toEqual(["VIOLENCE"]);
      expect(chosen(page.text, "p2-theme")).toEqual(["EMERGING"]);
      expect(fieldValue(page.text, "p2-emerging")).toBe("County lines");
      expect(chosen(page.text, "p3-theme")).toEqual([""]);
      expect(fieldValue(page.text, "i-KNIFE-value")).toBe("4.2");
      expect(chosen(page.text, "i-KNIFE-trend")).toEqual(["TREND_RISING"]);
      expect(fieldValue(page.text, "population")).toBe("115000");
      expect(fieldValue(page.text, "narrative")).toBe("Violence dominates the year.");
      expect(page.text).toContain(`formaction="/assessments/${ID}/contribution?draft=1"`);
    },
    "the draft unreadable (UNAVAILABLE) is the unavailable page, never an empty form that would replace it when saved":
      async () => {
        mesh.downstream.on("assessments", "GetContribution", () => {
          throw grpcError("UNAVAILABLE", "assessments is restarting");
        });
        const page = await mesh.send("GET", `/assessments/${ID}/contribution`, { as: "officer" });
        expect(page.status).toBe(503);
      },
    "only a partnership": () =>
      notFor(["opcc", "panel"], "GET", `/assessments/${ID}/contribution`, "/assessments/x/contribution"),
  },

  "POST /assessments/:id/contribution": {
    "saves the filled rows ranked in page order, the indicator as a number, then checks or stays as asked":
      async () => {
        mesh.downstream.on("assessments", "SaveContributionDraft", contribution());
        const form = {
          "p1-theme": "VIOLENCE",
          "p1-rationale": "Knife crime up 20%",
          "p2-theme": "",
          "p3-theme": "EMERGING",
          "p3-emerging": "County lines",
          "p3-rationale": "New routes seen",
          "i-KNIFE-value": "1,204.5",
          "i-KNIFE-period": "2026/27",
          "i-KNIFE-trend": "TREND_FALLING",
          "i-KNIFE-source": "Kent Police",
          population: "115,000",
          threats: "",
          views: "Residents fear the harbour",
          narrative: "Violence dominates the year.",
        };
        const sent = await mesh.send("POST", `/assessments/${ID}/contribution`, { as: "officer", form });
        expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contribution/check`]);
        expect(mesh.downstream.requests("assessments", "SaveContributionDraft")).toEqual([
          {
            cycle: CYCLE,
            content: {
              priorities: [
                { rank: 1, code: "VIOLENCE", emergingTitle: "", rationale: "Knife crime up 20%", evidence: "" },
                { rank: 2, code: "", emergingTitle: "County lines", rationale: "New routes seen", evidence: "" },
              ],
              indicators: [
                {
                  code: "KNIFE",
                  value: 1204.5,
                  unit: "UNIT_RATE_PER_1000",
                  period: "2026/27",
                  trend: "TREND_FALLING",
                  source: "Kent Police",
                },
              ],
              population: "115000",
              emergingThreats: "",
              communityViews: "Residents fear the harbour",
              narrative: "Violence dominates the year.",
            },
            requestId,
            validateOnly: false,
          },
        ]);
        const draft = await mesh.send("POST", `/assessments/${ID}/contribution?draft=1`, { as: "officer", form });
        expect(draft.location).toBe(`/assessments/${ID}/contribution?saved=1`);
      },
    "numbers that are not numbers here, the rest by the service (validate only): 400, nothing saved, values kept":
      async () => {
        mesh.downstream.on("assessments", "SaveContributionDraft", () => {
          throw refusedFields("invalid", [
            { field: "content.priorities[0].rationale", description: "must be 10 characters or more" },
          ]);
        });
        const page = await mesh.send("POST", `/assessments/${ID}/contribution`, {
          as: "officer",
          form: {
            "p1-theme": "ASB",
            "p1-rationale": "Short",
            "i-KNIFE-value": "lots",
            population: "many",
            narrative: "Summary",
          },
        });
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([
          { text: "Priority 1, why must be 10 characters or more", href: "#p1-rationale" },
          { text: "Enter knife crime rate as a number", href: "#i-KNIFE-value" },
          { text: "Enter the population as a whole number", href: "#population" },
        ]);
        expect(mesh.downstream.requests("assessments", "SaveContributionDraft")[0]).toMatchObject({
          validateOnly: true,
          content: { population: "0", indicators: [{ code: "KNIFE", value: 0 }] },
        });
        expect(fieldValue(page.text, "i-KNIFE-value")).toBe("lots");
        expect(chosen(page.text, "p1-theme")).toEqual(["ASB"]);
      },
    "only a partnership": () => notFor(["opcc", "panel"], "POST", `/assessments/${ID}/contribution`),
  },

  "GET /assessments/:id/contribution/check": {
    "the draft as people read it, each with a way to change it, and the submit form": async () => {
      const page = await mesh.send("GET", `/assessments/${ID}/contribution/check`, { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Check your contribution before submitting it");
      expect(summaryRows(page.text)).toEqual([
        ["Priority 1", "Serious violence: Knife crime up 20%"],
        ["Priority 2", "County lines (emerging issue): New routes seen"],
        ["Knife crime rate", "4.2 (2026/27, Kent Police)"],
        ["Population", "115000"],
        ["Summary", "Violence dominates the year."],
      ]);
      expect(page.text).toContain(`action="/assessments/${ID}/contribution/submit"`);
    },
    "with no draft saved the check page sends the person back to the form": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({ draft: null, state: "CONTRIBUTION_STATE_NOT_STARTED" }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contribution/check`, { as: "officer" });
      // showCheck reads `mine.draft.priorities` of a null draft (a TypeError): the report pages
      // send the person back to the form instead.
      expect([page.status, page.location]).toEqual([303, `/assessments/${ID}/contribution`]);
    },
    "only a partnership": () => notFor(["opcc", "panel"], "GET", `/assessments/${ID}/contribution/check`),
  },

  "POST /assessments/:id/contribution/submit": {
    "submits the contribution and shows the cycle with the version sent": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contribution/submit`, { as: "officer" });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}?submitted=1`]);
      expect(mesh.downstream.requests("assessments", "SubmitContribution")).toEqual([{ cycle: CYCLE, requestId }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "incomplete: the check page with 400, each problem by its label, linking to the form": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", () => {
        throw refusedFields("incomplete", [
          { field: "content.narrative", description: "is required" },
          { field: "content.indicators[0].source", description: "is required" },
        ]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contribution/submit`, { as: "officer" });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Summary of the assessment: is required", href: `/assessments/${ID}/contribution` },
        { text: "Knife crime rate, source: is required", href: `/assessments/${ID}/contribution` },
      ]);
    },
    "only a partnership": () => notFor(["opcc", "panel"], "POST", `/assessments/${ID}/contribution/submit`),
  },
};

describe("a partnership's contribution over the fake mesh", () => {
  test("every route of the contribution pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerAssessmentContributionPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
