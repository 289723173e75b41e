import {
  endOfLondonWorkingDay,
  formatCalendarDate,
  formatDateTime,
  formatTime,
  londonDate,
  parseDateInput,
  parseTimeInput,
} from "./dates";

describe("GOV.UK date input", () => {
  const parse = (day: string, month: string, year: string) => parseDateInput({ day, month, year }, "Due date");

  test("accepts real dates, leap days included", () => {
    expect(parse("1", "7", "2027")).toEqual({ ok: true, date: { year: 2027, month: 7, day: 1 } });
    expect(parse("29", "2", "2028")).toEqual({ ok: true, date: { year: 2028, month: 2, day: 29 } });
  });

  test.each([
    ["1", "13", "2027", "Due date must be a real date", "month"],
    ["0", "3", "2027", "Due date must be a real date", "day"],
    ["31", "4", "2027", "Due date must be a real date", "day"],
    ["29", "2", "2027", "Due date must be a real date", "day"],
    ["x", "3", "2027", "Due date must be a real date", "day"],
    ["1", "3", "27", "Year must include 4 numbers", "year"],
    ["1", "", "2027", "Due date must include a month", "month"],
    ["", "", "2027", "Due date must include a day and month", "day"],
    ["", "", "", "Enter the due date", "day"],
  ])("%s / %s / %s is refused: %s", (d, m, y, message, part) => {
    expect(parse(d, m, y)).toEqual({ ok: false, message, part });
  });
});

describe("London time", () => {
  test("5pm on a summer day is 16:00 UTC, on a winter day 17:00 UTC", () => {
    expect(endOfLondonWorkingDay({ year: 2027, month: 7, day: 1 }).toISOString()).toBe("2027-07-01T16:00:00.000Z");
    expect(endOfLondonWorkingDay({ year: 2027, month: 12, day: 1 }).toISOString()).toBe("2027-12-01T17:00:00.000Z");
  });

  test("either side of the clock changes", () => {
    // BST 2027: 28 March to 31 October.
    expect(endOfLondonWorkingDay({ year: 2027, month: 3, day: 27 }).toISOString()).toBe("2027-03-27T17:00:00.000Z");
    expect(endOfLondonWorkingDay({ year: 2027, month: 3, day: 28 }).toISOString()).toBe("2027-03-28T16:00:00.000Z");
    expect(endOfLondonWorkingDay({ year: 2027, month: 10, day: 31 }).toISOString()).toBe("2027-10-31T17:00:00.000Z");
  });

  test("shown the GOV.UK way, in London time", () => {
    expect(formatDateTime(new Date("2027-07-01T16:00:00Z"))).toBe("5pm on 1 July 2027");
    expect(formatDateTime(new Date("2027-12-01T17:00:00Z"))).toBe("5pm on 1 December 2027");
    expect(formatTime(new Date("2027-07-01T11:00:00Z"))).toBe("midday");
    expect(formatTime(new Date("2027-01-01T09:30:00Z"))).toBe("9:30am");
    expect(londonDate(new Date("2027-06-30T23:30:00Z"))).toEqual({ year: 2027, month: 7, day: 1 });
    expect(formatCalendarDate("2026-04-03")).toBe("3 April 2026");
  });
});

describe("time as typed", () => {
  test.each([
    ["10am", 10, 0],
    ["2:30pm", 14, 30],
    ["12pm", 12, 0],
    ["12am", 0, 0],
    ["14:00", 14, 0],
    ["9.15am", 9, 15],
    ["midday", 12, 0],
  ])("%s is %i:%i", (typed, hour, minute) => {
    expect(parseTimeInput(typed, "Start time")).toEqual({ ok: true, hour, minute });
  });

  test.each([
    ["", "Enter the start time"],
    ["25:00", "Start time must be a real time, for example 10am or 2:30pm"],
    ["13pm", "Start time must be a real time, for example 10am or 2:30pm"],
    ["10:75", "Start time must be a real time, for example 10am or 2:30pm"],
    ["10", "Start time must say am or pm, for example 10am or 2:30pm"],
  ])("%j is refused: %s", (typed, message) => {
    expect(parseTimeInput(typed, "Start time")).toEqual({ ok: false, message });
  });
});
