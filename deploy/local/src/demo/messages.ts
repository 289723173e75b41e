/**
 * The demonstration's content as csp.*.v1 request messages (proto-loader objects: camelCase, enums
 * by name, timestamps as {seconds, nanos}). Pure, so the unit test can send each one through the
 * real proto encoding and the services' own request schemas.
 */
import { toTimestamp } from "@csp-mesh/kit";
import type { ContentSpec, DemoAssessment } from "./assessments-content";
import type {
  ActionSpec,
  AgendaItemSpec,
  HeldMeeting,
  InvitationAnswer,
  MeetingSpec,
  PaperSpec,
} from "./meetings-content";
import { PARTNERS } from "./plan";
import type { Answers, RequestSpec, SectionSpec } from "./reports-content";

const OFFICIAL = "CLASSIFICATION_OFFICIAL";

export function sectionsToProto(sections: SectionSpec[]) {
  return sections.map((s) => ({
    id: s.id,
    title: s.title,
    help: s.help,
    type: `SECTION_TYPE_${s.type}`,
    required: s.required,
    options: s.options,
    ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
    ...(s.min !== undefined ? { min: s.min } : {}),
    ...(s.max !== undefined ? { max: s.max } : {}),
  }));
}

/** Answers by section id as Answer messages: the oneof member the section's type takes. */
export function answersToProto(sections: SectionSpec[], answers: Answers) {
  return Object.entries(answers).map(([sectionId, v]) => {
    const type = sections.find((s) => s.id === sectionId)?.type;
    switch (type) {
      case "NUMBER":
        return { sectionId, number: Number(v) };
      case "DATE":
        return { sectionId, date: String(v) };
      case "SINGLE_CHOICE":
        return { sectionId, choice: String(v) };
      case "MULTIPLE_CHOICE":
        return { sectionId, choices: { values: Array.isArray(v) ? v : [String(v)] } };
      case "TEXT":
        return { sectionId, text: String(v) };
      default:
        throw new Error(`no section ${sectionId} to answer`);
    }
  });
}

/** CreateReportRequestRequest: OFFICIAL, addressed to the spec's partnerships. */
export function createRequestMessage(spec: RequestSpec, requestId: string) {
  return {
    reportRequest: {
      title: spec.title,
      issueOfConcern: spec.issueOfConcern,
      addressees: spec.addressees.map((p) => ({ partner: PARTNERS[p] })),
      sections: sectionsToProto(spec.sections),
      dueTime: toTimestamp(spec.due),
      classification: OFFICIAL,
      legalBasis: `LEGAL_BASIS_${spec.legalBasis}`,
      ...(spec.formalS7 ? { formalS7: spec.formalS7 } : {}),
    },
    requestId,
  };
}

/** SubmitReportRequest with the answers given (not from a draft). */
export function submitMessage(
  spec: RequestSpec,
  parent: string,
  answers: Answers,
  attachments: string[],
  requestId: string,
) {
  return { parent, answers: answersToProto(spec.sections, answers), attachments, requestId };
}

/** ReviewSubmissionRequest: accepted, or returned when reasons are given. */
export function reviewMessage(
  name: string,
  partner: string,
  version: number,
  reasons: string | undefined,
  requestId: string,
) {
  return {
    name,
    partner,
    version,
    decision: reasons === undefined ? "REVIEW_DECISION_ACCEPT" : "REVIEW_DECISION_RETURN",
    reasons: reasons ?? "",
    requestId,
  };
}

/** CreateMeetingRequest: a reg 14A requirement, OFFICIAL, inviting the spec's partnerships. */
export function createMeetingMessage(m: MeetingSpec, requestId: string) {
  return {
    meeting: {
      title: m.title,
      purpose: m.purpose,
      basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
      startTime: toTimestamp(m.start),
      endTime: toTimestamp(m.end),
      responseDeadline: toTimestamp(m.responseDeadline),
      place: m.place,
      onlineJoining: m.onlineJoining,
      classification: OFFICIAL,
      invitations: m.invitations.map((p) => ({ partner: PARTNERS[p] })),
      allActiveCsps: false,
    },
    requestId,
  };
}

export function respondMessage(name: string, a: InvitationAnswer, requestId: string) {
  return {
    name,
    response: `INVITATION_STATE_${a.response}`,
    representative: a.representative,
    reasons: a.reasons,
    requestId,
  };
}

/** SaveAgendaRequest: every item new (empty id); the OPCC presents where no partnership is named. */
export function agendaMessage(name: string, items: AgendaItemSpec[]) {
  return {
    name,
    items: items.map((i) => ({
      id: "",
      title: i.title,
      description: i.description,
      presenter: i.presenter ? PARTNERS[i.presenter] : "",
      minutesAllotted: i.minutesAllotted,
      links: i.links,
    })),
  };
}

/** UploadPaperMetadata: for every invitee, at the meeting's classification. */
export function paperMetadata(meeting: string, agendaItem: string, p: PaperSpec) {
  return { meeting, agendaItem, title: p.title, filename: p.filename, audience: [] };
}

export function attendanceMessage(name: string, held: HeldMeeting, requestId: string) {
  return {
    name,
    attendance: held.attendance.map((a) => ({
      partner: PARTNERS[a.partnership],
      attendance: `ATTENDANCE_${a.attendance}`,
      attendee: a.attendee,
    })),
    requestId,
  };
}

export function createActionMessage(meeting: string, a: ActionSpec, requestId: string) {
  return {
    action: { meeting, owner: PARTNERS[a.owner], description: a.description, dueTime: toTimestamp(a.due) },
    requestId,
  };
}

/** UpdateActionRequest from the owner: a progress note, finishing the action when it says so. */
export function progressMessage(name: string, a: ActionSpec, requestId: string) {
  return {
    name,
    status: a.progress?.done ? "ACTION_STATUS_DONE" : "ACTION_STATUS_UNSPECIFIED",
    note: a.progress?.note ?? "",
    reasons: "",
    requestId,
  };
}

/** OpenCycleRequest on the mesh's default template (none given), compiled from accepted versions. */
export function openCycleMessage(a: DemoAssessment, requestId: string) {
  return {
    cycle: {
      year: a.year,
      title: a.title,
      dueTime: toTimestamp(a.due),
      partners: a.partnerships.map((p) => PARTNERS[p]),
      allActiveCsps: false,
      compileFrom: "COMPILE_FROM_ACCEPTED",
      classification: OFFICIAL,
    },
    requestId,
  };
}

export function contentToProto(c: ContentSpec) {
  return {
    priorities: c.priorities,
    indicators: c.indicators.map((i) => ({
      ...i,
      unit: `UNIT_${i.unit}`,
      trend: i.trend ? `TREND_${i.trend}` : "TREND_UNSPECIFIED",
    })),
    // int64 travels as a decimal string with the mesh's proto-loader settings.
    population: String(c.population),
    emergingThreats: c.emergingThreats,
    communityViews: c.communityViews,
    narrative: c.narrative,
  };
}
