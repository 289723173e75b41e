/**
 * The demonstration's grants: the Police and Crime Plan as data and this year's Crime Reduction
 * Grant, an allocation to every partnership of Kent and Medway (the 2024-25 total, £558,385, split
 * as the issue describes: twelve districts alike, Medway and the county partnership their own), and
 * an open round for local partners. Objective titles follow the published plan's priorities, marked
 * as a demonstration; the amounts are illustrative.
 */
import { financialYearProblem } from "@csp-mesh/kit";
import type { DemoTimes } from "./plan";

export const DEMO_PLAN = {
  planId: "making-kent-safer",
  plan: {
    title: "Making Kent Safer (demonstration)",
    period: "2025-2029",
    objectives: [
      {
        code: "PREVENT-ASB",
        title: "Prevent crime and anti-social behaviour with residents, communities and businesses",
        description: "",
      },
      { code: "VAWG", title: "Tackle violence against women and girls", description: "" },
      { code: "EXPLOITATION", title: "Protect people from exploitation and abuse", description: "" },
      { code: "ORGANISED-CRIME", title: "Combat organised crime and county lines", description: "" },
      { code: "VICTIMS", title: "Be visible and responsive to the needs of victims", description: "" },
      { code: "ROAD-SAFETY", title: "Prevent road danger and support Vision Zero", description: "" },
    ],
  },
};

const DISTRICTS = [
  "ashford",
  "canterbury",
  "dartford",
  "dover",
  "folkestone-hythe",
  "gravesham",
  "maidstone",
  "sevenoaks",
  "swale",
  "thanet",
  "tonbridge-malling",
  "tunbridge-wells",
];

/** Every partnership's allocation in pence: twelve districts at £36,000, Medway £86,724, the county £39,661. */
export const CRG_ALLOCATIONS: { partner: string; amountPence: number }[] = [
  ...DISTRICTS.map((d) => ({ partner: `partners/csp-${d}`, amountPence: 3_600_000 })),
  { partner: "partners/csp-medway", amountPence: 8_672_400 },
  { partner: "partners/csp-kent-county", amountPence: 3_966_100 },
];
export const CRG_BUDGET_PENCE = 55_838_500;

const objective = (code: string) => `plans/${DEMO_PLAN.planId}/objectives/${code}`;

/** The current financial year ("2026/27" from December 2026), for the year's programmes. */
export function currentFinancialYear(today: { year: number; month: number }): string {
  const first = today.month >= 4 ? today.year : today.year - 1;
  const year = `${first}/${String((first + 1) % 100).padStart(2, "0")}`;
  if (financialYearProblem(year)) throw new Error(`not a financial year: ${year}`);
  return year;
}

export function demoProgrammes(t: DemoTimes, year: string) {
  const window = (closes: Date) => ({ windowOpenTime: t.now, windowCloseTime: closes });
  const id = year.replace("/", "-");
  return {
    crg: {
      programmeId: `crg-${id}`,
      programme: {
        year,
        title: `Crime Reduction Grant ${year}`,
        description:
          "The Commissioner's grant to every community safety partnership towards the plan's objectives: two thirds when the agreement is accepted, one third after the mid-year monitoring return.",
        kind: "PROGRAMME_KIND_ALLOCATION",
        budgetPence: CRG_BUDGET_PENCE,
        objectives: [objective("PREVENT-ASB"), objective("VAWG"), objective("EXPLOITATION")],
        ...window(t.due.formal),
        allocations: CRG_ALLOCATIONS,
      },
    },
    fund: {
      programmeId: `safer-in-kent-${id}`,
      programme: {
        year,
        title: `Safer in Kent Fund ${year}`,
        description:
          "Grants of up to £10,000 a project (£20,000 if county-wide) for local partners' community safety projects.",
        kind: "PROGRAMME_KIND_OPEN_ROUND",
        budgetPence: 25_000_000,
        objectives: [objective("PREVENT-ASB"), objective("VICTIMS"), objective("ROAD-SAFETY")],
        ...window(t.due.published),
        projectMaxPence: 1_000_000,
        countyWideMaxPence: 2_000_000,
        questions: [
          {
            code: "conflicts",
            text: "Is anyone involved in the project serving police staff or related to OPCC staff? Give details.",
          },
        ],
      },
    },
  };
}
