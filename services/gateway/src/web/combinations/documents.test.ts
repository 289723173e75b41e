/**
 * A proposal's documents over the fake mesh: the table and the upload form on the agreement's page
 * (for the OPCC and the areas' chairs while it is proposed), the upload streamed to the directory
 * with every problem at the file input, and the download streamed out.
 */
import { refusedFields, ts } from "../../api/testing";
import { grpcError, received } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, tables, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, refusalsOf, routesOf, tokensOf, webCoverage } from "../../testing/page-tests";
import { registerAgreementDocumentPages } from "./documents";
import { answerDirectory, approved, combination, ID, NAME, notFoundTo, PATH } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
  answerDirectory(mesh);
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream.on("combinations", "GetCombination", combination());
});

const UPLOAD = `${PATH}/documents`;
const document = (n: number, filename: string, sizeBytes: string, by = "Dee Chair") => ({
  name: `${NAME}/documents/${n}`,
  filename,
  contentType: "application/pdf",
  sizeBytes,
  sha256: "cd".repeat(32),
  uploadedBy: "people/dover-chair",
  uploadedByDisplayName: by,
  uploadTime: ts("2031-03-02T10:00:00Z"),
});
const documentsOf = (html: string) => tables(html).find((t) => t.caption === "Documents");
/** The upload form's address (with its form token) if the page offers it. */
const uploadForm = (html: string) => new RegExp(`<form method="post" action="${UPLOAD}\\?_csrf=[^"]+"`).test(html);
const withFile = (bytes: Buffer, filename: string) => {
  const form = new FormData();
  form.append("document", new Blob([new Uint8Array(bytes)]), filename);
  return form;
};
const PDF = Buffer.from("%PDF-1.7\nthe terms of reference\n%%EOF");
/** The service refusing the upload after reading it. */
const refusing = (err: Error) =>
  mesh.downstream.on("combinations", "UploadCombinationDocument", async (messages) => {
    await received(messages);
    throw err;
  });

describe("the documents on an agreement's page", () => {
  test("a table of the documents, each linked to its download, with its size, who added it and when", async () => {
    mesh.downstream.on(
      "combinations",
      "GetCombination",
      combination({
        documents: [document(1, "terms-of-reference.pdf", "2097152"), document(2, "cabinet report.docx", "51200", "")],
      }),
    );
    const page = await mesh.send("GET", PATH, { as: "panel" });
    expect(documentsOf(page.text)).toEqual({
      caption: "Documents",
      head: ["File", "Size", "Added by", "Added on"],
      rows: [
        ["terms-of-reference.pdf", "2.0 MB", "Dee Chair", "2 March 2031"],
        ["cabinet report.docx", "50 KB", "people/dover-chair", "2 March 2031"],
      ],
    });
    expect(page.text).toContain(`<a class="govuk-link" href="${PATH}/documents/1">terms-of-reference.pdf</a>`);
    expect(page.text).toContain(`href="${PATH}/documents/2"`);
  });

  test("none yet: it says so", async () => {
    const page = await mesh.send("GET", PATH, { as: "officer" });
    expect(documentsOf(page.text)).toBeUndefined();
    expect(textOf(page.text)).toContain("Documents No documents have been added.");
  });

  test("the OPCC and a chair of one of the areas may add one while it is proposed: a GOV.UK file upload", async () => {
    for (const as of ["opcc", "chair"]) {
      const page = await mesh.send("GET", PATH, { as });
      expect([as, uploadForm(page.text)]).toEqual([as, true]);
      expect(page.text).toContain('enctype="multipart/form-data"');
      expect(page.text).toMatch(/<input class="govuk-file-upload[^"]*" id="document" name="document" type="file"/);
      expect(textOf(page.text)).toContain(
        "Add a document Document For example the terms of reference or a council's report: PDF, CSV, XLSX, DOCX or ODT, smaller than 1 MB",
      );
      expect(textOf(page.text)).toContain("Add the document");
    }
  });

  test("not to an officer, a party's person or the panel; not to a chair of another area; not once decided", async () => {
    for (const as of ["officer", "authority", "panel"])
      expect([as, uploadForm((await mesh.send("GET", PATH, { as })).text)]).toEqual([as, false]);
    const elsewhere = combination();
    mesh.downstream.on(
      "combinations",
      "GetCombination",
      combination({
        terms: {
          ...(elsewhere.terms as NonNullable<typeof elsewhere.terms>),
          areas: ["partners/csp-maidstone", "partners/csp-kent-county"],
        },
      }),
    );
    expect(uploadForm((await mesh.send("GET", PATH, { as: "chair" })).text)).toBe(false);
    mesh.downstream.on("combinations", "GetCombination", approved());
    expect(uploadForm((await mesh.send("GET", PATH, { as: "opcc" })).text)).toBe(false);
  });
});

