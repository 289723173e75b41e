/** A combination proposal's documents over a fake combinations service: uploaded and downloaded as streams. */
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import {
  coverage,
  grpcError,
  postDeclaring,
  type RouteTests,
  readUpload,
  refusedFields,
  rest,
  streamOf,
  ts,
} from "../testing";
import { combinationDocumentRoutes } from "./document-routes";
import { ID, NAME, SHA } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const AT = `/v1/combinations/${ID}/documents`;
const tokens = () => mesh.downstream.calls.map((c) => c.token);
/** The document as the service records it. */
const document = {
  name: `${NAME}/documents/1`,
  filename: "terms-of-reference.pdf",
  contentType: "application/pdf",
  sizeBytes: "23",
  sha256: SHA,
  uploadedBy: "people/dover-chair",
  uploadedByDisplayName: "Dover Chair",
  uploadTime: ts("2027-02-03T10:00:00Z"),
};
const pdf = (over: Record<string, string> = {}) => ({
  raw: Buffer.from("%PDF-1.7\n"),
  headers: { "content-type": "application/pdf", ...over },
});

const routes: RouteTests = {
  "POST /v1/combinations/{id}/documents": {
    "streams the raw body into UploadCombinationDocument, metadata first, then the chunks as they came: 201":
      async () => {
        let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
        mesh.downstream.on("combinations", "UploadCombinationDocument", async (messages) => {
          sent = await readUpload(messages);
          return document;
        });
        const parts = [Buffer.from("%PDF-1.7\n"), Buffer.from([0, 1, 2, 255]), Buffer.from("%%EOF")];
        const r = await rest(mesh, "POST", `${AT}?filename=terms-of-reference.pdf`, {
          as: "chair",
          raw: streamOf(parts),
          headers: { "content-type": "application/pdf" },
        });
        expect([r.status, r.json]).toEqual([201, document]);
        expect(sent?.first).toEqual({ metadata: { parent: NAME, filename: "terms-of-reference.pdf" } });
        expect(sent?.order[0]).toBe("metadata");
        expect(sent?.order.slice(1).every((m) => m === "chunk")).toBe(true);
        expect(sent?.bytes.equals(Buffer.concat(parts))).toBe(true);
        expect(tokens()).toEqual(["token-chair"]);
      },
    "a declared size over the limit is 413 before anything is streamed": async () => {
      const r = await postDeclaring(mesh, `${AT}?filename=big.pdf`, 2 * 1024 * 1024);
      expect([r.status, r.type]).toEqual([413, "application/problem+json"]);
      expect(r.json).toMatchObject({ title: "Too large" });
      expect(mesh.downstream.calls).toEqual([]);
    },
    "a file name with a path, or none, is 400 naming filename; a malformed id 400 naming id; nothing is streamed":
      async () => {
        for (const q of ["?filename=..%2Fetc%2Fpasswd", "?filename=a%5Cb.pdf", ""]) {
          const r = await rest(mesh, "POST", `${AT}${q}`, pdf());
          expect([q, r.status, r.type]).toEqual([q, 400, "application/problem+json"]);
          expect(r.json).toMatchObject({ errors: [{ field: "filename" }] });
        }
        const bad = await rest(mesh, "POST", "/v1/combinations/Not_an_id/documents?filename=a.pdf", pdf());
        expect(bad.status).toBe(400);
        expect(bad.json).toMatchObject({ errors: [{ field: "id" }] });
        expect(mesh.downstream.calls).toEqual([]);
      },
    "the service's refusal of the file (its type, its size) is 422 naming the field": async () => {
      for (const [field, description] of [
        ["metadata.filename", "accepted: .pdf, .csv, .xlsx, .docx, .odt"],
        ["chunk", "at most 1048576 bytes"],
      ] as const) {
        mesh.downstream.on("combinations", "UploadCombinationDocument", async (messages) => {
          await readUpload(messages);
          throw refusedFields("unsupported file type", [{ field, description }]);
        });
        const r = await rest(mesh, "POST", `${AT}?filename=run.exe`, {
          as: "chair",
          raw: Buffer.from("MZ"),
          headers: { "content-type": "application/octet-stream" },
        });
        expect([r.status, r.type]).toEqual([422, "application/problem+json"]);
        expect(r.json).toMatchObject({ title: "Unprocessable request", errors: [{ field, description }] });
      }
    },
    "a decided proposal is 409; an agreement the caller cannot read 404; an officer's PERMISSION_DENIED 403":
      async () => {
        for (const [code, status] of [
          ["FAILED_PRECONDITION", 409],
          ["NOT_FOUND", 404],
          ["PERMISSION_DENIED", 403],
        ] as const) {
          mesh.downstream.on("combinations", "UploadCombinationDocument", async (messages) => {
            await readUpload(messages);
            throw grpcError(code, "refused");
          });
          const r = await rest(mesh, "POST", `${AT}?filename=a.pdf`, { as: "officer", ...pdf() });
          expect([code, r.status, r.type]).toEqual([code, status, "application/problem+json"]);
        }
      },
  },
  "GET /v1/combinations/{id}/documents/{n}": {
    "streams DownloadCombinationDocument's chunks out with its type, length, name and digest": async () => {
      const bytes = [Buffer.from("%PDF-1.7\n"), Buffer.from("terms\n"), Buffer.from([0, 255])];
      const total = Buffer.concat(bytes);
      mesh.downstream.on("combinations", "DownloadCombinationDocument", async function* () {
        yield {
          part: "metadata",
          metadata: { ...document, filename: 'terms "final".pdf', sizeBytes: String(total.length) },
        };
        for (const chunk of bytes) yield { part: "chunk", chunk };
      });
      const r = await rest(mesh, "GET", `${AT}/1`, { as: "panel" });
      expect(r.status).toBe(200);
      expect(r.type).toBe("application/pdf");
      expect(r.headers.get("content-length")).toBe(String(total.length));
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="terms _final_.pdf"');
      expect(r.headers.get("digest")).toBe(`sha-256=${Buffer.from(SHA, "hex").toString("base64")}`);
      expect(r.bytes.equals(total)).toBe(true);
      expect(mesh.downstream.requests("combinations", "DownloadCombinationDocument")).toEqual([
        { name: `${NAME}/documents/1` },
      ]);
      expect(tokens()).toEqual(["token-panel"]);
    },
    "a refusal before the first byte is a problem (NOT_FOUND: 404)": async () => {
      mesh.downstream.on("combinations", "DownloadCombinationDocument", async function* () {
        yield* [];
        throw grpcError("NOT_FOUND", `document ${NAME}/documents/7 not found`);
      });
      const r = await rest(mesh, "GET", `${AT}/7`, { as: "officer" });
      expect([r.status, r.type]).toEqual([404, "application/problem+json"]);
      expect(r.json).toMatchObject({ detail: `document ${NAME}/documents/7 not found` });
    },
    "a number that is not 1 to 999, or a malformed id, is 400 naming it; nothing is asked": async () => {
      for (const [path, field] of [
        [`${AT}/0`, "n"],
        [`${AT}/1000`, "n"],
        [`${AT}/terms.pdf`, "n"],
        ["/v1/combinations/Not_an_id/documents/1", "id"],
      ]) {
        const r = await rest(mesh, "GET", path as string);
        expect([path, r.status]).toEqual([path, 400]);
        expect(r.json).toMatchObject({ errors: [{ field }] });
      }
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
};

describe("a combination proposal's documents over a fake combinations service", () => {
  test("every document route has a test, and every test names a route", () => {
    expect(coverage(combinationDocumentRoutes(mesh.downstream.api, 1024 * 1024), routes)).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
