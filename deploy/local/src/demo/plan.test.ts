import { readFileSync } from "node:fs";
import path from "node:path";
import { londonFields } from "@csp-mesh/kit";
import {
  assessmentYears,
  demoSwitch,
  demoTimes,
  HELD_MEETING_MS,
  LEAD_MS,
  lastTwelveMonths,
  officerOf,
  PARTNERS,
  type Partnership,
  PEOPLE,
  requestIdFor,
  workingDaysAfter,
} from "./plan";

describe("CSP_DEMO", () => {
  it("is on unless it says off, and anything else loads nothing and says why", () => {
    expect(demoSwitch(undefined)).toEqual({ on: true });
    expect(demoSwitch("")).toEqual({ on: true });
    expect(demoSwitch(" On ")).toEqual({ on: true });
    expect(demoSwitch("off")).toEqual({ on: false });
    expect(demoSwitch("OFF")).toEqual({ on: false });
    const bad = demoSwitch("no");
    expect(bad.on).toBe(false);
    expect(bad.problem).toMatch(/CSP_DEMO must be "on" or "off", not "no"/);
  });
});

describe("the demonstration's people and partnerships", () => {
  const file = path.resolve(__dirname, "../../../../services/directory/seed/kent-and-medway.demo.json");
  const seed = JSON.parse(readFileSync(file, "utf8")) as {
    partners: { id: string; kind: string }[];
    people: { id: string; partner: string; roles: string[] }[];
  };
  const person = (name: string) => seed.people.find((p) => `people/${p.id}` === name);

  it("are the seeded directory's: each partnership a CSP with its own officer", () => {
    for (const key of Object.keys(PARTNERS) as Partnership[]) {
      expect(seed.partners.find((p) => `partners/${p.id}` === PARTNERS[key])?.kind).toBe("CSP");
      const officer = person(officerOf(key));
      expect(officer?.roles).toContain("csp-officer");
      expect(`partners/${officer?.partner}`).toBe(PARTNERS[key]);
    }
  });

  it("act in roles the access policy lets them act in", () => {
    expect(person(PEOPLE.opcc)?.roles).toContain("opcc-staff");
    expect(person(PEOPLE.reviewer)?.roles).toContain("opcc-staff");
    expect(person(PEOPLE.panel)?.roles).toContain("panel-member");
    expect(person(PEOPLE.panel)?.partner).toBe("kent-medway-pcp");
  });
});

describe("working days and years", () => {
  it("skips weekends, across months and years", () => {
    expect(workingDaysAfter({ year: 2026, month: 7, day: 3 }, 1)).toEqual({ year: 2026, month: 7, day: 6 });
    expect(workingDaysAfter({ year: 2026, month: 7, day: 3 }, 5)).toEqual({ year: 2026, month: 7, day: 10 });
    expect(workingDaysAfter({ year: 2025, month: 12, day: 31 }, 2)).toEqual({ year: 2026, month: 1, day: 2 });
    expect(workingDaysAfter({ year: 2025, month: 12, day: 31 }, 3)).toEqual({ year: 2026, month: 1, day: 5 });
    // A Saturday counts from the Monday after.
    expect(workingDaysAfter({ year: 2026, month: 7, day: 4 }, 1)).toEqual({ year: 2026, month: 7, day: 6 });
  });

  it("assesses the next financial year to start, from figures for the one before", () => {
    expect(assessmentYears({ year: 2025, month: 12, day: 1 })).toEqual({ year: "2026/27", period: "2025/26" });
    expect(assessmentYears({ year: 2026, month: 3, day: 31 })).toEqual({ year: "2026/27", period: "2025/26" });
    expect(assessmentYears({ year: 2026, month: 4, day: 1 })).toEqual({ year: "2027/28", period: "2026/27" });
    expect(assessmentYears({ year: 2099, month: 6, day: 1 })).toEqual({ year: "2100/01", period: "2099/00" });
  });

  it("lists the twelve complete months before today", () => {
    const months = lastTwelveMonths({ year: 2026, month: 1, day: 15 });
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2025-01");
    expect(months[11]).toBe("2025-12");
    expect(lastTwelveMonths({ year: 2026, month: 7, day: 1 }).slice(-2)).toEqual(["2026-05", "2026-06"]);
  });
});

describe("the demonstration's times", () => {
  const weekday = (at: Date) => {
    const f = londonFields(at);
    return new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay();
  };
  const at5pmOnAWeekday = (at: Date) => {
    const f = londonFields(at);
    return f.hour === 17 && f.minute === 0 && weekday(at) >= 1 && weekday(at) <= 5;
  };

  it("give due times at 5pm London time, GMT and BST alike", () => {
    // Wednesday 14 January 2026 (GMT): 10 working days is Wednesday 28 January.
    expect(demoTimes(new Date("2026-01-14T10:00:00Z")).due.returned.toISOString()).toBe("2026-01-28T17:00:00.000Z");
    // Friday 20 March 2026 (GMT) to Friday 17 April (BST): 5pm is 16:00 UTC.
    expect(demoTimes(new Date("2026-03-20T12:00:00Z")).due.formal.toISOString()).toBe("2026-04-17T16:00:00.000Z");
  });

  it("hold together for every day of a year, at any hour", () => {
    for (let day = 0; day < 366; day++) {
      for (const hour of [0, 7, 13, 23]) {
        const now = new Date(Date.UTC(2026, 0, 1 + day, hour, 30));
        const t = demoTimes(now);
        expect(t.soon.getTime() - now.getTime()).toBe(LEAD_MS);
        expect(t.heldEnd.getTime() - t.soon.getTime()).toBe(HELD_MEETING_MS);
        const dues = [...Object.values(t.due), ...Object.values(t.actions), t.cycle.due, t.meeting.responseDeadline];
        for (const due of dues) {
          expect(due.getTime()).toBeGreaterThan(now.getTime());
          expect(at5pmOnAWeekday(due)).toBe(true);
        }
        expect(t.meeting.responseDeadline.getTime()).toBeLessThan(t.meeting.start.getTime());
        expect(londonFields(t.meeting.start)).toMatchObject({ hour: 10, minute: 0 });
        expect(londonFields(t.meeting.end)).toMatchObject({ hour: 12, minute: 0 });
        expect(weekday(t.meeting.start)).toBeGreaterThanOrEqual(1);
        expect(weekday(t.meeting.start)).toBeLessThanOrEqual(5);
        for (const d of [t.planReviewDate, t.thanetPlanDate]) {
          expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(Date.parse(`${d}T12:00:00Z`)).toBeGreaterThan(now.getTime());
        }
      }
    }
  });

  it("give request ids the API accepts, one set per run", () => {
    const id = requestIdFor(demoTimes(new Date("2026-01-14T10:00:00Z")));
    expect(id("cycle")).toMatch(/^[A-Za-z0-9._-]{1,100}$/);
    expect(id("cycle")).not.toBe(requestIdFor(demoTimes(new Date("2026-01-14T10:00:01Z")))("cycle"));
  });
});
