/** A request's answers from every partnership over the fake mesh: the page and its CSV download. (answers.test.ts has the pure functions.) */
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, tables, textOf, titleOf } from "../../testing/page-reading";
import { type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { registerAnswerPages } from "./answers";
import { answerRequest, request, submission } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerRequest(mesh));

const routes: PageTests = {
  "GET /requests/:id/answers.csv": {
    "downloads every partnership's latest answers as CSV named with the classification, the download recorded by the service":
      async () => {
        mesh.downstream.on("reports", "ExportLatestAnswers", {
          reportRequest: request({ classification: "CLASSIFICATION_OFFICIAL_SENSITIVE" }),
          latest: [
            submission(2, [
              { sectionId: "q1", text: "=cmd" },
              { sectionId: "q2", number: 40 },
            ]),
          ],
        });
        const res = await mesh.send("GET", "/requests/rq-1/answers.csv", { as: "opcc" });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(res.headers.get("content-disposition")).toBe(
          'attachment; filename="answers-rq-1-OFFICIAL-SENSITIVE.csv"',
        );
        expect(mesh.downstream.requests("reports", "ExportLatestAnswers")).toEqual([
          { name: "reportRequests/rq-1", forDownload: true, format: "csv" },
        ]);
        const lines = res.text.split("\r\n");
        expect(lines[0]).toBe(
          "Partnership,State,Version,Submitted at (UK time),Submitted by,Summary,Incidents,Last operation,Attachments",
        );
        expect(lines[1]).toBe("Dover CSP,Submitted,2,10am on 20 June 2027,Sam Patel,'=cmd,40,,");
        expect(lines[2]).toBe("Maidstone CSP,Requested,,,,,,,");
      },
  },

  "GET /requests/:id/answers": {
    "every partnership's latest answers side by side, a question at a time, filtered by state": async () => {
      mesh.downstream.on("reports", "ExportLatestAnswers", {
        reportRequest: request(),
        latest: [submission(2, [{ sectionId: "q1", text: "Thefts fell" }])],
      });
      const page = await mesh.send("GET", "/requests/rq-1/answers", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(titleOf(page.text)).toBe("Answers: Retail crime - Community safety partnership work");
      expect(mesh.downstream.requests("reports", "ExportLatestAnswers")).toEqual([
        { name: "reportRequests/rq-1", forDownload: false, format: "" },
      ]);
      const [status, q1, q2] = tables(page.text);
      expect(status?.rows).toEqual([
        ["Dover CSP", "Submitted", "Version 1, Version 2", "Sam Patel, 10am on 20 June 2027"],
        ["Maidstone CSP", "Requested", "None yet", ""],
      ]);
      expect(q1).toMatchObject({ caption: "Question 1: Summary", rows: [["Dover CSP", "Thefts fell"]] });
      expect(q2).toMatchObject({ caption: "Question 2: Incidents", rows: [["Dover CSP", "Not answered"]] });
      expect(page.text).toContain('href="/requests/rq-1/submissions/csp-dover/versions/1"');
      const filtered = await mesh.send("GET", "/requests/rq-1/answers?state=ADDRESSEE_STATE_REQUESTED", { as: "opcc" });
      expect(tables(filtered.text).map((t) => t.rows)).toEqual([[["Maidstone CSP", "Requested", "None yet", ""]]]);
      expect(chosen(filtered.text, "state")).toEqual(["ADDRESSEE_STATE_REQUESTED"]);
    },
    "a request the person may not read (PERMISSION_DENIED): 403": async () => {
      mesh.downstream.on("reports", "ExportLatestAnswers", () => {
        throw grpcError("PERMISSION_DENIED", "only the OPCC reads every partnership's answers");
      });
      const page = await mesh.send("GET", "/requests/rq-1/answers", { as: "officer" });
      expect(page.status).toBe(403);
      expect(textOf(page.text)).toContain("only the OPCC reads every partnership's answers");
    },
  },
};

describe("a request's answers side by side over the fake mesh", () => {
  test("every route of the answers pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerAnswerPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
