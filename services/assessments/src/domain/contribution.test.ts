import {
  type Content,
  contentProblems,
  contributionState,
  EMPTY_CONTENT,
  isOverdue,
  priorityKey,
  usedVersion,
  type Version,
} from "./contribution";
import { DEFAULT_TEMPLATE, templateProblems } from "./template";

const complete: Content = {
  ...EMPTY_CONTENT,
  population: 120_000,
  narrative: "Summary",
  priorities: [
    { rank: 1, code: "VAWG", emergingTitle: "", rationale: "Rising reports", evidence: "" },
    { rank: 2, code: "", emergingTitle: "Vapes", rationale: "Schools report it", evidence: "" },
  ],
  indicators: [
    { code: "DA-RATE", value: 12.5, unit: "RATE_PER_1000", period: "2025/26", trend: "RISING", source: "police" },
  ],
};

const fields = (c: Content, isComplete = true) => contentProblems(c, DEFAULT_TEMPLATE, isComplete).map((p) => p.field);

describe("contentProblems: the content against the template", () => {
  test("a complete contribution has no problems", () => {
    expect(fields(complete)).toEqual([]);
  });

  test("unknown codes, repeated priorities and repeated ranks name the field", () => {
    const c: Content = {
      ...complete,
      priorities: [
        { rank: 1, code: "NOPE", emergingTitle: "", rationale: "x", evidence: "" },
        { rank: 1, code: "ASB", emergingTitle: "", rationale: "x", evidence: "" },
        { rank: 3, code: "ASB", emergingTitle: "", rationale: "x", evidence: "" },
      ],
    };
    expect(fields(c)).toEqual([
      "content.priorities[0].code",
      "content.priorities[1].rank",
      "content.priorities[2].code",
    ]);
    expect(contentProblems(c, DEFAULT_TEMPLATE, true)[0]?.description).toMatch(/unknown priority code NOPE/);
  });

  test("ranks must run 1..n without gaps on submission, not in a draft", () => {
    const first = complete.priorities[0] as Content["priorities"][number];
    const c: Content = { ...complete, priorities: [{ ...first, rank: 4 }] };
    expect(fields(c)).toEqual(["content.priorities[0].rank"]);
    expect(fields(c, false)).toEqual([]);
  });

  test("values of the wrong unit, impossible values and unknown indicators name the field", () => {
    const base = complete.indicators[0] as Content["indicators"][number];
    const c: Content = {
      ...complete,
      indicators: [
        { ...base, unit: "PERCENT" },
        { ...base, code: "TOTAL-CRIME", unit: "COUNT", value: 2.5 },
        { ...base, code: "FEEL-SAFE", unit: "PERCENT", value: 101 },
        { ...base, code: "ASB-INCIDENTS", unit: "COUNT", value: Number.NaN },
        { ...base, code: "MYSTERY" },
      ],
    };
    expect(fields(c)).toEqual([
      "content.indicators[0].unit",
      "content.indicators[1].value",
      "content.indicators[2].value",
      "content.indicators[3].value",
      "content.indicators[4].code",
    ]);
  });

  test("an emerging issue needs a rationale even in a draft; a submission needs every rationale", () => {
    const c: Content = {
      ...complete,
      priorities: [
        { rank: 1, code: "", emergingTitle: "Vapes", rationale: "", evidence: "" },
        { rank: 2, code: "ASB", emergingTitle: "", rationale: "", evidence: "" },
      ],
    };
    expect(fields(c, false)).toEqual(["content.priorities[0].rationale"]);
    expect(fields(c)).toEqual(["content.priorities[0].rationale", "content.priorities[1].rationale"]);
  });

  test("a submission needs a priority, a narrative, periods, sources and the population for weighted means", () => {
    const c: Content = {
      ...EMPTY_CONTENT,
      indicators: [{ code: "DA-RATE", value: 1, unit: "RATE_PER_1000", period: "", trend: "", source: "" }],
    };
    expect(fields(c)).toEqual([
      "content.priorities",
      "content.indicators[0].period",
      "content.indicators[0].source",
      "content.population",
      "content.narrative",
    ]);
    expect(fields(c, false)).toEqual([]);
  });

  test("priority keys: the code, or the emerging title normalised", () => {
    expect(priorityKey({ code: "ASB", emergingTitle: "" })).toBe("ASB");
    expect(priorityKey({ code: "", emergingTitle: "  Vape  Sales " })).toBe("EMERGING:vape sales");
  });
});

const v = (version: number, outcome: Version["outcome"]): Version => ({
  version,
  sha256: `h${version}`,
  author: "people/x",
  authorName: "X",
  submitTime: new Date(0),
  content: complete,
  outcome,
  returnReasons: "",
  reviewedBy: "",
});

describe("versions: state and the version compiled (review rules: the kit's reviewed-versions)", () => {
  test("the state follows the latest version", () => {
    expect(contributionState([])).toBe("DRAFT");
    expect(contributionState([v(1, "RETURNED"), v(2, "SUBMITTED")])).toBe("SUBMITTED");
    expect(contributionState([v(1, "ACCEPTED")])).toBe("ACCEPTED");
  });

  test("ACCEPTED compiles the latest accepted version; SUBMITTED the latest not returned", () => {
    const versions = [v(1, "ACCEPTED"), v(2, "RETURNED")];
    expect(usedVersion(versions, "ACCEPTED")?.version).toBe(1);
    expect(usedVersion(versions, "SUBMITTED")?.version).toBe(1);
    expect(usedVersion([v(1, "RETURNED"), v(2, "SUBMITTED")], "SUBMITTED")?.version).toBe(2);
    expect(usedVersion([v(1, "RETURNED"), v(2, "SUBMITTED")], "ACCEPTED")).toBeUndefined();
  });

  test("overdue: nothing accepted or awaiting review after the due time", () => {
    const due = new Date("2026-06-30T16:00:00Z");
    const after = new Date("2026-07-01T00:00:00Z");
    expect(isOverdue([], due, after)).toBe(true);
    expect(isOverdue([v(1, "RETURNED")], due, after)).toBe(true);
    expect(isOverdue([v(1, "SUBMITTED")], due, after)).toBe(false);
    expect(isOverdue([], due, new Date("2026-06-01T00:00:00Z"))).toBe(false);
  });
});

describe("template", () => {
  test("the default template is valid", () => {
    expect(templateProblems(DEFAULT_TEMPLATE)).toEqual([]);
  });

  test("bad codes, repeats and rates that would be added up name the field", () => {
    const t = {
      taxonomyVersion: "v 1",
      themes: [
        { code: "asb", title: "x" },
        { code: "ASB", title: "" },
        { code: "ASB", title: "y" },
      ],
      indicators: [{ code: "R", title: "Rate", unit: "PERCENT" as const, combine: "SUM" as const }],
    };
    expect(templateProblems(t).map((p) => p.field)).toEqual([
      "cycle.template.taxonomy_version",
      "cycle.template.themes[0].code",
      "cycle.template.themes[1].title",
      "cycle.template.themes[2].code",
      "cycle.template.indicators[0].code",
      "cycle.template.indicators[0].combine",
    ]);
  });
});
