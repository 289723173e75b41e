import { answersSchema, type Section, sectionProblems } from "./sections";

const sections: Section[] = [
  { id: "summary", title: "Summary", help: "", type: "TEXT", required: true, maxLength: 20 },
  { id: "incidents", title: "Incidents", help: "", type: "NUMBER", required: true, min: 0, max: 1000 },
  { id: "since", title: "Since", help: "", type: "DATE", required: false },
  { id: "trend", title: "Trend", help: "", type: "SINGLE_CHOICE", required: true, options: ["up", "down", "flat"] },
  {
    id: "agencies",
    title: "Agencies",
    help: "",
    type: "MULTIPLE_CHOICE",
    required: false,
    options: ["police", "council"],
  },
];

const good = { summary: "Rising", incidents: 12, since: "2026-01-31", trend: "up", agencies: ["police"] };

function problems(answers: unknown, complete = true) {
  const r = answersSchema(sections, complete).safeParse(answers);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("answers checked against the request's sections", () => {
  test("a complete, well-typed set of answers passes", () => {
    expect(problems(good)).toEqual([]);
  });

  test.each([
    ["wrong type", { ...good, incidents: "twelve" }, "incidents"],
    ["missing required", { ...good, summary: undefined }, "summary"],
    ["blank required text", { ...good, summary: "   " }, "summary"],
    ["over-long text", { ...good, summary: "x".repeat(21) }, "summary: at most 20 characters"],
    ["number below min", { ...good, incidents: -1 }, "incidents: must be at least 0"],
    ["not a real date", { ...good, since: "2026-02-30" }, "since"],
    ["option not offered", { ...good, trend: "sideways" }, "trend: must be one of: up, down, flat"],
    ["duplicate choice", { ...good, agencies: ["police", "police"] }, "agencies"],
    ["unknown section", { ...good, extra: "x" }, "no such section: extra"],
  ])("%s is refused, naming the section", (_label, answers, expected) => {
    const p = problems(answers);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join("\n")).toContain(expected);
  });

  test("a draft may leave required answers out but must still be well-typed", () => {
    expect(problems({ summary: "So far" }, false)).toEqual([]);
    expect(problems({ incidents: "many" }, false).join()).toContain("incidents");
  });
});

describe("section definitions", () => {
  test("are refused when inconsistent", () => {
    const bad: Section[] = [
      { id: "a", title: "A", help: "", type: "SINGLE_CHOICE", required: true, options: ["only"] },
      { id: "a", title: "A again", help: "", type: "TEXT", required: false, min: 1 },
      { id: "n", title: "N", help: "", type: "NUMBER", required: false, min: 5, max: 1 },
    ];
    const p = sectionProblems(bad).map((x) => `${x.path.join(".")}: ${x.message}`);
    expect(p).toEqual(
      expect.arrayContaining([
        "0.options: a choice question needs at least 2 options",
        "1.id: duplicate section id a",
        "1.min: min/max only apply to NUMBER",
        "2.min: min is greater than max",
      ]),
    );
  });
});
