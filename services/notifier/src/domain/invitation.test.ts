import { calendarUid } from "@csp-mesh/kit";
import ical from "node-ical";
import { invitationIcs } from "./invitation";

test("the attached file: the meeting's own UID and sequence, a generic summary, CANCEL when cancelled", () => {
  const invite = {
    meeting: "meetings/m-1",
    method: "CANCEL" as const,
    sequence: 3,
    start: new Date("2027-03-01T10:00:00Z"),
    end: new Date("2027-03-01T11:00:00Z"),
    regulation14A: true,
  };
  const ics = invitationIcs(invite, "https://mesh.example/meetings/m-1", "noreply@mesh.example");
  const ev = Object.values(ical.sync.parseICS(ics)).find((c) => c?.type === "VEVENT") as unknown as {
    uid: string;
    sequence: string;
    start: Date;
    summary: string;
    status: string;
  };
  expect(ics).toContain("METHOD:CANCEL");
  expect(ev.uid).toBe(calendarUid("meetings/m-1"));
  expect(Number(ev.sequence)).toBe(3);
  expect(ev.start.toISOString()).toBe("2027-03-01T10:00:00.000Z");
  expect(ev.summary).toBe("Priority-issue meeting (attendance required, reg 14A)");
  expect(ev.status).toBe("CANCELLED");
});
