import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { eachList, listsAsked } from "../../testing/report-lists";

const ts = (iso: string) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });
const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

const request = (id: string, title: string, due: string, addressees: { partner: string; state: string }[]) => ({
  name: `reportRequests/${id}`,
  title,
  issueOfConcern: "",
  addressees: addressees.map((a) => ({
    ...a,
    overdue: false,
    latestVersion: 1,
    reasons: "",
    updateTime: ts(inDays(-1)),
  })),
  sections: [],
  dueTime: ts(due),
  classification: "CLASSIFICATION_OFFICIAL",
  legalBasis: "LEGAL_BASIS_INFORMAL",
  formalS7: null,
  withdrawn: false,
  createTime: ts(inDays(-10)),
});

const list = (reportRequests: unknown[], extra: Record<string, unknown> = {}) => ({
  reportRequests,
  nextPageToken: "",
  stateCounts: [],
  overdueCount: 0,
  awaitingCount: 0,
  ...extra,
});

/** The panel with this id: its count and the text of its items. */
function panel(html: string, id: string) {
  const section = html.slice(html.indexOf(`id="${id}"`), html.indexOf("</section>", html.indexOf(`id="${id}"`)));
  return {
    count: Number(/data-count="(\d+)"/.exec(section)?.[1]),
    items: [...section.matchAll(/<li><a class="govuk-link" href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]),
  };
}

