import { type DomainEvent, eventTopic, fromKafkaMessage } from "@csp-mesh/kit";
import { Kafka, logLevel } from "kafkajs";

/** Reads every event on a domain topic from the beginning into an array that keeps filling. */
export async function collectEvents(brokers: string, prefix: string, domain: string) {
  const kafka = new Kafka({ clientId: "test-reader", brokers: brokers.split(","), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${prefix}test-reader-${Date.now()}` });
  const events: (DomainEvent & { partition: number; offset: string })[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: eventTopic(prefix, domain), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      events.push({ ...fromKafkaMessage(message), partition, offset: message.offset });
    },
  });
  return { events, stop: () => consumer.disconnect() };
}
