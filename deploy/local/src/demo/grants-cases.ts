/**
 * The demonstration's business cases for this year's Crime Reduction Grant: Maidstone's accepted,
 * scored (one OPCC colleague declaring a conflict) and awarded; Thanet's awaiting review; Swale's
 * returned with reasons. Projects link to the plan's objectives and to the assessment cycle's
 * priorities. Money in whole pence; illustrative.
 */
import { DEMO_PLAN } from "./grants-content";
import type { Partnership } from "./plan";

const objective = (code: string) => `plans/${DEMO_PLAN.planId}/objectives/${code}`;

interface Line {
  description: string;
  pence: number;
}
interface ProjectSpec {
  title: string;
  summary: string;
  lines: Line[];
  measure: { title: string; unit: "MEASURE_UNIT_COUNT" | "MEASURE_UNIT_PERCENT"; baseline: number; target: number };
  objective: string;
  priority: string;
}

export interface DemoCase {
  partnership: Partnership;
  projects: ProjectSpec[];
  narrative: string;
  /** What happens after it is submitted. */
  outcome: "awarded" | "awaiting review" | "returned";
  returnReasons?: string;
}

export const DEMO_CASES: DemoCase[] = [
  {
    partnership: "maidstone",
    projects: [
      {
        title: "Town centre night-time safety",
        summary: "A coordinator and trained street pastors in the town centre on Friday and Saturday nights.",
        lines: [
          { description: "Night-time economy coordinator (part time)", pence: 1_800_000 },
          { description: "Street pastor training and equipment", pence: 600_000 },
        ],
        measure: {
          title: "Anti-social behaviour incidents at night",
          unit: "MEASURE_UNIT_COUNT",
          baseline: 420,
          target: 350,
        },
        objective: "PREVENT-ASB",
        priority: "ASB",
      },
      {
        title: "Safe spaces for women and girls",
        summary: "Staffed safe spaces and a publicity campaign in the evening economy.",
        lines: [
          { description: "Venue and staffing", pence: 900_000 },
          { description: "Publicity", pence: 300_000 },
        ],
        measure: {
          title: "Women who feel safe in the town centre after dark",
          unit: "MEASURE_UNIT_PERCENT",
          baseline: 61,
          target: 70,
        },
        objective: "VAWG",
        priority: "VAWG",
      },
    ],
    narrative: "Two projects answering the partnership's top two assessed priorities.",
    outcome: "awarded",
  },
  {
    partnership: "thanet",
    projects: [
      {
        title: "Youth diversion in Margate",
        summary: "Detached youth work with young people at risk of exploitation by county lines gangs.",
        lines: [
          { description: "Two detached youth workers (part time)", pence: 2_600_000 },
          { description: "Activities and transport", pence: 400_000 },
        ],
        measure: {
          title: "Young people engaged for twelve weeks or more",
          unit: "MEASURE_UNIT_COUNT",
          baseline: 0,
          target: 60,
        },
        objective: "EXPLOITATION",
        priority: "DRUGS-COUNTY-LINES",
      },
    ],
    narrative: "Diverting young people from exploitation, the partnership's emerging priority.",
    outcome: "awaiting review",
  },
  {
    partnership: "swale",
    projects: [
      {
        title: "Repeat victims of anti-social behaviour",
        summary: "A caseworker for repeat victims across Sittingbourne and Sheppey.",
        lines: [{ description: "Caseworker", pence: 3_000_000 }],
        measure: { title: "Repeat victims", unit: "MEASURE_UNIT_COUNT", baseline: 85, target: 60 },
        objective: "PREVENT-ASB",
        priority: "ASB",
      },
    ],
    narrative: "Support for the people most affected by anti-social behaviour.",
    outcome: "returned",
    returnReasons:
      "Cost the caseworker's post in full (salary and on-costs) and say how repeat victims will be counted.",
  },
];

/** Maidstone is awarded its whole allocation. */
export const MAIDSTONE_AWARD_PENCE = 3_600_000;

/** A case's content as SubmitApplication takes it; priorities link to `cycle` when there is one. */
export function caseContent(c: DemoCase, cycle: string | undefined) {
  return {
    projects: c.projects.map((p) => ({
      title: p.title,
      summary: p.summary,
      lines: p.lines.map((l) => ({ description: l.description, amountPence: String(l.pence) })),
      measures: [p.measure],
      objectives: [objective(p.objective)],
      jsaPriorities: cycle ? [`${cycle}/priorities/${p.priority}`] : [],
    })),
    declarations: { conflictOfInterest: false, policeStaffInvolved: false },
    narrative: c.narrative,
  };
}

export const casePence = (c: DemoCase) =>
  c.projects.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + l.pence, 0), 0);
