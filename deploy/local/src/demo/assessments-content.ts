/**
 * The demonstration's joint strategic assessment, pure: a cycle for the coming financial year
 * addressed to five CSPs on the mesh's default template, and what each contributes. Contents are in
 * the assessments service's domain shape (unit "COUNT", trend "RISING"); assessments.ts turns them
 * into csp.assessments.v1 messages. Populations are rounded from published estimates; every crime
 * figure is fictitious.
 */
import type { DemoTimes, Partnership } from "./plan";

export interface PrioritySpec {
  rank: number;
  code: string;
  emergingTitle: string;
  rationale: string;
  evidence: string;
}

export interface IndicatorSpec {
  code: string;
  value: number;
  unit: "COUNT" | "RATE_PER_1000" | "PERCENT" | "GBP";
  period: string;
  trend: "RISING" | "STABLE" | "FALLING" | "";
  source: string;
}

export interface ContentSpec {
  priorities: PrioritySpec[];
  indicators: IndicatorSpec[];
  population: number;
  emergingThreats: string;
  communityViews: string;
  narrative: string;
}

/** What happens to a partnership's contribution in the demonstration. */
export type Outcome = "ACCEPTED" | "AWAITING_REVIEW" | "DRAFT";

export interface ContributionSpec {
  partnership: Partnership;
  outcome: Outcome;
  content: ContentSpec;
}

export interface DemoAssessment {
  year: string;
  title: string;
  due: Date;
  partnerships: Partnership[];
  contributions: ContributionSpec[];
  editionNote: string;
  /** The s.10 response the OPCC records to one accepted priority. */
  response: { partnership: Partnership; priorityKey: string; response: string; planObjective: string };
}

const priority = (rank: number, code: string, rationale: string, evidence = ""): PrioritySpec => ({
  rank,
  code,
  emergingTitle: "",
  rationale,
  evidence,
});

function indicators(
  period: string,
  v: { crime: number; asb: number; da: number; safe: number },
  trend: IndicatorSpec["trend"],
): IndicatorSpec[] {
  const police = "Kent Police recorded crime and incidents (demonstration figures)";
  return [
    { code: "TOTAL-CRIME", value: v.crime, unit: "COUNT", period, trend, source: police },
    { code: "ASB-INCIDENTS", value: v.asb, unit: "COUNT", period, trend, source: police },
    { code: "DA-RATE", value: v.da, unit: "RATE_PER_1000", period, trend: "STABLE", source: police },
    {
      code: "FEEL-SAFE",
      value: v.safe,
      unit: "PERCENT",
      period,
      trend: "STABLE",
      source: "Residents' survey (demonstration figures)",
    },
  ];
}

export function demoAssessment(t: DemoTimes): DemoAssessment {
  const { year, period } = t.cycle;
  const content = (c: Omit<ContentSpec, "communityViews" | "emergingThreats"> & Partial<ContentSpec>): ContentSpec => ({
    emergingThreats: "",
    communityViews: "",
    ...c,
  });
  return {
    year,
    title: `Kent and Medway joint strategic assessment ${year}`,
    due: t.cycle.due,
    partnerships: ["maidstone", "thanet", "medway", "canterbury", "swale"],
    editionNote: "First edition, for the Police and Crime Panel and the partnerships",
    response: {
      partnership: "maidstone",
      priorityKey: "SERIOUS-VIOLENCE",
      response:
        "The Police and Crime Plan keeps serious violence as a priority; the Commissioner funds weapon sweeps " +
        "and youth diversion in Maidstone town centre from the Violence Reduction Unit's budget.",
      planObjective: "Making Kent Safer: tackle violence and knife crime",
    },
    contributions: [
      {
        partnership: "maidstone",
        outcome: "ACCEPTED",
        content: content({
          priorities: [
            priority(
              1,
              "SERIOUS-VIOLENCE",
              "Knife-enabled offences in the town centre rose for a second year.",
              "s.7 report",
            ),
            priority(2, "DOMESTIC-ABUSE", "Repeat victimisation remains above the Kent average."),
            priority(3, "ASB", "Anti-social behaviour in parks and the town centre drives residents' concern."),
          ],
          indicators: indicators(period, { crime: 15840, asb: 3920, da: 21.4, safe: 68 }, "RISING"),
          population: 183_000,
          communityViews: "Residents' panels name Week Street and Brenchley Gardens after dark as their main worry.",
          narrative:
            "Violence in the town centre at night, domestic abuse and anti-social behaviour are the partnership's " +
            "priorities. Overall crime is broadly level; knife-enabled offences are not.",
        }),
      },
      {
        partnership: "thanet",
        outcome: "ACCEPTED",
        content: content({
          priorities: [
            priority(1, "ASB", "Seafront anti-social behaviour in Margate rose sharply over the summer."),
            priority(2, "DRUGS-COUNTY-LINES", "County lines activity links Thanet to London."),
            {
              rank: 3,
              code: "",
              emergingTitle: "Coastal youth disorder in the summer holidays",
              rationale: "Groups travelling to the seafronts by train on hot days; not captured by one theme.",
              evidence: "",
            },
          ],
          indicators: indicators(period, { crime: 16420, asb: 5110, da: 27.9, safe: 59 }, "RISING"),
          population: 142_000,
          emergingThreats: "E-scooter and e-bike use on the promenade.",
          narrative:
            "Anti-social behaviour on the seafronts, drug supply and summer youth disorder are the priorities; " +
            "the partnership is preparing a joint plan for Margate seafront.",
        }),
      },
      {
        partnership: "medway",
        outcome: "ACCEPTED",
        content: content({
          priorities: [
            priority(1, "VAWG", "Night-time economy safety for women in Chatham and Rochester."),
            priority(2, "SERIOUS-VIOLENCE", "Youth violence linked to drug markets."),
            priority(3, "ASB", "Anti-social behaviour in town centres and on buses."),
            priority(4, "FRAUD", "Rising fraud against older residents."),
          ],
          indicators: indicators(period, { crime: 28610, asb: 6480, da: 24.2, safe: 63 }, "STABLE"),
          population: 285_000,
          narrative:
            "Violence against women and girls and serious violence lead; anti-social behaviour and fraud follow. " +
            "Total crime is level on the year before.",
        }),
      },
      {
        partnership: "canterbury",
        outcome: "AWAITING_REVIEW",
        content: content({
          priorities: [
            priority(1, "SERIOUS-VIOLENCE", "Violence with injury in the night-time economy."),
            priority(2, "VAWG", "Student safety at night."),
          ],
          indicators: indicators(period, { crime: 14230, asb: 3370, da: 18.6, safe: 71 }, "STABLE"),
          population: 157_000,
          narrative: "The night-time economy and the safety of students are the partnership's priorities.",
        }),
      },
      {
        partnership: "swale",
        outcome: "DRAFT",
        content: content({
          priorities: [priority(1, "ROAD-SAFETY", "Anti-social driving on the Isle of Sheppey.")],
          indicators: [],
          population: 155_000,
          narrative: "",
        }),
      },
    ],
  };
}
