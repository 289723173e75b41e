/** The register of grants made over the fake mesh: public pages and downloads, no sign-in needed. */
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, summaryRows, textOf } from "../../testing/page-reading";
import { type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { publishedGrant } from "./fixtures";
import { REGISTER_PATH, registerRegisterPages } from "./register";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const PUBLISHER = { identifier: "360G-kentpcc", name: "Kent Police and Crime Commissioner" };
const reply = (grants = [publishedGrant()], nextPageToken = "") => ({ grants, nextPageToken, publisher: PUBLISHER });

const routes: PageTests = {
  "GET /grants/register": {
    "anyone, signed in or not, reads each grant's recipient, purpose, amount, conditions and reasons": async () => {
      mesh.downstream.on("register", "ListPublishedGrants", reply([publishedGrant()], "next-1"));
      const page = await mesh.send("GET", REGISTER_PATH);
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Grants made");
      expect(summaryRows(page.text)).toEqual([
        ["Recipient", "Maidstone Borough Council (GB-LAE-MAI)"],
        ["For", "Maidstone Community Safety Partnership"],
        ["Purpose", "Town centre night-time safety Youth diversion"],
        ["Amount awarded", "£39,661.00"],
        ["Paid so far", "£26,440.67"],
        ["Decided", "1 February 2027"],
        ["Programme", "Crime Reduction Grant 2027/28 (2027/28)"],
        ["Where it benefits", "Maidstone (E07000110)"],
        ["Conditions", "Use the grant only for the purposes approved. Return any money not spent."],
        ["Reasons", "A strong case against the plan's priorities."],
      ]);
      expect(page.text).toContain(`href="${REGISTER_PATH}?page=next-1"`);
      expect(mesh.downstream.requests("register", "ListPublishedGrants")).toEqual([
        { pageSize: 20, pageToken: "", year: "" },
      ]);
      // No token is sent: the register is public.
      expect(mesh.downstream.calls.map((c) => c.token)).toEqual([undefined]);
      expect((await mesh.send("GET", REGISTER_PATH, { as: "officer" })).status).toBe(200);
    },
    "one year's, with its downloads; a year that is not a financial year is 400, nothing asked": async () => {
      mesh.downstream.on("register", "ListPublishedGrants", reply([]));
      const page = await mesh.send("GET", `${REGISTER_PATH}?year=2027%2F28`);
      expect(headingOf(page.text)).toBe("Grants made in 2027/28");
      expect(textOf(page.text)).toContain("No grants have been published yet.");
      expect(page.text).toContain(`href="${REGISTER_PATH}.csv?year=2027%2F28"`);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", `${REGISTER_PATH}?year=last`)).status).toBe(400);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /grants/register.csv": {
    "every page of the register, formulas neutralised, as a download": async () => {
      const hostile = publishedGrant({ title: '=HYPERLINK("http://x")', reasons: "@SUM(A1)" });
      let n = 0;
      mesh.downstream.on("register", "ListPublishedGrants", () =>
        n++ === 0 ? reply([publishedGrant()], "p2") : reply([hostile]),
      );
      const csv = await mesh.send("GET", `${REGISTER_PATH}.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.headers.get("content-disposition")).toContain("grants-made.csv");
      const lines = csv.text
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n");
      expect(lines).toHaveLength(3);
      expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(lines[2]).toContain("'@SUM(A1)");
      expect(mesh.downstream.requests("register", "ListPublishedGrants")).toEqual([
        { pageSize: 500, pageToken: "", year: "" },
        { pageSize: 500, pageToken: "p2", year: "" },
      ]);
    },
  },
  "GET /grants/register.json": {
    "the 360Giving package of every published grant": async () => {
      mesh.downstream.on("register", "ListPublishedGrants", reply());
      const json = await mesh.send("GET", `${REGISTER_PATH}.json?year=2027%2F28`);
      expect(json.status).toBe(200);
      const pkg = JSON.parse(json.text);
      expect(pkg).toMatchObject({
        version: "1.4",
        publisher: PUBLISHER,
        grants: [{ id: "360G-kentpcc-crg-2027-28-csp-maidstone", amountAwarded: 39661 }],
      });
      expect(pkg.grants[0].dataSource).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/grants\/register$/);
      expect(mesh.downstream.requests("register", "ListPublishedGrants")).toEqual([
        { pageSize: 500, pageToken: "", year: "2027/28" },
      ]);
    },
  },
};

describe("the register of grants made over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerRegisterPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
