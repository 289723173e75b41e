/**
 * The demonstration's report requests, pure: realistic Kent & Medway requests from the OPCC, and
 * what the addressed partnerships answer. Places are real; every figure is fictitious.
 * Sections and answers are in the reports service's domain shape (type "TEXT", answers by section
 * id); reports.ts turns them into csp.reports.v1 messages.
 */
import type { Cell } from "./files";
import type { DemoTimes, Partnership } from "./plan";

export type SectionType = "TEXT" | "NUMBER" | "DATE" | "SINGLE_CHOICE" | "MULTIPLE_CHOICE";

export interface SectionSpec {
  id: string;
  title: string;
  help: string;
  type: SectionType;
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  options: string[];
}

export type Answers = Record<string, string | number | string[]>;

export interface FormalS7Spec {
  notSatisfiedEffectiveEfficient: boolean;
  reasonableAndProportionate: boolean;
  reasoning: string;
  publish: boolean;
  publicationManner: string;
}

export interface RequestSpec {
  key: string;
  title: string;
  issueOfConcern: string;
  addressees: Partnership[];
  sections: SectionSpec[];
  due: Date;
  legalBasis: "INFORMAL" | "FORMAL_S7";
  formalS7?: FormalS7Spec;
}

export interface DemoRequests {
  /** Swale, informal, due moments after the seed starts and never answered: it becomes overdue. */
  overdue: RequestSpec;
  /** Thanet, a formal s.7 requirement: acknowledged, and a draft saved. */
  formal: RequestSpec & { draft: Answers };
  /** Canterbury, informal: submitted, then returned with reasons. */
  returned: RequestSpec & { answers: Answers; returnReasons: string };
  /** Maidstone, formal s.7 with publication decided: submitted with a CSV, accepted, released to the panel. */
  published: RequestSpec & { answers: Answers; attachment: { filename: string; rows: Cell[][] } };
  /** Dartford, Gravesham and Medway, informal: Medway has submitted (awaiting review), the others not yet. */
  shared: RequestSpec & { answerer: Partnership; answers: Answers };
}

const text = (id: string, title: string, help = "", maxLength?: number): SectionSpec => ({
  id,
  title,
  help,
  type: "TEXT",
  required: true,
  options: [],
  ...(maxLength ? { maxLength } : {}),
});
const count = (id: string, title: string, help = ""): SectionSpec => ({
  id,
  title,
  help,
  type: "NUMBER",
  required: true,
  min: 0,
  options: [],
});
const choice = (id: string, title: string, options: string[], multiple = false): SectionSpec => ({
  id,
  title,
  help: "",
  type: multiple ? "MULTIPLE_CHOICE" : "SINGLE_CHOICE",
  required: true,
  options,
});
const date = (id: string, title: string, help = ""): SectionSpec => ({
  id,
  title,
  help,
  type: "DATE",
  required: true,
  options: [],
});

