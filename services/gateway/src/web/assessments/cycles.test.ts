/** Assessment cycles over the fake mesh: the list, the OPCC opening a cycle, and a cycle's progress for each role. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import {
  chosen,
  errorSummary,
  fieldValue,
  headingOf,
  summaryRows,
  tables,
  textOf,
  titleOf,
} from "../../testing/page-reading";
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
import { registerCycleListPages, registerCyclePage } from "./cycles";
import { answerCycle, CYCLE, contribution, cycle, DOVER, edition, ID, seconds, version } from "./fixtures";

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
              objective: "",
              objectiveTitle: "",
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
};

describe("assessment cycles over the fake mesh", () => {
  test("every route of the cycles pages has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerCycleListPages, registerCyclePage), routes)).toEqual({
      untested: [],
      unknown: [],
    });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
