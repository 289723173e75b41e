/** The combination agreements list over the fake mesh: what each role reads, and who is offered to propose one. */
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, tables, textOf } from "../../testing/page-reading";
import { type PageTests, routesOf, tokensOf, webCoverage } from "../../testing/page-tests";
import { answerDirectory, approved, combination, inForce } from "./fixtures";
import { registerCombinationListPage } from "./list";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
  answerDirectory(mesh);
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const PROPOSE = 'href="/combinations/new"';

const routes: PageTests = {
  "GET /combinations": {
    "the OPCC reads every agreement it may with its areas, state and effective date, and may propose one": async () => {
      mesh.downstream.on("combinations", "ListCombinations", {
        combinations: [combination(), inForce()],
        nextPageToken: "",
      });
      const page = await mesh.send("GET", "/combinations", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Combination agreements");
      expect(tables(page.text)[0]).toEqual({
        caption: "Agreements",
        head: ["Combined partnership", "Areas", "State", "Effective date"],
        rows: [
          ["Dover and Maidstone CSP", "Dover CSP, Maidstone CSP", "Proposed", "1 April 2031"],
          ["Dover and Maidstone CSP", "Dover CSP, Maidstone CSP", "In force", "1 April 2031"],
        ],
      });
      expect(page.text).toContain('href="/combinations/c-mf3k2a1b-0a1b2c3d"');
      expect(page.text).toContain(PROPOSE);
      expect(page.text).toContain('<strong class="govuk-tag govuk-tag--green">In force</strong>');
      expect(mesh.downstream.requests("combinations", "ListCombinations")).toEqual([{ pageSize: 100 }]);
      expect(tokensOf(mesh)).toEqual(["token-opcc"]);
    },
    "a partnership's chair may propose one; its officer and a responsible authority's person only read": async () => {
      mesh.downstream.on("combinations", "ListCombinations", { combinations: [combination()], nextPageToken: "" });
      expect((await mesh.send("GET", "/combinations", { as: "chair" })).text).toContain(PROPOSE);
      for (const as of ["officer", "authority"]) {
        const page = await mesh.send("GET", "/combinations", { as });
        expect(page.status).toBe(200);
        expect(tables(page.text)[0]?.rows).toHaveLength(1);
        expect(page.text).not.toContain(PROPOSE);
      }
      // Each with their own token: the service decides what each may read.
      expect(tokensOf(mesh)).toEqual(["token-chair", "token-officer", "token-authority"]);
    },
    "the panel reads what the PCC has decided, and is told when there is nothing yet": async () => {
      mesh.downstream.on("combinations", "ListCombinations", { combinations: [approved()], nextPageToken: "" });
      const page = await mesh.send("GET", "/combinations", { as: "panel" });
      expect(tables(page.text)[0]?.rows).toEqual([
        ["Dover and Maidstone CSP", "Dover CSP, Maidstone CSP", "Approved", "1 April 2031"],
      ]);
      expect(page.text).not.toContain(PROPOSE);
      mesh.downstream.on("combinations", "ListCombinations", { combinations: [], nextPageToken: "" });
      const none = await mesh.send("GET", "/combinations", { as: "panel" });
      expect(textOf(none.text)).toContain("The PCC has not decided on any combination yet.");
    },
    "the header links to the agreements for every role that may read them": async () => {
      mesh.downstream.on("combinations", "ListCombinations", { combinations: [], nextPageToken: "" });
      for (const as of ["opcc", "officer", "panel"]) {
        const page = await mesh.send("GET", "/combinations", { as });
        expect(page.text).toMatch(/"govuk-service-navigation__link" href="\/combinations" aria-current="true"/);
      }
    },
  },
};

describe("the combination agreements list over the fake mesh", () => {
  test("every route of the list has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerCombinationListPage), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
