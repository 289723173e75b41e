/**
 * A meeting's agenda and papers over the fake mesh: building and publishing the agenda, the paper upload
 * streamed to the service, and the downloads (a paper, the pack) streamed out.
 */
import { refusedFields } from "../../api/testing";
import { grpcError, received } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, textOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { registerAgendaPages } from "./agenda";
import { answerMeeting, ID, item, meeting, NAME, OPCC_ONLY, othersAsking, PAPER_ID, paper } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerMeeting(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** Every OPCC-only page of one meeting: others get "page not found" before the meeting is read. */
const opccOnly = async (method: "GET" | "POST", path: string) =>
  expect(await othersAsking(mesh, method, path)).toEqual(OPCC_ONLY);

const routes: PageTests = {
  "GET /meetings/:id/agenda": {
    "each item as a fieldset with its values and position, a blank one to add, and publishing offered": async () => {
      const page = await mesh.send("GET", `/meetings/${ID}/agenda`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Agenda");
      expect(fieldValue(page.text, "id-0")).toBe("i1");
      expect(fieldValue(page.text, "title-1")).toBe("Knife crime figures");
      expect(chosen(page.text, "presenter-1")).toEqual(["partners/csp-dover"]);
      expect(fieldValue(page.text, "links-1")).toBe("reportRequests/rq-1");
      expect(fieldValue(page.text, "order-1")).toBe("2");
      expect(fieldValue(page.text, "id-2")).toBe("");
      expect(fieldValue(page.text, "minutes-2")).toBe("15");
      expect(page.text).toContain(`formaction="/meetings/${ID}/agenda?then=publish"`);
      expect(textOf(page.text)).toContain("Save and publish a new version");
    },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/agenda`),
  },

  "POST /meetings/:id/agenda": {
    "saves the items in the positions given, without removed or empty ones, then publishes with the note": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", meeting()).on("meetings", "PublishAgenda", meeting());
      const sent = await mesh.send("POST", `/meetings/${ID}/agenda?then=publish`, {
        as: "opcc",
        form: {
          "id-0": "i1",
          "title-0": "Opening",
          "order-0": "2",
          "minutes-0": "10",
          "id-1": "i2",
          "title-1": "Knife crime figures",
          "order-1": "1",
          "presenter-1": "partners/csp-dover",
          "minutes-1": "30",
          "links-1": "reportRequests/rq-1\r\n",
          "id-2": "i3",
          "title-2": "Any other business",
          "remove-2": "yes",
          "id-3": "",
          "title-3": "Next steps",
          "minutes-3": "",
          "id-4": "",
          "title-4": "",
          note: "Figures first",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}#agenda`]);
      expect(mesh.downstream.requests("meetings", "SaveAgenda")).toEqual([
        {
          name: NAME,
          items: [
            item("i2", "Knife crime figures", {
              presenter: "partners/csp-dover",
              minutesAllotted: 30,
              links: ["reportRequests/rq-1"],
            }),
            item("i1", "Opening", { minutesAllotted: 10 }),
            item("", "Next steps", { minutesAllotted: 0 }),
          ],
        },
      ]);
      expect(mesh.downstream.requests("meetings", "PublishAgenda")).toEqual([
        { name: NAME, note: "Figures first", requestId },
      ]);
    },
    "minutes that are not a whole number and a short title: 400, the rows kept, nothing saved": async () => {
      const page = await mesh.send("POST", `/meetings/${ID}/agenda`, {
        as: "opcc",
        form: { "id-0": "i1", "title-0": "Op", "minutes-0": "ten" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Give the item a title of 3 characters or more", href: "#title-0" },
        { text: "Enter the minutes allotted as a whole number from 0 to 480", href: "#minutes-0" },
      ]);
      expect(fieldValue(page.text, "minutes-0")).toBe("ten");
      expect(called()).toEqual(["meetings.GetMeeting"]);
    },
    "an item the service refuses is named on its row, as the form shows it": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", () => {
        throw refusedFields("bad link", [{ field: "items[0].links", description: "unknown resource" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/agenda`, {
        as: "opcc",
        form: {
          "id-0": "i1",
          "title-0": "Opening",
          "order-0": "2",
          "id-1": "i2",
          "title-1": "Figures",
          "order-1": "1",
          "links-1": "meetings/x",
        },
      });
      expect(page.status).toBe(400);
      // items[0] is the row shown second (it was moved to the top).
      expect(errorSummary(page.text)).toEqual([
        {
          text: "Link report requests (reportRequests/<id>), submissions or assessment priorities only",
          href: "#links-1",
        },
      ]);
    },
    "saved but not published when the note is refused: the note is named with the page's own words": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", meeting()).on("meetings", "PublishAgenda", () => {
        throw refusedFields("note required", [{ field: "note", description: "must say what changed" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/agenda?then=publish`, {
        as: "opcc",
        form: { "id-0": "i1", "title-0": "Opening", note: "" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text).map((e) => e.href)).toEqual(["#note"]);
      expect(called()).toEqual(["meetings.GetMeeting", "meetings.SaveAgenda", "meetings.PublishAgenda"]);
    },
    "a refused note shows the page's own message": async () => {
      mesh.downstream.on("meetings", "SaveAgenda", meeting()).on("meetings", "PublishAgenda", () => {
        throw refusedFields("note required", [{ field: "note", description: "must say what changed" }]);
      });
      const page = await mesh.send("POST", `/meetings/${ID}/agenda?then=publish`, {
        as: "opcc",
        form: { "id-0": "i1", "title-0": "Opening", note: "" },
      });
      // The fallback message is assigned to the form's fields after the violations were mapped, so
      // the summary says "Must say what changed" (the service's description) instead.
      expect(errorSummary(page.text)).toEqual([
        { text: "Say what changed since the published agenda, in 5 characters or more", href: "#note" },
      ]);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/agenda`),
  },

  "GET /meetings/:id/papers/new": {
    "the upload form: the agenda's items, the meeting's classification, the invitees, the token in the address":
      async () => {
        const page = await mesh.send("GET", `/meetings/${ID}/papers/new?item=i2`, { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Add a paper");
        expect(chosen(page.text, "agendaItem")).toEqual(["i2"]);
        expect(textOf(page.text)).toContain("2. Knife crime figures");
        expect(chosen(page.text, "classification")).toEqual(["CLASSIFICATION_OFFICIAL"]);
        expect([...page.text.matchAll(/name="audience"[^>]*value="([^"]+)"/g)].map((m) => m[1])).toEqual([
          "partners/csp-dover",
          "partners/csp-maidstone",
        ]);
        const token = /data-csrf="([^"]+)"/.exec(page.text)?.[1] ?? "";
        expect(page.text).toContain(`action="/meetings/${ID}/papers?_csrf=${encodeURIComponent(token)}"`);
        expect(page.text).toContain('enctype="multipart/form-data"');
      },
    "only the OPCC": () => opccOnly("GET", `/meetings/${ID}/papers/new`),
  },

  "POST /meetings/:id/papers": {
    "streams the paper to the meetings service's upload with its item, title, classification and audience":
      async () => {
        const bytes = Buffer.alloc(150_000, "p");
        let upload: Awaited<ReturnType<typeof received>> | undefined;
        mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
          upload = await received(messages);
          return paper();
        });
        const form = new FormData();
        form.append("agendaItem", "i2");
        form.append("title", "Hotspot analysis");
        form.append("classification", "CLASSIFICATION_OFFICIAL_SENSITIVE");
        form.append("audience", "partners/csp-dover");
        form.append("file", new Blob([bytes]), "hotspots.pdf");
        const sent = await mesh.send("POST", `/meetings/${ID}/papers`, { as: "opcc", multipart: form });
        expect([sent.status, sent.location]).toEqual([303, `/meetings/${ID}#papers`]);
        expect(upload?.metadata).toEqual({
          meeting: NAME,
          agendaItem: "i2",
          title: "Hotspot analysis",
          filename: "hotspots.pdf",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          audience: ["partners/csp-dover"],
        });
        expect(upload?.bytes.equals(bytes)).toBe(true);
        expect(upload?.chunks.length).toBeGreaterThan(1);
        expect(tokens()).toEqual(["token-opcc"]);
      },
    "no item, a short title, no file: 400 naming each, the values kept, nothing uploaded": async () => {
      const form = new FormData();
      form.append("title", "Hi");
      form.append("audience", "partners/csp-maidstone");
      form.append("file", new Blob([]), "");
      const page = await mesh.send("POST", `/meetings/${ID}/papers`, { as: "opcc", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Choose the agenda item the paper is for", href: "#agendaItem" },
        { text: "Give the paper a title of 3 characters or more", href: "#title" },
        { text: "Select a file to add", href: "#file" },
      ]);
      expect(fieldValue(page.text, "title")).toBe("Hi");
      expect(chosen(page.text, "audience")).toEqual(["partners/csp-maidstone"]);
      expect(called()).toEqual(["meetings.GetMeeting"]);
    },
    "a file the service refuses is named on the file input": async () => {
      mesh.downstream.on("meetings", "UploadPaper", async (messages) => {
        await received(messages);
        throw refusedFields("unsupported", [
          { field: "metadata.filename", description: "must be a PDF or office document" },
        ]);
      });
      const form = new FormData();
      form.append("agendaItem", "i2");
      form.append("title", "Hotspot analysis");
      form.append("file", new Blob([Buffer.from("MZ")]), "tool.exe");
      const page = await mesh.send("POST", `/meetings/${ID}/papers`, { as: "opcc", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "File must be a PDF or office document", href: "#file" }]);
    },
    "only the OPCC": () => opccOnly("POST", `/meetings/${ID}/papers`),
  },

  "GET /meetings/:id/papers/:paperId": {
    "streams the paper from the service with its facts": async () => {
      const bytes = Buffer.from("%PDF-1.7 the paper");
      mesh.downstream.on("meetings", "DownloadPaper", async function* () {
        yield { part: "metadata", metadata: paper({ sizeBytes: String(bytes.length) }) };
        yield { part: "chunk", chunk: bytes };
      });
      const res = await fetch(`${mesh.url}/meetings/${ID}/papers/${PAPER_ID}`, {
        headers: { cookie: "csp_session=officer" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="hotspots.pdf"');
      expect(res.headers.get("content-length")).toBe(String(bytes.length));
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
      expect(mesh.downstream.requests("meetings", "DownloadPaper")).toEqual([{ name: `${NAME}/papers/${PAPER_ID}` }]);
    },
    "a paper id that is not one: 404 without asking; one the person may not see: 404": async () => {
      expect((await mesh.send("GET", `/meetings/${ID}/papers/nothex`, { as: "officer" })).status).toBe(404);
      expect(called()).toEqual([]);
      mesh.downstream.on("meetings", "DownloadPaper", () => {
        throw grpcError("NOT_FOUND", "not in your audience");
      });
      expect((await mesh.send("GET", `/meetings/${ID}/papers/${PAPER_ID}`, { as: "officer" })).status).toBe(404);
    },
  },

  "GET /meetings/:id/papers-pack.zip": {
    "streams the pack the service builds, for one partnership's audience when the OPCC asks": async () => {
      mesh.downstream.on("meetings", "DownloadPapersPack", async function* () {
        yield { part: "metadata", metadata: { filename: "papers.zip", contentType: "application/zip", paperCount: 2 } };
        yield { part: "chunk", chunk: Buffer.from("PK\x03\x04") };
      });
      const res = await mesh.send("GET", `/meetings/${ID}/papers-pack.zip?partner=partners/csp-dover`, { as: "opcc" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/zip");
      expect(res.headers.get("content-length")).toBeNull();
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="papers.zip"');
      await mesh.send("GET", `/meetings/${ID}/papers-pack.zip?partner=../../etc`, { as: "opcc" });
      expect(mesh.downstream.requests("meetings", "DownloadPapersPack")).toEqual([
        { name: NAME, partner: "partners/csp-dover" },
        { name: NAME, partner: "" },
      ]);
    },
    "a malformed meeting id: 404 without asking": async () => {
      expect((await mesh.send("GET", "/meetings/x/papers-pack.zip", { as: "opcc" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },
};

describe("a meeting's agenda and papers over the fake mesh", () => {
  test("every route of the agenda and papers has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerAgendaPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
