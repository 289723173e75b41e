/** The OPCC's form for a new report request over the fake mesh: what it offers, what it sends, and how it says what is wrong. */
import { refusedFields } from "../../api/testing";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, fieldValue, headingOf, textOf, titleOf } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, tokensOf, WEB_REQUEST_ID, webCoverage } from "../../testing/page-tests";
import { registerCreateRequestPages } from "./create";
import { answerRequest, request } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => answerRequest(mesh));

const called = () => calledOf(mesh);
const tokens = () => tokensOf(mesh);
const requestId = expect.stringMatching(WEB_REQUEST_ID);

/** The published plan whose objectives the form offers. */
const plans = {
  plans: [
    {
      name: "plans/mks",
      title: "Making Kent Safer",
      objectives: [
        {
          code: "VAWG",
          title: "Tackle violence against women and girls",
          description: "",
          name: "plans/mks/objectives/VAWG",
        },
      ],
    },
  ],
  nextPageToken: "",
};
beforeEach(() => mesh.downstream.on("plans", "ListPlans", plans));

const routes: PageTests = {
  "GET /requests/new": {
    "the OPCC's form offers every community safety partnership by name, one question and the plan's objectives":
      async () => {
        const page = await mesh.send("GET", "/requests/new", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Create a report request");
        const boxes = [...page.text.matchAll(/name="addressees"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
        expect(boxes).toEqual(["all", "partners/csp-dover", "partners/csp-maidstone"]);
        expect(textOf(page.text)).toContain("Dover CSP");
        expect(page.text).not.toContain('value="partners/opcc-kent"');
        expect(fieldValue(page.text, "questionCount")).toBe("1");
        expect(textOf(page.text)).toContain("Tackle violence against women and girls (Making Kent Safer)");
        expect(called()).toEqual(["plans.ListPlans"]);
      },
    "anyone but the OPCC: page not found": async () => {
      for (const as of ["officer", "panel"]) {
        const page = await mesh.send("GET", "/requests/new", { as });
        expect(page.status).toBe(404);
        expect(headingOf(page.text)).toBe("Page not found");
      }
    },
  },

  "POST /requests/new": {
    "creates the request from the form, due 5pm London time, and goes to it": async () => {
      mesh.downstream.on("reports", "CreateReportRequest", request({ name: "reportRequests/rq-new" }));
      const sent = await mesh.send("POST", "/requests/new", {
        as: "opcc",
        form: {
          title: " Retail crime ",
          issue: "Shop theft in town centres",
          addressees: ["partners/csp-dover", "partners/csp-maidstone"],
          "due-day": "1",
          "due-month": "7",
          "due-year": "2031",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          legalBasis: "LEGAL_BASIS_FORMAL_S7",
          s7: ["notSatisfied", "reasonable"],
          s7reasoning: "Repeated failures to share data",
          s7publish: "yes",
          s7manner: "On the OPCC website",
          questionCount: "2",
          q0_title: "Summary",
          q0_type: "SECTION_TYPE_TEXT",
          q0_required: "yes",
          q1_title: "Which areas?",
          q1_type: "SECTION_TYPE_MULTIPLE_CHOICE",
          q1_options: "Town centre\r\n \r\nHarbour\r\n",
          objective: "plans/mks/objectives/VAWG",
          action: "create",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-new?created=1"]);
      expect(mesh.downstream.requests("reports", "CreateReportRequest")).toEqual([
        {
          reportRequest: {
            title: "Retail crime",
            issueOfConcern: "Shop theft in town centres",
            addressees: [{ partner: "partners/csp-dover" }, { partner: "partners/csp-maidstone" }],
            sections: [
              { id: "q1", title: "Summary", help: "", type: "SECTION_TYPE_TEXT", required: true, options: [] },
              {
                id: "q2",
                title: "Which areas?",
                help: "",
                type: "SECTION_TYPE_MULTIPLE_CHOICE",
                required: false,
                options: ["Town centre", "Harbour"],
              },
            ],
            dueTime: { seconds: String(Date.parse("2031-07-01T16:00:00Z") / 1000), nanos: 0 },
            classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
            legalBasis: "LEGAL_BASIS_FORMAL_S7",
            formalS7: {
              notSatisfiedEffectiveEfficient: true,
              reasonableAndProportionate: true,
              reasoning: "Repeated failures to share data",
              publish: true,
              publicationManner: "On the OPCC website",
            },
            objective: "plans/mks/objectives/VAWG",
          },
          allActiveCsps: false,
          requestId,
          validateOnly: false,
        },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "'all active partnerships' sends none by name, and an informal request no section 7 findings": async () => {
      mesh.downstream.on("reports", "CreateReportRequest", request({ name: "reportRequests/rq-all" }));
      const sent = await mesh.send("POST", "/requests/new", {
        as: "opcc",
        form: {
          title: "Retail crime",
          issue: "Shop theft in town centres",
          addressees: "all",
          "due-day": "1",
          "due-month": "12",
          "due-year": "2031",
          q0_title: "Summary",
        },
      });
      expect(sent.location).toBe("/requests/rq-all?created=1");
      const [body] = mesh.downstream.requests("reports", "CreateReportRequest");
      expect(body).toMatchObject({
        allActiveCsps: true,
        reportRequest: {
          addressees: [],
          legalBasis: "LEGAL_BASIS_INFORMAL",
          classification: "CLASSIFICATION_OFFICIAL",
          formalS7: null,
          // Winter: 5pm London is 17:00 UTC.
          dueTime: { seconds: String(Date.parse("2031-12-01T17:00:00Z") / 1000), nanos: 0 },
        },
      });
    },
    "every problem at once: the page's own (a past date, no partnership) and the service's (validate only), nothing created, the values kept":
      async () => {
        mesh.downstream.on("reports", "CreateReportRequest", () => {
          throw refusedFields("invalid request", [
            { field: "report_request.title", description: "must be 5 characters or more" },
            { field: "report_request.sections[0].title", description: "must be 3 characters or more" },
          ]);
        });
        const page = await mesh.send("POST", "/requests/new", {
          as: "opcc",
          form: {
            title: "Shop",
            issue: "Shop theft <b>in town</b>",
            "due-day": "1",
            "due-month": "1",
            "due-year": "2020",
            q0_title: "Q",
          },
        });
        expect(page.status).toBe(400);
        expect(titleOf(page.text)).toBe("Error: Create a report request - Community safety partnership work");
        expect(errorSummary(page.text)).toEqual([
          { text: "Enter a title of 5 characters or more", href: "#title" },
          { text: "Select the partnerships that must report", href: "#addressees" },
          { text: "Due date must be in the future", href: "#due-day" },
          { text: "Enter question 1 in 3 characters or more", href: "#q0_title" },
        ]);
        const [asked] = mesh.downstream.requests("reports", "CreateReportRequest");
        expect(asked).toMatchObject({ validateOnly: true, allActiveCsps: true });
        expect(fieldValue(page.text, "title")).toBe("Shop");
        expect(fieldValue(page.text, "issue")).toBe("Shop theft <b>in town</b>");
        expect(page.text).not.toContain("<b>in town</b>");
        expect(fieldValue(page.text, "due-year")).toBe("2020");
        expect(fieldValue(page.text, "q0_title")).toBe("Q");
      },
    "'add another question' shows the form again with one more, sending nothing": async () => {
      const page = await mesh.send("POST", "/requests/new", {
        as: "opcc",
        form: { title: "Retail crime", questionCount: "1", q0_title: "Summary", action: "add-question" },
      });
      expect(page.status).toBe(200);
      expect(fieldValue(page.text, "questionCount")).toBe("2");
      expect(fieldValue(page.text, "q0_title")).toBe("Summary");
      expect(fieldValue(page.text, "q1_title")).toBe("");
      expect(errorSummary(page.text)).toEqual([]);
      expect(called()).toEqual(["plans.ListPlans"]);
    },
    "a partnership cannot create one: page not found, nothing sent": async () => {
      const page = await mesh.send("POST", "/requests/new", { as: "officer", form: { title: "Retail crime" } });
      expect(page.status).toBe(404);
      expect(called()).toEqual([]);
    },
    "signed out mid-form: kept, and to sign in": async () => {
      const sent = await mesh.send("POST", "/requests/new", { as: "ended-opcc", form: { title: "Retail crime" } });
      expect([sent.status, sent.location]).toEqual([303, "/sign-in?kept=1"]);
      expect([...mesh.keptForms.values()].at(-1)).toMatchObject({
        path: "/requests/new",
        fields: { title: "Retail crime" },
        person: "people/opcc-staff-1",
      });
      expect(called()).toEqual([]);
    },
  },
};

describe("creating a report request over the fake mesh", () => {
  test("every route of creating a request has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerCreateRequestPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
