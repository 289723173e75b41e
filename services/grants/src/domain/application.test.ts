import {
  applicationState,
  type Content,
  contentProblems,
  EMPTY_CONTENT,
  MAX_VERSIONS,
  maySubmit,
  type Project,
  requestedPence,
  type Terms,
  type Version,
  windowProblem,
} from "./application";

const VAWG = "plans/mks/objectives/VAWG";
const DOVER = "partners/csp-dover";
const allocation: Terms = {
  kind: "ALLOCATION",
  objectives: [VAWG, "plans/mks/objectives/ASB"],
  projectMaxPence: 0,
  countyWideMaxPence: 0,
  questions: [{ code: "conflicts", text: "Does anyone involved have a conflict of interest?" }],
  allocations: [{ partner: DOVER, amountPence: 3_600_000 }],
};
const openRound: Terms = {
  ...allocation,
  kind: "OPEN_ROUND",
  allocations: [],
  projectMaxPence: 1_000_000,
  countyWideMaxPence: 2_000_000,
};
const project = (over: Partial<Project> = {}): Project => ({
  title: "Night-time economy patrols",
  summary: "Street pastors in the town centre on Friday and Saturday nights.",
  countyWide: false,
  lines: [
    { description: "Coordinator (part time)", amountPence: 1_200_000 },
    { description: "Training", amountPence: 300_000 },
  ],
  measures: [{ title: "Repeat victims", unit: "COUNT", baseline: 40, target: 30 }],
  objectives: [VAWG],
  jsaPriorities: ["assessments/jsa-2026/priorities/VAWG"],
  ...over,
});
const content = (over: Partial<Content> = {}): Content => ({
  ...EMPTY_CONTENT,
  projects: [
    project(),
    project({ title: "Youth diversion", lines: [{ description: "Sessions", amountPence: 900_000 }] }),
  ],
  answers: [{ code: "conflicts", answer: "No" }],
  narrative: "Two projects answering the partnership's top priorities.",
  ...over,
});
const fields = (c: Content, t = allocation, complete = true) =>
  contentProblems(c, t, DOVER, complete).map((p) => p.field);

