/**
 * The per-addressee lifecycle of a report request (after FHIR Task's fulfilment states).
 * Pure: which action is allowed from which state, and what it leads to.
 */
export const ADDRESSEE_STATES = [
  "REQUESTED",
  "ACKNOWLEDGED",
  "DRAFT",
  "SUBMITTED",
  "ACCEPTED",
  "RETURNED",
  "WITHDRAWN",
] as const;
export type AddresseeState = (typeof ADDRESSEE_STATES)[number];

export const LIFECYCLE_ACTIONS = ["acknowledge", "save-draft", "submit", "accept", "return", "withdraw"] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** Who takes each action: the addressed partnership, or the OPCC. */
export const ACTOR_OF: Record<LifecycleAction, "addressee" | "opcc"> = {
  acknowledge: "addressee",
  "save-draft": "addressee",
  submit: "addressee",
  accept: "opcc",
  return: "opcc",
  withdraw: "opcc",
};

const OPEN_FOR_WORK: AddresseeState[] = ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"];

/**
 * action -> states it may start from -> resulting state. A CSP may send a corrected version while
 * the OPCC has not yet reviewed the last one (SUBMITTED -> SUBMITTED); a review always concerns the
 * latest version.
 */
export const TRANSITIONS: Record<LifecycleAction, { from: AddresseeState[]; to: AddresseeState }> = {
  acknowledge: { from: ["REQUESTED"], to: "ACKNOWLEDGED" },
  "save-draft": { from: OPEN_FOR_WORK, to: "DRAFT" },
  submit: { from: [...OPEN_FOR_WORK, "SUBMITTED"], to: "SUBMITTED" },
  accept: { from: ["SUBMITTED"], to: "ACCEPTED" },
  return: { from: ["SUBMITTED"], to: "RETURNED" },
  withdraw: { from: ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "SUBMITTED", "RETURNED"], to: "WITHDRAWN" },
};

/** States in which the partnership still owes the OPCC something: these can be overdue. */
export const AWAITING_PARTNER: readonly AddresseeState[] = OPEN_FOR_WORK;
/** States nothing can leave. */
export const FINAL_STATES: readonly AddresseeState[] = ["ACCEPTED", "WITHDRAWN"];

export function allowedActions(state: AddresseeState): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(state));
}

export type TransitionResult = { ok: true; to: AddresseeState } | { ok: false; message: string };

export function transition(state: AddresseeState, action: LifecycleAction): TransitionResult {
  const t = TRANSITIONS[action];
  if (t.from.includes(state)) return { ok: true, to: t.to };
  const allowed = allowedActions(state);
  return {
    ok: false,
    message:
      `cannot ${action} a report that is ${state}; ` +
      (allowed.length > 0 ? `allowed now: ${allowed.join(", ")}` : "nothing more can happen to it"),
  };
}

/** OVERDUE is derived, never stored: the partnership still owes the report and the due time has passed. */
export function isOverdue(state: AddresseeState, dueTime: Date, now: Date): boolean {
  return AWAITING_PARTNER.includes(state) && now.getTime() > dueTime.getTime();
}
