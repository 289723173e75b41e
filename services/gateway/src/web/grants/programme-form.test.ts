/** Drafting a grant programme on the web, over the fake mesh: pounds to pence, every problem in one round. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, headingOf } from "../../testing/page-reading";
import {
  calledOf,
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { programmeIdOf, registerProgrammeFormPages } from "./programme-form";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream.on("plans", "ListPlans", {
    plans: [
      {
        name: "plans/mks",
        title: "Making Kent Safer",
        objectives: [{ code: "VAWG", title: "Tackle VAWG", description: "", name: "plans/mks/objectives/VAWG" }],
      },
    ],
    nextPageToken: "",
  });
});

const form = {
  year: "2027/28",
  title: "Crime Reduction Grant 2027/28",
  kind: "PROGRAMME_KIND_ALLOCATION",
  budget: "£75,661.00",
  objectives: "plans/mks/objectives/VAWG",
  "opens-day": "4",
  "opens-month": "1",
  "opens-year": "2027",
  "closes-day": "31",
  "closes-month": "3",
  "closes-year": "2027",
  "allocation-csp-dover": "36,000",
  "allocation-csp-maidstone": "£39,661.00",
};
const seconds = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

const routes: PageTests = {
  "GET /grants/programmes/new": {
    "the OPCC's form: the plan's objectives to choose, a pounds box for every partnership": async () => {
      const page = await mesh.send("GET", "/grants/programmes/new", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Draft a grant programme");
      expect(page.text).toContain('value="plans/mks/objectives/VAWG"');
      expect(page.text).toContain('name="allocation-csp-dover"');
      expect(page.text).toContain('name="allocation-csp-maidstone"');
      expect(page.text).toContain('inputmode="decimal"');
      expect(page.text).not.toContain('type="number"');
    },
    "anyone else: page not found": () =>
      expect(refusalsOf(mesh, ["officer", "panel"], "GET", "/grants/programmes/new")).resolves.toEqual(
        notFoundTo(["officer", "panel"], false),
      ),
  },
  "POST /grants/programmes/new": {
    "pounds as typed become whole pence; dates are London's (open at midnight, close at 5pm); then the draft":
      async () => {
        mesh.downstream.on("grants", "CreateProgramme", { name: "programmes/crime-reduction-grant-2027-28" });
        const sent = await mesh.send("POST", "/grants/programmes/new", { as: "opcc", form });
        expect([sent.status, sent.location]).toEqual([303, "/grants/programmes/crime-reduction-grant-2027-28"]);
        expect(mesh.downstream.requests("grants", "CreateProgramme")).toEqual([
          {
            programmeId: "crime-reduction-grant-2027-28",
            programme: {
              year: "2027/28",
              title: "Crime Reduction Grant 2027/28",
              description: "",
              kind: "PROGRAMME_KIND_ALLOCATION",
              budgetPence: "7566100",
              objectives: ["plans/mks/objectives/VAWG"],
              windowOpenTime: seconds("2027-01-04T00:00:00Z"),
              windowCloseTime: seconds("2027-03-31T16:00:00Z"),
              allocations: [
                { partner: "partners/csp-dover", amountPence: "3600000" },
                { partner: "partners/csp-maidstone", amountPence: "3966100" },
              ],
              projectMaxPence: "0",
              countyWideMaxPence: "0",
            },
            requestId: expect.stringMatching(WEB_REQUEST_ID),
            validateOnly: false,
          },
        ]);
      },
    "amounts that are not pounds and pence, a missing date: named here, the service asked only to check; values kept":
      async () => {
        mesh.downstream.on("grants", "CreateProgramme", () => {
          throw refusedFields("invalid programme", [
            { field: "programme.year", description: "2027/29 is not one financial year" },
          ]);
        });
        const page = await mesh.send("POST", "/grants/programmes/new", {
          as: "opcc",
          form: { ...form, year: "2027/29", budget: "£1,0.00", "allocation-csp-dover": "1.5", "closes-day": "" },
        });
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([
          { text: "Enter the financial year, such as 2027/28", href: "#year" },
          { text: "Enter the budget in pounds and pence, like £558,385.00", href: "#budget" },
          { text: "Applications close must include a day", href: "#closes-day" },
          { text: "Enter an amount in pounds and pence, like £1,250.00", href: "#allocation-csp-dover" },
        ]);
        expect(mesh.downstream.requests("grants", "CreateProgramme")[0]).toMatchObject({ validateOnly: true });
        expect(fieldValue(page.text, "budget")).toBe("£1,0.00");
        expect(fieldValue(page.text, "allocation-csp-dover")).toBe("1.5");
      },
    "allocations above the budget, and one partnership's refusal, are shown where they belong": async () => {
      mesh.downstream.on("grants", "CreateProgramme", () => {
        throw refusedFields("invalid programme", [
          {
            field: "programme.allocations",
            description: "the allocations add up to £75,661.00, more than the budget of £1.00",
          },
          { field: "programme.allocations[1].partner", description: "partners/csp-maidstone is not active (merged)" },
        ]);
      });
      const page = await mesh.send("POST", "/grants/programmes/new", { as: "opcc", form: { ...form, budget: "1" } });
      expect(errorSummary(page.text)).toEqual([
        {
          text: "Allocations: the allocations add up to £75,661.00, more than the budget of £1.00",
          href: "#allocations",
        },
        { text: "Partners/csp-maidstone is not active (merged)", href: "#allocation-csp-maidstone" },
      ]);
    },
    "a title already used for that year: said so on the title": async () => {
      mesh.downstream.on("grants", "CreateProgramme", () => {
        throw grpcError("ALREADY_EXISTS", "duplicate");
      });
      const page = await mesh.send("POST", "/grants/programmes/new", { as: "opcc", form });
      expect(errorSummary(page.text)).toEqual([
        { text: "A programme with this title already exists for that year: choose another title", href: "#title" },
      ]);
    },
    "anyone else: page not found, nothing asked": async () => {
      expect(await refusalsOf(mesh, ["officer", "panel"], "POST", "/grants/programmes/new")).toEqual(
        notFoundTo(["officer", "panel"], false),
      );
      expect(calledOf(mesh)).toEqual([]);
    },
  },
};

describe("drafting a grant programme over the fake mesh", () => {
  test("every route of the form has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerProgrammeFormPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  test("a programme's id comes from its title and year", () => {
    expect(programmeIdOf("Crime Reduction Grant 2027/28", "2027/28")).toBe("crime-reduction-grant-2027-28");
    expect(programmeIdOf("Safer in Kent Fund", "2027/28")).toBe("safer-in-kent-fund-2027-28");
    expect(programmeIdOf("!!", "")).toBe("programme-x");
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