const routes: PageTests = {
  "POST /combinations/:id/documents": {
    "a chair's file is streamed to the directory's upload; back to the page with a banner": async () => {
      const bytes = Buffer.concat([PDF, Buffer.alloc(150_000, "x")]);
      let upload: Awaited<ReturnType<typeof received>> | undefined;
      mesh.downstream.on("combinations", "UploadCombinationDocument", async (messages) => {
        upload = await received(messages);
        return document(1, "terms.pdf", String(bytes.length));
      });
      const sent = await mesh.send("POST", UPLOAD, { as: "chair", multipart: withFile(bytes, "terms.pdf") });
      expect([sent.status, sent.location]).toEqual([303, `${PATH}?done=documents`]);
      expect(upload?.metadata).toEqual({ parent: NAME, filename: "terms.pdf" });
      expect(upload?.bytes.equals(bytes)).toBe(true);
      expect(upload?.chunks.length).toBeGreaterThan(1); // streamed as it arrived, not one buffer
      expect(tokensOf(mesh)).toEqual(["token-chair"]);
      const shown = await mesh.send("GET", sent.location, { as: "chair" });
      expect(textOf(shown.text)).toContain("Document added");
    },
    "no file chosen: 400, the error summary linked to the file input, the form kept, nothing uploaded": async () => {
      const page = await mesh.send("POST", UPLOAD, { as: "opcc", multipart: withFile(Buffer.alloc(0), "") });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Select a file to add", href: "#document" }]);
      expect(page.text).toContain('<p id="document-error" class="govuk-error-message">');
      expect(uploadForm(page.text)).toBe(true);
      expect(calledOf(mesh)).toEqual(["combinations.GetCombination"]);
    },
    "a body declared larger than the limit is refused before any of it is read or uploaded": async () => {
      const page = await mesh.send("POST", UPLOAD, {
        as: "opcc",
        multipart: withFile(Buffer.alloc(1_400_000), "huge.pdf"),
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "The file must be smaller than 1 MB", href: "#document" }]);
      expect(calledOf(mesh)).toEqual(["combinations.GetCombination"]);
    },
    "the directory's file checks: a type it refuses, a file too big, an empty one, each at the file input":
      async () => {
        for (const [violation, message, shown] of [
          [
            { field: "metadata.filename", description: "accepted: .pdf, .csv, .xlsx, .docx, .odt" },
            "unsupported file type",
            "The file must be a PDF, CSV, XLSX, DOCX or ODT: unsupported file type",
          ],
          [
            { field: "metadata.filename", description: "the bytes are not application/pdf" },
            "the file's content is not a .pdf file",
            "The file must be a PDF, CSV, XLSX, DOCX or ODT: the file's content is not a .pdf file",
          ],
          [
            { field: "chunk", description: "at most 1048576 bytes" },
            "the file is larger than the 1 MB limit",
            "The file must be smaller than 1 MB",
          ],
          [{ field: "chunk", description: "no bytes sent" }, "the file is empty", "The selected file is empty"],
        ] as const) {
          refusing(refusedFields(message, [violation]));
          const page = await mesh.send("POST", UPLOAD, { as: "chair", multipart: withFile(PDF, "run.exe") });
          expect([message, page.status]).toEqual([message, 400]);
          expect(errorSummary(page.text)).toEqual([{ text: shown, href: "#document" }]);
          expect(uploadForm(page.text)).toBe(true);
        }
      },
    "once decided, or refused to a chair, the service's reason is shown at the file input": async () => {
      refusing(grpcError("FAILED_PRECONDITION", "documents are added while the proposal is open"));
      mesh.downstream.on("combinations", "GetCombination", approved());
      const decided = await mesh.send("POST", UPLOAD, { as: "opcc", multipart: withFile(PDF, "late.pdf") });
      expect(decided.status).toBe(400);
      expect(errorSummary(decided.text)).toEqual([
        { text: "Documents are added while the proposal is open", href: "#document" },
      ]);
      expect(uploadForm(decided.text)).toBe(true);
      refusing(grpcError("PERMISSION_DENIED", "partners/csp-dover is not one of its areas"));
      const theirs = await mesh.send("POST", UPLOAD, { as: "chair", multipart: withFile(PDF, "a.pdf") });
      expect(errorSummary(theirs.text)).toEqual([{ text: "Dover CSP is not one of its areas", href: "#document" }]);
    },
    "an officer, a party's person and the panel add none; a malformed id is not found; nothing asked": async () => {
      const people = ["officer", "authority", "panel"];
      expect(await refusalsOf(mesh, people, "POST", UPLOAD, "/combinations/Not_an_id/documents")).toEqual(
        notFoundTo(people, true),
      );
    },
    "without the form token in the address it is refused before anything is asked": async () => {
      const page = await mesh.send("POST", UPLOAD, { as: "opcc", multipart: withFile(PDF, "a.pdf"), csrf: false });
      expect(page.status).toBe(403);
      expect(calledOf(mesh)).toEqual([]);
    },
  },

  "GET /combinations/:id/documents/:n": {
    "streams the document from the directory with its type, length and name": async () => {
      mesh.downstream.on("combinations", "DownloadCombinationDocument", async function* () {
        yield { part: "metadata", metadata: document(2, "cabinet report.pdf", String(PDF.length)) };
        yield { part: "chunk", chunk: PDF.subarray(0, 10) };
        yield { part: "chunk", chunk: PDF.subarray(10) };
      });
      const res = await fetch(`${mesh.url}${PATH}/documents/2`, { headers: { cookie: "csp_session=panel" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-length")).toBe(String(PDF.length));
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="cabinet report.pdf"');
      expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
      expect(mesh.downstream.requests("combinations", "DownloadCombinationDocument")).toEqual([
        { name: `${NAME}/documents/2` },
      ]);
      expect(tokensOf(mesh)).toEqual(["token-panel"]);
    },
    "a number or id that is not one: 404 without asking; one the person may not read: 404": async () => {
      for (const path of [`${PATH}/documents/0`, `${PATH}/documents/x.pdf`, "/combinations/Not_an_id/documents/1"])
        expect([path, (await mesh.send("GET", path, { as: "opcc" })).status]).toEqual([path, 404]);
      expect(calledOf(mesh)).toEqual([]);
      mesh.downstream.on("combinations", "DownloadCombinationDocument", async function* () {
        yield* [];
        throw grpcError("NOT_FOUND", `combination ${NAME} not found`);
      });
      expect((await mesh.send("GET", `/combinations/${ID}/documents/1`, { as: "officer" })).status).toBe(404);
    },
  },
};

describe("a proposal's documents over the fake mesh", () => {
  test("every route of the documents has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerAgreementDocumentPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
