import type { RequestDoc } from "./documents";
import { type AssignmentChange, assignmentChange } from "./requests-store";

const at = new Date("2026-11-02T10:00:00Z");
const slot = (partner: string, state: string, latestVersion = 0) => ({
  partner,
  state,
  latestVersion,
  reasons: "",
  updateTime: at,
  overdueRaised: false,
});
const request = (over: Partial<RequestDoc> = {}): RequestDoc =>
  ({
    _id: "reportRequests/r1",
    withdrawn: false,
    assignments: [slot("partners/csp-a", "REQUESTED"), slot("partners/csp-b", "SUBMITTED", 1)],
    addresseeStates: ["partners/csp-a|REQUESTED", "partners/csp-b|SUBMITTED"],
    history: [],
    ...over,
  }) as unknown as RequestDoc;
const change = (over: Partial<AssignmentChange> = {}): AssignmentChange => ({
  partner: "partners/csp-a",
  action: "acknowledge",
  actor: "people/a",
  events: () => [],
  ...over,
});

describe("an addressee's change as the kit's partial write", () => {
  test("writes that addressee's slot alone, guarded by the slot as read, and pushes one history entry", () => {
    const c = assignmentChange(request(), change({ command: "req-1#h" }));
    expect(c?.partial?.guard).toEqual({
      withdrawn: false,
      "assignments.0.state": "REQUESTED",
      "assignments.0.latestVersion": 0,
    });
    expect(Object.keys(c?.partial?.set ?? {}).sort()).toEqual(["addresseeStates.0", "assignments.0"]);
    expect(c?.partial?.set["addresseeStates.0"]).toBe("partners/csp-a|ACKNOWLEDGED");
    expect(c?.partial?.push?.history).toMatchObject({
      partner: "partners/csp-a",
      from: "REQUESTED",
      to: "ACKNOWLEDGED",
      command: "req-1#h",
    });
    // The other addressee's slot is neither written nor read as a condition.
    expect(JSON.stringify(c?.partial)).not.toContain("assignments.1");
    // The caller still sees the whole document after the change.
    expect(c?.set.addresseeStates).toEqual(["partners/csp-a|ACKNOWLEDGED", "partners/csp-b|SUBMITTED"]);
    expect(c?.set.history).toHaveLength(1);
  });

  test("the events are made from the document after the change", () => {
    let seen: string[] = [];
    assignmentChange(
      request(),
      change({
        events: ({ state, doc }) => {
          seen = [state, ...doc.addresseeStates];
          return [];
        },
      }),
    );
    expect(seen).toEqual(["ACKNOWLEDGED", "partners/csp-a|ACKNOWLEDGED", "partners/csp-b|SUBMITTED"]);
  });

  test("refuses a move the lifecycle forbids, a stale version, a withdrawn request and a stranger", () => {
    expect(() => assignmentChange(request(), change({ action: "accept" }))).toThrow();
    expect(() =>
      assignmentChange(request(), change({ partner: "partners/csp-b", action: "accept", reviewedVersion: 2 })),
    ).toThrow("version 2 is no longer the latest");
    expect(() =>
      assignmentChange(request(), change({ partner: "partners/csp-b", action: "submit", newVersion: 3 })),
    ).toThrow("another version was submitted");
    expect(() => assignmentChange(request({ withdrawn: true }), change())).toThrow("has been withdrawn");
    expect(() => assignmentChange(request(), change({ partner: "partners/csp-z" }))).toThrow("is not an addressee");
  });
});
