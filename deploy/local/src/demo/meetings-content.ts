/**
 * The demonstration's reg 14A priority-issue meetings, pure: one held moments after the seed starts
 * (with attendance, minutes and actions) and one convened for a fortnight ahead (with an agenda and
 * papers). Places are real; people are the demonstration directory's; figures are fictitious.
 */
import { csv, textPdf } from "./files";
import type { DemoTimes, Partnership } from "./plan";

export interface MeetingSpec {
  key: string;
  title: string;
  purpose: string;
  start: Date;
  end: Date;
  responseDeadline: Date;
  place: string;
  onlineJoining: string;
  invitations: Partnership[];
}

export interface InvitationAnswer {
  partnership: Partnership;
  response: "ACCEPTED" | "DELEGATED" | "DECLINED";
  representative: string;
  reasons: string;
}

export interface AgendaItemSpec {
  title: string;
  description: string;
  /** Empty: the OPCC presents. */
  presenter?: Partnership;
  minutesAllotted: number;
  links: string[];
}

export interface PaperSpec {
  /** Index of the agenda item it belongs to. */
  item: number;
  title: string;
  filename: string;
  bytes: Buffer;
}

export interface ActionSpec {
  key: string;
  owner: Partnership;
  description: string;
  due: Date;
  /** The owner's own progress note, and whether it finishes the action. */
  progress?: { note: string; done: boolean };
}

export interface HeldMeeting {
  meeting: MeetingSpec;
  answers: InvitationAnswer[];
  agenda: AgendaItemSpec[];
  papers: PaperSpec[];
  attendance: { partnership: Partnership; attendance: "PRESENT" | "APOLOGIES" | "ABSENT"; attendee: string }[];
  minutes: { text: string; decisions: string[] };
  comment: { partnership: Partnership; text: string };
  actions: ActionSpec[];
}

export type ConvenedMeeting = Pick<HeldMeeting, "meeting" | "answers" | "agenda" | "papers">;

const ONLINE = "Microsoft Teams: the joining link is in the calendar invitation";

/**
 * West Kent: knife crime and the night-time economy. The meetings API holds no meeting that has
 * already started, so this one starts moments after the seed does (t.soon) and lasts a minute; the
 * seed records attendance once it has started, and it is listed among past meetings once it has ended.
 * `request` is the Maidstone knife crime request, when it exists, for the agenda's links.
 */
export function heldMeeting(t: DemoTimes, request?: string): HeldMeeting {
  return {
    meeting: {
      key: "west-kent-knife-crime",
      title: "Knife crime and the night-time economy in West Kent",
      purpose:
        "Regulation 14A priority-issue meeting. The Commissioner requires representatives of the Maidstone, " +
        "Tonbridge and Malling and Tunbridge Wells partnerships to discuss knife crime and violence in the " +
        "night-time economy: Maidstone's report required under section 7, what has worked in Tonbridge and " +
        "Royal Tunbridge Wells, and joint actions.",
      start: t.soon,
      end: t.heldEnd,
      responseDeadline: t.soon,
      place: "Online",
      onlineJoining: ONLINE,
      invitations: ["maidstone", "tonbridgeMalling", "tunbridgeWells"],
    },
    answers: [
      {
        partnership: "maidstone",
        response: "ACCEPTED",
        representative: "Morgan Clarke, Community Safety Manager",
        reasons: "",
      },
      {
        partnership: "tonbridgeMalling",
        response: "DELEGATED",
        representative: "Kim Reid, Community Safety Officer, for the partnership's chair",
        reasons: "",
      },
      {
        partnership: "tunbridgeWells",
        response: "DECLINED",
        representative: "",
        reasons:
          "Our community safety manager presents to the Licensing Committee at the same time; a written update will follow.",
      },
    ],
    agenda: [
      {
        title: "Knife crime in Maidstone town centre",
        description: "The partnership presents its report required under section 7, with the monthly figures.",
        presenter: "maidstone",
        minutesAllotted: 30,
        links: request ? [request, `${request}/submissions/csp-maidstone`] : [],
      },
      {
        title: "The night-time economy in Tonbridge and Royal Tunbridge Wells",
        description: "Taxi marshals, Best Bar None and street pastors: what the figures show so far.",
        presenter: "tonbridgeMalling",
        minutesAllotted: 20,
        links: [],
      },
      { title: "Actions and next steps", description: "", minutesAllotted: 10, links: [] },
    ],
    papers: [
      {
        item: 1,
        title: "Violence with injury in West Kent town centres at night",
        filename: "west-kent-night-time-violence.csv",
        bytes: csv([
          ["Town centre", "Offences 10pm to 4am, last 12 months", "Change on the year before (%)", "Source"],
          ["Maidstone", 212, 9, "Kent Police (demonstration figures)"],
          ["Tonbridge", 64, -3, "Kent Police (demonstration figures)"],
          ["Royal Tunbridge Wells", 98, 4, "Kent Police (demonstration figures)"],
        ]),
      },
    ],
    attendance: [
      { partnership: "maidstone", attendance: "PRESENT", attendee: "Morgan Clarke" },
      { partnership: "tonbridgeMalling", attendance: "PRESENT", attendee: "Kim Reid" },
      { partnership: "tunbridgeWells", attendance: "APOLOGIES", attendee: "" },
    ],
    minutes: {
      text: [
        "Present: Priya Shah (OPCC, chair); Morgan Clarke (Maidstone CSP); Kim Reid (Tonbridge and Malling CSP). " +
          "Apologies: Tunbridge Wells CSP, which had declined the requirement to attend (recorded as non-compliance).",
        "1. Knife crime in Maidstone town centre. Maidstone CSP presented its report required under section 7. " +
          "Offences concentrate on Week Street, the High Street and around Maidstone East station on Friday and " +
          "Saturday evenings. Monthly weapon sweeps and knife arches at the station have started; a Safer Streets " +
          "bid for lighting and CCTV has been made.",
        "2. The night-time economy in Tonbridge and Royal Tunbridge Wells. Tonbridge and Malling CSP reported " +
          "that the taxi marshal pilot has reduced disorder at the rank on the High Street; figures to follow.",
        "3. Actions were agreed as recorded below.",
      ].join("\n\n"),
      decisions: [
        "The OPCC accepts Maidstone CSP's report and releases it to the Police and Crime Panel.",
        "The three partnerships will share weapon sweep dates and night-time economy figures each quarter.",
      ],
    },
    comment: {
      partnership: "maidstone",
      text: "Item 1: please record that the first knife arch operation at Maidstone East took place before this meeting.",
    },
    actions: [
      {
        key: "maidstone-plan",
        owner: "maidstone",
        description: "Send the OPCC the reviewed town-centre knife crime action plan, with owners and dates.",
        due: t.actions.first,
        progress: {
          note: "Draft plan agreed by the delivery group; it goes to the partnership board next.",
          done: false,
        },
      },
      {
        key: "tonbridge-taxi-marshals",
        owner: "tonbridgeMalling",
        description: "Share the results of the taxi marshal pilot in Tonbridge with the other two partnerships.",
        due: t.actions.second,
      },
      {
        key: "maidstone-sweeps",
        owner: "maidstone",
        description: "Circulate the dates of the next weapon sweeps to Tonbridge and Malling and Tunbridge Wells.",
        due: t.actions.third,
        progress: { note: "Dates sent to both partnerships by email.", done: true },
      },
    ],
  };
}

