/** The compiled picture and editions over the fake mesh: the editions list, compiling and publishing, an edition and its exports. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, headingOf, summaryRows, tables, textOf, titleOf } from "../../testing/page-reading";
import {
  calledOf,
  notFoundTo,
  type PageTests,
  refusalsOf,
  routesOf,
  tokensOf,
  WEB_REQUEST_ID,
  webCoverage,
} from "../../testing/page-tests";
import { registerEditionListPage, registerEditionPages } from "./editions";
import { answerCycle, CYCLE, compilation, edition, ID } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerCycle(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);
/** A page for some roles only: the others (and a malformed id) are "page not found", nothing asked. */
const notFor = async (roles: string[], method: "GET" | "POST", path: string, malformed?: string) =>
  expect(await refusalsOf(mesh, roles, method, path, malformed)).toEqual(notFoundTo(roles, Boolean(malformed)));

const routes: PageTests = {
  "GET /assessments/editions": {
    "the published editions, newest first, each linking to its page": async () => {
      mesh.downstream.on("assessments", "ListEditions", { editions: [edition()], nextPageToken: "" });
      const page = await mesh.send("GET", "/assessments/editions", { as: "panel" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Published joint strategic assessments");
      expect(mesh.downstream.requests("assessments", "ListEditions")).toEqual([{ pageSize: 100 }]);
      expect(tables(page.text)[0]?.rows).toEqual([["JSA 2027", "2027/28", "3", "11am on 2 July 2027"]]);
      expect(page.text).toContain(`href="/${CYCLE}/editions/3">JSA 2027</a>`);
      expect(tokens()).toEqual(["token-panel"]);
    },
  },

  "GET /assessments/:id/compilation": {
    "the compiled picture with who said what, the gaps, and publishing it with the compilation's digest": async () => {
      mesh.downstream.on("assessments", "GetCompilation", compilation());
      const page = await mesh.send("GET", `/assessments/${ID}/compilation`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("The compiled picture");
      expect(mesh.downstream.requests("assessments", "GetCompilation")).toEqual([{ cycle: CYCLE }]);
      expect(textOf(page.text)).toContain("Compiled 9am on 1 July 2027 from 1 contribution.");
      const [priorities, indicators, gaps] = tables(page.text);
      expect(priorities?.rows).toEqual([["1", "Serious violence", "10", "Dover CSP (1, v2)"]]);
      expect(indicators?.rows).toEqual([
        ["Knife crime rate", "4.2 per 1,000 residents", "Mean weighted by population", "Dover CSP: 4.2"],
      ]);
      expect(gaps?.rows).toEqual([["Maidstone CSP"]]);
      expect(page.text).toContain(`<input type="hidden" name="sha256" value="${"c0".repeat(32)}">`);
      expect(page.text).toContain(`action="/assessments/${ID}/editions"`);
    },
    "not compiled yet: says so, nothing to publish": async () => {
      mesh.downstream.on("assessments", "GetCompilation", () => {
        throw grpcError("NOT_FOUND", "not compiled");
      });
      const page = await mesh.send("GET", `/assessments/${ID}/compilation`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain("Not compiled yet");
      expect(page.text).not.toContain('name="sha256"');
    },
    "only the OPCC": () =>
      notFor(["officer", "panel"], "GET", `/assessments/${ID}/compilation`, "/assessments/x/compilation"),
  },

  "POST /assessments/:id/editions": {
    "publishes the compilation that was read, with the note, and shows the edition": async () => {
      mesh.downstream.on("assessments", "PublishEdition", edition());
      const sent = await mesh.send("POST", `/assessments/${ID}/editions`, {
        as: "opcc",
        form: { note: " Maidstone to follow ", sha256: "c0".repeat(32) },
      });
      expect([sent.status, sent.location]).toEqual([303, `/${CYCLE}/editions/3?published=1`]);
      expect(mesh.downstream.requests("assessments", "PublishEdition")).toEqual([
        { cycle: CYCLE, note: "Maidstone to follow", compilationSha256: "c0".repeat(32), requestId },
      ]);
    },
    "a note the service refuses: the compiled picture again with 400, the note named and kept": async () => {
      mesh.downstream.on("assessments", "GetCompilation", compilation()).on("assessments", "PublishEdition", () => {
        throw refusedFields("bad note", [{ field: "note", description: "must not contain control characters" }]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/editions`, {
        as: "opcc",
        form: { note: "Bad\u0007note", sha256: "c0".repeat(32) },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Note must not contain control characters", href: "#note" }]);
      expect(fieldValue(page.text, "note")).toBe("Bad\u0007note");
    },
    "the compilation changed since it was read (FAILED_PRECONDITION): 409": async () => {
      mesh.downstream.on("assessments", "PublishEdition", () => {
        throw grpcError("FAILED_PRECONDITION", "the compilation has changed; read it again");
      });
      const page = await mesh.send("POST", `/assessments/${ID}/editions`, { as: "opcc", form: { sha256: "old" } });
      expect(page.status).toBe(409);
      expect(textOf(page.text)).toContain("the compilation has changed; read it again");
    },
    "only the OPCC": () => notFor(["officer", "panel"], "POST", `/assessments/${ID}/editions`),
  },

  "GET /assessments/:id/editions/:n": {
    "one edition: when it was published, its digest, its downloads and priorities": async () => {
      mesh.downstream.on("assessments", "GetEdition", edition());
      const page = await mesh.send("GET", `/assessments/${ID}/editions/3?published=1`, { as: "panel" });
      expect(page.status).toBe(200);
      expect(titleOf(page.text)).toBe("JSA 2027, edition 3 - Community safety partnership work");
      expect(mesh.downstream.requests("assessments", "GetEdition")).toEqual([{ name: `${CYCLE}/editions/3` }]);
      expect(textOf(page.text)).toContain("Edition published Edition 3");
      expect(summaryRows(page.text)).toEqual([
        ["Published", "11am on 2 July 2027"],
        ["Note", "Maidstone to follow"],
        ["SHA-256", "ed".repeat(32)],
        ["Download", "Printable page with chart · CSV · JSON"],
      ]);
      for (const f of ["html", "csv", "json"])
        expect(page.text).toContain(`href="/assessments/${ID}/editions/3/export.${f}"`);
      expect(tables(page.text)[0]?.rows).toEqual([["1", "Serious violence", "10", "1"]]);
      expect(page.text).toContain('href="/assessments/editions">All published editions</a>');
    },
    "an edition number that is not one: not found without asking": async () => {
      expect((await mesh.send("GET", `/assessments/${ID}/editions/0`, { as: "panel" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },

  "GET /assessments/:id/editions/:n/export.:format": {
    "the data files download; the printable page opens with a policy that allows no script": async () => {
      mesh.downstream.on("assessments", "ExportEdition", (req) =>
        req.format === "EXPORT_FORMAT_HTML"
          ? {
              filename: "jsa-3.html",
              contentType: "text/html; charset=utf-8",
              data: Buffer.from("<h1>JSA</h1>"),
              editionSha256: "",
            }
          : {
              filename: "jsa-3.csv",
              contentType: "text/csv; charset=utf-8",
              data: Buffer.from("position,title\r\n"),
              editionSha256: "",
            },
      );
      const csv = await mesh.send("GET", `/assessments/${ID}/editions/3/export.csv`, { as: "panel" });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-disposition")).toBe('attachment; filename="jsa-3.csv"');
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.text).toBe("position,title\r\n");
      const html = await mesh.send("GET", `/assessments/${ID}/editions/3/export.html`, { as: "panel" });
      expect(html.headers.get("content-disposition")).toBe('inline; filename="jsa-3.html"');
      expect(html.headers.get("content-security-policy")).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      );
      expect(html.text).toBe("<h1>JSA</h1>");
      await mesh.send("GET", `/assessments/${ID}/editions/3/export.json`, { as: "panel" });
      expect(mesh.downstream.requests("assessments", "ExportEdition")).toEqual([
        { name: `${CYCLE}/editions/3`, format: "EXPORT_FORMAT_CSV" },
        { name: `${CYCLE}/editions/3`, format: "EXPORT_FORMAT_HTML" },
        { name: `${CYCLE}/editions/3`, format: "EXPORT_FORMAT_JSON" },
      ]);
    },
    "a format it does not export: not found without asking": async () => {
      expect((await mesh.send("GET", `/assessments/${ID}/editions/3/export.pdf`, { as: "panel" })).status).toBe(404);
      expect(called()).toEqual([]);
    },
  },
};

describe("the compiled picture and editions over the fake mesh", () => {
  test("every route of the editions pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerEditionListPage, registerEditionPages), routes)).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
