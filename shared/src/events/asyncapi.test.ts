import { Parser } from "@asyncapi/parser";
import * as contracts from "../index";
import { ALL_EVENTS, asyncApiDocument } from "./asyncapi";
import type { EventContract } from "./domain-event";

const isContract = (v: unknown): v is EventContract =>
  typeof v === "object" && v !== null && "type" in v && "domain" in v && "schema" in v && !Array.isArray(v);

describe("the event API document (AsyncAPI 3)", () => {
  const doc = asyncApiDocument();

  test("the AsyncAPI parser finds no error in it", async () => {
    const { diagnostics } = await new Parser().parse(JSON.stringify(doc));
    // Severity 0 is an error; warnings and hints are style advice.
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join(".")}: ${d.message}`)).toEqual([]);
    // The control: the parser does report a broken document.
    const broken = { ...doc, operations: { x: { action: "send", channel: { $ref: "#/channels/nowhere" } } } };
    const bad = await new Parser().parse(JSON.stringify(broken));
    expect(bad.diagnostics.some((d) => d.severity === 0)).toBe(true);
  });

  test("every event contract the kit exports is listed, documented and in the document", () => {
    const exported = (Object.values(contracts) as unknown[]).filter(isContract);
    expect(exported.length).toBeGreaterThanOrEqual(38);
    const listed = new Set(ALL_EVENTS.map((c) => c.type));
    const messages = doc.components.messages as Record<string, { name: string; summary: string; payload: unknown }>;
    const documented = new Map(Object.values(messages).map((m) => [m.name, m]));
    for (const c of exported) {
      expect([c.type, listed.has(c.type)]).toEqual([c.type, true]);
      expect([c.type, (documented.get(c.type)?.summary ?? "").length > 10]).toEqual([c.type, true]);
    }
  });

  test("each message's payload is the contract's schema: fields, required ones, the classification", () => {
    const messages = doc.components.messages as Record<
      string,
      { payload: { properties: Record<string, unknown>; required: string[] } }
    >;
    const submitted = messages["report.submitted"]?.payload;
    expect(submitted?.required).toEqual(
      expect.arrayContaining(["reportRequest", "partner", "version", "classification"]),
    );
    expect(submitted?.properties.classification).toEqual({ type: "string", enum: ["OFFICIAL", "OFFICIAL-SENSITIVE"] });
    expect(Object.keys(doc.channels).sort()).toEqual(["assessments", "directory", "meetings", "reports"]);
    expect((doc.channels as Record<string, { address: string }>).reports?.address).toBe("csp.reports.events");
  });
});
