/** Proposing a combination over the fake mesh: the form's areas from the directory, the proposal sent, the problems shown. */
import { refusedFields } from "../../api/testing";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, titleOf } from "../../testing/page-reading";
import {
  calledOf,
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { answerDirectory, combination, inForce, NAME, PATH } from "./fixtures";
import { registerProposalPages } from "./proposal";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
  answerDirectory(mesh);
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** The value of each checkbox offered for the areas. */
const areasOffered = (html: string) =>
  [...html.matchAll(/<input class="govuk-checkboxes__input"[^>]*name="areas"[^>]*value="([^"]*)"/g)].map((m) => m[1]);

const FILLED = {
  areas: ["partners/csp-dover", "partners/csp-maidstone"],
  "combined-name": "Dover and Maidstone CSP",
  rationale: "Shared town centres and one night-time economy.",
  governance: "A joint board meeting quarterly.",
  "local-delivery": "Each district keeps its local tasking group.",
  scrutiny: "Scrutinised by a joint committee of both councils.",
  "effective-day": "1",
  "effective-month": "4",
  "effective-year": "2031",
};

const routes: PageTests = {
  "GET /combinations/new": {
    "the OPCC chooses among the active partnerships, district and county, by name": async () => {
      const page = await mesh.send("GET", "/combinations/new", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Propose a combination");
      // By display name ("Dover and Maidstone CSP" before "Dover CSP"); Swale CSP, already combined, is not offered.
      expect(areasOffered(page.text)).toEqual([
        "partners/csp-dover-maidstone",
        "partners/csp-dover",
        "partners/csp-kent-county",
        "partners/csp-maidstone",
      ]);
      expect(mesh.downstream.requests("directory", "ListPartners").slice(-2)).toEqual([
        { pageSize: 500, kind: "PARTNER_KIND_CSP", status: "PARTNER_STATUS_ACTIVE" },
        { pageSize: 500, kind: "PARTNER_KIND_COUNTY_CSP", status: "PARTNER_STATUS_ACTIVE" },
      ]);
      for (const name of ["combined-name", "rationale", "governance", "local-delivery", "scrutiny", "effective-day"])
        expect(fieldValue(page.text, name)).toBe("");
      expect(page.text).toContain('action="/combinations/new"');
    },
    "a variation starts from the terms in force, offering the constituents though combined": async () => {
      mesh.downstream.on("combinations", "GetCombination", inForce());
      const page = await mesh.send("GET", `/combinations/new?varies=${encodeURIComponent(NAME)}`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Propose a variation");
      expect(mesh.downstream.requests("combinations", "GetCombination")).toEqual([{ name: NAME }]);
      expect(chosen(page.text, "areas")).toEqual(["partners/csp-dover", "partners/csp-maidstone"]);
      expect(fieldValue(page.text, "combined-name")).toBe("Dover and Maidstone CSP");
      expect(fieldValue(page.text, "effective-day")).toBe("");
      expect(page.text).toContain(`action="/combinations/new?varies=${encodeURIComponent(NAME)}"`);
    },
    "a variation of an agreement not in force, or of none the caller may see, is page not found": async () => {
      mesh.downstream.on("combinations", "GetCombination", combination());
      expect(
        (await mesh.send("GET", `/combinations/new?varies=${encodeURIComponent(NAME)}`, { as: "opcc" })).status,
      ).toBe(404);
      expect((await mesh.send("GET", "/combinations/new?varies=not-a-name", { as: "opcc" })).status).toBe(404);
    },
    "a partnership's chair may propose; its officer, an authority's person and the panel get page not found":
      async () => {
        expect((await mesh.send("GET", "/combinations/new", { as: "chair" })).status).toBe(200);
        mesh.downstream.calls.splice(0);
        expect(await refusalsOf(mesh, ["officer", "authority", "panel"], "GET", "/combinations/new")).toEqual(
          notFoundTo(["officer", "authority", "panel"], false),
        );
      },
  },

  "POST /combinations/new": {
    "proposes the combination and shows it with a banner": async () => {
      mesh.downstream.on("combinations", "ProposeCombination", combination());
      const sent = await mesh.send("POST", "/combinations/new", { as: "opcc", form: FILLED });
      expect([sent.status, sent.location]).toEqual([303, `${PATH}?done=proposed`]);
      expect(mesh.downstream.requests("combinations", "ProposeCombination")).toEqual([
        {
          terms: {
            areas: ["partners/csp-dover", "partners/csp-maidstone"],
            combinedName: "Dover and Maidstone CSP",
            rationale: "Shared town centres and one night-time economy.",
            governance: "A joint board meeting quarterly.",
            localDelivery: "Each district keeps its local tasking group.",
            scrutiny: "Scrutinised by a joint committee of both councils.",
            effectiveDate: "2031-04-01",
          },
          requestId,
        },
      ]);
    },
    "a variation is proposed with the agreement it varies": async () => {
      mesh.downstream.on("combinations", "GetCombination", inForce());
      mesh.downstream.on("combinations", "ProposeCombination", combination());
      const sent = await mesh.send("POST", `/combinations/new?varies=${encodeURIComponent(NAME)}`, {
        as: "opcc",
        form: { ...FILLED, areas: ["partners/csp-dover", "partners/csp-maidstone", "partners/csp-kent-county"] },
      });
      expect(sent.status).toBe(303);
      const [req] = mesh.downstream.requests("combinations", "ProposeCombination") as {
        terms: Record<string, unknown>;
      }[];
      expect(req?.terms).toMatchObject({
        varies: NAME,
        areas: ["partners/csp-dover", "partners/csp-maidstone", "partners/csp-kent-county"],
      });
    },
    "one area, no name, short descriptions and no date: 400 naming each, what was typed kept, nothing sent":
      async () => {
        const page = await mesh.send("POST", "/combinations/new", {
          as: "chair",
          form: { areas: "partners/csp-dover", rationale: "Shorter", "effective-day": "31", "effective-month": "2" },
        });
        expect(page.status).toBe(400);
        expect(titleOf(page.text)).toMatch(/^Error: Propose a combination/);
        expect(errorSummary(page.text)).toEqual([
          { text: "Choose two or more partnerships to combine", href: "#areas" },
          { text: "Enter the name of the combined partnership", href: "#combined-name" },
          { text: "Explain why the areas should combine (at least 10 characters)", href: "#rationale" },
          { text: "Describe the governance and terms of reference (at least 10 characters)", href: "#governance" },
          { text: "Describe the local delivery arrangements (at least 10 characters)", href: "#local-delivery" },
          { text: "Describe the scrutiny arrangements (at least 10 characters)", href: "#scrutiny" },
          { text: "Effective date must include a year", href: "#effective-day" },
        ]);
        expect(chosen(page.text, "areas")).toEqual(["partners/csp-dover"]);
        expect(fieldValue(page.text, "rationale")).toBe("Shorter");
        expect(fieldValue(page.text, "effective-day")).toBe("31");
        expect(calledOf(mesh)).not.toContain("combinations.ProposeCombination");
      },
    "the service's refusal (INVALID_ARGUMENT) is shown at each field it names, the form as typed": async () => {
      mesh.downstream.on("combinations", "ProposeCombination", () => {
        throw refusedFields("the proposal is not valid", [
          { field: "terms.areas[1]", description: "Maidstone CSP has already been combined" },
          { field: "terms.combined_name", description: "name the combined partnership" },
          { field: "terms.scrutiny", description: "describe it (at least 10 characters)" },
          { field: "terms.effective_date", description: "today or a later date" },
        ]);
      });
      const page = await mesh.send("POST", "/combinations/new", {
        as: "opcc",
        form: { ...FILLED, "effective-year": "2020" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Areas: Maidstone CSP has already been combined", href: "#areas" },
        { text: "Enter the name of the combined partnership", href: "#combined-name" },
        { text: "Describe the scrutiny arrangements (at least 10 characters)", href: "#scrutiny" },
        { text: "Effective date must be today or in the future", href: "#effective-day" },
      ]);
      expect(chosen(page.text, "areas")).toEqual(["partners/csp-dover", "partners/csp-maidstone"]);
      expect(fieldValue(page.text, "combined-name")).toBe("Dover and Maidstone CSP");
      expect(fieldValue(page.text, "effective-year")).toBe("2020");
      expect(page.text).toContain('id="effective-day"');
    },
    "only the OPCC and partnerships' chairs": async () => {
      expect(await refusalsOf(mesh, ["officer", "authority", "panel"], "POST", "/combinations/new")).toEqual(
        notFoundTo(["officer", "authority", "panel"], false),
      );
    },
  },
};

describe("proposing a combination over the fake mesh", () => {
  test("every route of the proposal has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerProposalPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
