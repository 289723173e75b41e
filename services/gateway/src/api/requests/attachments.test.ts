/** The report request REST routes over a fake reports service: attachments uploaded and downloaded as streams. */

import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { coverage, postDeclaring, type RouteTests, readUpload, refusedFields, rest, streamOf } from "../testing";
import { ATTACHMENT, attachment, ID, NAME, TESTED_IN } from "./fixtures";
import { requestRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

const routes: RouteTests = {
  "POST /v1/report-requests/{id}/attachments": {
    "streams the raw body into UploadAttachment, metadata first, then the chunks as they came: 201": async () => {
      let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
      mesh.downstream.on("reports", "UploadAttachment", async (messages, caller) => {
        sent = await readUpload(messages);
        return { ...attachment, partner: caller.partner };
      });
      const parts = [Buffer.from("%PDF-1.7\n"), Buffer.from([0, 1, 2, 255]), Buffer.from("%%EOF")];
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/attachments?filename=report.pdf`, {
        as: "officer",
        raw: streamOf(parts),
        headers: { "content-type": "application/pdf" },
      });
      expect([r.status, r.json]).toEqual([201, attachment]);
      expect(sent?.first).toEqual({ metadata: { parent: NAME, filename: "report.pdf" } });
      expect(sent?.order[0]).toBe("metadata");
      expect(sent?.order.slice(1).every((m) => m === "chunk")).toBe(true);
      expect(sent?.bytes.equals(Buffer.concat(parts))).toBe(true);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a declared size over the limit is 413 before anything is streamed": async () => {
      const r = await postDeclaring(mesh, `/v1/report-requests/${ID}/attachments?filename=big.pdf`, 2 * 1024 * 1024);
      expect([r.status, r.type]).toEqual([413, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Too large" });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a file name with a path, or none, is 400 naming filename; nothing is streamed": async () => {
      for (const q of ["?filename=..%2Fetc%2Fpasswd", ""]) {
        const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/attachments${q}`, {
          raw: Buffer.from("x"),
          headers: { "content-type": "application/pdf" },
        });
        expect([q, r.status]).toEqual([q, 400]);
        expect(r.json).toMatchObject({ errors: [{ field: "filename" }] });
      }
      expect(mesh.downstream.calls).toEqual([]);
    },
    "the service's refusal of the file (its type) is 422": async () => {
      mesh.downstream.on("reports", "UploadAttachment", async (messages) => {
        await readUpload(messages);
        throw refusedFields("not an accepted file type", [
          { field: "content_type", description: "PDF, CSV, XLSX, DOCX or ODT" },
        ]);
      });
      const r = await rest(mesh, "POST", `/v1/report-requests/${ID}/attachments?filename=run.exe`, {
        as: "officer",
        raw: Buffer.from("MZ"),
        headers: { "content-type": "application/octet-stream" },
      });
      expect(r.status).toBe(422);
      expect(r.json).toMatchObject({ errors: [{ field: "content_type" }] });
    },
  },
  "GET /v1/attachments/{id}": {
    "streams DownloadAttachment's chunks out with its type, length, name and digest": async () => {
      const bytes = [Buffer.from("%PDF-1.7\n"), Buffer.from("page one\n"), Buffer.from([0, 255])];
      const total = Buffer.concat(bytes);
      const sha = "0f".repeat(32);
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield {
          part: "metadata",
          metadata: {
            filename: 'report "final".pdf',
            contentType: "application/pdf",
            sizeBytes: String(total.length),
            sha256: sha,
          },
        };
        for (const chunk of bytes) yield { part: "chunk", chunk };
      });
      const r = await rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`, { as: "officer" });
      expect(r.status).toBe(200);
      expect(r.type).toBe("application/pdf");
      expect(r.headers.get("content-length")).toBe(String(total.length));
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="report _final_.pdf"');
      expect(r.headers.get("digest")).toBe(`sha-256=${Buffer.from(sha, "hex").toString("base64")}`);
      expect(r.bytes.equals(total)).toBe(true);
      expect(mesh.downstream.requests("reports", "DownloadAttachment")).toEqual([
        { name: `attachments/${ATTACHMENT}` },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a refusal before the first byte is a problem (NOT_FOUND: 404)": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield* [];
        throw grpcError("NOT_FOUND", "no such attachment");
      });
      const r = await rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`);
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
      expect(r.json).toMatchObject({ detail: "no such attachment" });
    },
    "a token refused before the download starts is 401": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield { part: "metadata", metadata: { filename: "x.pdf", contentType: "application/pdf" } };
      });
      const r = await rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`, { token: "token-nobody" });
      expect([r.status, r.type]).toEqual([401, "application/problem+json"]);
    },
    "a failure after the first byte cuts the response off rather than ending it as if whole": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", async function* () {
        yield { part: "metadata", metadata: { filename: "x.pdf", contentType: "application/pdf", sizeBytes: "100" } };
        yield { part: "chunk", chunk: Buffer.from("first part") };
        throw grpcError("UNAVAILABLE", "reports went away");
      });
      await expect(rest(mesh, "GET", `/v1/attachments/${ATTACHMENT}`)).rejects.toThrow();
    },
    "an id that is not 24 hex digits is 400 naming id": async () => {
      const r = await rest(mesh, "GET", "/v1/attachments/report.pdf");
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ errors: [{ field: "id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("report request REST routes over a fake reports service: attachments", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(requestRoutes(mesh.downstream.api, 1024 * 1024), routes, TESTED_IN["attachments.test.ts"])).toEqual(
      { untested: [], unknown: [] },
    );
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
