/**
 * Hostile uploads: content that is not what its name says, programs under document names, archives,
 * programs and macros inside documents, empty files, exactly the size limit and one byte over, and
 * file names that climb directories, hide their extension or run too long. Each is refused with
 * INVALID_ARGUMENT naming the field (the file name when the content is not what the name says, the
 * bytes when they are too many, none or dangerous), and nothing of it is stored; the limit itself is accepted.
 *
 * Found and fixed by it: a .docx carrying a program, an archive or a macro project was accepted (the
 * check looked only for the entries a document needs); the kit now reads the container's entry names
 * and refuses those (files/content-type.ts dangerousEntry).
 */
import type { RunningService } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import { ZipFile } from "yazl";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import {
  call,
  clients,
  dropDatabase,
  failure,
  isolation,
  signIn,
  startDirectory,
  startReports,
  uploadStream,
} from "../support/mesh";
import { recordRow } from "../support/reliability";

const LIMIT = 1024 * 1024;

/** A ZIP container with these entries (a real one, written by yazl). */
// A Word document's package says what its main part is; the upload check (file-type) reads it.
const CONTENT_TYPES = "[Content_Types].xml";
const WORD_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

function zip(entries: string[]): Promise<Buffer> {
  const z = new ZipFile();
  for (const name of entries) z.addBuffer(Buffer.from(name === CONTENT_TYPES ? WORD_TYPES : `<x>${name}</x>`), name);
  z.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    z.outputStream.on("data", (b: Buffer) => parts.push(b));
    z.outputStream.on("end", () => resolve(Buffer.concat(parts)));
    z.outputStream.on("error", reject);
  });
}
const DOCX = ["[Content_Types].xml", "word/document.xml", "_rels/.rels"];
const pdf = (size: number) => Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(size - 9, 0x41)]);

describe("reliability: hostile uploads", () => {
  const iso = isolation("rel-uploads");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;

  afterAll(async () => {
    for (const svc of [reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
  });

  test("every hostile upload refused with its field named, nothing stored; the limit itself accepted", async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, { ATTACHMENT_MAX_BYTES: String(LIMIT) });
    const rep = clients(reports.grpcPort).reports;
    const identity = clients(directory.grpcPort).identity;
    const [opcc, officer] = [
      await signIn(identity, "people/opcc-staff-1"),
      await signIn(identity, "people/maidstone-officer"),
    ];
    const request = await call<{ name: string }>(
      rep,
      "CreateReportRequest",
      {
        reportRequest: {
          title: "Upload test",
          issueOfConcern: "An issue of concern for the upload test.",
          addressees: [{ partner: "partners/csp-maidstone" }],
          sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          classification: "CLASSIFICATION_OFFICIAL",
          legalBasis: "LEGAL_BASIS_INFORMAL",
        },
      },
      opcc,
    );
    const upload = (filename: string, bytes: Buffer) =>
      uploadStream<{ name: string; sizeBytes: string }>(
        rep,
        "UploadAttachment",
        { parent: request.name, filename },
        bytes.length ? [bytes] : [],
        officer,
      );
    const db = reports.kit.mongo.db;
    const stored = async () => ({
      attachments: await db.collection("attachments").countDocuments(),
      files: await db.collection("attachments.files").countDocuments(),
      chunks: await db.collection("attachments.chunks").countDocuments(),
    });

    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2048)]);
    const hostile: [string, string, Buffer, string][] = [
      ["a program named as a PDF", "report.pdf", exe, "metadata.filename"],
      ["a Linux program named as a CSV", "figures.csv", elf, "metadata.filename"],
      ["a CSV named as a PDF", "report.pdf", Buffer.from("ward,incidents\nCastle,3\n"), "metadata.filename"],
      ["a PDF named as a spreadsheet", "figures.xlsx", pdf(2048), "metadata.filename"],
      ["a plain archive named as a document", "report.docx", await zip(["a.txt", "b.txt"]), "metadata.filename"],
      ["a document carrying a program", "report.docx", await zip([...DOCX, "word/embeddings/payload.exe"]), "chunk"],
      ["a document carrying an archive", "report.docx", await zip([...DOCX, "word/embeddings/more.zip"]), "chunk"],
      ["a document carrying macros", "report.docx", await zip([...DOCX, "word/vbaProject.bin"]), "chunk"],
      ["an empty file", "empty.pdf", Buffer.alloc(0), "chunk"],
      ["one byte over the limit", "big.pdf", pdf(LIMIT + 1), "chunk"],
      ["a program by its own name", "tool.exe", exe, "metadata.filename"],
      ["a name climbing directories", "../../etc/passwd.pdf", pdf(1024), "metadata.filename"],
      ["a Windows path", "..\\..\\boot.pdf", pdf(1024), "metadata.filename"],
      ["a name with a folder", "reports/2026.pdf", pdf(1024), "metadata.filename"],
      ["a NUL hiding the real extension", "evil.pdf\u0000.exe", pdf(1024), "metadata.filename"],
      ["a right-to-left override", "invoice\u202efdp.exe", pdf(1024), "metadata.filename"],
      ["an over-long name", `${"x".repeat(300)}.pdf`, pdf(1024), "metadata.filename"],
    ];
    const before = await stored();
    const wrong: string[] = [];
    for (const [what, filename, bytes, field] of hostile) {
      const err = await failure(upload(filename, bytes));
      if (err.code !== status.INVALID_ARGUMENT || !err.violations.includes(field))
        wrong.push(`${what}: ${err.code} ${err.violations.join(",")} ${err.details}`);
    }
    const after = await stored();
    // Exactly the limit, and a genuine document, are accepted.
    const atLimit = await upload("limit.pdf", pdf(LIMIT));
    const docx = await upload("report.docx", await zip(DOCX));
    recordRow({
      scenario: "uploads",
      proves: "hostile uploads refused with the field named and nothing stored; the limit itself accepted",
      operations: hostile.length + 2,
      lost: 0,
      duplicated: 0,
      serverErrors: wrong.filter((w) => / (2|13|15) /.test(w)).length,
      recoverySeconds: 0,
      notes: `${hostile.length} hostile uploads refused; stored before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
    });
    expect(wrong).toEqual([]);
    expect(after).toEqual(before);
    expect(atLimit.sizeBytes).toBe(String(LIMIT));
    expect(docx.name).toBeTruthy();
  }, 300_000);
});
