import { z } from "zod";
import { runWithContext } from "../context";
import { defineEvent, newEvent } from "./domain-event";
import { fromKafkaMessage, toKafkaMessage, UndecodableEvent } from "./kafka-binding";

const Thing = defineEvent("thing.happened", "things", z.object({ name: z.string() }), "A thing happened.");

const asReceived = (m: ReturnType<typeof toKafkaMessage>) => ({
  key: Buffer.from(String(m.key)),
  value: Buffer.from(String(m.value)),
  headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])),
});

describe("CloudEvents Kafka binary binding", () => {
  const caller = {
    subject: "people/a",
    partner: "partners/opcc",
    roles: ["opcc-admin" as const],
    kind: "person" as const,
  };
  const event = runWithContext({ correlationId: "corr-123", caller, token: undefined, deadline: undefined }, () =>
    newEvent(Thing, "csp-mesh/test", "things/t1", { name: "one", classification: "OFFICIAL-SENSITIVE" }),
  );

  it("puts attributes in ce_ headers, the aggregate in the key and the payload in the value", () => {
    const m = toKafkaMessage(event);
    expect(m.key).toBe("things/t1");
    expect(m.headers).toMatchObject({
      ce_specversion: "1.0",
      ce_id: event.id,
      ce_type: "thing.happened",
      ce_subject: "things/t1",
      ce_classification: "OFFICIAL-SENSITIVE",
      ce_correlationid: "corr-123",
      ce_domain: "things",
    });
    expect(JSON.parse(String(m.value))).toEqual({ name: "one", classification: "OFFICIAL-SENSITIVE" });
  });

  it("round-trips an event unchanged", () => {
    expect(fromKafkaMessage(asReceived(toKafkaMessage(event)))).toEqual(event);
  });

  it("rejects a message that is not a CloudEvent or has a bad envelope", () => {
    expect(() => fromKafkaMessage({ key: null, value: Buffer.from("{}"), headers: {} })).toThrow(UndecodableEvent);
    const m = asReceived(toKafkaMessage(event));
    m.headers.ce_classification = Buffer.from("SECRET");
    expect(() => fromKafkaMessage(m)).toThrow(/classification/);
  });

  it("refuses to build an event whose payload breaks its contract", () => {
    expect(() => newEvent(Thing, "s", "things/t2", { name: 3 } as never)).toThrow();
  });
});
