import { calendarUid } from "@csp-mesh/kit";
import ical from "node-ical";
import type { MeetingDoc } from "../store/documents";
import { feedCalendar, meetingCalendar } from "./calendar";

const meeting = (start: string, end: string, over: Partial<MeetingDoc> = {}) =>
  ({
    _id: "meetings/m-1",
    title: "County lines",
    basis: "REG_14A_REQUIREMENT",
    state: "CONVENED",
    start: new Date(start),
    end: new Date(end),
    place: "Kent Police HQ",
    onlineJoining: "",
    sequence: 0,
    updateTime: new Date("2027-03-01T12:00:00Z"),
    ...over,
  }) as MeetingDoc;

const londonTime = (d: Date) =>
  d.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });

function event(ics: string) {
  const e = Object.values(ical.sync.parseICS(ics)).find((c) => c?.type === "VEVENT") as unknown as {
    uid: string;
    start: Date;
    end: Date;
    sequence: string;
  };
  return e;
}

describe("meeting calendar (parsed with node-ical)", () => {
  test("10am London either side of the clock change is 10:00 in London, whatever UTC says", () => {
    // 27 March 2027 is GMT; 29 March 2027 is BST (clocks go forward on the 28th).
    const before = event(
      meetingCalendar(meeting("2027-03-27T10:00:00Z", "2027-03-27T12:00:00Z"), { organiserName: "OPCC" }),
    );
    const after = event(
      meetingCalendar(meeting("2027-03-29T09:00:00Z", "2027-03-29T11:00:00Z"), { organiserName: "OPCC" }),
    );
    expect(before.start.toISOString()).toBe("2027-03-27T10:00:00.000Z");
    expect(after.start.toISOString()).toBe("2027-03-29T09:00:00.000Z");
    expect([londonTime(before.start), londonTime(after.start)]).toEqual(["10:00", "10:00"]);
  });

  test("the UID is stable, SEQUENCE follows the meeting, a cancellation is METHOD:CANCEL", () => {
    const ics = meetingCalendar(meeting("2027-05-01T09:00:00Z", "2027-05-01T10:00:00Z", { sequence: 2 }), {
      organiserName: "OPCC",
    });
    expect(event(ics).uid).toBe(calendarUid("meetings/m-1"));
    expect(String(event(ics).sequence)).toBe("2");
    const cancelled = meetingCalendar(
      meeting("2027-05-01T09:00:00Z", "2027-05-01T10:00:00Z", { state: "CANCELLED", sequence: 3 }),
      { organiserName: "OPCC" },
    );
    expect(cancelled).toContain("METHOD:CANCEL");
    expect(cancelled).toContain("STATUS:CANCELLED");
  });
});

describe("a partnership's calendar feed", () => {
  test("every meeting one event; OFFICIAL-SENSITIVE ones keep their times but not their title, place or joining details", () => {
    const open = meeting("2027-03-27T10:00:00Z", "2027-03-27T12:00:00Z", { classification: "OFFICIAL" });
    const secret = meeting("2027-03-29T09:00:00Z", "2027-03-29T11:00:00Z", {
      _id: "meetings/m-2",
      title: "Named offenders",
      classification: "OFFICIAL-SENSITIVE",
      onlineJoining: "https://meet.example/secret-room",
      state: "CANCELLED",
    });
    const ics = feedCalendar([open, secret], "csp-mesh meetings (csp-dover)", { organiserName: "OPCC" });
    expect(ics).not.toContain("METHOD:CANCEL");
    const events = Object.values(ical.sync.parseICS(ics)).filter((c) => c?.type === "VEVENT") as unknown as {
      uid: string;
      summary: string;
      location?: string;
      status: string;
      start: Date;
    }[];
    expect(events.map((e) => e.uid)).toEqual([calendarUid("meetings/m-1"), calendarUid("meetings/m-2")]);
    expect(events[0]?.summary).toBe("County lines");
    const hidden = events[1];
    expect(hidden?.summary).not.toContain("Named offenders");
    expect(hidden?.location ?? "").toBe("");
    expect(ics).not.toContain("secret-room");
    expect(hidden?.status).toBe("CANCELLED");
    expect(londonTime(hidden?.start as Date)).toBe("10:00");
  });
});
