/**
 * The list of report requests over the fake mesh, for the OPCC and a partnership: what it asks (page
 * size, filters from the query string, the person's token), what it shows, and how it says what is wrong.
 */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, tables, textOf } from "../../testing/page-reading";
import { type PageTests, routesOf, tokensOf, webCoverage } from "../../testing/page-tests";
import { answerRequest, list, request } from "./fixtures";
import { registerRequestList } from "./list";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerRequest(mesh));

const tokens = () => tokensOf(mesh);

const routes: PageTests = {
  "GET /requests": {
    "the OPCC's list: one page of 25 with no filters, each request with every partnership's state and the counts":
      async () => {
        mesh.downstream.on(
          "reports",
          "ListReportRequests",
          list([request(), request({ name: "reportRequests/rq-2", title: "Knife crime", withdrawn: true })], {
            stateCounts: [
              { state: "ADDRESSEE_STATE_SUBMITTED", count: 3 },
              { state: "ADDRESSEE_STATE_DRAFT", count: 0 },
            ],
            overdueCount: 2,
          }),
        );
        const page = await mesh.send("GET", "/requests", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Report requests");
        expect(mesh.downstream.requests("reports", "ListReportRequests")).toEqual([
          {
            pageSize: 25,
            pageToken: "",
            query: "",
            state: "",
            overdueOnly: false,
            addressee: "",
            classification: "",
            legalBasis: "",
            dueAfter: null,
            dueBefore: null,
            orderBy: "",
          },
        ]);
        expect(tokens()).toEqual(["token-opcc"]);
        expect(tables(page.text)).toEqual([
          {
            caption: "All report requests",
            head: ["Request", "Due", "Partnerships"],
            rows: [
              ["Retail crime", "5pm on 1 July 2027", "Dover CSP: Submitted Maidstone CSP: Requested Overdue"],
              ["Knife crime", "5pm on 1 July 2027", "Withdrawn"],
            ],
          },
        ]);
        expect(page.text).toContain('<a class="govuk-link" href="/requests/rq-2">Knife crime</a>');
        expect(textOf(page.text)).toContain("Submitted 3 Overdue 2");
        expect(textOf(page.text)).not.toContain("Draft 0");
        expect(page.text).toContain('href="/requests/new"');
      },
    "filters and words from the query string go to the service, invalid ones are dropped, and the next page keeps them":
      async () => {
        mesh.downstream.on("reports", "ListReportRequests", list([request()], { nextPageToken: "tok-2" }));
        const query =
          "q=+shop+theft+&state=ADDRESSEE_STATE_RETURNED&overdue=yes&partner=partners/csp-dover" +
          "&classification=CLASSIFICATION_OFFICIAL_SENSITIVE&legalBasis=NOT_A_BASIS&order=title" +
          "&from-day=1&from-month=7&from-year=2027&to-day=31&to-month=7&to-year=2027&page=tok-1";
        const page = await mesh.send("GET", `/requests?${query}`, { as: "opcc" });
        expect(page.status).toBe(200);
        expect(mesh.downstream.requests("reports", "ListReportRequests")).toEqual([
          {
            pageSize: 25,
            pageToken: "tok-1",
            query: "shop theft",
            state: "ADDRESSEE_STATE_RETURNED",
            overdueOnly: true,
            addressee: "partners/csp-dover",
            classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
            legalBasis: "",
            // From the start of 1 July, to 5pm on 31 July, London time (summer: UTC+1).
            dueAfter: { seconds: String(Date.parse("2027-06-30T23:00:00Z") / 1000), nanos: 0 },
            dueBefore: { seconds: String(Date.parse("2027-07-31T16:00:00Z") / 1000), nanos: 0 },
            orderBy: "title",
          },
        ]);
        expect(tables(page.text)[0]?.caption).toBe("Requests matching “shop theft”");
        const next = /href="([^"]+)" rel="next"/.exec(page.text)?.[1]?.replace(/&amp;/g, "&") ?? "";
        expect(Object.fromEntries(new URL(next, mesh.url).searchParams)).toEqual({
          q: "shop theft",
          state: "ADDRESSEE_STATE_RETURNED",
          overdue: "yes",
          partner: "partners/csp-dover",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          order: "title",
          "from-day": "1",
          "from-month": "7",
          "from-year": "2027",
          "to-day": "31",
          "to-month": "7",
          "to-year": "2027",
          page: "tok-2",
        });
        expect(fieldValue(page.text, "q")).toBe("shop theft");
        expect(chosen(page.text, "state")).toEqual(["ADDRESSEE_STATE_RETURNED"]);
        expect(chosen(page.text, "partner")).toEqual(["partners/csp-dover"]);
      },
    "a partnership's list is its own: no partnership filter is sent, statuses without names, nothing to create":
      async () => {
        mesh.downstream.on("reports", "ListReportRequests", list([request()]));
        const page = await mesh.send("GET", "/requests?partner=partners/csp-maidstone", { as: "officer" });
        expect(headingOf(page.text)).toBe("What your partnership must report");
        expect(mesh.downstream.requests("reports", "ListReportRequests")[0]).toMatchObject({ addressee: "" });
        expect(tokens()).toEqual(["token-officer"]);
        expect(tables(page.text)[0]?.rows[0]).toEqual([
          "Retail crime",
          "5pm on 1 July 2027",
          "Submitted Requested Overdue",
        ]);
        expect(page.text).not.toContain('href="/requests/new"');
        expect(page.text).not.toContain('name="partner"');
      },
    "a date range that is not real or runs backwards: 400, each date named in the summary, the dates kept":
      async () => {
        mesh.downstream.on("reports", "ListReportRequests", list([]));
        const page = await mesh.send(
          "GET",
          "/requests?from-day=31&from-month=2&from-year=2027&to-day=1&to-month=7&to-year=2027",
          { as: "opcc" },
        );
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([{ text: "Due from date must be a real date", href: "#from-day" }]);
        expect(fieldValue(page.text, "from-day")).toBe("31");
        const backwards = await mesh.send(
          "GET",
          "/requests?from-day=2&from-month=7&from-year=2027&to-day=1&to-month=7&to-year=2027",
          { as: "opcc" },
        );
        expect(backwards.status).toBe(400);
        expect(errorSummary(backwards.text)).toEqual([
          { text: "Due to date must be the same as or after the due from date", href: "#to-day" },
        ]);
        expect(textOf(backwards.text)).toContain("No requests match.");
      },
    "words the service cannot search for: 400 with the search box named": async () => {
      mesh.downstream.on("reports", "ListReportRequests", () => {
        throw refusedFields("query too short", [{ field: "query", description: "must be 2 letters or more" }]);
      });
      const page = await mesh.send("GET", "/requests?q=a", { as: "opcc" });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Enter a word of 2 letters or more to search for", href: "#q" },
      ]);
      expect(fieldValue(page.text, "q")).toBe("a");
    },
    "the reports service unavailable: 503": async () => {
      mesh.downstream.on("reports", "ListReportRequests", () => {
        throw grpcError("UNAVAILABLE", "connection refused");
      });
      const page = await mesh.send("GET", "/requests", { as: "opcc" });
      expect(page.status).toBe(503);
    },
    "not signed in: to sign in": async () => {
      const page = await mesh.send("GET", "/requests");
      expect([page.status, page.location]).toEqual([303, "/sign-in"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("the list of report requests over the fake mesh", () => {
  test("every route of the list has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerRequestList), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
