/** One report request's page over the fake mesh, for each role, and what is posted from it: withdrawing and acknowledging. */
import { ts } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, headingOf, summaryRows, tables, textOf, titleOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { addressee, answerRequest, request, submission } from "./fixtures";
import { registerRequestPages } from "./request-page";

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
  "GET /requests/:id": {
    "the OPCC's page: the request, each partnership's state and latest version, versions, history in words, the withdraw form":
      async () => {
        mesh.downstream
          .on(
            "reports",
            "GetReportRequest",
            request({
              legalBasis: "LEGAL_BASIS_FORMAL_S7",
              formalS7: {
                notSatisfiedEffectiveEfficient: true,
                reasonableAndProportionate: true,
                reasoning: "Repeated failures",
                publish: true,
                publicationManner: "On the website",
              },
              objective: "plans/mks/objectives/VAWG",
              objectiveTitle: "Tackle violence against women and girls",
            }),
          )
          .on("reports", "ListSubmissions", { submissions: [submission(2, [])], nextPageToken: "" })
          .on("reports", "ListReportRequestHistory", {
            entries: [
              {
                time: ts("2027-06-20T09:00:00Z"),
                actor: "people/dover-officer",
                actorDisplayName: "Sam Patel",
                partner: "partners/csp-dover",
                action: "submit",
                fromState: "ADDRESSEE_STATE_DRAFT",
                toState: "ADDRESSEE_STATE_SUBMITTED",
                version: 2,
                reasons: "",
              },
            ],
            nextPageToken: "",
          });
        const page = await mesh.send("GET", "/requests/rq-1?created=1", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(titleOf(page.text)).toBe("Retail crime - Community safety partnership work");
        expect(textOf(page.text)).toContain("Report request created");
        expect(textOf(page.text)).toContain("Formal requirement, section 7(1) Crime and Disorder Act 1998");
        expect(summaryRows(page.text)).toEqual([
          ["Issue of concern", "Shop theft in town centres"],
          ["Plan objective", "Tackle violence against women and girls"],
          ["Due", "5pm on 1 July 2027"],
          ["Classification", "OFFICIAL"],
          ["Reasoning (s.7(1A))", "Repeated failures"],
          ["Publication (s.7(3))", "To be published: On the website"],
        ]);
        expect(mesh.downstream.requests("reports", "GetReportRequest")).toEqual([{ name: "reportRequests/rq-1" }]);
        expect(mesh.downstream.requests("reports", "ListReportRequestHistory")).toEqual([
          { name: "reportRequests/rq-1", pageSize: 200 },
        ]);
        expect(mesh.downstream.requests("reports", "ListSubmissions")).toEqual([
          { parent: "reportRequests/rq-1", pageSize: 200 },
        ]);
        const [partnerships, versions, history] = tables(page.text);
        expect(partnerships?.rows).toEqual([
          ["Dover CSP", "Submitted", "2", "Review"],
          ["Maidstone CSP", "Requested Overdue", "None", ""],
        ]);
        expect(page.text).toContain('href="/requests/rq-1/submissions/csp-dover/versions/2">Review</a>');
        expect(versions?.rows).toEqual([["Version 2", "Dover CSP", "10am on 20 June 2027", `${"2".repeat(16)}…`]]);
        expect(history?.rows).toEqual([["10am on 20 June 2027", "Sam Patel submitted version 2 for Dover CSP"]]);
        // Withdrawing is offered from the partnerships that have not finished (and from every one).
        expect(page.text).toContain('action="/requests/rq-1/withdraw"');
        expect([...page.text.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([
          "",
          "partners/csp-dover",
          "partners/csp-maidstone",
        ]);
        expect(page.text).toContain('href="/requests/rq-1/answers"');
      },
    "a partnership sees its own state with what it can do; no one else's, no withdrawing": async () => {
      mesh.downstream.on(
        "reports",
        "GetReportRequest",
        request({ addressees: [addressee("partners/csp-dover", "ADDRESSEE_STATE_REQUESTED")] }),
      );
      const page = await mesh.send("GET", "/requests/rq-1", { as: "officer" });
      expect(page.status).toBe(200);
      expect(/id="my-status">([^<]*)</.exec(page.text)?.[1]).toBe("Requested");
      expect(page.text).toContain('action="/requests/rq-1/acknowledge"');
      expect(textOf(page.text)).toContain("Start your report");
      expect(page.text).toContain('href="/requests/rq-1/report"');
      expect(page.text).not.toContain("/withdraw");
      expect(page.text).not.toContain('id="answers-link"');
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a request the person may not see (NOT_FOUND): the 404 page, nothing more asked": async () => {
      mesh.downstream.on("reports", "GetReportRequest", () => {
        throw grpcError("NOT_FOUND", "reportRequests/rq-9 not found");
      });
      const page = await mesh.send("GET", "/requests/rq-9", { as: "officer" });
      expect(page.status).toBe(404);
      expect(headingOf(page.text)).toBe("Page not found");
      expect(called()).toEqual(["reports.GetReportRequest"]);
    },
  },

  "POST /requests/:id/withdraw": {
    "withdraws it from the partnership chosen, with the reasons, and back to the request": async () => {
      mesh.downstream.on("reports", "WithdrawReportRequest", request({ withdrawn: true }));
      const sent = await mesh.send("POST", "/requests/rq-1/withdraw", {
        as: "opcc",
        form: { partner: "partners/csp-maidstone", reasons: " No longer needed " },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1"]);
      expect(mesh.downstream.requests("reports", "WithdrawReportRequest")).toEqual([
        { name: "reportRequests/rq-1", partner: "partners/csp-maidstone", reasons: "No longer needed", requestId },
      ]);
    },
    "without reasons: the request page with status 400, the reasons named, nothing withdrawn": async () => {
      const page = await mesh.send("POST", "/requests/rq-1/withdraw", { as: "opcc", form: { reasons: "no" } });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Say why the request is being withdrawn", href: "#withdraw-reasons" },
      ]);
      expect(page.text).toContain('<details class="govuk-details" open>');
      expect(called()).not.toContain("reports.WithdrawReportRequest");
    },
    "a partnership may not (PERMISSION_DENIED): 403 with the service's reason": async () => {
      mesh.downstream.on("reports", "WithdrawReportRequest", () => {
        throw grpcError("PERMISSION_DENIED", "only the OPCC may withdraw a request");
      });
      const page = await mesh.send("POST", "/requests/rq-1/withdraw", {
        as: "officer",
        form: { reasons: "We do not want to report" },
      });
      expect(page.status).toBe(403);
      expect(headingOf(page.text)).toBe("You cannot do that");
      expect(textOf(page.text)).toContain("only the OPCC may withdraw a request");
      expect(tokens()).toEqual(["token-officer"]);
    },
  },

  "POST /requests/:id/acknowledge": {
    "acknowledges the request for the officer's partnership, and back to it": async () => {
      mesh.downstream.on("reports", "AcknowledgeReportRequest", request());
      const sent = await mesh.send("POST", "/requests/rq-1/acknowledge", { as: "officer" });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1"]);
      expect(mesh.downstream.requests("reports", "AcknowledgeReportRequest")).toEqual([
        { name: "reportRequests/rq-1", requestId },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "already past that (FAILED_PRECONDITION): 409 with the reason and a way back": async () => {
      mesh.downstream.on("reports", "AcknowledgeReportRequest", () => {
        throw grpcError("FAILED_PRECONDITION", "the report was already submitted");
      });
      const page = await mesh.send("POST", "/requests/rq-1/acknowledge", { as: "officer" });
      expect(page.status).toBe(409);
      expect(headingOf(page.text)).toBe("That is not possible now");
      expect(textOf(page.text)).toContain("the report was already submitted");
      expect(page.text).toContain('href="/requests/rq-1">Go back</a>');
    },
  },
};

describe("one report request's page over the fake mesh", () => {
  test("every route of the request's page has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerRequestPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