/** The coast: anti-social behaviour, convened for a fortnight ahead with an agenda and papers. */
export function convenedMeeting(t: DemoTimes, links: { thanetRequest?: string; cycle?: string }): ConvenedMeeting {
  const months = t.lastTwelveMonths.slice(-3);
  const asb: [string, number, number, number][] = [
    ["Thanet", 412, 388, 301],
    ["Dover", 205, 198, 176],
    ["Folkestone and Hythe", 231, 214, 190],
    ["Canterbury", 268, 251, 240],
    ["Swale", 244, 239, 222],
  ];
  return {
    meeting: {
      key: "coastal-asb",
      title: "Anti-social behaviour on the coast: planning for the summer",
      purpose:
        "Regulation 14A priority-issue meeting. The Commissioner requires representatives of the coastal " +
        "partnerships to discuss anti-social behaviour in seaside town centres and on seafronts: the report " +
        "required of Thanet CSP under section 7, what the joint strategic assessment shows, and a shared plan.",
      start: t.meeting.start,
      end: t.meeting.end,
      responseDeadline: t.meeting.responseDeadline,
      place: "Thanet District Council, Cecil Street, Margate",
      onlineJoining: ONLINE,
      invitations: ["thanet", "dover", "folkestoneHythe", "canterbury", "swale"],
    },
    answers: [
      {
        partnership: "thanet",
        response: "ACCEPTED",
        representative: "Nat Green, Community Safety Manager",
        reasons: "",
      },
      {
        partnership: "dover",
        response: "ACCEPTED",
        representative: "Casey Jones, Community Safety Officer",
        reasons: "",
      },
      {
        partnership: "folkestoneHythe",
        response: "DELEGATED",
        representative: "Deputy Community Safety Manager, for Robin Walsh",
        reasons: "",
      },
    ],
    agenda: [
      {
        title: "Margate seafront: the report required of Thanet CSP",
        description: "Progress on the report required under section 7, and the partnership's draft plan.",
        presenter: "thanet",
        minutesAllotted: 30,
        links: links.thanetRequest ? [links.thanetRequest] : [],
      },
      {
        title: "What the joint strategic assessment shows about anti-social behaviour",
        description: "The force-wide priority scores and the coastal districts' indicators.",
        minutesAllotted: 20,
        links: links.cycle ? [`${links.cycle}/priorities/ASB`] : [],
      },
      {
        title: "A shared plan for the summer",
        description: "Joint patrols, youth provision, and Public Spaces Protection Orders on the seafronts.",
        minutesAllotted: 40,
        links: [],
      },
    ],
    papers: [
      {
        item: 0,
        title: "OPCC briefing: anti-social behaviour in coastal town centres",
        filename: "coastal-asb-briefing.pdf",
        bytes: textPdf("OPCC briefing: anti-social behaviour in coastal town centres", [
          "DEMONSTRATION PAPER - OFFICIAL - figures are fictitious",
          "",
          "Purpose",
          "To brief the coastal Community Safety Partnerships before the regulation 14A meeting.",
          "",
          "Summary",
          "- Anti-social behaviour rose on every seafront over the summer, most of all in Margate.",
          "- Most incidents fall between 6pm and midnight at weekends and involve groups of teenagers.",
          "- Partnerships that ran joint patrols with youth workers saw the smallest rises.",
          "",
          "For discussion",
          "1. Should the coastal partnerships share one plan for the summer?",
          "2. Where would Public Spaces Protection Orders help, and where would they move the problem?",
          "3. What youth provision can open in the evenings during the school holidays?",
        ]),
      },
      {
        item: 1,
        title: "Anti-social behaviour incidents by district, last three months",
        filename: "asb-incidents-coastal-districts.csv",
        bytes: csv([
          ["District", ...months, "Source"],
          ...asb.map(([d, ...n]) => [d, ...n, "Kent Police (demonstration figures)"]),
        ]),
      },
    ],
  };
}
