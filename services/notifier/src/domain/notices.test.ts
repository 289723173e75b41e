import { noticesFor, pageOf, reminderNotice } from "./notices";

const facts = {
  baseUrl: "https://mesh.example/",
  partnerName: (p: string) => (p === "partners/csp-a" ? "Ashford CSP" : p),
};
const event = (
  type: string,
  data: Record<string, unknown>,
  classification: "OFFICIAL" | "OFFICIAL-SENSITIVE" = "OFFICIAL",
) => ({
  id: "e-1",
  type,
  subject: String(data.reportRequest ?? data.meeting ?? data.action),
  classification,
  data,
});
const requested = (c: "OFFICIAL" | "OFFICIAL-SENSITIVE") =>
  event(
    "report.requested",
    {
      reportRequest: "reportRequests/r-1",
      partner: "",
      addressees: ["partners/csp-a", "partners/csp-b"],
      title: "Knife crime near schools",
      legalBasis: "FORMAL_S7",
      dueTime: "2027-07-01T16:00:00Z",
    },
    c,
  );

describe("notices", () => {
  test("a new request goes to the addressees' officers, with its title, due time in London and link", () => {
    const [n] = noticesFor(requested("OFFICIAL"), facts);
    expect(n?.audience).toEqual({ partners: ["partners/csp-a", "partners/csp-b"], roles: ["csp-officer"] });
    expect(n?.words.subject).toBe("New report request: Knife crime near schools");
    expect(n?.words.paragraphs.join(" ")).toContain("5pm on 1 July 2027");
    expect(n?.words.paragraphs.join(" ")).toContain("section 7 of the Crime and Disorder Act 1998");
    expect(n?.words.link.href).toBe("https://mesh.example/requests/r-1");
    expect(n?.digestable).toBe(true);
  });

  test("OFFICIAL-SENSITIVE material: no title and no reasons in the email", () => {
    const [n] = noticesFor(requested("OFFICIAL-SENSITIVE"), facts);
    expect(JSON.stringify(n?.words)).not.toContain("Knife crime");
    const [r] = noticesFor(
      event(
        "report.returned",
        { reportRequest: "reportRequests/r-1", partner: "partners/csp-a", version: 2, reasons: "Names a victim" },
        "OFFICIAL-SENSITIVE",
      ),
      facts,
    );
    expect(JSON.stringify(r?.words)).not.toContain("victim");
  });

  test("an overdue report escalates to the partnership's chair and to the OPCC, never held for a digest", () => {
    const ns = noticesFor(
      event("report.overdue", {
        reportRequest: "reportRequests/r-1",
        partner: "partners/csp-a",
        dueTime: "2027-01-10T17:00:00Z",
      }),
      facts,
    );
    expect(ns.map((n) => n.audience)).toEqual([
      { partners: ["partners/csp-a"], roles: ["csp-chair"] },
      { roles: ["opcc-admin", "opcc-staff"] },
    ]);
    expect(ns[1]?.words.subject).toBe("Overdue report: Ashford CSP");
    expect(ns.every((n) => !n.digestable)).toBe(true);
  });

  test("a meeting move without the meeting as convened says nothing; with it, a PUBLISH at the new sequence", () => {
    const moved = event("meeting.rescheduled", {
      meeting: "meetings/m-1",
      partner: "",
      startTime: "2027-03-02T10:00:00Z",
      endTime: "2027-03-02T11:00:00Z",
      reason: "Clash",
      sequence: 1,
    });
    expect(noticesFor(moved, facts)).toEqual([]);
    const meeting = {
      invitees: ["partners/csp-a"],
      start: new Date("2027-03-01T10:00:00Z"),
      end: new Date("2027-03-01T11:00:00Z"),
      sequence: 0,
      basis: "INVITATION",
    };
    const [n] = noticesFor(moved, { ...facts, meeting });
    expect(n?.calendar).toMatchObject({ method: "PUBLISH", sequence: 1, meeting: "meetings/m-1" });
    expect(n?.words.paragraphs[0]).toContain("10am on 1 March 2027");
  });

  test("reminders name the due time; a sensitive report's reminder has no title", () => {
    const r = {
      subject: "reportRequests/r-1",
      kind: "report" as const,
      partner: "partners/csp-a",
      dueTime: new Date("2027-07-01T16:00:00Z"),
      title: "Knife crime",
    };
    expect(reminderNotice({ ...r, classification: "OFFICIAL" }, "https://m").words.subject).toBe(
      "Reminder: report due by 5pm on 1 July 2027: Knife crime",
    );
    expect(reminderNotice({ ...r, classification: "OFFICIAL-SENSITIVE" }, "https://m").words.subject).toBe(
      "Reminder: report due by 5pm on 1 July 2027",
    );
  });

  test("links: requests under /requests, meetings and actions as named", () => {
    expect(pageOf("https://m/", "meetings/m-1")).toBe("https://m/meetings/m-1");
    expect(pageOf("https://m", "actions/a-1")).toBe("https://m/actions/a-1");
  });
});
