import type { Admin, Kafka, Producer } from "kafkajs";
import { CompressionTypes, Partitioners } from "kafkajs";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import { withTraceparent } from "../tracing";
import type { EventCatalog } from "./catalog";
import type { DomainEvent } from "./domain-event";
import { toKafkaMessage } from "./kafka-binding";
import { eventTopic, meshTopics, TOPIC_PARTITIONS } from "./topics";

export class InvalidEvent extends Error {}

/** Creates the topics a service uses. Topics are never auto-created by the broker. */
export async function ensureTopics(admin: Admin, topics: string[], partitions = TOPIC_PARTITIONS): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  } catch (err) {
    const type = (err as { type?: string }).type;
    // Another replica may have created them first.
    if (type === "TOPIC_ALREADY_EXISTS") return;
    // kafkajs waits for the new topics' leaders with metadata requests, retrying only on
    // LEADER_NOT_AVAILABLE; a broker that has just started can answer UNKNOWN_TOPIC_OR_PARTITION for
    // a moment instead. The topics were created: wait for their leaders here.
    if (type !== "UNKNOWN_TOPIC_OR_PARTITION") throw err;
    await waitForLeaders(admin, missing);
  }
}

/** Resolves once every partition of the topics has a leader; gives up after `attempts` tries. */
export async function waitForLeaders(admin: Admin, topics: string[], attempts = 60, delayMs = 500): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.length === topics.length && found.every((t) => t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (i >= attempts) throw err;
    }
    if (i >= attempts) throw new Error(`topics without leaders after ${attempts} tries: ${topics.join(", ")}`);
    await new Promise((r) => setTimeout(r, delayMs));
  }
}

/** Validates each event against its contract, then publishes in the given order (acks=all, idempotent). */
export class EventPublisher {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly catalog: EventCatalog,
    private readonly topicPrefix: string,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** For dead-lettering only: bypasses contract validation on purpose. */
  rawProducer(): Producer {
    return this.producer;
  }

  topicFor(domain: string): string {
    return eventTopic(this.topicPrefix, domain);
  }

  topics(): string[] {
    return meshTopics(this.topicPrefix, this.catalog.domains());
  }

  validate(e: DomainEvent): void {
    const contract = this.catalog.get(e.type);
    if (!contract) throw new InvalidEvent(`unknown event type ${e.type}`);
    if (contract.domain !== e.domain) throw new InvalidEvent(`${e.type} belongs to domain ${contract.domain}`);
    const r = contract.schema.safeParse(e.data);
    if (!r.success) throw new InvalidEvent(`${e.type} payload invalid: ${r.error.message}`);
    if ((r.data as { classification: string }).classification !== e.classification)
      throw new InvalidEvent(`${e.type} classification differs between header and payload`);
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const e of events) this.validate(e);
    // One send per topic keeps per-key order: with one in-flight request the broker appends in order.
    // When tracing, a run of events from one request is sent inside that request's trace, so the
    // producer span joins it (and the consumers' spans after it).
    for (const { topic, traceparent, list } of sendBatches(events, (e) => this.topicFor(e.domain))) {
      await withTraceparent(traceparent, () =>
        this.producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: list.map(toKafkaMessage) }),
      );
      for (const e of list) this.metrics.eventsPublished.inc({ type: e.type });
    }
    this.log.debug({ count: events.length }, "events published");
  }
}

/**
 * Events grouped by topic (in first-seen order), each topic's events split into runs that share a
 * traceparent; order within a topic is kept. Without tracing, one batch per topic.
 */
export function sendBatches(
  events: DomainEvent[],
  topicOf: (e: DomainEvent) => string,
): { topic: string; traceparent?: string; list: DomainEvent[] }[] {
  const byTopic = new Map<string, DomainEvent[]>();
  for (const e of events) byTopic.set(topicOf(e), [...(byTopic.get(topicOf(e)) ?? []), e]);
  const batches: { topic: string; traceparent?: string; list: DomainEvent[] }[] = [];
  for (const [topic, list] of byTopic) {
    for (const e of list) {
      const last = batches.at(-1);
      if (last && last.topic === topic && last.traceparent === e.traceparent) last.list.push(e);
      else batches.push({ topic, traceparent: e.traceparent, list: [e] });
    }
  }
  return batches;
}

/** Sends messages as they are (dead-lettering keeps the original bytes and headers). */
export async function forwardRaw(
  publisher: EventPublisher,
  topic: string,
  messages: { key: Buffer | null; value: Buffer | null; headers: Record<string, string | Buffer> }[],
): Promise<void> {
  await publisher.rawProducer().send({ topic, acks: -1, messages });
}
