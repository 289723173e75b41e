import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, headingOf } from "../../testing/page-reading";
import { type PageTests, refusalsOf, routesOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { registerPlanFormPages } from "./plan-form";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => mesh.downstream.calls.splice(0));

const VAWG = {
  code: "VAWG",
  title: "Tackle violence against women and girls",
  description: "",
  name: "plans/mks/objectives/VAWG",
};
const plan = {
  name: "plans/mks",
  title: "Making Kent Safer",
  period: "2025-2029",
  objectives: [VAWG],
  latestVersion: 1,
  versions: [],
  etag: "p1",
};
const typed = {
  title: "Making Kent Safer",
  period: "2025-2029",
  "o1-code": "vawg",
  "o1-title": "Tackle violence against women and girls",
  "o2-code": "ASB",
  "o2-title": "Prevent anti-social behaviour",
  "o2-description": "In town centres and on transport",
};

const routes: PageTests = {
  "GET /grants/plans/new": {
    "the OPCC gets an empty plan with rows for eight objectives; anyone else, page not found": async () => {
      const page = await mesh.send("GET", "/grants/plans/new", { as: "opcc" });
      expect([page.status, headingOf(page.text)]).toEqual([200, "Publish a Police and Crime Plan"]);
      expect(fieldValue(page.text, "o8-title")).toBe("");
      expect(fieldValue(page.text, "o9-title")).toBeUndefined();
      expect((await refusalsOf(mesh, ["officer", "chair", "panel"], "GET", "/grants/plans/new")).statuses).toEqual([
        ["officer", 404],
        ["chair", 404],
        ["panel", 404],
      ]);
    },
  },
  "POST /grants/plans/new": {
    "publishes the objectives typed (codes in capitals, empty rows left out) under an id from the title": async () => {
      mesh.downstream.on("plans", "CreatePlan", plan);
      const sent = await mesh.send("POST", "/grants/plans/new", { as: "opcc", form: typed });
      expect([sent.status, sent.location]).toEqual([303, "/grants/plans/mks"]);
      expect(mesh.downstream.requests("plans", "CreatePlan")).toEqual([
        {
          planId: "making-kent-safer",
          plan: {
            title: "Making Kent Safer",
            period: "2025-2029",
            objectives: [
              { code: "VAWG", title: "Tackle violence against women and girls", description: "", name: "" },
              {
                code: "ASB",
                title: "Prevent anti-social behaviour",
                description: "In town centres and on transport",
                name: "",
              },
            ],
          },
          requestId: expect.stringMatching(WEB_REQUEST_ID),
          validateOnly: false,
        },
      ]);
    },
    "nothing typed: every problem at once, the service only asked to check; a title taken is named": async () => {
      mesh.downstream.on("plans", "CreatePlan", plan);
      const empty = await mesh.send("POST", "/grants/plans/new", { as: "opcc", form: {} });
      expect(empty.status).toBe(400);
      expect(errorSummary(empty.text)).toEqual([
        { text: "Enter the plan's title", href: "#title" },
        { text: "Enter at least one objective", href: "#o1-code" },
      ]);
      expect(mesh.downstream.requests("plans", "CreatePlan")[0]).toMatchObject({ validateOnly: true });
      mesh.downstream.on("plans", "CreatePlan", () => {
        throw grpcError("ALREADY_EXISTS", "plans/making-kent-safer already exists");
      });
      const taken = await mesh.send("POST", "/grants/plans/new", { as: "opcc", form: typed });
      expect(errorSummary(taken.text)).toEqual([
        { text: "A plan with this title already exists: choose another title", href: "#title" },
      ]);
      expect(fieldValue(taken.text, "o2-title")).toBe("Prevent anti-social behaviour");
    },
  },
  "GET /grants/plans/:id/versions/new": {
    "the latest version to change, its codes kept read-only, with three more rows": async () => {
      mesh.downstream.on("plans", "GetPlan", plan);
      const page = await mesh.send("GET", "/grants/plans/mks/versions/new", { as: "opcc" });
      expect(headingOf(page.text)).toBe("Publish a new version");
      expect([fieldValue(page.text, "o1-code"), fieldValue(page.text, "o1-title")]).toEqual([
        "VAWG",
        "Tackle violence against women and girls",
      ]);
      expect(page.text).toMatch(/id="o1-code"[^>]*readonly/);
      expect(fieldValue(page.text, "o4-code")).toBe("");
      expect(fieldValue(page.text, "o5-code")).toBeUndefined();
      expect((await mesh.send("GET", "/grants/plans/mks/versions/new", { as: "officer" })).status).toBe(404);
    },
  },
  "POST /grants/plans/:id/versions/new": {
    "publishes the next version as read (its etag); one published meanwhile is said so, kept as typed": async () => {
      mesh.downstream.on("plans", "GetPlan", plan);
      mesh.downstream.on("plans", "PublishPlanVersion", plan);
      const form = { ...typed, "o1-code": "VAWG", etag: "p1" };
      const sent = await mesh.send("POST", "/grants/plans/mks/versions/new", { as: "opcc", form });
      expect([sent.status, sent.location]).toEqual([303, "/grants/plans/mks"]);
      expect(mesh.downstream.requests("plans", "PublishPlanVersion")).toEqual([
        expect.objectContaining({ name: "plans/mks", etag: "p1", validateOnly: false }),
      ]);
      mesh.downstream.on("plans", "PublishPlanVersion", () => {
        throw grpcError("ABORTED", "the plan has changed since it was read");
      });
      const stale = await mesh.send("POST", "/grants/plans/mks/versions/new", { as: "opcc", form });
      expect(errorSummary(stale.text)).toEqual([
        {
          text: "Another version was published since you opened this page: open the plan again",
          href: "#title",
        },
      ]);
      expect(fieldValue(stale.text, "o2-code")).toBe("ASB");
      expect((await mesh.send("POST", "/grants/plans/mks/versions/new", { as: "panel", form })).status).toBe(404);
    },
  },
};

describe("publishing the Police and Crime Plan over the fake mesh", () => {
  test("every page has a test, and every test names a page", () => {
    expect(webCoverage(routesOf(registerPlanFormPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [key, tests] of Object.entries(routes))
    describe(key, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
