import type { Consumer, EachMessagePayload, Kafka } from "kafkajs";
import type { Collection, Db } from "mongodb";
import { runWithContext } from "../context";
import { classifyError, isDuplicateKey } from "../errors";
import type { Logger } from "../log";
import type { Metrics } from "../metrics";
import type { Classification } from "../policy/policy";
import type { EventCatalog } from "./catalog";
import type { DomainEvent } from "./domain-event";
import { fromKafkaMessage, UndecodableEvent } from "./kafka-binding";
import type { EventPublisher } from "./publisher";
import { deadLetterTopic, eventTopic } from "./topics";

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface ConsumerOptions {
  /** Consumer group, e.g. "audit.ledger". Several replicas share it; Kafka splits partitions among them. */
  group: string;
  domains: string[];
  /** Handlers by event type; "*" handles every type of the subscribed domains. */
  handlers: Record<string, EventHandler>;
  /** Classifications this consumer may handle; others are skipped and counted, never processed. */
  accepts?: Classification[];
  attempts?: number;
  fromBeginning?: boolean;
}

/**
 * How long the broker holds a fetch that finds nothing new (an event is delivered as soon as it
 * arrives either way). Stopping waits for the fetch in flight: at kafkajs's default of 5 s a
 * service with idle consumers took 3-6 s to stop; the Java client's default is 0.5 s.
 */
const IDLE_FETCH_WAIT_MS = 1_000;

interface ProcessedMarker {
  _id: string;
  group: string;
  eventId: string;
  type: string;
  at: Date;
}

/**
 * Idempotent consumption: an event id is handled at most once per group in effect (a marker with a
 * unique _id is written after the handler succeeds; a redelivered event finds it and is skipped).
 * A handler that crashes between its own write and the marker may run again, so handlers must be
 * idempotent themselves (upserts keyed by event id). Invalid or repeatedly failing events go to the
 * domain's dead-letter topic with the reason; the partition moves on.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly processed: Collection<ProcessedMarker>;

  constructor(
    kafka: Kafka,
    db: Db,
    private readonly catalog: EventCatalog,
    private readonly publisher: EventPublisher,
    private readonly topicPrefix: string,
    private readonly opts: ConsumerOptions,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${topicPrefix}${opts.group}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
    });
    this.processed = db.collection<ProcessedMarker>("processed_events");
  }

  topics(): string[] {
    return this.opts.domains.map((d) => eventTopic(this.topicPrefix, d));
  }

  async start(): Promise<void> {
    await this.processed.createIndex({ group: 1, at: 1 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics(), fromBeginning: this.opts.fromBeginning ?? true });
    await this.consumer.run({ eachMessage: (p) => this.handle(p) });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private count(type: string, outcome: string) {
    this.metrics.eventsConsumed.inc({ group: this.opts.group, type, outcome });
  }

  private async deadLetter(p: EachMessagePayload, reason: string, type = "unknown"): Promise<void> {
    const headers: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(p.message.headers ?? {})) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) headers[k] = first;
    }
    headers.dlq_reason = reason.slice(0, 1000);
    headers.dlq_group = this.opts.group;
    headers.dlq_source = `${p.topic}/${p.partition}/${p.message.offset}`;
    await this.publisher.sendRaw(deadLetterTopic(p.topic), [{ key: p.message.key, value: p.message.value, headers }]);
    this.count(type, "dead-lettered");
    this.log.warn({ topic: p.topic, offset: p.message.offset, reason }, "event dead-lettered");
  }

  private async handle(p: EachMessagePayload): Promise<void> {
    let event: DomainEvent;
    try {
      event = fromKafkaMessage(p.message);
    } catch (err) {
      if (err instanceof UndecodableEvent) return this.deadLetter(p, err.message);
      throw err;
    }
    // A domain's topic carries all its events; those this group has no handler for are not its
    // business (and need no contract here): the grants service reads report.accepted and nothing
    // else of the reports domain, where it used to dead-letter every other report event.
    const handler = this.opts.handlers[event.type] ?? this.opts.handlers["*"];
    if (!handler) return this.count(event.type, "ignored");
    const contract = this.catalog.get(event.type);
    if (!contract) return this.deadLetter(p, `unknown event type ${event.type}`, event.type);
    const payload = contract.schema.safeParse(event.data);
    if (!payload.success) return this.deadLetter(p, `payload invalid: ${payload.error.message}`, event.type);
    if ((payload.data as { classification: string }).classification !== event.classification) {
      return this.deadLetter(p, "classification header and payload disagree", event.type);
    }
    if (this.opts.accepts && !this.opts.accepts.includes(event.classification)) {
      return this.count(event.type, "skipped-classification");
    }
    const markerId = `${this.opts.group}:${event.id}`;
    if (await this.processed.findOne({ _id: markerId }, { projection: { _id: 1 } })) {
      return this.count(event.type, "duplicate");
    }
    const attempts = this.opts.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await runWithContext({ correlationId: event.correlationId }, () =>
          handler({ ...event, data: payload.data as Record<string, unknown> }),
        );
        break;
      } catch (err) {
        // A lost database or broker is not the event's fault: let Kafka redeliver it later.
        if (classifyError(err).code === "UNAVAILABLE") throw err;
        if (attempt >= attempts) return this.deadLetter(p, `handler failed: ${(err as Error).message}`, event.type);
        this.log.warn({ err, attempt, eventId: event.id }, "event handler failed; retrying");
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
    try {
      await this.processed.insertOne({
        _id: markerId,
        group: this.opts.group,
        eventId: event.id,
        type: event.type,
        at: new Date(),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    this.count(event.type, "handled");
  }
}
