import { DIRECTORY_EVENTS } from "@csp-mesh/directory/contract";
import { GRANT_EVENTS } from "@csp-mesh/grants/contract";
import type { EmailStore } from "../store/email";
import { emailHandlers } from "./handlers";
import type { EmailWriter } from "./writer";

describe("the email side's handlers", () => {
  const handlers = emailHandlers({} as EmailStore, {} as EmailWriter, {
    PUBLIC_BASE_URL: "https://mesh.example",
    REPORT_REMINDER_DAYS: [3],
    ACTION_REMINDER_DAYS: [3],
  });

  test("every grants event reaches the notices, so each email they define is written (variations, returns, close-out too)", () => {
    const missing = GRANT_EVENTS.events.map((e) => e.type).filter((t) => !(t in handlers));
    expect(missing).toEqual([]);
    for (const t of ["grant.return-accepted", "grant.award-closed", "grant.variation-proposed"])
      expect(typeof handlers[t]).toBe("function");
  });

  test("every combination agreement event of the directory reaches the notices; people and partners stay projections", () => {
    const combination = DIRECTORY_EVENTS.events.map((e) => e.type).filter((t) => t.startsWith("combination."));
    expect(combination).toEqual([
      "combination.proposed",
      "combination.document_added",
      "combination.consent_recorded",
      "combination.decided",
      "combination.signed",
      "combination.took_effect",
      "combination.ended",
    ]);
    expect(combination.filter((t) => !(t in handlers))).toEqual([]);
    for (const t of ["person.created", "person.updated", "partner.created", "partner.updated"])
      expect(typeof handlers[t]).toBe("function");
  });
});
