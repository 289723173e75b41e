import type { EachMessagePayload, Kafka } from "kafkajs";
import type { Db } from "mongodb";
import { z } from "zod";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import { EventCatalog } from "./catalog";
import { EventConsumer } from "./consumer";
import { defineEvent, newEvent } from "./domain-event";
import { toKafkaMessage } from "./kafka-binding";
import type { EventPublisher } from "./publisher";

const payload = z.object({ classification: z.enum(["OFFICIAL"]), n: z.number() });
const Accepted = defineEvent("report.accepted", "reports", payload, "a report was accepted");
const Overdue = defineEvent("report.overdue", "reports", payload, "a report is overdue");

/** A consumer over fakes: what it handled, dead-lettered and counted for each message it is given. */
async function consumerFor(known: (typeof Accepted)[], handlers: Record<string, () => Promise<void>>) {
  let eachMessage: ((p: EachMessagePayload) => Promise<void>) | undefined;
  const kafka = {
    consumer: () => ({
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (o: { eachMessage: typeof eachMessage }) => {
        eachMessage = o.eachMessage;
      },
      disconnect: async () => undefined,
    }),
  } as unknown as Kafka;
  const db = {
    collection: () => ({ createIndex: async () => "", findOne: async () => null, insertOne: async () => ({}) }),
  } as unknown as Db;
  const deadLettered: string[] = [];
  const publisher = {
    sendRaw: async (_topic: string, msgs: { headers: Record<string, string> }[]) => {
      for (const m of msgs) deadLettered.push(m.headers.dlq_reason as string);
    },
  } as unknown as EventPublisher;
  const outcomes: string[] = [];
  const metrics = {
    eventsConsumed: { inc: (l: { outcome: string }) => outcomes.push(l.outcome) },
  } as unknown as Metrics;
  const log = { warn: () => undefined, info: () => undefined } as unknown as Logger;
  const consumer = new EventConsumer(
    kafka,
    db,
    new EventCatalog(known),
    publisher,
    "t.",
    {
      group: "g",
      domains: ["reports"],
      handlers,
    },
    metrics,
    log,
  );
  await consumer.start();
  const deliver = (contract: typeof Accepted) =>
    (eachMessage as (p: EachMessagePayload) => Promise<void>)({
      topic: "t.reports.events",
      partition: 0,
      message: {
        ...toKafkaMessage(newEvent(contract, "/test", "reportRequests/x", { classification: "OFFICIAL", n: 1 })),
        offset: "0",
      },
    } as unknown as EachMessagePayload);
  return { deliver, deadLettered, outcomes };
}

describe("EventConsumer", () => {
  test("an event of its domain that it has no handler for is ignored, not dead-lettered, whether or not its catalog knows it", async () => {
    let handled = 0;
    const c = await consumerFor([Accepted], {
      "report.accepted": async () => {
        handled += 1;
      },
    });
    await c.deliver(Overdue);
    await c.deliver(Accepted);
    expect(c.deadLettered).toEqual([]);
    expect(c.outcomes).toEqual(["ignored", "handled"]);
    expect(handled).toBe(1);
  });

  test("an event it would handle but has no contract for is dead-lettered with the reason", async () => {
    const c = await consumerFor([Accepted], { "*": async () => undefined });
    await c.deliver(Overdue);
    expect(c.deadLettered).toEqual(["unknown event type report.overdue"]);
    expect(c.outcomes).toEqual(["dead-lettered"]);
  });
});
