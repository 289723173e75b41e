import { Parser } from "@asyncapi/parser";
import { z } from "zod";
import { asyncApiDocument } from "./asyncapi";
import { defineEvent, eventDomain } from "./domain-event";

// Two domains shaped like the services' (each service's own are checked against the document in
// the notifier's contract test, where the mesh's list of domains lives).
const Submitted = defineEvent(
  "thing.submitted",
  "things",
  z.object({ thing: z.string(), partner: z.string(), version: z.number().int().positive() }),
  "A partnership submitted a version of a thing.",
);
const Noted = defineEvent("note.added", "notes", z.object({ note: z.string() }), "Someone added a note.");
const DOMAINS = [
  eventDomain("things", "Things partnerships submit (the things service).", [Submitted]),
  eventDomain("notes", "Notes (the notes service).", [Noted]),
];

describe("the event API document (AsyncAPI 3)", () => {
  const doc = asyncApiDocument(DOMAINS);

  test("the AsyncAPI parser finds no error in it", async () => {
    const { diagnostics } = await new Parser().parse(JSON.stringify(doc));
    // Severity 0 is an error; warnings and hints are style advice.
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    // The control: the parser does report a broken document.
    const broken = { ...doc, operations: { x: { action: "send", channel: { $ref: "#/channels/nowhere" } } } };
    const bad = await new Parser().parse(JSON.stringify(broken));
    expect(bad.diagnostics.some((d) => d.severity === 0)).toBe(true);
  });

  test("every event is a message with its summary, on its domain's channel described by the domain", () => {
    const messages = doc.components.messages as Record<string, { name: string; summary: string }>;
    expect(Object.values(messages).map((m) => [m.name, m.summary])).toEqual([
      ["thing.submitted", "A partnership submitted a version of a thing."],
      ["note.added", "Someone added a note."],
    ]);
    const things = (doc.channels as Record<string, { description: string }>).things;
    expect(things?.description).toMatch(
      /^Things partnerships submit \(the things service\)\. Failed events go to csp\.things\.events\.dlq/,
    );
  });

  test("a domain refuses an event that belongs to another", () => {
    expect(() => eventDomain("things", "x", [Noted])).toThrow("events note.added do not belong to the things domain");
  });

  test("each message's payload is the contract's schema: fields, required ones, the classification", () => {
    const messages = doc.components.messages as Record<
      string,
      { payload: { properties: Record<string, unknown>; required: string[] } }
    >;
    const submitted = messages["thing.submitted"]?.payload;
    expect(submitted?.required).toEqual(expect.arrayContaining(["thing", "partner", "version", "classification"]));
    expect(submitted?.properties.classification).toEqual({ type: "string", enum: ["OFFICIAL", "OFFICIAL-SENSITIVE"] });
    expect(Object.keys(doc.channels).sort()).toEqual(["notes", "things"]);
    expect((doc.channels as Record<string, { address: string }>).things?.address).toBe("csp.things.events");
  });
});