describe("a business case's content", () => {
  test("two costed projects within the allocation, every question answered: no problems; asks for the sum", () => {
    expect(fields(content())).toEqual([]);
    expect(requestedPence(content())).toBe(2_400_000);
  });

  test("a draft may be incomplete; a submission must have projects, lines, measures, objectives and a summary", () => {
    expect(fields(EMPTY_CONTENT, allocation, false)).toEqual([]);
    expect(fields(EMPTY_CONTENT)).toEqual(["content.projects", "content.answers", "content.narrative"]);
    const bare = content({ projects: [project({ summary: "", lines: [], measures: [], objectives: [] })] });
    expect(fields(bare)).toEqual([
      "content.projects[0].summary",
      "content.projects[0].lines",
      "content.projects[0].measures",
      "content.projects[0].objectives",
    ]);
  });

  test("more than the allocation, or an objective the programme does not serve, names the field", () => {
    const big = content({ projects: [project({ lines: [{ description: "All of it", amountPence: 3_600_001 }] })] });
    expect(contentProblems(big, allocation, DOVER, true)).toEqual([
      { field: "content.projects", description: expect.stringContaining("more than the allocation of £36,000.00") },
    ]);
    expect(fields(content({ projects: [project({ objectives: ["plans/mks/objectives/ROADS"] })] }))).toEqual([
      "content.projects[0].objectives[0]",
    ]);
    // A partnership with no allocation may ask for nothing.
    expect(contentProblems(content(), allocation, "partners/csp-thanet", true).map((p) => p.field)).toEqual([
      "content.projects",
    ]);
  });

  test("an open round holds each project to its limit, higher when county-wide", () => {
    const asks = (pence: number, countyWide = false) =>
      content({ projects: [project({ countyWide, lines: [{ description: "Work", amountPence: pence }] })] });
    expect(fields(asks(1_000_000), openRound)).toEqual([]);
    expect(fields(asks(1_000_001), openRound)).toEqual(["content.projects[0].lines"]);
    expect(fields(asks(2_000_000, true), openRound)).toEqual([]);
    expect(fields(asks(2_000_001, true), openRound)).toEqual(["content.projects[0].lines"]);
    expect(fields(asks(100, true), { ...openRound, countyWideMaxPence: 0 })).toEqual([
      "content.projects[0].county_wide",
    ]);
    expect(fields(asks(100, true))).toEqual(["content.projects[0].county_wide"]);
  });

  test("lines of nothing, figures that cannot be, unknown questions and undescribed declarations are refused", () => {
    const c = content({
      projects: [
        project({
          lines: [{ description: "", amountPence: 0 }],
          measures: [
            { title: "", unit: "", baseline: -1, target: Number.NaN },
            { title: "Reporting rate", unit: "PERCENT", baseline: 40, target: 140 },
            { title: "Sessions", unit: "COUNT", baseline: 1.5, target: 10 },
          ],
        }),
      ],
      answers: [
        { code: "conflicts", answer: "" },
        { code: "mystery", answer: "Yes" },
      ],
      declarations: {
        conflictOfInterest: true,
        conflictDetails: "",
        policeStaffInvolved: true,
        policeStaffDetails: " ",
      },
    });
    expect(fields(c)).toEqual([
      "content.projects[0].lines[0].description",
      "content.projects[0].lines[0].amount_pence",
      "content.projects[0].measures[0].title",
      "content.projects[0].measures[0].unit",
      "content.projects[0].measures[0].baseline",
      "content.projects[0].measures[0].target",
      "content.projects[0].measures[1].target",
      "content.projects[0].measures[2].baseline",
      "content.answers[0].answer",
      "content.answers[1].code",
      "content.declarations.conflict_details",
      "content.declarations.police_staff_details",
    ]);
  });
});

const version = (n: number, outcome: Version["outcome"]): Version => ({
  version: n,
  sha256: `sha-${n}`,
  author: "people/dover-officer",
  authorName: "Dover officer",
  submitTime: new Date("2027-01-15T10:00:00Z"),
  content: content(),
  outcome,
  returnReasons: outcome === "RETURNED" ? "Cost the coordinator" : "",
  reviewedBy: "",
});

describe("an application's lifecycle", () => {
  const window = { open: new Date("2027-01-01T00:00:00Z"), close: new Date("2027-03-31T16:00:00Z") };

  test("the state follows the latest version", () => {
    expect(applicationState([])).toBe("DRAFT");
    expect(applicationState([version(1, "RETURNED"), version(2, "SUBMITTED")])).toBe("SUBMITTED");
    expect(applicationState([version(1, "ACCEPTED")])).toBe("ACCEPTED");
  });

  test("a first submission only inside the window; a returned one may come back after it closes", () => {
    expect(windowProblem([], window, new Date("2026-12-31T23:59:59Z"))).toBe(
      "applications open on midnight on 1 January 2027",
    );
    expect(windowProblem([], window, new Date("2027-02-01T00:00:00Z"))).toBeUndefined();
    expect(windowProblem([], window, new Date("2027-03-31T16:00:00Z"))).toMatch(
      /^applications closed on 5pm on 31 March 2027; only a returned/,
    );
    expect(windowProblem([version(1, "RETURNED")], window, new Date("2027-04-10T00:00:00Z"))).toBeUndefined();
  });

  test("nothing after acceptance, and at most ten versions (the review rules are the kit's reviewed versions)", () => {
    expect(maySubmit([version(1, "ACCEPTED")]).ok).toBe(false);
    const ten = [...Array(MAX_VERSIONS).keys()].map((i) => version(i + 1, "RETURNED"));
    expect(maySubmit(ten)).toEqual({ ok: false, message: expect.stringContaining("at most 10 versions") });
    expect(maySubmit(ten.slice(1)).ok).toBe(true);
  });
});
