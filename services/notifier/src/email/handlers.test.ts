import { DIRECTORY_EVENTS } from "@csp-mesh/directory/contract";
import { GRANT_EVENTS } from "@csp-mesh/grants/contract";
import type { DomainEvent } from "@csp-mesh/kit";
import type { Notice } from "../domain/notice-types";
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

  test("an email names the partnership from the names read by _id for the partners it names, and reads no other", async () => {
    const asked: string[][] = [];
    const written: Notice[] = [];
    const store = {
      partnerNames: async (ids: string[]) => {
        asked.push(ids);
        return new Map([["partners/csp-dover", "Dover Community Safety Partnership"]]);
      },
    } as unknown as EmailStore;
    const writer = {
      write: async (_cause: string, notices: Notice[]) => {
        written.push(...notices);
        return notices.length;
      },
    } as unknown as EmailWriter;
    const h = emailHandlers(store, writer, {
      PUBLIC_BASE_URL: "https://mesh.example",
      REPORT_REMINDER_DAYS: [],
      ACTION_REMINDER_DAYS: [],
    });
    const event = {
      id: "e1",
      type: "grant.award-offered",
      subject: "awards/a1",
      classification: "OFFICIAL",
      time: new Date().toISOString(),
      data: { award: "awards/a1", partner: "partners/csp-dover", amountPence: 1_250_000, classification: "OFFICIAL" },
    } as unknown as DomainEvent;
    await h["grant.award-offered"]?.(event);
    expect(asked).toEqual([["partners/csp-dover"]]);
    expect(written[0]?.words.paragraphs[0]).toContain(
      "awarded Dover Community Safety Partnership a grant of £12,500.00",
    );
  });
});
