/**
 * The joint strategic assessment area's pages over the fake mesh: cycles and opening one, a cycle's
 * progress, the compiled picture and publishing editions, the editions and their exports, a
 * partnership's contribution form, check and submit, and the OPCC's review of a contribution.
 */
import { refusedFields } from "../../api/testing";
import type { Reply } from "../../downstream";
import {
  chosen,
  errorSummary,
  type FakeMesh,
  fieldValue,
  grpcError,
  headingOf,
  type PageTests,
  routesOf,
  startFakeMesh,
  summaryRows,
  tables,
  textOf,
  titleOf,
  webCoverage,
} from "../../testing/fake-mesh";
import { registerAssessmentContributionPages } from "./contribution";
import { registerContributionReviewPages } from "./contribution-review";
import { registerCycleListPages, registerCyclePage } from "./cycles";
import { registerEditionListPage, registerEditionPages } from "./editions";

type Cycle = Reply<"assessments", "GetCycle">;
type Contribution = Reply<"assessments", "GetContribution">;
type Version = Contribution["versions"][number];
type Content = NonNullable<Version["content"]>;
type Compilation = Reply<"assessments", "GetCompilation">;
type Edition = Reply<"assessments", "GetEdition">;

const ts = (iso: string) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });
const seconds = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

const ID = "a-2027-04-abcdef12";
const CYCLE = `assessments/${ID}`;
const DOVER = `${CYCLE}/contributions/csp-dover`;

const cycle = (over: Partial<Cycle> = {}): Cycle => ({
  name: CYCLE,
  year: "2027/28",
  title: "JSA 2027",
  dueTime: ts("2027-06-30T16:00:00Z"),
  partners: ["partners/csp-dover", "partners/csp-maidstone"],
  allActiveCsps: false,
  template: {
    taxonomyVersion: "2026.1",
    themes: [
      { code: "VIOLENCE", title: "Serious violence" },
      { code: "ASB", title: "Anti-social behaviour" },
    ],
    indicators: [
      {
        code: "KNIFE",
        title: "Knife crime rate",
        unit: "UNIT_RATE_PER_1000",
        combine: "COMBINE_RULE_POPULATION_WEIGHTED_MEAN",
      },
    ],
  },
  compileFrom: "COMPILE_FROM_ACCEPTED",
  classification: "CLASSIFICATION_OFFICIAL",
  owner: "partners/opcc-kent",
  createdBy: "people/opcc-staff-1",
  createTime: null,
  updateTime: null,
  etag: "",
  partnerDisplayNames: {},
  ...over,
});
const content = (over: Partial<Content> = {}): Content => ({
  priorities: [
    { rank: 1, code: "VIOLENCE", emergingTitle: "", rationale: "Knife crime up 20%", evidence: "", key: "VIOLENCE" },
    {
      rank: 2,
      code: "",
      emergingTitle: "County lines",
      rationale: "New routes seen",
      evidence: "",
      key: "em-county-lines",
    },
  ],
  indicators: [
    {
      code: "KNIFE",
      value: 4.2,
      unit: "UNIT_RATE_PER_1000",
      period: "2026/27",
      trend: "TREND_RISING",
      source: "Kent Police",
    },
  ],
  population: "115000",
  emergingThreats: "",
  communityViews: "Residents fear the harbour at night",
  narrative: "Violence dominates the year.",
  ...over,
});
const version = (n: number, outcome: Version["outcome"], over: Partial<Version> = {}): Version => ({
  version: n,
  sha256: `${n}`.repeat(64),
  author: "people/dover-officer",
  authorDisplayName: "Sam Patel",
  submitTime: ts("2027-06-01T09:00:00Z"),
  content: content(),
  outcome,
  returnReasons: "",
  reviewedBy: "",
  reviewTime: null,
  ...over,
});
const contribution = (over: Partial<Contribution> = {}): Contribution => ({
  name: DOVER,
  cycle: CYCLE,
  partner: "partners/csp-dover",
  state: "CONTRIBUTION_STATE_SUBMITTED",
  draft: content(),
  unsubmittedChanges: false,
  versions: [version(1, "CONTRIBUTION_STATE_SUBMITTED")],
  responses: [],
  classification: "CLASSIFICATION_OFFICIAL",
  updateTime: null,
  etag: "",
  ...over,
});
const provenance = (partner: string, rank: number, value = 0) => ({
  partner,
  version: 2,
  sha256: "",
  rank,
  value,
  period: "2026/27",
  trend: "TREND_RISING" as const,
  source: "",
  population: "",
});
const compilation = (over: Partial<Compilation> = {}): Compilation => ({
  name: `${CYCLE}/compilation`,
  cycle: CYCLE,
  compileFrom: "COMPILE_FROM_ACCEPTED",
  taxonomyVersion: "2026.1",
  inputs: [{ partner: "partners/csp-dover", version: 2, sha256: "", state: "CONTRIBUTION_STATE_ACCEPTED" }],
  gaps: ["partners/csp-maidstone"],
  priorities: [
    {
      position: 1,
      key: "VIOLENCE",
      title: "Serious violence",
      emerging: false,
      score: 10,
      partnerCount: 1,
      partners: ["partners/csp-dover"],
      bestRank: 1,
      provenance: [provenance("partners/csp-dover", 1)],
    },
  ],
  indicators: [
    {
      code: "KNIFE",
      title: "Knife crime rate",
      unit: "UNIT_RATE_PER_1000",
      combine: "COMBINE_RULE_POPULATION_WEIGHTED_MEAN",
      combined: true,
      value: 4.2,
      areas: 1,
      provenance: [provenance("partners/csp-dover", 0, 4.2)],
    },
  ],
  sha256: "c0".repeat(32),
  compileTime: ts("2027-07-01T08:00:00Z"),
  ...over,
});
const edition = (over: Partial<Edition> = {}): Edition => ({
  name: `${CYCLE}/editions/3`,
  cycle: CYCLE,
  number: 3,
  year: "2027/28",
  title: "JSA 2027",
  note: "Maidstone to follow",
  compilation: compilation(),
  inputs: [],
  sha256: "ed".repeat(32),
  publishedBy: "people/opcc-staff-1",
  publishTime: ts("2027-07-02T10:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  partnerDisplayNames: {},
  publishedByDisplayName: "Priya Shah",
  ...over,
});

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("assessments", "GetCycle", cycle())
    .on("assessments", "ListEditions", { editions: [], nextPageToken: "" })
    .on("assessments", "GetContribution", contribution());
});

