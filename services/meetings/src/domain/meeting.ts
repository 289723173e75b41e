/**
 * The rules of a priority-issue meeting (reg 14A), pure: what each state allows, how an invitation
 * may be answered, and when silence or a refusal is non-compliance. No I/O; unit-tested.
 */

export const MEETING_STATES = ["DRAFT", "CONVENED", "HELD", "MINUTES_APPROVED", "CANCELLED"] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const BASES = ["REG_14A_REQUIREMENT", "INVITATION"] as const;
export type Basis = (typeof BASES)[number];

export const INVITATION_STATES = ["INVITED", "ACCEPTED", "DELEGATED", "DECLINED", "NO_RESPONSE"] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const RESPONSES = ["ACCEPTED", "DELEGATED", "DECLINED"] as const;
export type Response = (typeof RESPONSES)[number];

export const ATTENDANCE = ["PRESENT", "APOLOGIES", "ABSENT"] as const;
export type AttendanceMark = (typeof ATTENDANCE)[number];

export type MeetingAction =
  | "convene"
  | "reschedule"
  | "cancel"
  | "record-attendance"
  | "save-minutes"
  | "circulate-minutes"
  | "approve-minutes"
  | "save-agenda"
  | "publish-agenda"
  | "add-paper";

const ALLOWED: Record<MeetingAction, { from: readonly MeetingState[]; to?: MeetingState }> = {
  convene: { from: ["DRAFT"], to: "CONVENED" },
  reschedule: { from: ["DRAFT", "CONVENED"] },
  cancel: { from: ["DRAFT", "CONVENED"], to: "CANCELLED" },
  "record-attendance": { from: ["CONVENED", "HELD"], to: "HELD" },
  "save-minutes": { from: ["HELD"] },
  "circulate-minutes": { from: ["HELD"] },
  "approve-minutes": { from: ["HELD"], to: "MINUTES_APPROVED" },
  "save-agenda": { from: ["DRAFT", "CONVENED"] },
  // Published to invitees, so only once they are known.
  "publish-agenda": { from: ["CONVENED"] },
  "add-paper": { from: ["CONVENED", "HELD"] },
};

const ACTION_WORDS: Record<MeetingAction, string> = {
  convene: "convened",
  reschedule: "rescheduled",
  cancel: "cancelled",
  "record-attendance": "have its attendance recorded",
  "save-minutes": "have minutes written",
  "circulate-minutes": "have minutes circulated",
  "approve-minutes": "have its minutes approved",
  "save-agenda": "have its agenda changed",
  "publish-agenda": "have its agenda published",
  "add-paper": "have papers added",
};

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; field?: string };

/** The state a meeting moves to, or why it cannot (FAILED_PRECONDITION). */
export function meetingTransition(state: MeetingState, action: MeetingAction): Outcome<MeetingState> {
  const rule = ALLOWED[action];
  if (!rule.from.includes(state))
    return {
      ok: false,
      message: `a ${state.toLowerCase().replace("_", " ")} meeting cannot be ${ACTION_WORDS[action]}`,
    };
  return { ok: true, value: rule.to ?? state };
}

/** Times a meeting may be held at: end after start, start in the future, deadline before the start. */
export function timingProblems(
  t: { start: Date; end: Date; responseDeadline: Date },
  now: Date,
  prefix = "meeting.",
): { field: string; description: string }[] {
  const out: { field: string; description: string }[] = [];
  if (t.start.getTime() <= now.getTime())
    out.push({ field: `${prefix}start_time`, description: "the meeting must start in the future" });
  if (t.end.getTime() <= t.start.getTime())
    out.push({ field: `${prefix}end_time`, description: "the meeting must end after it starts" });
  if (t.end.getTime() - t.start.getTime() > 12 * 3600_000)
    out.push({ field: `${prefix}end_time`, description: "a meeting may last at most 12 hours" });
  if (t.responseDeadline.getTime() > t.start.getTime())
    out.push({ field: `${prefix}response_deadline`, description: "responses must be due before the meeting starts" });
  return out;
}

export interface InvitationFacts {
  state: InvitationState;
  nonCompliance: boolean;
}

/**
 * An invited partnership's answer. Accepting names the representative who will attend; delegating
 * names the substitute; declining needs reasons, and declining a reg 14A requirement is recorded as
 * non-compliance. A late answer after NO_RESPONSE is taken, but the missed deadline stays on record.
 */
export function respond(
  basis: Basis,
  current: InvitationFacts,
  response: Response,
  representative: string,
  reasons: string,
): Outcome<InvitationFacts> {
  if ((response === "ACCEPTED" || response === "DELEGATED") && representative.trim() === "")
    return {
      ok: false,
      field: "representative",
      message:
        response === "ACCEPTED"
          ? "name the representative who will attend"
          : "name the substitute attending in the representative's place",
    };
  if (response === "DECLINED" && reasons.trim().length < 5)
    return { ok: false, field: "reasons", message: "give the reasons for declining (at least 5 characters)" };
  const refusal = basis === "REG_14A_REQUIREMENT" && response === "DECLINED";
  return { ok: true, value: { state: response, nonCompliance: refusal || current.state === "NO_RESPONSE" } };
}

/**
 * Minutes go out for comment to the partnerships recorded as present; they may then be revised
 * (saving clears nothing) and are approved only once circulated, so no attendee is bypassed.
 */
export function minutesProblem(
  action: "circulate" | "comment" | "approve",
  minutes: { text: string; circulated?: boolean; approved: boolean } | undefined,
): string | undefined {
  if (!minutes?.text)
    return action === "comment" ? "there are no minutes to comment on" : `there are no minutes to ${action}`;
  if (action === "comment" && !minutes.circulated) return "the minutes have not been circulated for comment";
  if (action === "approve" && !minutes.circulated)
    return "circulate the minutes to the partnerships that attended before approving them";
  return undefined;
}

/** The invitation after its response deadline passed unanswered. */
export function noResponse(basis: Basis): InvitationFacts {
  return { state: "NO_RESPONSE", nonCompliance: basis === "REG_14A_REQUIREMENT" };
}

export const ACTION_STATUSES = ["OPEN", "DONE", "DROPPED"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An action's status change: OPEN -> DONE or DROPPED (with reasons); a finished action is final. */
export function actionTransition(current: ActionStatus, next: ActionStatus, reasons: string): Outcome<ActionStatus> {
  if (next === current) return { ok: true, value: current };
  if (current !== "OPEN") return { ok: false, message: `the action is already ${current.toLowerCase()}` };
  if (next === "DROPPED" && reasons.trim().length < 5)
    return { ok: false, field: "reasons", message: "give the reasons for dropping the action (at least 5 characters)" };
  return { ok: true, value: next };
}