export function demoRequests(t: DemoTimes): DemoRequests {
  const hotspots = [
    "Week Street and the High Street",
    "Maidstone East station",
    "Brenchley Gardens",
    "Lockmeadow",
    "Maidstone bus station",
  ];
  // Fictitious monthly figures for Maidstone town centre, oldest month first.
  const offences = [4, 6, 5, 3, 7, 6, 5, 8, 6, 4, 5, 5];
  const sweeps = [0, 0, 1, 1, 2, 1, 2, 3, 1, 2, 1, 2];
  return {
    overdue: {
      key: "sheppey-driving",
      title: "Anti-social driving and car meets on the Isle of Sheppey",
      issueOfConcern:
        "Residents of Minster and Leysdown report repeated evening car meets, racing and noise on the approach " +
        "to the Sheppey Crossing and along the seafront roads. The OPCC asks the partnership for its current " +
        "picture and for the enforcement and engagement it has planned.",
      addressees: ["swale"],
      sections: [
        count(
          "reports-received",
          "Reports of anti-social driving in the last three months",
          "Calls to Kent Police and reports to Swale Borough Council together.",
        ),
        text(
          "current-picture",
          "The partnership's current picture",
          "Locations, times, who is involved, what has been done.",
          5000,
        ),
        choice("pspo", "Is a Public Spaces Protection Order in force or proposed?", [
          "In force",
          "Under consultation",
          "Not proposed",
        ]),
      ],
      due: t.soon,
      legalBasis: "INFORMAL",
    },

    formal: {
      key: "margate-seafront",
      title: "Anti-social behaviour on Margate seafront",
      issueOfConcern:
        "Reports of anti-social behaviour on Margate seafront, Marine Terrace and the Harbour Arm rose sharply " +
        "over the summer: large groups gathering in the evenings, assaults on staff of seafront businesses and " +
        "damage to the Main Sands lifeguard facilities. Earlier informal requests have not produced a joint " +
        "problem-solving plan. The Commissioner requires a report under section 7 of the Crime and Disorder Act 1998.",
      addressees: ["thanet"],
      sections: [
        count("incidents", "Anti-social behaviour incidents recorded on Margate seafront, June to September"),
        text("assessment", "The partnership's assessment of the causes"),
        text("plan", "The joint problem-solving plan, with owners and dates"),
        choice(
          "partners-involved",
          "Partners contributing to the plan",
          [
            "Kent Police",
            "Thanet District Council",
            "Kent County Council youth services",
            "Kent Fire and Rescue Service",
            "Seafront businesses",
          ],
          true,
        ),
        date("plan-agreed", "When the partnership will agree the plan"),
      ],
      due: t.due.formal,
      legalBasis: "FORMAL_S7",
      formalS7: {
        notSatisfiedEffectiveEfficient: true,
        reasonableAndProportionate: true,
        reasoning:
          "Two informal requests since the spring have not produced a joint plan for Margate seafront, and " +
          "incidents rose through the summer: the Commissioner is not satisfied that the partnership's functions " +
          "are being carried out effectively and efficiently there. A written report on one location, using " +
          "information the partnership already holds, is reasonable and proportionate.",
        publish: true,
        publicationManner: "On the Commissioner's website and with the papers for the next Police and Crime Panel",
      },
      draft: {
        incidents: 412,
        assessment:
          "Draft for the partnership: most incidents fall between 6pm and midnight at weekends, around the Clock " +
          "Tower and the Harbour Arm, and involve groups of 14 to 17 year olds, many travelling in from outside Thanet.",
        "partners-involved": ["Kent Police", "Thanet District Council", "Kent County Council youth services"],
      },
    },

    returned: {
      key: "canterbury-nte",
      title: "Violence in Canterbury's night-time economy",
      issueOfConcern:
        "Violence with injury in Canterbury city centre between 10pm and 4am has risen, particularly around " +
        "St George's Street and the Westgate. The OPCC asks for the partnership's picture of violence in the " +
        "night-time economy, including the effect of the student population and of licensing measures.",
      addressees: ["canterbury"],
      sections: [
        count("offences", "Violence with injury in the city centre, 10pm to 4am, in the last 12 months"),
        text("measures", "Measures in place (Best Bar None, street pastors, taxi marshals, CCTV) and their effect"),
        text("period", "The period the figures cover", "", 200),
      ],
      due: t.due.returned,
      legalBasis: "INFORMAL",
      answers: {
        offences: 187,
        measures: "Street pastors on Friday and Saturday nights; CCTV monitored by the city council.",
        period: "April to June",
      },
      returnReasons:
        "The figures cover one quarter only: please give the full twelve months asked for, and say which " +
        "licensed premises the Best Bar None scheme now covers and what the taxi marshal pilot has shown.",
    },

    published: {
      key: "maidstone-knife-crime",
      title: "Knife crime in Maidstone town centre",
      issueOfConcern:
        "Knife-enabled offences in Maidstone town centre, particularly around Week Street, the High Street and " +
        "Maidstone East station, have risen for a second year. The Commissioner requires a report on the " +
        "partnership's assessment and its joint response under section 7 of the Crime and Disorder Act 1998.",
      addressees: ["maidstone"],
      sections: [
        count("offences", "Knife-enabled offences recorded in the town centre in the last 12 months"),
        choice("hotspots", "Where offences concentrate", hotspots, true),
        text("response", "The partnership's joint response"),
        choice("weapon-sweeps", "How often are weapon sweeps carried out?", ["Weekly", "Monthly", "Not yet started"]),
        date("plan-review", "When the partnership will next review its action plan"),
      ],
      due: t.due.published,
      legalBasis: "FORMAL_S7",
      formalS7: {
        notSatisfiedEffectiveEfficient: true,
        reasonableAndProportionate: true,
        reasoning:
          "Knife-enabled offences in the town centre rose for a second year while the partnership's action plan " +
          "has not been reviewed since it was agreed. The Commissioner is not satisfied that the functions are " +
          "being carried out effectively and efficiently; one report on one town centre is reasonable and proportionate.",
        publish: true,
        publicationManner: "Released to the Police and Crime Panel and published on the Commissioner's website",
      },
      answers: {
        offences: offences.reduce((a, b) => a + b, 0),
        hotspots: hotspots.slice(0, 3),
        response:
          "The partnership agreed a town-centre plan with Kent Police, Maidstone Borough Council and Kent County " +
          "Council youth services: monthly weapon sweeps with volunteers, knife arches at Maidstone East on Friday " +
          "evenings, detached youth workers in Brenchley Gardens, and a Safer Streets bid for lighting and CCTV on " +
          "Week Street. The monthly figures are attached.",
        "weapon-sweeps": "Monthly",
        "plan-review": t.planReviewDate,
      },
      attachment: {
        filename: "maidstone-town-centre-knife-crime-by-month.csv",
        rows: [
          ["Month", "Knife-enabled offences", "Weapons found in sweeps", "Source"],
          ...t.lastTwelveMonths.map((m, i) => [
            m,
            offences[i] ?? 0,
            sweeps[i] ?? 0,
            "Kent Police (demonstration figures)",
          ]),
        ],
      },
    },

    shared: {
      key: "retail-crime",
      title: "Shoplifting and retail crime in town centres",
      issueOfConcern:
        "Retailers in Dartford, Gravesend, Chatham and Rochester report more shoplifting, and more violence and " +
        "abuse towards shop workers. The OPCC asks each partnership for its recent figures and for what the " +
        "Business Crime Reduction Partnership, the police and the council are doing together.",
      addressees: ["dartford", "gravesham", "medway"],
      sections: [
        count("offences", "Shoplifting offences recorded in the last three months"),
        count("abuse", "Reports of violence or abuse towards shop workers in the same period"),
        text("joint-work", "Joint work with retailers and the Business Crime Reduction Partnership"),
      ],
      due: t.due.shared,
      legalBasis: "INFORMAL",
      answerer: "medway",
      answers: {
        offences: 486,
        abuse: 57,
        "joint-work":
          "Chatham and Rochester retailers share images of persistent offenders through the BCRP's radio and app " +
          "scheme; council wardens and the town centre policing team patrol together on Saturdays; persistent " +
          "offenders are referred to the integrated offender management panel.",
      },
    },
  };
}
