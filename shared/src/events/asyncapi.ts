/**
 * The event API as an AsyncAPI 3.0 document, generated from the event contracts themselves (their zod
 * payload schemas converted to JSON Schema), so it cannot drift from what producers validate: one
 * channel per domain topic, one message per event type with its CloudEvents headers (Kafka binding,
 * binary mode), its key (the aggregate's resource name) and its classification.
 */
import { z } from "zod";
import type { EventContract, EventDomain } from "./domain-event";
import { eventTopic } from "./topics";

const header = (description: string, extra: Record<string, unknown> = {}) => ({
  type: "string",
  description,
  ...extra,
});

/** CloudEvents 1.0 attributes as the Kafka protocol binding carries them (binary mode). */
const CLOUDEVENTS_HEADERS = {
  type: "object",
  required: [
    "ce_specversion",
    "ce_id",
    "ce_source",
    "ce_type",
    "ce_subject",
    "ce_time",
    "ce_classification",
    "ce_domain",
    "ce_correlationid",
  ],
  properties: {
    ce_specversion: header("CloudEvents version", { const: "1.0" }),
    ce_id: header("Unique per event: consumers de-duplicate on it"),
    ce_source: header("The producing service, e.g. csp-mesh/reports"),
    ce_type: header("The event type, e.g. report.submitted"),
    ce_subject: header("The aggregate's resource name; also the Kafka key"),
    ce_time: header("When it happened (RFC 3339)", { format: "date-time" }),
    ce_datacontenttype: header("Media type of the value", { const: "application/json" }),
    ce_partitionkey: header("The same as the key"),
    ce_classification: header("Government Security Classification of the payload", {
      enum: ["OFFICIAL", "OFFICIAL-SENSITIVE"],
    }),
    ce_domain: header("The domain (and so the topic) it belongs to"),
    ce_correlationid: header("Follows one request through every service and event it caused"),
  },
};

export interface Channel {
  address: string;
  title: string;
  description: string;
  messages: Record<string, { $ref: string }>;
}

const messageName = (type: string) => type.replace(/[^A-Za-z0-9_.-]/g, "_");

function payloadSchema(c: EventContract): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(c.schema, { target: "draft-7", io: "output" }) as Record<
    string,
    unknown
  >;
  return schema;
}

/** The document for the given services' event domains, topics named with `topicPrefix`. */
export function asyncApiDocument(eventDomains: EventDomain[], topicPrefix = "") {
  const contracts = eventDomains.flatMap((d) => d.events);
  const described = new Map(eventDomains.map((d) => [d.domain, d.description]));
  const domains = [...described.keys()].sort();
  const messages: Record<string, unknown> = {};
  for (const c of contracts) {
    messages[messageName(c.type)] = {
      name: c.type,
      title: c.type,
      summary: c.description,
      contentType: "application/json",
      headers: { $ref: "#/components/schemas/CloudEventsKafkaHeaders" },
      payload: payloadSchema(c),
      correlationId: { location: "$message.header#/ce_correlationid" },
      bindings: {
        kafka: {
          key: { type: "string", description: "The aggregate's resource name: its events stay in order" },
          bindingVersion: "0.5.0",
        },
      },
      "x-classification": "Carried in every payload's `classification` and in the ce_classification header",
    };
  }
  const channels: Record<string, Channel> = {};
  const operations: Record<string, unknown> = {};
  for (const d of domains) {
    const names = contracts.filter((c) => c.domain === d).map((c) => messageName(c.type));
    channels[d] = {
      address: eventTopic(topicPrefix, d),
      title: `${d} events`,
      description: `${described.get(d)} Failed events go to ${eventTopic(topicPrefix, d)}.dlq with the reason.`,
      messages: Object.fromEntries(names.map((n) => [n, { $ref: `#/components/messages/${n}` }])),
    };
    operations[`${d}Published`] = {
      action: "send",
      title: `The ${d} service publishes its events`,
      channel: { $ref: `#/channels/${d}` },
      messages: names.map((n) => ({ $ref: `#/channels/${d}/messages/${n}` })),
    };
  }
  return {
    asyncapi: "3.0.0",
    info: {
      title: "csp-mesh events",
      version: "1.0.0",
      description:
        "Every change in the mesh is published as a CloudEvent on Kafka, through each service's transactional outbox: at least once, in order per aggregate (the key). Payloads carry names, states, versions and hashes, never the content of reports, minutes or contributions.",
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: { messages, schemas: { CloudEventsKafkaHeaders: CLOUDEVENTS_HEADERS } },
  };
}
