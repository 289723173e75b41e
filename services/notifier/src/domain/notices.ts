/**
 * What the mesh tells people, and whom: each domain event (or due reminder) -> the notices it
 * causes, each with its audience (people of these partnerships in these roles), its words and whether
 * it may wait for a daily digest. Pure: the caller supplies the facts an event does not carry.
 *
 * Nothing OFFICIAL-SENSITIVE is written into an email: the title and reasons of sensitive material
 * are left out and the link leads to it behind sign-in.
 */
import { type Classification, formatDateTime, type Role } from "@csp-mesh/kit";
import { combinationNotices } from "./combination-notices";
import type { EmailWords } from "./email-layout";
import { grantNotices } from "./grant-notices";
import type { Audience, EventView, Facts, Notice } from "./notice-types";

export type { Audience, CalendarInvite, EventView, Facts, Notice } from "./notice-types";

const OPCC: Role[] = ["opcc-admin", "opcc-staff"];
const SENSITIVE = "OFFICIAL-SENSITIVE";

/** The web page of a resource: reportRequests/x -> /requests/x; meetings/x and actions/x as they are. */
export function pageOf(baseUrl: string, name: string): string {
  const [collection, id] = name.split("/");
  const path = collection === "reportRequests" ? `/requests/${id}` : `/${collection}/${id}`;
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const when = (iso: unknown) => formatDateTime(new Date(str(iso)));

/** A title fit for an email: the title itself, or a marking when the material is sensitive. */
const named = (what: string, title: string, c: Classification) =>
  c === SENSITIVE || !title ? `${what} (${c}: sign in to read it)` : `${what}: ${title}`;

function reportNotices(e: EventView, f: Facts): Notice[] {
  const d = e.data;
  const link = { href: pageOf(f.baseUrl, str(d.reportRequest)), text: "Read the request in the mesh" };
  const partner = str(d.partner);
  switch (e.type) {
    case "report.requested":
      return [
        {
          key: "addressees",
          audience: { partners: (d.addressees as string[]) ?? [], roles: ["csp-officer"] },
          digestable: true,
          words: {
            subject: named("New report request", str(d.title), e.classification),
            paragraphs: [
              "The Office of the Police and Crime Commissioner has asked your partnership for a report.",
              d.legalBasis === "FORMAL_S7"
                ? "This is a formal requirement under section 7 of the Crime and Disorder Act 1998."
                : "This is an informal request for information.",
              `The report is due by ${when(d.dueTime)}.`,
            ],
            link: { ...link, text: "Read the request and start your report" },
          },
        },
      ];
    case "report.returned":
      return [
        {
          key: "officers",
          audience: { partners: [partner], roles: ["csp-officer"] },
          digestable: true,
          words: {
            subject: "Your report has been returned",
            paragraphs: [
              `The Office of the Police and Crime Commissioner returned version ${String(d.version)} of your partnership's report, with reasons.`,
              e.classification === SENSITIVE ? "Sign in to read the reasons." : `Reasons: ${str(d.reasons)}`,
              "You can change the report and submit it again.",
            ],
            link: { ...link, text: "Read the reasons and change the report" },
          },
        },
      ];
    case "report.overdue": {
      const due = when(d.dueTime);
      return [
        {
          key: "chair",
          audience: { partners: [partner], roles: ["csp-chair"] },
          digestable: false,
          words: {
            subject: "Your partnership's report is overdue",
            paragraphs: [
              `A report your partnership was asked for was due by ${due} and has not been submitted.`,
              "The Office of the Police and Crime Commissioner has been told.",
            ],
            link,
          },
        },
        {
          key: "opcc",
          audience: { roles: OPCC },
          digestable: false,
          words: {
            subject: `Overdue report: ${f.partnerName(partner)}`,
            paragraphs: [`${f.partnerName(partner)} has not submitted a report that was due by ${due}.`],
            link,
          },
        },
      ];
    }
    default:
      return [];
  }
}

function meetingNotices(e: EventView, f: Facts): Notice[] {
  const d = e.data;
  const link = { href: pageOf(f.baseUrl, str(d.meeting)), text: "Read about the meeting in the mesh" };
  const reg14A = (basis: unknown) => basis === "REG_14A_REQUIREMENT";
  const required =
    "Attendance is required under regulation 14A of the Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007.";
  if (e.type === "meeting.convened") {
    const start = new Date(str(d.startTime));
    return [
      {
        key: "invitees",
        audience: { partners: (d.invitees as string[]) ?? [], roles: ["csp-chair", "csp-officer"] },
        digestable: false,
        calendar: {
          meeting: str(d.meeting),
          method: "PUBLISH",
          sequence: 0,
          start,
          end: new Date(str(d.endTime)),
          regulation14A: reg14A(d.basis),
        },
        words: {
          subject: `Priority-issue meeting on ${formatDateTime(start)}`,
          paragraphs: [
            "The Police and Crime Commissioner has convened a priority-issue meeting and invited your partnership.",
            reg14A(d.basis) ? required : "This is an invitation.",
            `Please say who will attend by ${when(d.responseDeadline)}. The meeting is attached for your calendar.`,
          ],
          link: { ...link, text: "Answer the invitation" },
        },
      },
    ];
  }
  const m = f.meeting;
  if (!m || (e.type !== "meeting.rescheduled" && e.type !== "meeting.cancelled")) return [];
  const audience: Audience = { partners: m.invitees, roles: ["csp-chair", "csp-officer"] };
  const reason = e.classification === SENSITIVE ? "" : str(d.reason);
  if (e.type === "meeting.rescheduled") {
    const start = new Date(str(d.startTime));
    return [
      {
        key: "invitees",
        audience,
        digestable: false,
        calendar: {
          meeting: str(d.meeting),
          method: "PUBLISH",
          sequence: Number(d.sequence),
          start,
          end: new Date(str(d.endTime)),
          regulation14A: reg14A(m.basis),
        },
        words: {
          subject: `Priority-issue meeting moved to ${formatDateTime(start)}`,
          paragraphs: [
            `The priority-issue meeting that was to start at ${formatDateTime(m.start)} now starts at ${formatDateTime(start)}.`,
            reason ? `Reason: ${reason}` : "",
            "The attached file updates it in your calendar.",
          ].filter(Boolean),
          link,
        },
      },
    ];
  }
  return [
    {
      key: "invitees",
      audience,
      digestable: false,
      calendar: {
        meeting: str(d.meeting),
        method: "CANCEL",
        sequence: m.sequence + 1,
        start: m.start,
        end: m.end,
        regulation14A: reg14A(m.basis),
      },
      words: {
        subject: `Priority-issue meeting on ${formatDateTime(m.start)} cancelled`,
        paragraphs: [
          `The priority-issue meeting that was to start at ${formatDateTime(m.start)} has been cancelled.`,
          reason ? `Reason: ${reason}` : "",
          "The attached file removes it from your calendar.",
        ].filter(Boolean),
        link,
      },
    },
  ];
}

function actionNotices(e: EventView, f: Facts): Notice[] {
  if (e.type !== "meeting.action-overdue") return [];
  const d = e.data;
  const partner = str(d.partner);
  const link = { href: pageOf(f.baseUrl, str(d.action)), text: "Read the action in the mesh" };
  const due = when(d.dueTime);
  return [
    {
      key: "owner",
      audience: { partners: [partner], roles: ["csp-chair", "csp-officer"] },
      digestable: false,
      words: {
        subject: "An action for your partnership is overdue",
        paragraphs: [`An action from a priority-issue meeting was due by ${due} and is still open.`],
        link: { ...link, text: "Report progress on the action" },
      },
    },
    {
      key: "opcc",
      audience: { roles: OPCC },
      digestable: false,
      words: {
        subject: `Overdue action: ${f.partnerName(partner)}`,
        paragraphs: [`An action given to ${f.partnerName(partner)} was due by ${due} and is still open.`],
        link,
      },
    },
  ];
}

/** The notices an event causes (none for most). */
export function noticesFor(e: EventView, f: Facts): Notice[] {
  if (e.type.startsWith("report.")) return reportNotices(e, f);
  if (e.type.startsWith("meeting.action")) return actionNotices(e, f);
  if (e.type.startsWith("meeting.")) return meetingNotices(e, f);
  if (e.type.startsWith("grant.")) return grantNotices(e, f);
  if (e.type.startsWith("combination.")) return combinationNotices(e, f);
  return [];
}

/** A reminder falls due: the report or action is not in yet. */
export interface ReminderView {
  subject: string;
  kind: "report" | "action";
  partner: string;
  dueTime: Date;
  title: string;
  classification: Classification;
}

export function reminderNotice(r: ReminderView, baseUrl: string): Notice {
  const link = { href: pageOf(baseUrl, r.subject), text: "" };
  if (r.kind === "report") {
    return {
      key: "officers",
      audience: { partners: [r.partner], roles: ["csp-officer"] },
      digestable: true,
      words: {
        subject:
          r.classification === SENSITIVE || !r.title
            ? `Reminder: report due by ${formatDateTime(r.dueTime)}`
            : `Reminder: report due by ${formatDateTime(r.dueTime)}: ${r.title}`,
        paragraphs: [
          `Your partnership's report is due by ${formatDateTime(r.dueTime)} and has not been submitted yet.`,
        ],
        link: { ...link, text: "Finish and submit your report" },
      },
    };
  }
  return {
    key: "owner",
    audience: { partners: [r.partner], roles: ["csp-chair", "csp-officer"] },
    digestable: true,
    words: {
      subject: `Reminder: an action is due by ${formatDateTime(r.dueTime)}`,
      paragraphs: [
        `An action from a priority-issue meeting given to your partnership is due by ${formatDateTime(r.dueTime)} and is still open.`,
      ],
      link: { ...link, text: "Report progress on the action" },
    },
  };
}

/** A partner's webhook subscription was paused by the mesh after repeated failures. */
export function pausedNotice(
  sub: { name: string; owner: string; url: string; reason: string },
  baseUrl: string,
): Notice {
  return {
    key: "chair",
    audience: { partners: [sub.owner], roles: ["csp-chair"] },
    digestable: false,
    words: {
      subject: "Your partnership's webhook subscription has been paused",
      paragraphs: [
        `The mesh could not deliver events to ${sub.url} and has paused ${sub.name}: ${sub.reason}.`,
        "Events are kept while it is paused. When the endpoint answers again, resume the subscription and they will be delivered.",
      ],
      link: { href: `${baseUrl.replace(/\/+$/, "")}/api-docs`, text: "Manage webhook subscriptions (REST API)" },
    },
  };
}

/** The daily digest of someone's waiting notices. */
export function digestWords(items: { subject: string; href: string }[], day: string, baseUrl: string): EmailWords {
  return {
    subject: `Your daily summary from the mesh: ${items.length} ${items.length === 1 ? "update" : "updates"}`,
    paragraphs: [`These are the updates for you since your last summary (${day}).`],
    items: items.map((i) => ({ text: i.subject, href: i.href })),
    link: { href: baseUrl, text: "Sign in to the mesh" },
  };
}
