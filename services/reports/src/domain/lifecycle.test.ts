import {
  ADDRESSEE_STATES,
  type AddresseeState,
  allowedActions,
  isOverdue,
  LIFECYCLE_ACTIONS,
  type LifecycleAction,
  transition,
} from "./lifecycle";

/** The whole state machine written out: state -> action -> next state, or "x" when illegal. */
const TABLE: Record<AddresseeState, Record<LifecycleAction, AddresseeState | "x">> = {
  REQUESTED: {
    acknowledge: "ACKNOWLEDGED",
    "save-draft": "DRAFT",
    submit: "SUBMITTED",
    accept: "x",
    return: "x",
    withdraw: "WITHDRAWN",
  },
  ACKNOWLEDGED: {
    acknowledge: "x",
    "save-draft": "DRAFT",
    submit: "SUBMITTED",
    accept: "x",
    return: "x",
    withdraw: "WITHDRAWN",
  },
  DRAFT: {
    acknowledge: "x",
    "save-draft": "DRAFT",
    submit: "SUBMITTED",
    accept: "x",
    return: "x",
    withdraw: "WITHDRAWN",
  },
  SUBMITTED: {
    acknowledge: "x",
    "save-draft": "x",
    submit: "SUBMITTED",
    accept: "ACCEPTED",
    return: "RETURNED",
    withdraw: "WITHDRAWN",
  },
  RETURNED: {
    acknowledge: "x",
    "save-draft": "DRAFT",
    submit: "SUBMITTED",
    accept: "x",
    return: "x",
    withdraw: "WITHDRAWN",
  },
  ACCEPTED: { acknowledge: "x", "save-draft": "x", submit: "x", accept: "x", return: "x", withdraw: "x" },
  WITHDRAWN: { acknowledge: "x", "save-draft": "x", submit: "x", accept: "x", return: "x", withdraw: "x" },
};

describe("report lifecycle", () => {
  const cells = ADDRESSEE_STATES.flatMap((s) => LIFECYCLE_ACTIONS.map((a) => [s, a, TABLE[s][a]] as const));

  test.each(cells)("%s + %s -> %s", (state, action, expected) => {
    const r = transition(state, action);
    if (expected === "x") {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain(state);
        const allowed = allowedActions(state);
        if (allowed.length > 0) for (const a of allowed) expect(r.message).toContain(a);
        else expect(r.message).toContain("nothing more");
      }
    } else {
      expect(r).toEqual({ ok: true, to: expected });
    }
  });

  test("final states allow nothing", () => {
    expect(allowedActions("ACCEPTED")).toEqual([]);
    expect(allowedActions("WITHDRAWN")).toEqual([]);
  });

  test("overdue only while the partnership still owes the report and the due time has passed", () => {
    const due = new Date("2026-03-01T17:00:00Z");
    const after = new Date("2026-03-01T17:00:01Z");
    const before = new Date("2026-03-01T16:59:59Z");
    for (const s of ADDRESSEE_STATES) {
      expect(isOverdue(s, due, before)).toBe(false);
      expect(isOverdue(s, due, after)).toBe(["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"].includes(s));
    }
  });
});
