/**
 * The home page's route over the fake mesh, for each role: its panels with the data the lists
 * answered and their links, the navigation of the role, the person's token on every call; a service
 * that is down, and no session. (home.test.ts has the panels' counting rules in detail.)
 */
import type { Reply } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { headingOf, textOf } from "../../testing/page-reading";
import { type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { eachList, listsAsked } from "../../testing/report-lists";
import { registerHome } from "./home";

type RequestView = Reply<"reports", "GetReportRequest">;
type Addressee = RequestView["addressees"][number];

const ts = (iso: string) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });
const DAY = 86_400_000;
const inDays = (n: number) => ts(new Date(Date.now() + n * DAY).toISOString());

const addressee = (partner: string, state: Addressee["state"], over: Partial<Addressee> = {}): Addressee => ({
  partner,
  state,
  overdue: false,
  latestVersion: 0,
  reasons: "",
  updateTime: inDays(-1),
  ...over,
});
const request = (id: string, title: string, addressees: Addressee[], due = inDays(10)): RequestView => ({
  name: `reportRequests/${id}`,
  requester: "partners/opcc-kent",
  addressees,
  title,
  issueOfConcern: "",
  sections: [],
  dueTime: due,
  classification: "CLASSIFICATION_OFFICIAL",
  legalBasis: "LEGAL_BASIS_INFORMAL",
  formalS7: null,
  withdrawn: false,
  etag: "",
  createTime: inDays(-20),
  updateTime: null,
  createdBy: "people/opcc-staff-1",
  objective: "",
  objectiveTitle: "",
});
const list = (
  reportRequests: RequestView[],
  extra: Partial<Reply<"reports", "ListReportRequests">> = {},
): Reply<"reports", "ListReportRequests"> => ({
  reportRequests,
  nextPageToken: "",
  stateCounts: [],
  overdueCount: 0,
  awaitingCount: 0,
  ...extra,
});
const cycle = (id: string, title: string): Reply<"assessments", "GetCycle"> => ({
  name: `assessments/${id}`,
  year: "2027/28",
  title,
  dueTime: inDays(30),
  partners: [],
  allActiveCsps: true,
  template: null,
  compileFrom: "COMPILE_FROM_ACCEPTED",
  classification: "CLASSIFICATION_OFFICIAL",
  owner: "partners/opcc-kent",
  createdBy: "people/opcc-staff-1",
  createTime: null,
  updateTime: null,
  etag: "",
  partnerDisplayNames: {},
});

/** Each panel of the page: its id, count, and the text and link of each item. */
function panels(html: string) {
  return [...html.matchAll(/<section[^>]*id="([^"]+)"[\s\S]*?<\/section>/g)].map((m) => ({
    id: m[1],
    count: Number(/data-count="(\d+)"/.exec(m[0])?.[1]),
    items: [...m[0].matchAll(/<li><a class="govuk-link" href="([^"]*)">([^<]*)<\/a><br><span[^>]*>([^<]*)</g)].map(
      (i) => [i[1], i[2], textOf(i[3] ?? "")],
    ),
  }));
}
/** The header's navigation: each link's text and where it goes. */
const navigation = (html: string) =>
  [...html.matchAll(/<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(
    (m) => `${textOf(m[2] ?? "")} ${m[1]}`,
  );

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on(
      "reports",
      "BatchListReportRequests",
      eachList(() => list([])),
    )
    .on("reports", "ListPublishedReports", { submissions: [], nextPageToken: "" })
    .on("assessments", "ListCycles", { cycles: [], nextPageToken: "", ownContributions: [] })
    .on("assessments", "ListEditions", { editions: [], nextPageToken: "" })
    .on("assessments", "ListContributions", { contributions: [], nextPageToken: "", totalSize: 0 })
    .on("grants", "ListApplications", { applications: [], nextPageToken: "", totalSize: 0 });
});

