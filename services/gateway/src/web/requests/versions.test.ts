/**
 * Submitted reports over the fake mesh: the published ones, one version of a partnership's submission and
 * the OPCC's review of it, and an attachment's download streamed out.
 */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { ATTACHMENT_ID, answerRequest, attachment, download, request, submission } from "./fixtures";
import { registerVersionPages } from "./versions";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerRequest(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);

const routes: PageTests = {
  "GET /published": {
    "the published reports, one page of 50, each linking to its version": async () => {
      mesh.downstream.on("reports", "ListPublishedReports", {
        submissions: [submission(2, [], { published: true })],
        nextPageToken: "",
      });
      const page = await mesh.send("GET", "/published", { as: "panel" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Published reports");
      expect(mesh.downstream.requests("reports", "ListPublishedReports")).toEqual([{ pageSize: 50 }]);
      expect(tables(page.text)[0]?.rows).toEqual([["reportRequests/rq-1", "Dover CSP", "2"]]);
      expect(page.text).toContain('href="/requests/rq-1/submissions/csp-dover/versions/2"');
      expect(tokens()).toEqual(["token-panel"]);
    },
    "none yet: says so": async () => {
      mesh.downstream.on("reports", "ListPublishedReports", { submissions: [], nextPageToken: "" });
      const page = await mesh.send("GET", "/published", { as: "opcc" });
      expect(textOf(page.text)).toContain("No reports have been published yet.");
    },
  },

  "GET /requests/:id/submissions/:partner/versions/:version": {
    "a resubmission to review: its answers, attachments to download, what changed since version 1, the review form":
      async () => {
        mesh.downstream.on("reports", "GetSubmission", (req) =>
          req.name === "reportRequests/rq-1/submissions/csp-dover/versions/2"
            ? submission(
                2,
                [
                  { sectionId: "q1", text: "Thefts fell" },
                  { sectionId: "q2", number: 40 },
                ],
                {
                  attachments: [attachment(ATTACHMENT_ID, "wards.pdf")],
                },
              )
            : submission(1, [
                { sectionId: "q1", text: "Thefts rose" },
                { sectionId: "q2", number: 40 },
              ]),
        );
        const page = await mesh.send("GET", "/requests/rq-1/submissions/csp-dover/versions/2", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Dover CSP: version 2");
        expect(mesh.downstream.requests("reports", "GetSubmission")).toEqual([
          { name: "reportRequests/rq-1/submissions/csp-dover/versions/2" },
          { name: "reportRequests/rq-1/submissions/csp-dover/versions/1" },
        ]);
        expect(summaryRows(page.text).slice(0, 4)).toEqual([
          ["Submitted", "10am on 20 June 2027 by Sam Patel"],
          ["Summary", "Thefts fell"],
          ["Incidents", "40"],
          ["Last operation", "Not answered"],
        ]);
        expect(page.text).toContain(`<a class="govuk-link" href="/attachments/${ATTACHMENT_ID}">wards.pdf</a>`);
        expect(textOf(page.text)).toContain("What changed since version 1");
        expect(page.text).toContain('<del><span class="govuk-visually-hidden">[removed: </span>rose');
        expect(page.text).toContain('<ins><span class="govuk-visually-hidden">[added: </span>fell');
        expect(page.text).toContain('action="/requests/rq-1/review"');
        expect(fieldValue(page.text, "partner")).toBe("partners/csp-dover");
        expect(fieldValue(page.text, "version")).toBe("2");
      },
    "a first version has nothing to compare; the partnership reads it without a review form": async () => {
      mesh.downstream.on("reports", "GetSubmission", submission(1, [{ sectionId: "q1", text: "Thefts rose" }]));
      const page = await mesh.send("GET", "/requests/rq-1/submissions/csp-dover/versions/1", { as: "officer" });
      expect(page.status).toBe(200);
      expect(mesh.downstream.requests("reports", "GetSubmission")).toHaveLength(1);
      expect(page.text).not.toContain('id="changes"');
      expect(page.text).not.toContain("/review");
    },
    "a version the person may not see: 404": async () => {
      mesh.downstream.on("reports", "GetSubmission", () => {
        throw grpcError("NOT_FOUND", "no such version");
      });
      const page = await mesh.send("GET", "/requests/rq-1/submissions/csp-maidstone/versions/1", { as: "officer" });
      expect(page.status).toBe(404);
    },
  },

  "POST /requests/:id/review": {
    "accepting sends the decision for the version reviewed, and back to the request": async () => {
      mesh.downstream.on("reports", "ReviewSubmission", request());
      const sent = await mesh.send("POST", "/requests/rq-1/review", {
        as: "opcc",
        form: { partner: "partners/csp-dover", version: "2", decision: "REVIEW_DECISION_ACCEPT" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1"]);
      expect(mesh.downstream.requests("reports", "ReviewSubmission")).toEqual([
        {
          name: "reportRequests/rq-1",
          partner: "partners/csp-dover",
          version: 2,
          decision: "REVIEW_DECISION_ACCEPT",
          reasons: "",
          requestId,
        },
      ]);
    },
    "returning without reasons, or deciding nothing: the version page with 400, the choice kept, nothing sent":
      async () => {
        mesh.downstream.on("reports", "GetSubmission", submission(2, [{ sectionId: "q1", text: "Thefts fell" }]));
        const page = await mesh.send("POST", "/requests/rq-1/review", {
          as: "opcc",
          form: { partner: "partners/csp-dover", version: "2", decision: "REVIEW_DECISION_RETURN", reasons: "x" },
        });
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([{ text: "Say why the report is being returned", href: "#reasons" }]);
        expect(chosen(page.text, "decision")).toEqual(["REVIEW_DECISION_RETURN"]);
        expect(fieldValue(page.text, "reasons")).toBe("x");
        const none = await mesh.send("POST", "/requests/rq-1/review", {
          as: "opcc",
          form: { partner: "partners/csp-dover", version: "2" },
        });
        expect(none.status).toBe(400);
        expect(errorSummary(none.text)).toEqual([
          { text: "Choose whether to accept or return the report", href: "#decision" },
        ]);
        expect(called()).not.toContain("reports.ReviewSubmission");
        // The page shown again is the version posted.
        expect(mesh.downstream.requests("reports", "GetSubmission")[0]).toEqual({
          name: "reportRequests/rq-1/submissions/csp-dover/versions/2",
        });
      },
    "the service refusing the reasons: shown under the reasons": async () => {
      mesh.downstream.on("reports", "GetSubmission", submission(2, [])).on("reports", "ReviewSubmission", () => {
        throw refusedFields("reasons must not contain control characters", []);
      });
      const page = await mesh.send("POST", "/requests/rq-1/review", {
        as: "opcc",
        form: { partner: "csp-dover", version: "2", decision: "REVIEW_DECISION_RETURN", reasons: "Add figures" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "reasons must not contain control characters", href: "#reasons" },
      ]);
      expect(mesh.downstream.requests("reports", "ReviewSubmission")[0]).toMatchObject({
        partner: "partners/csp-dover",
      });
    },
  },

  "GET /attachments/:id": {
    "streams the attachment from the reports service with its type, size, a safe file name and its digest":
      async () => {
        const bytes = Buffer.from("%PDF-1.7 a small file of the report\n");
        mesh.downstream.on("reports", "DownloadAttachment", download(bytes, 'wards "2027".pdf'));
        const res = await fetch(`${mesh.url}/attachments/${ATTACHMENT_ID}`, {
          headers: { cookie: "csp_session=opcc" },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("application/pdf");
        expect(res.headers.get("content-length")).toBe(String(bytes.length));
        expect(res.headers.get("content-disposition")).toBe('attachment; filename="wards _2027_.pdf"');
        expect(res.headers.get("digest")).toBe(`sha-256=${Buffer.from("ab".repeat(32), "hex").toString("base64")}`);
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
        expect(mesh.downstream.requests("reports", "DownloadAttachment")).toEqual([
          { name: `attachments/${ATTACHMENT_ID}` },
        ]);
        expect(tokens()).toEqual(["token-opcc"]);
      },
    "an id that is not an attachment's: 404 without asking": async () => {
      const page = await mesh.send("GET", "/attachments/..%2Fsecrets", { as: "opcc" });
      expect(page.status).toBe(404);
      expect(called()).toEqual([]);
    },
    "an attachment the person may not see (refused at the first read): the 404 page": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", () => {
        throw grpcError("NOT_FOUND", "no such attachment");
      });
      const page = await mesh.send("GET", `/attachments/${ATTACHMENT_ID}`, { as: "panel" });
      expect(page.status).toBe(404);
      expect(headingOf(page.text)).toBe("Page not found");
    },
  },
};

describe("submitted versions over the fake mesh", () => {
  test("every route of the versions pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerVersionPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