const called = () =>
  mesh.downstream.calls.filter((c) => c.method !== "ListPartners").map((c) => `${c.service}.${c.method}`);
const tokens = () => [...new Set(mesh.downstream.calls.map((c) => c.token))];
const requestId = expect.stringMatching(/^web-[0-9a-f-]{36}$/);

/** A page for some roles only: the others (and a malformed id) are "page not found", nothing asked. */
async function notFor(roles: string[], method: "GET" | "POST", path: string, malformed?: string) {
  for (const as of roles) {
    const page = await mesh.send(method, path, { as, form: {} });
    expect([as, page.status]).toEqual([as, 404]);
  }
  if (malformed) expect((await mesh.send(method, malformed, { as: "opcc", form: {} })).status).toBe(404);
  expect(called()).toEqual([]);
}

const routes: PageTests = {
  // ---- cycles ----------------------------------------------------------------------------------------
  "GET /assessments": {
    "the OPCC's cycles, newest first, with opening one offered": async () => {
      mesh.downstream.on("assessments", "ListCycles", { cycles: [cycle()], nextPageToken: "" });
      const page = await mesh.send("GET", "/assessments", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Joint strategic assessments");
      expect(mesh.downstream.requests("assessments", "ListCycles")).toEqual([{ pageSize: 100 }]);
      expect(tables(page.text)[0]).toEqual({
        caption: "Cycles, newest first",
        head: ["Cycle", "Year", "Due", "Partnerships"],
        rows: [["JSA 2027", "2027/28", "30 June 2027", "2"]],
      });
      expect(page.text).toContain(`href="/assessments/${ID}">JSA 2027</a>`);
      expect(page.text).toContain('href="/assessments/new"');
    },
    "a partnership's cycles, without opening; the panel goes to the published editions": async () => {
      mesh.downstream.on("assessments", "ListCycles", { cycles: [], nextPageToken: "" });
      const officer = await mesh.send("GET", "/assessments", { as: "officer" });
      expect(textOf(officer.text)).toContain("The assessment cycles your partnership is asked to contribute to.");
      expect(textOf(officer.text)).toContain("There are no assessment cycles yet.");
      expect(officer.text).not.toContain('href="/assessments/new"');
      expect(tokens()).toEqual(["token-officer"]);
      mesh.downstream.calls.splice(0);
      const panel = await mesh.send("GET", "/assessments", { as: "panel" });
      expect([panel.status, panel.location]).toEqual([303, "/assessments/editions"]);
      expect(called()).toEqual([]);
    },
  },
  "GET /assessments/new": {
    "the OPCC's form: every active partnership by default, compiled from accepted versions": async () => {
      const page = await mesh.send("GET", "/assessments/new", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Open an assessment cycle");
      expect(chosen(page.text, "partners")).toEqual(["all"]);
      expect(chosen(page.text, "compileFrom")).toEqual(["COMPILE_FROM_ACCEPTED"]);
      expect(page.text).toContain('value="partners/csp-maidstone"');
      expect(called()).toEqual([]);
    },
    "anyone else: page not found": () => notFor(["officer", "panel"], "GET", "/assessments/new"),
  },
  "POST /assessments/new": {
    "opens the cycle for the partnerships chosen, due 5pm London time, and goes to it": async () => {
      mesh.downstream.on("assessments", "OpenCycle", cycle());
      const sent = await mesh.send("POST", "/assessments/new", {
        as: "opcc",
        form: {
          year: "2027/28",
          title: "JSA 2027",
          "due-day": "30",
          "due-month": "6",
          "due-year": "2027",
          partners: ["partners/csp-dover", "partners/csp-maidstone"],
          compileFrom: "COMPILE_FROM_SUBMITTED",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}`]);
      expect(mesh.downstream.requests("assessments", "OpenCycle")).toEqual([
        {
          cycle: {
            year: "2027/28",
            title: "JSA 2027",
            dueTime: seconds("2027-06-30T16:00:00Z"),
            partners: ["partners/csp-dover", "partners/csp-maidstone"],
            allActiveCsps: false,
            compileFrom: "COMPILE_FROM_SUBMITTED",
            classification: "CLASSIFICATION_OFFICIAL",
          },
          requestId,
          validateOnly: false,
        },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "every problem at once: the date and partnerships here, the year by the service (validate only); values kept":
      async () => {
        mesh.downstream.on("assessments", "OpenCycle", () => {
          throw refusedFields("invalid cycle", [{ field: "cycle.year", description: "must look like 2026/27" }]);
        });
        const page = await mesh.send("POST", "/assessments/new", {
          as: "opcc",
          form: { year: "2027", title: "JSA 2027", "due-day": "31", "due-month": "6", "due-year": "2027" },
        });
        expect(page.status).toBe(400);
        expect(titleOf(page.text)).toMatch(/^Error: Open an assessment cycle/);
        expect(errorSummary(page.text)).toEqual([
          { text: "Enter the financial year, such as 2026/27", href: "#year" },
          { text: "Contributions due by must be a real date", href: "#due-day" },
          { text: "Select the partnerships to address", href: "#partners" },
        ]);
        expect(mesh.downstream.requests("assessments", "OpenCycle")[0]).toMatchObject({
          validateOnly: true,
          cycle: { allActiveCsps: true },
        });
        expect(fieldValue(page.text, "year")).toBe("2027");
        expect(fieldValue(page.text, "due-day")).toBe("31");
      },
    "a partnership cannot open one": () => notFor(["officer"], "POST", "/assessments/new"),
  },
  "GET /assessments/:id": {
    "the OPCC follows every partnership's progress and the cycle's editions": async () => {
      mesh.downstream
        .on("assessments", "GetCycleProgress", {
          cycle: CYCLE,
          partners: [
            {
              partner: "partners/csp-dover",
              state: "CONTRIBUTION_STATE_SUBMITTED",
              latestVersion: 2,
              lastSubmitTime: null,
              overdue: false,
              unansweredPriorities: ["VIOLENCE", "em-county-lines"],
              contribution: DOVER,
            },
            {
              partner: "partners/csp-maidstone",
              state: "CONTRIBUTION_STATE_NOT_STARTED",
              latestVersion: 0,
              lastSubmitTime: null,
              overdue: true,
              unansweredPriorities: [],
              contribution: "",
            },
          ],
        })
        .on("assessments", "ListEditions", { editions: [edition()], nextPageToken: "" });
      const page = await mesh.send("GET", `/assessments/${ID}`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("JSA 2027");
      expect(called()).toEqual(["assessments.GetCycle", "assessments.ListEditions", "assessments.GetCycleProgress"]);
      expect(mesh.downstream.requests("assessments", "ListEditions")).toEqual([{ cycle: CYCLE, pageSize: 100 }]);
      expect(mesh.downstream.requests("assessments", "GetCycleProgress")).toEqual([{ name: CYCLE }]);
      expect(summaryRows(page.text)).toEqual([
        ["Year", "2027/28"],
        ["Due", "5pm on 30 June 2027"],
        ["Taxonomy", "2026.1"],
        ["Compiled from", "Accepted versions"],
      ]);
      const [progress, editions] = tables(page.text);
      expect(progress?.rows).toEqual([
        ["Dover CSP", "Submitted", "2", "2"],
        ["Maidstone CSP", "Not started Overdue", "", "0"],
      ]);
      expect(page.text).toContain(`href="/assessments/${ID}/contributions/csp-dover">Dover CSP</a>`);
      expect(page.text).not.toContain("/contributions/csp-maidstone");
      expect(editions?.rows).toEqual([["Edition 3", "11am on 2 July 2027"]]);
      expect(page.text).toContain(`href="/assessments/${ID}/compilation"`);
    },
    "a partnership sees its own contribution, why it was returned, and the responses to its priorities": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({
          state: "CONTRIBUTION_STATE_RETURNED",
          versions: [version(1, "CONTRIBUTION_STATE_RETURNED", { returnReasons: "Add the Q4 figures" })],
          responses: [
            {
              priorityKey: "VIOLENCE",
              priorityTitle: "Serious violence",
              response: "Plan objective 2 funds knife arches",
              planObjective: "Objective 2",
              recordedBy: "",
              recordTime: null,
            },
          ],
        }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}?submitted=1`, { as: "officer" });
      expect(page.status).toBe(200);
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: DOVER }]);
      expect(called()).not.toContain("assessments.GetCycleProgress");
      expect(summaryRows(page.text).slice(4)).toEqual([
        ["Your contribution", "Returned"],
        ["Returned because", "Add the Q4 figures"],
      ]);
      expect(textOf(page.text)).toContain("Contribution submitted Version 1");
      expect(page.text).toContain(`href="/assessments/${ID}/contribution"`);
      expect(tables(page.text)[0]?.rows).toEqual([
        ["Serious violence", "Plan objective 2 funds knife arches", "Objective 2"],
      ]);
    },
    "a malformed id: not found without asking; a cycle the person may not see: 404": async () => {
      expect((await mesh.send("GET", "/assessments/2027", { as: "opcc" })).status).toBe(404);
      expect(called()).toEqual([]);
      mesh.downstream.on("assessments", "GetCycle", () => {
        throw grpcError("NOT_FOUND", "no such cycle");
      });
      expect((await mesh.send("GET", `/assessments/${ID}`, { as: "officer" })).status).toBe(404);
    },
    "the service down while reading the partnership's contribution is the unavailable page, not 'Not started'":
      async () => {
        mesh.downstream.on("assessments", "GetContribution", () => {
          throw grpcError("UNAVAILABLE", "assessments is restarting");
        });
        const page = await mesh.send("GET", `/assessments/${ID}`, { as: "officer" });
        expect(page.status).toBe(503);
      },
  },

  // ---- editions and the compiled picture -----------------------------------------------------------
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

  // ---- a partnership's contribution ---------------------------------------------------------------
  "GET /assessments/:id/contribution": {
    "the officer's form starts from the draft: ranked priorities, the indicator, the narrative": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({
          versions: [version(1, "CONTRIBUTION_STATE_RETURNED", { returnReasons: "Add the Q4 figures" })],
        }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contribution?saved=1`, { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Your partnership's contribution");
      expect(mesh.downstream.requests("assessments", "GetCycle")).toEqual([{ name: CYCLE }]);
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: DOVER }]);
      expect(textOf(page.text)).toContain("Draft saved");
      expect(textOf(page.text)).toContain("Version 1 was returned: Add the Q4 figures");
      expect(chosen(page.text, "p1-theme")).toEqual(["VIOLENCE"]);
      expect(chosen(page.text, "p2-theme")).toEqual(["EMERGING"]);
      expect(fieldValue(page.text, "p2-emerging")).toBe("County lines");
      expect(chosen(page.text, "p3-theme")).toEqual([""]);
      expect(fieldValue(page.text, "i-KNIFE-value")).toBe("4.2");
      expect(chosen(page.text, "i-KNIFE-trend")).toEqual(["TREND_RISING"]);
      expect(fieldValue(page.text, "population")).toBe("115000");
      expect(fieldValue(page.text, "narrative")).toBe("Violence dominates the year.");
      expect(page.text).toContain(`formaction="/assessments/${ID}/contribution?draft=1"`);
    },
    "the draft unreadable (UNAVAILABLE) is the unavailable page, never an empty form that would replace it when saved":
      async () => {
        mesh.downstream.on("assessments", "GetContribution", () => {
          throw grpcError("UNAVAILABLE", "assessments is restarting");
        });
        const page = await mesh.send("GET", `/assessments/${ID}/contribution`, { as: "officer" });
        expect(page.status).toBe(503);
      },
    "only a partnership": () =>
      notFor(["opcc", "panel"], "GET", `/assessments/${ID}/contribution`, "/assessments/x/contribution"),
  },
  "POST /assessments/:id/contribution": {
    "saves the filled rows ranked in page order, the indicator as a number, then checks or stays as asked":
      async () => {
        mesh.downstream.on("assessments", "SaveContributionDraft", contribution());
        const form = {
          "p1-theme": "VIOLENCE",
          "p1-rationale": "Knife crime up 20%",
          "p2-theme": "",
          "p3-theme": "EMERGING",
          "p3-emerging": "County lines",
          "p3-rationale": "New routes seen",
          "i-KNIFE-value": "1,204.5",
          "i-KNIFE-period": "2026/27",
          "i-KNIFE-trend": "TREND_FALLING",
          "i-KNIFE-source": "Kent Police",
          population: "115,000",
          threats: "",
          views: "Residents fear the harbour",
          narrative: "Violence dominates the year.",
        };
        const sent = await mesh.send("POST", `/assessments/${ID}/contribution`, { as: "officer", form });
        expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contribution/check`]);
        expect(mesh.downstream.requests("assessments", "SaveContributionDraft")).toEqual([
          {
            cycle: CYCLE,
            content: {
              priorities: [
                { rank: 1, code: "VIOLENCE", emergingTitle: "", rationale: "Knife crime up 20%", evidence: "" },
                { rank: 2, code: "", emergingTitle: "County lines", rationale: "New routes seen", evidence: "" },
              ],
              indicators: [
                {
                  code: "KNIFE",
                  value: 1204.5,
                  unit: "UNIT_RATE_PER_1000",
                  period: "2026/27",
                  trend: "TREND_FALLING",
                  source: "Kent Police",
                },
              ],
              population: "115000",
              emergingThreats: "",
              communityViews: "Residents fear the harbour",
              narrative: "Violence dominates the year.",
            },
            requestId,
            validateOnly: false,
          },
        ]);
        const draft = await mesh.send("POST", `/assessments/${ID}/contribution?draft=1`, { as: "officer", form });
        expect(draft.location).toBe(`/assessments/${ID}/contribution?saved=1`);
      },
    "numbers that are not numbers here, the rest by the service (validate only): 400, nothing saved, values kept":
      async () => {
        mesh.downstream.on("assessments", "SaveContributionDraft", () => {
          throw refusedFields("invalid", [
            { field: "content.priorities[0].rationale", description: "must be 10 characters or more" },
          ]);
        });
        const page = await mesh.send("POST", `/assessments/${ID}/contribution`, {
          as: "officer",
          form: {
            "p1-theme": "ASB",
            "p1-rationale": "Short",
            "i-KNIFE-value": "lots",
            population: "many",
            narrative: "Summary",
          },
        });
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([
          { text: "Priority 1, why must be 10 characters or more", href: "#p1-rationale" },
          { text: "Enter knife crime rate as a number", href: "#i-KNIFE-value" },
          { text: "Enter the population as a whole number", href: "#population" },
        ]);
        expect(mesh.downstream.requests("assessments", "SaveContributionDraft")[0]).toMatchObject({
          validateOnly: true,
          content: { population: "0", indicators: [{ code: "KNIFE", value: 0 }] },
        });
        expect(fieldValue(page.text, "i-KNIFE-value")).toBe("lots");
        expect(chosen(page.text, "p1-theme")).toEqual(["ASB"]);
      },
    "only a partnership": () => notFor(["opcc", "panel"], "POST", `/assessments/${ID}/contribution`),
  },
  "GET /assessments/:id/contribution/check": {
    "the draft as people read it, each with a way to change it, and the submit form": async () => {
      const page = await mesh.send("GET", `/assessments/${ID}/contribution/check`, { as: "officer" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Check your contribution before submitting it");
      expect(summaryRows(page.text)).toEqual([
        ["Priority 1", "Serious violence: Knife crime up 20%"],
        ["Priority 2", "County lines (emerging issue): New routes seen"],
        ["Knife crime rate", "4.2 (2026/27, Kent Police)"],
        ["Population", "115000"],
        ["Summary", "Violence dominates the year."],
      ]);
      expect(page.text).toContain(`action="/assessments/${ID}/contribution/submit"`);
    },
    "with no draft saved the check page sends the person back to the form": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({ draft: null, state: "CONTRIBUTION_STATE_NOT_STARTED" }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contribution/check`, { as: "officer" });
      // showCheck reads `mine.draft.priorities` of a null draft (a TypeError): the report pages
      // send the person back to the form instead.
      expect([page.status, page.location]).toEqual([303, `/assessments/${ID}/contribution`]);
    },
    "only a partnership": () => notFor(["opcc", "panel"], "GET", `/assessments/${ID}/contribution/check`),
  },
  "POST /assessments/:id/contribution/submit": {
    "submits the contribution and shows the cycle with the version sent": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contribution/submit`, { as: "officer" });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}?submitted=1`]);
      expect(mesh.downstream.requests("assessments", "SubmitContribution")).toEqual([{ cycle: CYCLE, requestId }]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "incomplete: the check page with 400, each problem by its label, linking to the form": async () => {
      mesh.downstream.on("assessments", "SubmitContribution", () => {
        throw refusedFields("incomplete", [
          { field: "content.narrative", description: "is required" },
          { field: "content.indicators[0].source", description: "is required" },
        ]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contribution/submit`, { as: "officer" });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Summary of the assessment: is required", href: `/assessments/${ID}/contribution` },
        { text: "Knife crime rate, source: is required", href: `/assessments/${ID}/contribution` },
      ]);
    },
    "only a partnership": () => notFor(["opcc", "panel"], "POST", `/assessments/${ID}/contribution/submit`),
  },

  // ---- the OPCC's review ------------------------------------------------------------------------------
  "GET /assessments/:id/contributions/:partner": {
    "the latest version in full, its review, and recording a s.10 response to a priority": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({
          responses: [
            {
              priorityKey: "VIOLENCE",
              priorityTitle: "Serious violence",
              response: "Objective 2 funds knife arches",
              planObjective: "Objective 2",
              recordedBy: "",
              recordTime: null,
            },
          ],
        }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contributions/csp-dover`, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Dover CSP");
      expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([{ name: DOVER }]);
      expect(summaryRows(page.text)).toEqual([
        ["Status", "Submitted"],
        ["Version", "1, submitted 10am on 1 June 2027 by Sam Patel"],
        ["SHA-256", "1".repeat(64)],
        ["Priority 1", "Serious violence: Knife crime up 20%"],
        ["Priority 2", "County lines (emerging issue): New routes seen"],
        ["Knife crime rate", "4.2 (2026/27, Kent Police)"],
        ["Population", "115000"],
        ["Community views", "Residents fear the harbour at night"],
        ["Summary", "Violence dominates the year."],
      ]);
      expect(page.text).toContain(`action="/assessments/${ID}/contributions/csp-dover/return"`);
      expect(page.text).toContain(`formaction="/assessments/${ID}/contributions/csp-dover/accept"`);
      expect(page.text).toContain('<input type="hidden" name="version" value="1">');
      expect(textOf(page.text)).toContain("Serious violence (answered)");
      expect(tables(page.text)[0]?.rows).toEqual([
        ["Serious violence", "Objective 2 funds knife arches", "Objective 2"],
      ]);
    },
    "nothing submitted yet: says so, nothing to review": async () => {
      mesh.downstream.on(
        "assessments",
        "GetContribution",
        contribution({ versions: [], state: "CONTRIBUTION_STATE_DRAFT" }),
      );
      const page = await mesh.send("GET", `/assessments/${ID}/contributions/csp-dover`, { as: "opcc" });
      expect(summaryRows(page.text)).toEqual([["Status", "Nothing submitted yet"]]);
      expect(page.text).not.toContain("/return");
    },
    "only the OPCC, only a partnership's id": () =>
      notFor(
        ["officer", "panel"],
        "GET",
        `/assessments/${ID}/contributions/csp-dover`,
        `/assessments/${ID}/contributions/-dover`,
      ),
  },
  "POST /assessments/:id/contributions/:partner/accept": {
    "accepts the version reviewed, and back to the contribution": async () => {
      mesh.downstream.on("assessments", "AcceptContribution", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/accept`, {
        as: "opcc",
        form: { version: "1", reasons: "" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contributions/csp-dover`]);
      expect(mesh.downstream.requests("assessments", "AcceptContribution")).toEqual([
        { name: DOVER, version: 1, requestId },
      ]);
    },
    "a newer version came in meanwhile (FAILED_PRECONDITION): 409": async () => {
      mesh.downstream.on("assessments", "AcceptContribution", () => {
        throw grpcError("FAILED_PRECONDITION", "version 1 is not the latest");
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/accept`, {
        as: "opcc",
        form: { version: "1" },
      });
      expect(page.status).toBe(409);
      expect(textOf(page.text)).toContain("version 1 is not the latest");
    },
    "only the OPCC": () => notFor(["officer", "panel"], "POST", `/assessments/${ID}/contributions/csp-dover/accept`),
  },
  "POST /assessments/:id/contributions/:partner/return": {
    "returns the version with the reasons": async () => {
      mesh.downstream.on("assessments", "ReturnContribution", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/return`, {
        as: "opcc",
        form: { version: "1", reasons: "Add the Q4 figures please" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contributions/csp-dover`]);
      expect(mesh.downstream.requests("assessments", "ReturnContribution")).toEqual([
        { name: DOVER, version: 1, reasons: "Add the Q4 figures please", requestId },
      ]);
    },
    "reasons the service refuses: the review page with 400, the reasons named and kept": async () => {
      mesh.downstream.on("assessments", "ReturnContribution", () => {
        throw refusedFields("too short", [{ field: "reasons", description: "must be 10 characters or more" }]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/return`, {
        as: "opcc",
        form: { version: "1", reasons: "No" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Give the reasons for returning it, in 10 characters or more", href: "#reasons" },
      ]);
      expect(fieldValue(page.text, "reasons")).toBe("No");
    },
    "only the OPCC": () => notFor(["officer"], "POST", `/assessments/${ID}/contributions/csp-dover/return`),
  },
  "POST /assessments/:id/contributions/:partner/responses": {
    "records the response to the priority chosen": async () => {
      mesh.downstream.on("assessments", "RecordPriorityResponse", contribution());
      const sent = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/responses`, {
        as: "opcc",
        form: { priority: "em-county-lines", response: "Funded in objective 3", objective: "Objective 3" },
      });
      expect([sent.status, sent.location]).toEqual([303, `/assessments/${ID}/contributions/csp-dover`]);
      expect(mesh.downstream.requests("assessments", "RecordPriorityResponse")).toEqual([
        {
          name: DOVER,
          priorityKey: "em-county-lines",
          response: "Funded in objective 3",
          planObjective: "Objective 3",
          requestId,
        },
      ]);
    },
    "a response the service refuses: 400 naming it, the choice kept": async () => {
      mesh.downstream.on("assessments", "RecordPriorityResponse", () => {
        throw refusedFields("too short", [{ field: "response", description: "must be 10 characters or more" }]);
      });
      const page = await mesh.send("POST", `/assessments/${ID}/contributions/csp-dover/responses`, {
        as: "opcc",
        form: { priority: "em-county-lines", response: "Yes" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Say how the plan took the priority into account, in 10 characters or more", href: "#response" },
      ]);
      expect(chosen(page.text, "priority")).toEqual(["em-county-lines"]);
    },
    "only the OPCC": () => notFor(["officer", "panel"], "POST", `/assessments/${ID}/contributions/csp-dover/responses`),
  },
};

describe("assessment pages over the fake mesh", () => {
  test("every route of the area has a test, and every test names a route", () => {
    expect(
      webCoverage(
        routesOf(
          registerCycleListPages,
          registerEditionListPage,
          registerCyclePage,
          registerEditionPages,
          registerAssessmentContributionPages,
          registerContributionReviewPages,
        ),
        routes,
      ),
    ).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
