import { objectiveName, parseObjectiveName, planProblems } from "./plan";

const plan = {
  title: "Making Kent Safer",
  period: "2025-2029",
  objectives: [
    { code: "VAWG", title: "Violence against women and girls", description: "" },
    { code: "PREVENT-ASB", title: "Anti-social behaviour", description: "" },
  ],
};

describe("the Police and Crime Plan", () => {
  test("a well-formed version has no problems", () => {
    expect(planProblems(plan)).toEqual([]);
  });

  test("every problem at once, each naming its field", () => {
    const bad = {
      ...plan,
      period: "2029-2025",
      objectives: [
        { code: "vawg", title: "x", description: "" },
        { code: "ASB", title: "x", description: "" },
        { code: "ASB", title: "y", description: "" },
      ],
    };
    expect(planProblems(bad).map((p) => p.field)).toEqual([
      "plan.period",
      "plan.objectives[0].code",
      "plan.objectives[2].code",
    ]);
    expect(planProblems({ ...plan, objectives: [] }).map((p) => p.field)).toEqual(["plan.objectives"]);
  });

  test("a new version keeps every earlier code, so links to objectives stay valid", () => {
    const next = { ...plan, objectives: [{ code: "VAWG", title: "Retitled", description: "" }] };
    expect(planProblems(next, plan.objectives)).toEqual([
      { field: "plan.objectives", description: expect.stringContaining("PREVENT-ASB is in the earlier version") },
    ]);
    expect(
      planProblems(
        { ...plan, objectives: [...plan.objectives, { code: "ROADS", title: "Roads", description: "" }] },
        plan.objectives,
      ),
    ).toEqual([]);
  });

  test("objective names", () => {
    expect(objectiveName("plans/mks", "VAWG")).toBe("plans/mks/objectives/VAWG");
    expect(parseObjectiveName("plans/mks/objectives/VAWG")).toEqual({ plan: "plans/mks", code: "VAWG" });
    for (const bad of [
      "plans/mks/objectives/vawg",
      "plans/MKS/objectives/VAWG",
      "plans/mks/VAWG",
      "plans/mks/objectives/",
      "x",
    ])
      expect([bad, parseObjectiveName(bad)]).toEqual([bad, undefined]);
  });
});