describe("home page: what needs you now", () => {
  let mesh: FakeMesh;
  beforeAll(async () => {
    mesh = await startFakeMesh();
    mesh.downstream
      .on("assessments", "ListCycles", { cycles: [], nextPageToken: "", ownContributions: [] })
      .on("assessments", "ListEditions", { editions: [], nextPageToken: "" })
      .on("assessments", "ListContributions", { contributions: [], nextPageToken: "", totalSize: 0 })
      .on("grants", "ListApplications", { applications: [], nextPageToken: "", totalSize: 0 });
  });
  afterAll(() => mesh.close());
  beforeEach(() => mesh.downstream.calls.splice(0));

  test("the OPCC's due-soon panel counts the partnership reports still to come from the lists' count, one page read", async () => {
    const soon = request("r1", "Night-time economy", inDays(3), [
      { partner: "partners/csp-dover", state: "ADDRESSEE_STATE_REQUESTED" },
      { partner: "partners/csp-maidstone", state: "ADDRESSEE_STATE_SUBMITTED" },
    ]);
    mesh.downstream.on(
      "reports",
      "BatchListReportRequests",
      eachList((req) => (req.awaitingPartner ? list([soon], { awaitingCount: 37 }) : list([]))),
    );
    const page = await mesh.get("/", "opcc");
    expect(page.status).toBe(200);
    expect(page.text).toContain("What needs you now");
    const dueSoon = panel(page.text, "due-soon");
    // The count is the service's (every slot due in the window), the items the page's awaiting slots.
    expect(dueSoon.count).toBe(37);
    expect(dueSoon.items).toEqual(["Dover CSP: Night-time economy"]);
    expect(page.text).toContain("1 of 2 partnerships have reported");
    // Never more than a page read to fill it: the count does not come from reading every request.
    const asked = listsAsked(mesh.downstream).find((r) => r.awaitingPartner);
    expect(asked?.pageSize).toBe(10);
    expect(
      Number((asked?.dueBefore as { seconds: string }).seconds) -
        Number((asked?.dueAfter as { seconds: string }).seconds),
    ).toBe(7 * 86_400);
  });

  test("the OPCC's assessment panel is one list of every cycle's submitted contributions, counted by the service", async () => {
    mesh.downstream.on(
      "reports",
      "BatchListReportRequests",
      eachList(() => list([])),
    );
    mesh.downstream.on("assessments", "ListContributions", {
      contributions: [
        {
          name: "assessments/a-2027-01-01-abcdef12/contributions/csp-dover",
          cycle: "assessments/a-2027-01-01-abcdef12",
          partner: "partners/csp-dover",
          state: "CONTRIBUTION_STATE_SUBMITTED",
          versions: [{ version: 2 }],
        },
      ],
      nextPageToken: "",
      totalSize: 14,
    });
    mesh.downstream.on("assessments", "GetCycle", { name: "assessments/a-2027-01-01-abcdef12", title: "JSA 2027" });
    const page = await mesh.get("/", "opcc");
    expect(page.status).toBe(200);
    const review = panel(page.text, "contributions-to-review");
    expect(review).toEqual({ count: 14, items: ["Dover CSP: JSA 2027"] });
    expect(mesh.downstream.requests("assessments", "ListContributions")).toEqual([
      { cycle: "assessments/-", state: "CONTRIBUTION_STATE_SUBMITTED", pageSize: 10 },
    ]);
    // Not one call per cycle: no list of cycles, no progress of each.
    expect(mesh.downstream.requests("assessments", "ListCycles")).toEqual([]);
    expect(mesh.downstream.requests("assessments", "GetCycleProgress")).toEqual([]);
  });

  test("an officer's panels come from their partnership's lists; nothing for the OPCC's panels is asked", async () => {
    mesh.downstream.on(
      "reports",
      "BatchListReportRequests",
      eachList((req) =>
        req.awaitingPartner
          ? list(
              [
                request("r2", "Anti-social behaviour", inDays(5), [
                  { partner: "partners/csp-dover", state: "ADDRESSEE_STATE_DRAFT" },
                ]),
              ],
              {
                stateCounts: [
                  { state: "ADDRESSEE_STATE_DRAFT", count: 2 },
                  { state: "ADDRESSEE_STATE_RETURNED", count: 1 },
                  { state: "ADDRESSEE_STATE_ACCEPTED", count: 9 },
                ],
              },
            )
          : list([]),
      ),
    );
    const page = await mesh.get("/", "officer");
    expect(page.status).toBe(200);
    const required = panel(page.text, "required");
    expect(required.count).toBe(3); // draft and returned are both still required of them
    expect(required.items).toEqual(["Anti-social behaviour"]);
    expect(page.text).not.toContain('id="due-soon"');
    // A page of ten per panel, five for "Recently accepted" (all it shows).
    const sizes = listsAsked(mesh.downstream).map((r) => [
      r.state || (r.awaitingPartner ? "awaiting" : ""),
      r.pageSize,
    ]);
    expect(sizes).toEqual(
      expect.arrayContaining([
        ["awaiting", 10],
        ["ADDRESSEE_STATE_RETURNED", 10],
        ["ADDRESSEE_STATE_ACCEPTED", 5],
      ]),
    );
    expect(sizes).toHaveLength(3);
  });

  test("an officer's assessment panel: the newest cycles with the partnership's own contribution to each, in one call", async () => {
    const cycle = (id: string, title: string) => ({
      name: `assessments/${id}`,
      title,
      year: "2027/28",
      dueTime: ts(inDays(20)),
    });
    const mine = (id: string, state: string, reasons = "") => ({
      name: `assessments/${id}/contributions/csp-dover`,
      cycle: `assessments/${id}`,
      partner: "partners/csp-dover",
      state,
      versions: [{ version: 1, returnReasons: reasons }],
    });
    mesh.downstream.on(
      "reports",
      "BatchListReportRequests",
      eachList(() => list([])),
    );
    mesh.downstream.on("assessments", "ListCycles", {
      cycles: [cycle("a-new", "JSA 2028"), cycle("a-back", "JSA 2027"), cycle("a-done", "JSA 2026")],
      nextPageToken: "",
      ownContributions: [
        mine("a-back", "CONTRIBUTION_STATE_RETURNED", "Add the 2026 figures"),
        mine("a-done", "CONTRIBUTION_STATE_SUBMITTED"),
      ],
    });
    const page = await mesh.get("/", "officer");
    expect(page.status).toBe(200);
    const owed = panel(page.text, "assessments-owed");
    // Not started, and returned: both still owed; the submitted one is not.
    expect(owed.count).toBe(2);
    expect(owed.items).toEqual(["JSA 2028 (2027/28)", "JSA 2027 (2027/28)"]);
    expect(page.text).toContain("Returned: Add the 2026 figures");
    expect(mesh.downstream.requests("assessments", "ListCycles")).toEqual([
      { pageSize: 10, withOwnContributions: true },
    ]);
    expect(mesh.downstream.requests("assessments", "GetContribution")).toEqual([]);
    mesh.downstream.on("assessments", "ListCycles", { cycles: [], nextPageToken: "", ownContributions: [] });
  });

  test("the panel's home reads one page of what was released to it", async () => {
    mesh.downstream.on("reports", "ListPublishedReports", {
      submissions: [
        { reportRequest: "reportRequests/r3", partner: "partners/csp-dover", version: 2, createTime: ts(inDays(-2)) },
      ],
      nextPageToken: "",
    });
    const page = await mesh.get("/", "panel");
    expect(page.status).toBe(200);
    expect(panel(page.text, "released").items).toEqual(["Dover CSP: report 2"]);
    expect(mesh.downstream.requests("reports", "ListPublishedReports")).toEqual([{ pageSize: 10 }]);
  });

  test("without a session the home page sends the person to sign in", async () => {
    const page = await mesh.get("/");
    expect(page.status).toBe(303);
    expect(mesh.downstream.calls).toEqual([]);
  });
});
