import type { Admin, Kafka, Message, Producer, ProducerRecord } from "kafkajs";
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
  private producer: Producer;
  /** Set by a failed send: the next send starts from a fresh producer (see renewProducer). */
  private renewDue = false;
  /** The renewal under way, shared by concurrent senders (the relay and the dead-letter path). */
  private renewal: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly catalog: EventCatalog,
    private readonly topicPrefix: string,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
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

  /**
   * A send that failed may still have been written by a broker that died before answering. The
   * idempotent producer's sequence numbers then no longer match the broker's, and the next send,
   * which (coming from the outbox) holds those events and more, would be refused with
   * OUT_OF_ORDER_SEQUENCE_NUMBER on every retry: the relay would stall for good. kafkajs has no
   * recovery for this (the Java client bumps the producer epoch), so a fresh producer, with a new
   * producer id and sequences from zero, takes over. What the failed send wrote goes out again;
   * consumers drop the duplicates by event id.
   */
  private async renewProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.newProducer();
    await old.disconnect().catch(() => undefined);
    await this.producer.connect();
    this.renewDue = false;
    this.log.info("event producer renewed after a failed send");
  }

  /** Every send goes through here, so a failure is never followed by a send on stale sequences. */
  private async send(record: ProducerRecord): Promise<void> {
    if (this.renewDue) {
      if (!this.renewal)
        this.renewal = this.renewProducer().finally(() => {
          this.renewal = undefined;
        });
      await this.renewal;
    }
    try {
      await this.producer.send(record);
    } catch (err) {
      this.renewDue = true;
      throw err;
    }
  }

  /** For dead-lettering only: bypasses contract validation on purpose, keeping the original bytes and headers. */
  sendRaw(topic: string, messages: Message[]): Promise<void> {
    return this.send({ topic, acks: -1, messages });
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
        this.send({ topic, acks: -1, compression: CompressionTypes.None, messages: list.map(toKafkaMessage) }),
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
