import { historySentence } from "./history";

const names: Record<string, string> = { "partners/csp-dover": "Dover Community Safety Partnership" };
const name = (p: string) => names[p] ?? p;
const entry = (over: Partial<Parameters<typeof historySentence>[0]>) => ({
  actor: "people/opcc-staff-1",
  actorDisplayName: "Priya Shah",
  partner: "partners/csp-dover",
  action: "return",
  version: 2,
  reasons: "",
  ...over,
});

describe("history in plain English", () => {
  test("names the person and the partnership, with the reasons for returns and withdrawals", () => {
    expect(historySentence(entry({ reasons: "Add last quarter's figures" }), name)).toBe(
      "Priya Shah returned the report to Dover Community Safety Partnership. Reason given: Add last quarter's figures",
    );
    expect(historySentence(entry({ action: "withdraw", reasons: "No longer needed" }), name)).toBe(
      "Priya Shah withdrew the request from Dover Community Safety Partnership. Reason given: No longer needed",
    );
    expect(historySentence(entry({ action: "submit", actorDisplayName: "Sam Patel" }), name)).toBe(
      "Sam Patel submitted version 2 for Dover Community Safety Partnership",
    );
    expect(historySentence(entry({ action: "create", partner: "" }), name)).toBe("Priya Shah created the request");
  });

  test("the system's entries and entries without a recorded name still read as English", () => {
    expect(historySentence(entry({ action: "overdue", actor: "system", actorDisplayName: "" }), name)).toBe(
      "The report from Dover Community Safety Partnership became overdue",
    );
    expect(historySentence(entry({ action: "acknowledge", actor: "systems/s1", actorDisplayName: "" }), name)).toBe(
      "A partner system acknowledged the request for Dover Community Safety Partnership",
    );
  });
});
