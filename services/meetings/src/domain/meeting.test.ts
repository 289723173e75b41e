import { actionTransition, meetingTransition, noResponse, respond, timingProblems } from "./meeting";

describe("meeting lifecycle", () => {
  test("convene, hold, approve minutes; cancel only before it is held", () => {
    expect(meetingTransition("DRAFT", "convene")).toEqual({ ok: true, value: "CONVENED" });
    expect(meetingTransition("CONVENED", "record-attendance")).toEqual({ ok: true, value: "HELD" });
    expect(meetingTransition("HELD", "approve-minutes")).toEqual({ ok: true, value: "MINUTES_APPROVED" });
    expect(meetingTransition("CONVENED", "cancel")).toEqual({ ok: true, value: "CANCELLED" });
    expect(meetingTransition("HELD", "cancel").ok).toBe(false);
    expect(meetingTransition("MINUTES_APPROVED", "save-minutes").ok).toBe(false);
    expect(meetingTransition("CANCELLED", "reschedule").ok).toBe(false);
    expect(meetingTransition("CONVENED", "convene").ok).toBe(false);
  });

  test("timing: future start, end after start, answers due before the start", () => {
    const now = new Date("2027-01-10T12:00:00Z");
    const ok = {
      start: new Date("2027-02-01T10:00:00Z"),
      end: new Date("2027-02-01T12:00:00Z"),
      responseDeadline: new Date("2027-01-25T17:00:00Z"),
    };
    expect(timingProblems(ok, now)).toEqual([]);
    expect(
      timingProblems({ ...ok, end: ok.start, responseDeadline: new Date("2027-02-02T00:00:00Z") }, now).map(
        (p) => p.field,
      ),
    ).toEqual(["meeting.end_time", "meeting.response_deadline"]);
    expect(timingProblems({ ...ok, start: new Date("2027-01-01T00:00:00Z") }, now)[0]?.field).toBe(
      "meeting.start_time",
    );
  });
});

describe("invitations under reg 14A", () => {
  const invited = { state: "INVITED" as const, nonCompliance: false };

  test("accepting or delegating names who attends", () => {
    expect(respond("REG_14A_REQUIREMENT", invited, "ACCEPTED", "Morgan Clarke", "")).toEqual({
      ok: true,
      value: { state: "ACCEPTED", nonCompliance: false },
    });
    expect(respond("INVITATION", invited, "DELEGATED", " ", "")).toMatchObject({ ok: false, field: "representative" });
  });

  test("declining a requirement is non-compliance; declining an invitation is not; reasons are required", () => {
    expect(respond("REG_14A_REQUIREMENT", invited, "DECLINED", "", "Chair is on leave")).toEqual({
      ok: true,
      value: { state: "DECLINED", nonCompliance: true },
    });
    expect(respond("INVITATION", invited, "DECLINED", "", "Chair is on leave")).toEqual({
      ok: true,
      value: { state: "DECLINED", nonCompliance: false },
    });
    expect(respond("INVITATION", invited, "DECLINED", "", "")).toMatchObject({ ok: false, field: "reasons" });
  });

  test("silence past the deadline: NO_RESPONSE, non-compliance for a requirement, kept on a late answer", () => {
    expect(noResponse("REG_14A_REQUIREMENT")).toEqual({ state: "NO_RESPONSE", nonCompliance: true });
    expect(noResponse("INVITATION")).toEqual({ state: "NO_RESPONSE", nonCompliance: false });
    const late = respond("INVITATION", { state: "NO_RESPONSE", nonCompliance: false }, "ACCEPTED", "Sam", "");
    expect(late).toEqual({ ok: true, value: { state: "ACCEPTED", nonCompliance: true } });
  });
});

describe("actions", () => {
  test("open until done or dropped with reasons; then final", () => {
    expect(actionTransition("OPEN", "DONE", "")).toEqual({ ok: true, value: "DONE" });
    expect(actionTransition("OPEN", "DROPPED", "")).toMatchObject({ ok: false, field: "reasons" });
    expect(actionTransition("OPEN", "DROPPED", "Superseded by the county plan")).toEqual({
      ok: true,
      value: "DROPPED",
    });
    expect(actionTransition("DONE", "OPEN", "").ok).toBe(false);
    expect(actionTransition("OPEN", "OPEN", "")).toEqual({ ok: true, value: "OPEN" });
  });
});
