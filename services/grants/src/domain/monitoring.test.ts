import type { Project } from "./application";
import type { PaymentTranche } from "./award";
import { issueRefusal, type MonitoringReturn, onReturnAccepted, returnRequestText, returnSections } from "./monitoring";

const project = (title: string, measures: Project["measures"]): Project => ({
  title,
  summary: "",
  countyWide: false,
  lines: [],
  measures,
  objectives: [],
  jsaPriorities: [],
});
const tranches: PaymentTranche[] = [
  { number: 1, amountPence: 2_644_066, trigger: "ON_AGREEMENT", state: "PAID" },
  { number: 2, amountPence: 1_322_034, trigger: "ON_MID_YEAR_RETURN" },
];
const issued = (kind: MonitoringReturn["kind"], reportRequest: string): MonitoringReturn => ({
  kind,
  reportRequest,
  state: "ISSUED",
  dueTime: new Date("2027-10-31T17:00:00Z"),
  issuedBy: "people/opcc-staff-1",
});

describe("monitoring returns", () => {
  test("the return's sections: spend bounded by the award, each project's measures with baseline and target, progress", () => {
    const sections = returnSections("MID_YEAR", 3_966_100, [
      project("Street pastors", [{ title: "Night-time incidents", unit: "COUNT", baseline: 120, target: 90 }]),
      project("Youth diversion", [{ title: "Young people reached", unit: "PERCENT", baseline: 10, target: 25 }]),
    ]);
    expect(sections.map((s) => [s.id, s.type, s.required])).toEqual([
      ["spend", "SECTION_TYPE_NUMBER", true],
      ["measure-1-1", "SECTION_TYPE_NUMBER", true],
      ["measure-2-1", "SECTION_TYPE_NUMBER", true],
      ["progress", "SECTION_TYPE_TEXT", true],
    ]);
    expect(sections[0]).toMatchObject({ min: 0, max: 39661, title: "Spent so far, in pounds" });
    expect(sections[0]?.help).toContain("£39,661.00");
    expect(sections[2]?.title).toBe(
      "Youth diversion: Young people reached (baseline 10%, target 25%), the actual so far",
    );
    expect(returnSections("YEAR_END", 100, [])[0]?.title).toBe("Spent in the year, in pounds");
  });

  test("its title names the programme; the issue of concern the partnership", () => {
    expect(returnRequestText("MID_YEAR", "Crime Reduction Grant 2027/28", "Dover CSP")).toEqual({
      title: "Mid-year monitoring return: Crime Reduction Grant 2027/28",
      issueOfConcern:
        "Dover CSP's mid-year monitoring return on its grant from the Crime Reduction Grant 2027/28, as the grant agreement's monitoring condition requires.",
    });
  });

  test("issued once the agreement is accepted, once of each kind", () => {
    expect(issueRefusal("OFFERED", [], "MID_YEAR")).toMatch(/agreement has been accepted/);
    expect(issueRefusal("ACTIVE", [], "MID_YEAR")).toBeUndefined();
    expect(issueRefusal("ACTIVE", [issued("MID_YEAR", "reportRequests/r1")], "MID_YEAR")).toMatch(
      /already been issued/,
    );
    expect(issueRefusal("ACTIVE", [issued("MID_YEAR", "reportRequests/r1")], "YEAR_END")).toBeUndefined();
  });

  test("accepting the mid-year return makes the tranche paid on it due; a second delivery changes nothing", () => {
    const at = new Date("2027-11-02T10:00:00Z");
    const award = { returns: [issued("MID_YEAR", "reportRequests/r1")], tranches };
    const changed = onReturnAccepted(award, "reportRequests/r1", at);
    expect(changed?.kind).toBe("MID_YEAR");
    expect(changed?.tranches.map((t) => t.state)).toEqual(["PAID", "DUE"]);
    expect(changed?.due).toEqual([2]);
    expect(changed?.returns[0]).toMatchObject({ state: "ACCEPTED", acceptTime: at });
    expect(onReturnAccepted({ ...award, ...changed }, "reportRequests/r1", at)).toBeUndefined();
    expect(onReturnAccepted(award, "reportRequests/other", at)).toBeUndefined();
  });

  test("accepting the year-end return leaves a mid-year tranche alone", () => {
    const award = { returns: [issued("YEAR_END", "reportRequests/r2")], tranches };
    expect(onReturnAccepted(award, "reportRequests/r2", new Date())?.tranches.map((t) => t.state)).toEqual([
      "PAID",
      undefined,
    ]);
  });
});
