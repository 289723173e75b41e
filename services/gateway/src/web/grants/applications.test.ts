/** Business case pages over the fake mesh: the partnership's form, check and submit. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import {
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerApplicationPages } from "./applications";
import { application, JSA, stubCase, VAWG } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

/** The form as a person fills it: amounts in pounds with commas. */
const filled = {
  "p1-title": "Street pastors",
  "p1-summary": "Night-time economy patrols.",
  "p1-l1-desc": "Coordinator",
  "p1-l1-amount": "£12,000.50",
  "p1-l2-desc": "Training",
  "p1-l2-amount": "300",
  "p1-m1-title": "Repeat victims",
  "p1-m1-unit": "MEASURE_UNIT_COUNT",
  "p1-m1-baseline": "40",
  "p1-m1-target": "30",
  "p1-objectives": VAWG,
  "p1-priorities": JSA,
  "q-conflicts": "No",
  conflict: "no",
  police: "no",
  narrative: "One project for the night-time economy.",
};

const routes: PageTests = {
  "GET /grants/programmes/:id/apply": {
    "the officer's form: the allocation, the saved working copy in pounds, objectives and priorities to choose":
      async () => {
        stubCase(mesh);
        const page = await mesh.send("GET", "/grants/programmes/crg-2027-28/apply", { as: "officer" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Your business case");
        expect(textOf(page.text)).toContain("Your partnership's allocation is £36,000.00.");
        expect(fieldValue(page.text, "p1-l1-amount")).toBe("12,000.50");
        expect(fieldValue(page.text, "p1-title")).toBe("Street pastors");
        expect(page.text).toContain(`value="${VAWG}" checked`);
        expect(textOf(page.text)).toContain("Violence against women and girls (Making Kent Safer)");
        expect(page.text).toContain(`value="${JSA}" checked`);
        expect(mesh.downstream.requests("grants", "GetApplication")).toEqual([
          { name: "programmes/crg-2027-28/applications/csp-dover" },
        ]);
      },
    "the OPCC and the panel do not apply: page not found, nothing asked; so for a malformed id": async () => {
      expect(
        await refusalsOf(
          mesh,
          ["opcc", "panel"],
          "GET",
          "/grants/programmes/crg-2027-28/apply",
          "/grants/programmes/X_Y/apply",
        ),
      ).toEqual(notFoundTo(["opcc", "panel"], true));
    },
  },
  "POST /grants/programmes/:id/apply": {
    "saves the form as whole pence and goes on to check it; empty rows are left out": async () => {
      stubCase(mesh);
      mesh.downstream.on("grants", "SaveApplicationDraft", application("APPLICATION_STATE_DRAFT"));
      const sent = await mesh.send("POST", "/grants/programmes/crg-2027-28/apply", { as: "officer", form: filled });
      expect([sent.status, sent.location]).toEqual([303, "/grants/programmes/crg-2027-28/apply/check"]);
      const [asked] = mesh.downstream.requests("grants", "SaveApplicationDraft") as Record<string, unknown>[];
      expect(asked).toEqual({
        programme: "programmes/crg-2027-28",
        requestId: expect.stringMatching(WEB_REQUEST_ID),
        validateOnly: false,
        content: {
          projects: [
            {
              title: "Street pastors",
              summary: "Night-time economy patrols.",
              countyWide: false,
              lines: [
                { description: "Coordinator", amountPence: "1200050" },
                { description: "Training", amountPence: "30000" },
              ],
              measures: [{ title: "Repeat victims", unit: "MEASURE_UNIT_COUNT", baseline: 40, target: 30 }],
              objectives: [VAWG],
              jsaPriorities: [JSA],
            },
          ],
          answers: [{ code: "conflicts", answer: "No" }],
          declarations: {
            conflictOfInterest: false,
            conflictDetails: "",
            policeStaffInvolved: false,
            policeStaffDetails: "",
          },
          narrative: "One project for the night-time economy.",
        },
      });
      const draft = await mesh.send("POST", "/grants/programmes/crg-2027-28/apply?draft=1", {
        as: "officer",
        form: filled,
      });
      expect(draft.location).toBe("/grants/programmes/crg-2027-28/apply?saved=1");
    },
    "an amount like £1,0.00 and the service's problems show together (validate_only), each at its field": async () => {
      stubCase(mesh);
      mesh.downstream.on("grants", "SaveApplicationDraft", () => {
        throw refusedFields("invalid application", [
          { field: "content.projects[0].jsa_priorities[0]", description: "assessments/jsa-2026 has no priority NOPE" },
          { field: "content.projects", description: "the projects ask for £40,000.00, more than the allocation" },
        ]);
      });
      const page = await mesh.send("POST", "/grants/programmes/crg-2027-28/apply", {
        as: "officer",
        form: { ...filled, "p1-l2-amount": "£1,0.00" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Project 1, title: the projects ask for £40,000.00, more than the allocation", href: "#p1-title" },
        { text: "Enter an amount in pounds and pence, like £1,250.00", href: "#p1-l2-amount" },
        {
          text: "Project 1, assessment priorities: assessments/jsa-2026 has no priority NOPE",
          href: "#p1-priorities",
        },
      ]);
      expect(fieldValue(page.text, "p1-l2-amount")).toBe("£1,0.00");
      expect(mesh.downstream.requests("grants", "SaveApplicationDraft")).toMatchObject([{ validateOnly: true }]);
    },
  },
  "GET /grants/programmes/:id/apply/check": {
    "the working copy to check: what it asks for, each project's costs, and the submit button": async () => {
      stubCase(mesh);
      const page = await mesh.send("GET", "/grants/programmes/crg-2027-28/apply/check", { as: "officer" });
      expect(page.status).toBe(200);
      expect(summaryRows(page.text)[0]).toEqual(["Asks for", "£12,300.50"]);
      expect(tables(page.text)[0]).toEqual({
        caption: "Project 1: Street pastors",
        head: ["Cost", "Amount"],
        rows: [
          ["Coordinator", "£12,000.50"],
          ["Training", "£300.00"],
          ["Project total", "£12,300.50"],
        ],
      });
      expect(page.text).toContain('action="/grants/programmes/crg-2027-28/apply/submit"');
    },
    "nothing saved yet: back to the form": async () => {
      stubCase(mesh);
      mesh.downstream.on("grants", "GetApplication", () => {
        throw grpcError("NOT_FOUND", "none");
      });
      const page = await mesh.send("GET", "/grants/programmes/crg-2027-28/apply/check", { as: "officer" });
      expect([page.status, page.location]).toEqual([303, "/grants/programmes/crg-2027-28/apply"]);
    },
  },
  "POST /grants/programmes/:id/apply/submit": {
    "submits the working copy and shows the application": async () => {
      stubCase(mesh);
      mesh.downstream.on("grants", "SubmitApplication", application());
      const sent = await mesh.send("POST", "/grants/programmes/crg-2027-28/apply/submit", { as: "officer", form: {} });
      expect([sent.status, sent.location]).toEqual([
        303,
        "/grants/programmes/crg-2027-28/applications/csp-dover?submitted=1",
      ]);
      expect(mesh.downstream.requests("grants", "SubmitApplication")).toEqual([
        { programme: "programmes/crg-2027-28", requestId: expect.stringMatching(WEB_REQUEST_ID) },
      ]);
    },
    "refused as incomplete or outside the window: the check page lists each problem by its label": async () => {
      stubCase(mesh);
      mesh.downstream.on("grants", "SubmitApplication", () => {
        throw refusedFields("invalid application", [
          { field: "content.projects[0].measures[0].target", description: "a whole number" },
          { field: "programme", description: "applications closed on 5pm on 31 March 2027" },
        ]);
      });
      const page = await mesh.send("POST", "/grants/programmes/crg-2027-28/apply/submit", { as: "officer", form: {} });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text).map((e) => e.text)).toEqual([
        "Project 1, measure 1 target: a whole number",
        "Project 1, title: applications closed on 5pm on 31 March 2027",
      ]);
    },
  },
};

describe("grant application pages over the fake mesh", () => {
  test("every application page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerApplicationPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