const routes: PageTests = {
  "GET /": {
    "the OPCC's panels show what the lists answered, linking to where each is done, with the OPCC's token":
      async () => {
        const submitted = request("rq-retail", "Retail crime", [
          addressee("partners/csp-dover", "ADDRESSEE_STATE_SUBMITTED", { latestVersion: 2 }),
        ]);
        const late = request("rq-asb", "Anti-social behaviour", [
          addressee("partners/csp-maidstone", "ADDRESSEE_STATE_REQUESTED", { overdue: true }),
        ]);
        mesh.downstream.on(
          "reports",
          "BatchListReportRequests",
          eachList((req) =>
            req.state === "ADDRESSEE_STATE_SUBMITTED"
              ? list([submitted], { stateCounts: [{ state: "ADDRESSEE_STATE_SUBMITTED", count: 4 }] })
              : req.overdueOnly
                ? list([late], { overdueCount: 6 })
                : list([]),
          ),
        );
        const page = await mesh.send("GET", "/", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("What needs you now");
        expect(panels(page.text)).toEqual([
          {
            id: "awaiting-review",
            count: 4,
            items: [
              [
                "/requests/rq-retail/submissions/csp-dover/versions/2",
                "Dover CSP: Retail crime",
                expect.stringMatching(/^Version 2, submitted /),
              ],
            ],
          },
          {
            id: "overdue",
            count: 6,
            items: [["/requests/rq-asb", "Maidstone CSP: Anti-social behaviour", expect.stringMatching(/^Was due /)]],
          },
          { id: "due-soon", count: 0, items: [] },
          { id: "returned", count: 0, items: [] },
          { id: "contributions-to-review", count: 0, items: [] },
          { id: "business-cases-to-review", count: 0, items: [] },
        ]);
        expect(navigation(page.text)).toEqual([
          "Home /",
          "Report requests /requests",
          "Published reports /published",
          "Meetings /meetings",
          "Actions /actions",
          "Assessments /assessments",
          "Grants /grants",
          "Combinations /combinations",
        ]);
        expect(textOf(page.text)).toContain("Signed in as people/opcc-staff-1 for Office of the Kent PCC");
        expect(new Set(mesh.downstream.calls.map((c) => c.token))).toEqual(new Set(["token-opcc"]));
        expect(mesh.downstream.requests("reports", "ListPublishedReports")).toEqual([]);
      },
    "an officer sees what their partnership owes, returned reports with the reasons, and assessments owed":
      async () => {
        mesh.downstream.on(
          "reports",
          "BatchListReportRequests",
          eachList((req) =>
            req.state === "ADDRESSEE_STATE_RETURNED"
              ? list(
                  [
                    request("rq-drugs", "County lines", [
                      addressee("partners/csp-dover", "ADDRESSEE_STATE_RETURNED", { reasons: "Add the Q3 figures" }),
                    ]),
                  ],
                  { stateCounts: [{ state: "ADDRESSEE_STATE_RETURNED", count: 1 }] },
                )
              : list([]),
          ),
        );
        // No contribution of the partnership's to the cycle yet: it is owed.
        mesh.downstream.on("assessments", "ListCycles", {
          cycles: [cycle("a-2027-01-01-abcdef12", "JSA 2027")],
          nextPageToken: "",
          ownContributions: [],
        });
        const page = await mesh.send("GET", "/", { as: "officer" });
        expect(page.status).toBe(200);
        const byId = Object.fromEntries(panels(page.text).map((p) => [p.id, p]));
        expect(Object.keys(byId)).toEqual([
          "required",
          "returned",
          "accepted",
          "assessments-owed",
          "business-cases-returned",
        ]);
        expect(byId.returned).toEqual({
          id: "returned",
          count: 1,
          items: [["/requests/rq-drugs/report", "County lines", expect.stringContaining(": Add the Q3 figures")]],
        });
        expect(byId["assessments-owed"]?.items).toEqual([
          ["/assessments/a-2027-01-01-abcdef12/contribution", "JSA 2027 (2027/28)", expect.stringMatching(/^Due /)],
        ]);
        expect(mesh.downstream.requests("assessments", "ListCycles")).toEqual([
          { pageSize: 10, withOwnContributions: true },
        ]);
        expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([]);
        expect(navigation(page.text)).toEqual([
          "Home /",
          "What we must report /requests",
          "Meetings /meetings",
          "Actions /actions",
          "Assessments /assessments",
          "Grants /grants",
          "Combinations /combinations",
        ]);
        expect(new Set(mesh.downstream.calls.map((c) => c.token))).toEqual(new Set(["token-officer"]));
      },
    "the panel reads what was released to it and the published editions, nothing of the OPCC's lists": async () => {
      mesh.downstream.on("assessments", "ListEditions", {
        editions: [
          {
            name: "assessments/a-2027-01-01-abcdef12/editions/2",
            title: "JSA 2027",
            number: 2,
            publishTime: inDays(-3),
          },
        ],
        nextPageToken: "",
      });
      const page = await mesh.send("GET", "/", { as: "panel" });
      expect(page.status).toBe(200);
      expect(panels(page.text).map((p) => [p.id, p.items.map((i) => i.slice(0, 2))])).toEqual([
        ["released", []],
        ["assessment-editions", [["/assessments/a-2027-01-01-abcdef12/editions/2", "JSA 2027, edition 2"]]],
      ]);
      expect(textOf(page.text)).toContain("Nothing has been released to the panel yet.");
      expect(mesh.downstream.requests("assessments", "ListEditions")).toEqual([{ pageSize: 10 }]);
      expect(listsAsked(mesh.downstream)).toEqual([]);
      expect(navigation(page.text)).toEqual([
        "Home /",
        "Published reports /published",
        "Meetings /meetings",
        "Assessments /assessments/editions",
        "Grants /grants",
        "Combinations /combinations",
      ]);
    },
    "the grants panel: the OPCC's business cases awaiting review across programmes, with the count; none without a grants service":
      async () => {
        mesh.downstream.on("grants", "ListApplications", {
          applications: [
            {
              name: "programmes/crg-2027-28/applications/csp-dover",
              programme: "programmes/crg-2027-28",
              partner: "partners/csp-dover",
              partnerDisplayName: "Dover CSP",
              versions: [{ version: 2, returnReasons: "" }],
              requestedPence: "2400000",
            },
          ],
          nextPageToken: "",
          totalSize: 3,
        });
        mesh.downstream.on("grants", "GetProgramme", {
          name: "programmes/crg-2027-28",
          title: "Crime Reduction Grant 2027/28",
        });
        const page = await mesh.send("GET", "/", { as: "opcc" });
        expect(panels(page.text).find((p) => p.id === "business-cases-to-review")).toEqual({
          id: "business-cases-to-review",
          count: 3,
          items: [
            [
              "/grants/programmes/crg-2027-28/applications/csp-dover",
              "Dover CSP: Crime Reduction Grant 2027/28",
              "Version 2, asks for £24,000.00",
            ],
          ],
        });
        expect(mesh.downstream.requests("grants", "ListApplications")).toEqual([
          { programme: "programmes/-", state: "APPLICATION_STATE_SUBMITTED", pageSize: 10 },
        ]);
        mesh.downstream.on("grants", "ListApplications", () => {
          throw grpcError("UNAVAILABLE", "the grants service is not configured");
        });
        const without = await mesh.send("GET", "/", { as: "opcc" });
        expect(without.status).toBe(200);
        expect(panels(without.text).map((p) => p.id)).not.toContain("business-cases-to-review");
      },
    "the reports service down: the 503 page, not a half-filled home": async () => {
      mesh.downstream.on(
        "reports",
        "BatchListReportRequests",
        eachList(() => {
          throw grpcError("UNAVAILABLE", "connection refused");
        }),
      );
      const page = await mesh.send("GET", "/", { as: "opcc" });
      expect(page.status).toBe(503);
      expect(headingOf(page.text)).toBe("Sorry, the service is unavailable");
      expect(page.text).not.toContain("What needs you now");
    },
    "not signed in: to sign in, nothing asked": async () => {
      const page = await mesh.send("GET", "/");
      expect([page.status, page.location]).toEqual([303, "/sign-in"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("the home page's route over the fake mesh", () => {
  test("every home route has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerHome), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
