/** A partnership's lineage page over the fake mesh: combined, combined into another, dissolved. */
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, summaryRows } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { answerDirectory, ID, lineagePartner } from "./fixtures";
import { registerLineagePage } from "./lineage";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
  answerDirectory(mesh);
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const routes: PageTests = {
  "GET /partnerships/:id": {
    "a combined partnership: its members, the partnerships it succeeds and its agreement, each linked": async () => {
      mesh.downstream.on("directory", "GetPartner", lineagePartner());
      const page = await mesh.send("GET", "/partnerships/csp-dover-maidstone", { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Dover and Maidstone CSP");
      expect(mesh.downstream.requests("directory", "GetPartner")).toEqual([{ name: "partners/csp-dover-maidstone" }]);
      expect(summaryRows(page.text)).toEqual([
        ["Status", "Active"],
        ["Members", "Dover District Council Kent County Council Kent Police Maidstone Borough Council"],
        ["Succeeds", "Dover CSP Maidstone CSP"],
        ["Succeeded by", "None"],
        ["Combination agreement", "Read the combination agreement"],
      ]);
      expect(page.text).toContain('href="/partnerships/csp-dover"');
      expect(page.text).toContain('href="/partnerships/csp-maidstone"');
      expect(page.text).toContain(`href="/combinations/${ID}"`);
      // The members are authorities, not partnerships: named, not linked.
      expect(page.text).not.toContain('href="/partnerships/kent-police"');
    },
    "a constituent combined into another, and a combined partnership dissolved when its agreement ended": async () => {
      mesh.downstream.on(
        "directory",
        "GetPartner",
        lineagePartner({
          name: "partners/csp-dover",
          displayName: "Dover CSP",
          status: "PARTNER_STATUS_MERGED",
          mergedInto: "partners/csp-dover-maidstone",
          members: ["partners/dover-council", "partners/kent-police"],
          predecessors: [],
          successors: ["partners/csp-dover-maidstone"],
        }),
      );
      const merged = await mesh.send("GET", "/partnerships/csp-dover", { as: "opcc" });
      expect(summaryRows(merged.text).slice(0, 4)).toEqual([
        ["Status", "Combined into Dover and Maidstone CSP"],
        ["Members", "Dover District Council Kent Police"],
        ["Succeeds", "None"],
        ["Succeeded by", "Dover and Maidstone CSP"],
      ]);
      expect(merged.text).toContain('href="/partnerships/csp-dover-maidstone"');
      mesh.downstream.on(
        "directory",
        "GetPartner",
        lineagePartner({
          status: "PARTNER_STATUS_DISSOLVED",
          successors: ["partners/csp-dover", "partners/csp-maidstone"],
        }),
      );
      const dissolved = await mesh.send("GET", "/partnerships/csp-dover-maidstone", { as: "panel" });
      expect(Object.fromEntries(summaryRows(dissolved.text))).toMatchObject({
        Status: "Dissolved",
        "Succeeded by": "Dover CSP Maidstone CSP",
      });
    },
    "a partner the directory does not have, or a malformed id, is the 404 page": async () => {
      mesh.downstream.on("directory", "GetPartner", () => {
        throw grpcError("NOT_FOUND", "no such partner");
      });
      expect((await mesh.send("GET", "/partnerships/csp-nowhere", { as: "opcc" })).status).toBe(404);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/partnerships/Not_an_id", { as: "opcc" })).status).toBe(404);
      expect(calledOf(mesh)).toEqual([]);
    },
  },
};

describe("a partnership's lineage over the fake mesh", () => {
  test("every route of the lineage page has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerLineagePage), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
