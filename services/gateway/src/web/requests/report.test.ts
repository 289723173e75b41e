/**
 * A partnership's report over the fake mesh: the answer form and its draft, the attachment upload streamed
 * to the service, checking the answers, submitting them, and the page that says they were sent.
 */
import { refusedFields } from "../../api/testing";
import { grpcError, received } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, headingOf, summaryRows, textOf, titleOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, webCoverage } from "../../testing/page-tests";
import {
  type Answer,
  ATTACHMENT_ID,
  addressee,
  answerRequest,
  attachment,
  draft,
  request,
  submission,
} from "./fixtures";
import { registerReportPages } from "./report";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerRequest(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);

const routes: PageTests = {
  "GET /requests/:id/report": {
    "the officer's form starts from their draft: its answers, dates in three boxes, its attachments; the upload carries the form token":
      async () => {
        mesh.downstream.on("reports", "GetDraft", () =>
          draft(
            [
              { sectionId: "q1", text: "Thefts rose" },
              { sectionId: "q2", number: 42 },
              { sectionId: "q3", date: "2027-03-09" },
            ],
            { attachments: [attachment(ATTACHMENT_ID, "wards.pdf", "3145728")] },
          ),
        );
        const page = await mesh.send("GET", "/requests/rq-1/report?saved=1", { as: "officer" });
        expect(page.status).toBe(200);
        expect(titleOf(page.text)).toBe("Your report: Retail crime - Community safety partnership work");
        expect(mesh.downstream.requests("reports", "GetDraft")).toEqual([{ parent: "reportRequests/rq-1" }]);
        expect(called()).toEqual(["reports.GetReportRequest", "reports.GetDraft"]);
        expect(fieldValue(page.text, "a_q1")).toBe("Thefts rose");
        expect(fieldValue(page.text, "a_q2")).toBe("42");
        expect([
          fieldValue(page.text, "a_q3-day"),
          fieldValue(page.text, "a_q3-month"),
          fieldValue(page.text, "a_q3-year"),
        ]).toEqual(["9", "3", "2027"]);
        expect(textOf(page.text)).toContain("Last operation (optional)");
        expect(textOf(page.text)).toContain("wards.pdf (3.0 MB)");
        expect(page.text).toContain(`<input type="hidden" name="attachments" value="attachments/${ATTACHMENT_ID}">`);
        expect(textOf(page.text)).toContain("Your draft has been saved");
        const token = fieldValue(page.text, "_csrf") ?? "";
        expect(token).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
        expect(page.text).toContain(`formaction="/requests/rq-1/attachments?_csrf=${encodeURIComponent(token)}"`);
      },
    "after a return, without a draft, it starts from the latest version sent": async () => {
      mesh.downstream
        .on(
          "reports",
          "GetReportRequest",
          request({ addressees: [addressee("partners/csp-dover", "ADDRESSEE_STATE_RETURNED", { latestVersion: 2 })] }),
        )
        .on("reports", "GetSubmission", submission(2, [{ sectionId: "q1", text: "As sent in version 2" }]));
      const page = await mesh.send("GET", "/requests/rq-1/report", { as: "officer" });
      expect(page.status).toBe(200);
      expect(mesh.downstream.requests("reports", "GetSubmission")).toEqual([
        { name: "reportRequests/rq-1/submissions/csp-dover/versions/2" },
      ]);
      expect(fieldValue(page.text, "a_q1")).toBe("As sent in version 2");
    },
    "the OPCC and the panel do not answer requests: page not found": async () => {
      for (const as of ["opcc", "panel"]) {
        const page = await mesh.send("GET", "/requests/rq-1/report", { as });
        expect(page.status).toBe(404);
      }
      expect(called()).not.toContain("reports.GetDraft");
    },
  },

  "POST /requests/:id/report": {
    "'save draft' saves the answers typed, each as its type, with the attachments kept, and shows the form again":
      async () => {
        mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
        const sent = await mesh.send("POST", "/requests/rq-1/report", {
          as: "officer",
          form: {
            a_q1: " Thefts rose ",
            a_q2: "42",
            "a_q3-day": "9",
            "a_q3-month": "3",
            "a_q3-year": "2027",
            attachments: `attachments/${ATTACHMENT_ID}`,
            action: "save",
          },
        });
        expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report?saved=1"]);
        expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
          {
            parent: "reportRequests/rq-1",
            answers: [
              { sectionId: "q1", text: "Thefts rose" },
              { sectionId: "q2", number: 42 },
              { sectionId: "q3", date: "2027-03-09" },
            ],
            attachments: [`attachments/${ATTACHMENT_ID}`],
          },
        ]);
        expect(tokens()).toEqual(["token-officer"]);
      },
    "'continue' with every required answer goes to check the answers": async () => {
      mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
      const sent = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", a_q2: "42", action: "continue" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/check"]);
    },
    "'continue' with answers missing: 400 naming each, after saving what was typed": async () => {
      mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
      const page = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", action: "continue" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: 'Answer "Incidents"', href: "#a_q2" }]);
      expect(fieldValue(page.text, "a_q1")).toBe("Thefts rose");
      expect(called()).toContain("reports.SaveDraft");
    },
    "a date that is not real is named with GOV.UK's words and never sent; the rest is saved": async () => {
      mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
      const page = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", "a_q3-day": "31", "a_q3-month": "2", "a_q3-year": "2027", action: "save" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Last operation must be a real date", href: "#a_q3-day" }]);
      expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
        { parent: "reportRequests/rq-1", answers: [{ sectionId: "q1", text: "Thefts rose" }], attachments: [] },
      ]);
      expect(fieldValue(page.text, "a_q3-day")).toBe("31");
    },
    "an answer the service refuses is named by its question, with the typed values kept": async () => {
      mesh.downstream.on("reports", "SaveDraft", () => {
        throw refusedFields("invalid answers", [{ field: "answers.q2", description: "must be 0 or more" }]);
      });
      const page = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", a_q2: "-4", action: "save" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Incidents must be 0 or more", href: "#a_q2" }]);
      expect(fieldValue(page.text, "a_q2")).toBe("-4");
      expect(called()).toEqual(["reports.GetReportRequest", "reports.SaveDraft", "reports.GetDraft"]);
    },
  },

  "POST /requests/:id/attachments": {
    "streams the file to the reports service's upload, then saves the draft with the answers typed and the new attachment":
      async () => {
        const bytes = Buffer.alloc(200_000, "x");
        bytes.write("%PDF-1.7\n", 0);
        let upload: Awaited<ReturnType<typeof received>> | undefined;
        mesh.downstream.on("reports", "UploadAttachment", async (messages) => {
          upload = await received(messages);
          return attachment("fedcba9876543210fedcba98", "wards.pdf");
        });
        mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
        const form = new FormData();
        form.append("a_q1", "Thefts rose");
        form.append("attachments", `attachments/${ATTACHMENT_ID}`);
        form.append("file", new Blob([bytes], { type: "application/pdf" }), "wards.pdf");
        const sent = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
        expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report?saved=1"]);
        expect(upload?.metadata).toEqual({ parent: "reportRequests/rq-1", filename: "wards.pdf" });
        expect(upload?.bytes.equals(bytes)).toBe(true);
        expect(upload?.chunks.length).toBeGreaterThan(1); // streamed as it arrived, not one buffer
        expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
          {
            parent: "reportRequests/rq-1",
            answers: [{ sectionId: "q1", text: "Thefts rose" }],
            attachments: [`attachments/${ATTACHMENT_ID}`, "attachments/fedcba9876543210fedcba98"],
          },
        ]);
        expect(tokens()).toEqual(["token-officer"]);
      },
    "no file chosen: 400 naming the file input, the answers typed kept, nothing uploaded": async () => {
      const form = new FormData();
      form.append("a_q1", "Thefts rose");
      form.append("file", new Blob([]), "");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Select a file to add", href: "#file" }]);
      expect(fieldValue(page.text, "a_q1")).toBe("Thefts rose");
      expect(called()).not.toContain("reports.UploadAttachment");
    },
    "a file of a type the service refuses: 400 saying which types it takes": async () => {
      mesh.downstream.on("reports", "UploadAttachment", async (messages) => {
        await received(messages);
        throw refusedFields("unsupported type", [{ field: "chunk", description: "the file is an executable" }]);
      });
      const form = new FormData();
      form.append("file", new Blob([Buffer.from("MZ\x90\x00")]), "tool.exe");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "The file must be a PDF, CSV, XLSX, DOCX or ODT: unsupported type", href: "#file" },
      ]);
      expect(called()).not.toContain("reports.SaveDraft");
    },
    "a body declared larger than the limit is refused before any of it is read or uploaded": async () => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.alloc(1_400_000)]), "huge.pdf");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "The file must be smaller than 1 MB", href: "#file" }]);
      expect(called()).not.toContain("reports.UploadAttachment");
    },
    "without the form token in the address it is refused": async () => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.from("%PDF")]), "a.pdf");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", {
        as: "officer",
        multipart: form,
        csrf: false,
      });
      expect(page.status).toBe(403);
      expect(called()).toEqual([]);
    },
  },

  "GET /requests/:id/check": {
    "lists each answer of the draft with a link to change it, and the submit form with a fresh request id":
      async () => {
        mesh.downstream.on("reports", "GetDraft", () =>
          draft(
            [
              { sectionId: "q1", text: "Thefts rose" },
              { sectionId: "q3", date: "2027-03-09" },
            ],
            {
              attachments: [attachment(ATTACHMENT_ID, "wards.pdf")],
            },
          ),
        );
        const page = await mesh.send("GET", "/requests/rq-1/check", { as: "officer" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Check your answers before submitting your report");
        expect(summaryRows(page.text)).toEqual([
          ["Summary", "Thefts rose"],
          ["Incidents", "Not answered"],
          ["Last operation", "9 March 2027"],
          ["Attachments", "wards.pdf"],
        ]);
        expect(page.text).toContain('href="/requests/rq-1/report#a_q2"');
        expect(fieldValue(page.text, "requestId")).toMatch(/^web-[0-9a-f-]{36}$/);
        expect(page.text).toContain('action="/requests/rq-1/submit"');
      },
    "no draft yet: back to the form": async () => {
      const page = await mesh.send("GET", "/requests/rq-1/check", { as: "officer" });
      expect([page.status, page.location]).toEqual([303, "/requests/rq-1/report"]);
    },
  },

  "POST /requests/:id/submit": {
    "submits the draft with the page's request id and says which version was sent": async () => {
      mesh.downstream.on("reports", "SubmitReport", submission(3, []));
      const sent = await mesh.send("POST", "/requests/rq-1/submit", {
        as: "officer",
        form: { requestId: "web-11111111-2222-3333-4444-555555555555" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/submitted?version=3"]);
      expect(mesh.downstream.requests("reports", "SubmitReport")).toEqual([
        { parent: "reportRequests/rq-1", fromDraft: true, requestId: "web-11111111-2222-3333-4444-555555555555" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "answers missing (INVALID_ARGUMENT): back to the form, which names them": async () => {
      mesh.downstream.on("reports", "SubmitReport", () => {
        throw refusedFields("incomplete", [{ field: "answers.q2", description: "is required" }]);
      });
      const sent = await mesh.send("POST", "/requests/rq-1/submit", { as: "officer", form: { requestId: "web-1" } });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report"]);
    },
    "the request was withdrawn meanwhile (FAILED_PRECONDITION): 409": async () => {
      mesh.downstream.on("reports", "SubmitReport", () => {
        throw grpcError("FAILED_PRECONDITION", "the request was withdrawn");
      });
      const page = await mesh.send("POST", "/requests/rq-1/submit", { as: "officer", form: { requestId: "web-1" } });
      expect(page.status).toBe(409);
      expect(textOf(page.text)).toContain("the request was withdrawn");
    },
  },

  "GET /requests/:id/submitted": {
    "the confirmation shows the version sent and links back, asking nothing": async () => {
      const page = await mesh.send("GET", "/requests/rq-1/submitted?version=3", { as: "officer" });
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain("Report submitted Version 3");
      expect(page.text).toContain('href="/requests/rq-1">Back to the request</a>');
      expect(called()).toEqual([]);
    },
  },
};

describe("a partnership's report over the fake mesh", () => {
  test("every route of the report pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerReportPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
