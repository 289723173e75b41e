import { contentProblems } from "../../../../services/grants/src/domain/application";
import { DEFAULT_MIN_SCORERS, DEFAULT_RUBRIC } from "../../../../services/grants/src/domain/assessment";
import { programmeProblems } from "../../../../services/grants/src/domain/programme";
import { casePence, DEMO_CASES } from "./grants-cases";
import { CRG_ALLOCATIONS, CRG_BUDGET_PENCE, currentFinancialYear, DEMO_PLAN, demoProgrammes } from "./grants-content";
import { demoTimes } from "./plan";

describe("the demonstration's grants", () => {
  test("the Crime Reduction Grant allocates the whole £558,385.00 across all fourteen partnerships", () => {
    expect(CRG_ALLOCATIONS).toHaveLength(14);
    expect(new Set(CRG_ALLOCATIONS.map((a) => a.partner)).size).toBe(14);
    expect(CRG_ALLOCATIONS.reduce((s, a) => s + a.amountPence, 0)).toBe(CRG_BUDGET_PENCE);
    expect(CRG_BUDGET_PENCE).toBe(55_838_500);
  });

  test("the financial year runs April to March", () => {
    expect(currentFinancialYear({ year: 2026, month: 12 })).toBe("2026/27");
    expect(currentFinancialYear({ year: 2027, month: 3 })).toBe("2026/27");
    expect(currentFinancialYear({ year: 2027, month: 4 })).toBe("2027/28");
  });

  test("both programmes pass the service's own rules on the day the seed runs, linking only the plan's objectives", () => {
    const t = demoTimes(new Date("2026-12-02T10:00:00Z"));
    const codes = new Set(DEMO_PLAN.plan.objectives.map((o) => o.code));
    for (const p of Object.values(demoProgrammes(t, "2026/27"))) {
      const x = p.programme as Record<string, unknown> & typeof p.programme;
      const problems = programmeProblems(
        {
          year: x.year,
          title: x.title,
          description: x.description,
          kind: x.kind === "PROGRAMME_KIND_ALLOCATION" ? "ALLOCATION" : "OPEN_ROUND",
          budgetPence: x.budgetPence,
          objectives: x.objectives,
          windowOpen: x.windowOpenTime,
          windowClose: x.windowCloseTime,
          allocations: (x.allocations as { partner: string; amountPence: number }[] | undefined) ?? [],
          projectMaxPence: (x.projectMaxPence as number | undefined) ?? 0,
          countyWideMaxPence: (x.countyWideMaxPence as number | undefined) ?? 0,
          questions: (x.questions as { code: string; text: string }[] | undefined) ?? [],
          conditions: [],
          tranches: [{ numerator: 1, denominator: 1, trigger: "ON_AGREEMENT" }],
          rubric: DEFAULT_RUBRIC,
          minScorers: DEFAULT_MIN_SCORERS,
        },
        t.now,
      );
      expect([x.title, problems]).toEqual([x.title, []]);
      for (const o of x.objectives) expect(codes.has(o.split("/").at(-1) as string)).toBe(true);
    }
  });

  test("every business case passes the service's content rules against the Crime Reduction Grant, within its allocation", () => {
    const crg = demoProgrammes(demoTimes(new Date("2026-12-02T10:00:00Z")), "2026/27").crg.programme;
    for (const c of DEMO_CASES) {
      const partner = `partners/csp-${c.partnership}`;
      const content = {
        projects: c.projects.map((p) => ({
          title: p.title,
          summary: p.summary,
          countyWide: false,
          lines: p.lines.map((l) => ({ description: l.description, amountPence: l.pence })),
          measures: [
            { ...p.measure, unit: p.measure.unit === "MEASURE_UNIT_COUNT" ? ("COUNT" as const) : ("PERCENT" as const) },
          ],
          objectives: [`plans/${DEMO_PLAN.planId}/objectives/${p.objective}`],
          jsaPriorities: [],
        })),
        answers: [],
        declarations: {
          conflictOfInterest: false,
          conflictDetails: "",
          policeStaffInvolved: false,
          policeStaffDetails: "",
        },
        narrative: c.narrative,
      };
      const terms = {
        kind: "ALLOCATION" as const,
        objectives: crg.objectives,
        projectMaxPence: 0,
        countyWideMaxPence: 0,
        questions: [],
        allocations: CRG_ALLOCATIONS,
      };
      expect([c.partnership, contentProblems(content, terms, partner, true)]).toEqual([c.partnership, []]);
      const allocation = CRG_ALLOCATIONS.find((a) => a.partner === partner)?.amountPence ?? 0;
      expect(casePence(c)).toBeLessThanOrEqual(allocation);
    }
  });
});
