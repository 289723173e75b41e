/** The meeting REST routes over a fake meetings service: the agenda, and papers uploaded and downloaded as streams. */

import type { Services } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import type { PEOPLE } from "../../testing/fake-sessions";
import { coverage, postDeclaring, type RouteTests, readUpload, rest, streamOf } from "../testing";
import { commandSent, ID, NAME, PAPER, paper, postCommand, TESTED_IN } from "./fixtures";
import { meetingRoutes } from "./routes";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const tokens = () => mesh.downstream.calls.map((c) => c.token);

/**
 * A command on one meeting: the body posted becomes the meetings method's request with the meeting's
 * name, and the meeting it answers is the response.
 */
function command(
  verb: string,
  method: keyof Services["meetings"] & string,
  body: Record<string, unknown> | undefined,
  sent: Record<string, unknown>,
  as: keyof typeof PEOPLE = "opcc",
): Record<string, () => Promise<void>> {
  return {
    [`sends ${method} for meetings/<id> with the body the schema checked, and the caller's token`]: async () => {
      expect(await postCommand(mesh, verb, method, body, as)).toEqual(commandSent(sent, as));
    },
  };
}

const routes: RouteTests = {
  "POST /v1/meetings/{id}/agenda": {
    ...command(
      "agenda",
      "SaveAgenda",
      {
        items: [
          { id: "item-1", title: "Welcome", presenter: "" },
          { title: "Hotspots", presenter: "csp-dover", minutesAllotted: 30, links: ["https://example.org/map"] },
        ],
      },
      {
        items: [
          { id: "item-1", title: "Welcome", description: "", presenter: "", minutesAllotted: 0, links: [] },
          {
            id: "",
            title: "Hotspots",
            description: "",
            presenter: "partners/csp-dover",
            minutesAllotted: 30,
            links: ["https://example.org/map"],
          },
        ],
      },
    ),
    "an item id that is not item-<n> is 400 naming it": async () => {
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/agenda`, {
        body: { items: [{ id: "one", title: "Welcome" }] },
      });
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "items[0].id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "POST /v1/meetings/{id}/publish-agenda": {
    ...command("publish-agenda", "PublishAgenda", { note: "Added item 3" }, { note: "Added item 3", requestId: "" }),
  },
  "POST /v1/meetings/{id}/papers": {
    "a declared size over the upload limit is 413 before anything is streamed": async () => {
      const r = await postDeclaring(mesh, `/v1/meetings/${ID}/papers?filename=big.pdf`, 2 * 1024 * 1024);
      expect([r.status, r.type]).toEqual([413, "application/problem+json"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
    "streams the body into UploadPaper after its metadata (audience as partners/<id>): 201": async () => {
      let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
      mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
        sent = await readUpload(messages);
        return paper;
      });
      const parts = [Buffer.from("area,count\n"), Buffer.from("dover,42\n")];
      const q = new URLSearchParams({
        agendaItem: "item-2",
        title: "ASB figures",
        filename: "asb.csv",
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        audience: "csp-dover,partners/csp-maidstone",
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/papers?${q}`, {
        raw: streamOf(parts),
        headers: { "content-type": "text/csv" },
      });
      expect([r.status, r.json]).toEqual([201, paper]);
      expect(sent?.first).toEqual({
        metadata: {
          meeting: NAME,
          agendaItem: "item-2",
          title: "ASB figures",
          filename: "asb.csv",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          audience: ["partners/csp-dover", "partners/csp-maidstone"],
        },
      });
      expect(sent?.bytes.equals(Buffer.concat(parts))).toBe(true);
      expect(sent?.order.filter((m) => m === "metadata")).toEqual(["metadata"]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "without classification or audience: unspecified, and every invitee (empty)": async () => {
      let sent: Awaited<ReturnType<typeof readUpload>> | undefined;
      mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
        sent = await readUpload(messages);
        return paper;
      });
      const r = await rest(mesh, "POST", `/v1/meetings/${ID}/papers?agendaItem=item-1&title=Map&filename=map.pdf`, {
        raw: Buffer.from("%PDF"),
        headers: { "content-type": "application/pdf" },
      });
      expect(r.status).toBe(201);
      expect(sent?.first).toMatchObject({
        metadata: { classification: "CLASSIFICATION_UNSPECIFIED", audience: [] },
      });
      expect(sent?.bytes.toString()).toBe("%PDF");
    },
    "no agenda item and an audience with spaces are 400 naming both; nothing is streamed": async () => {
      const r = await rest(
        mesh,
        "POST",
        `/v1/meetings/${ID}/papers?title=Map&filename=map.pdf&audience=csp-dover,%20csp-deal`,
        {
          raw: Buffer.from("%PDF"),
          headers: { "content-type": "application/pdf" },
        },
      );
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "agenda_item" }, { field: "audience" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/meetings/{id}/papers": {
    "asks ListPapers for the meeting": async () => {
      mesh.downstream.on("meetings", "ListPapers", { papers: [paper] });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers`, { as: "officer" });
      expect([r.status, r.json]).toEqual([200, { papers: [paper] }]);
      expect(mesh.downstream.requests("meetings", "ListPapers")).toEqual([{ meeting: NAME }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
  },
  "GET /v1/meetings/{id}/papers/{paperId}": {
    "streams DownloadPaper's chunks out as the paper's type and name": async () => {
      mesh.downstream.on("meetings", "DownloadPaper", async function* () {
        yield {
          part: "metadata",
          metadata: { filename: "asb.csv", contentType: "text/csv", sizeBytes: "20", sha256: "" },
        };
        yield { part: "chunk", chunk: Buffer.from("area,count\n") };
        yield { part: "chunk", chunk: Buffer.from("dover,42\n") };
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers/${PAPER}`, { as: "officer" });
      expect([r.status, r.type, r.text]).toEqual([200, "text/csv", "area,count\ndover,42\n"]);
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="asb.csv"');
      expect(r.headers.get("digest")).toBeNull();
      expect(mesh.downstream.requests("meetings", "DownloadPaper")).toEqual([{ name: `${NAME}/papers/${PAPER}` }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "PERMISSION_DENIED (not in the paper's audience) is 403 before any byte": async () => {
      mesh.downstream.on("meetings", "DownloadPaper", async function* () {
        yield* [];
        throw grpcError("PERMISSION_DENIED", "not in the paper's audience");
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers/${PAPER}`, { as: "officer" });
      expect([r.status, r.type]).toEqual([403, "application/problem+json"]);
    },
    "a paper id that is not 24 hex digits is 400 naming paperId": async () => {
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers/asb.csv`);
      expect(r.json).toMatchObject({ status: 400, errors: [{ field: "paper_id" }] });
      expect(mesh.downstream.calls).toEqual([]);
    },
  },
  "GET /v1/meetings/{id}/papers-pack": {
    "streams the ZIP as built (no length known), for the partnership named": async () => {
      const zip = [Buffer.from("PK\u0003\u0004"), Buffer.from("rest of the zip")];
      mesh.downstream.on("meetings", "DownloadPapersPack", async function* () {
        yield { part: "metadata", metadata: { filename: "papers.zip", contentType: "application/zip" } };
        for (const chunk of zip) yield { part: "chunk", chunk };
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers-pack?partner=csp-dover`);
      expect([r.status, r.type, r.headers.get("content-length")]).toEqual([200, "application/zip", null]);
      expect(r.bytes.equals(Buffer.concat(zip))).toBe(true);
      expect(mesh.downstream.requests("meetings", "DownloadPapersPack")).toEqual([
        { name: NAME, partner: "partners/csp-dover" },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "without a partner, the caller's own view (empty)": async () => {
      mesh.downstream.on("meetings", "DownloadPapersPack", async function* () {
        yield { part: "metadata", metadata: { filename: "papers.zip", contentType: "application/zip" } };
      });
      const r = await rest(mesh, "GET", `/v1/meetings/${ID}/papers-pack`, { as: "officer" });
      expect(r.status).toBe(200);
      expect(mesh.downstream.requests("meetings", "DownloadPapersPack")).toEqual([{ name: NAME, partner: "" }]);
    },
  },
};

describe("meeting REST routes over a fake meetings service: agenda and papers", () => {
  test("every route of this file's share has a test, and every test names one", () => {
    expect(coverage(meetingRoutes(mesh.downstream.api), routes, TESTED_IN["agenda.test.ts"])).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
