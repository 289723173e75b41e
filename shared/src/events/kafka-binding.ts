import { CloudEvent, HTTP, Kafka } from "cloudevents";
import type { IHeaders, Message } from "kafkajs";
import { type DomainEvent, domainEventSchema } from "./domain-event";

/**
 * CloudEvents 1.0, Kafka protocol binding, binary mode: attributes in `ce_*` headers, the JSON
 * payload as the value, the aggregate (subject) as the key. Extension attributes carry the
 * classification, the domain, the correlation id and (when tracing) the W3C traceparent.
 */
export function toKafkaMessage(e: DomainEvent): Message {
  const m = Kafka.binary(new CloudEvent({ ...cloudEventAttributes(e, e.data), partitionkey: e.subject }, true));
  const headers: IHeaders = {};
  for (const [k, v] of Object.entries(m.headers)) if (v !== undefined && v !== null) headers[k] = String(v);
  return {
    key: e.subject,
    value: typeof m.body === "string" ? m.body : JSON.stringify(m.body),
    headers,
  };
}

/** A domain event's CloudEvents attributes, with `data` (the whole payload, or a view of it). */
function cloudEventAttributes(e: DomainEvent, data: unknown) {
  return {
    specversion: "1.0" as const,
    id: e.id,
    type: e.type,
    source: e.source,
    subject: e.subject,
    time: e.time,
    datacontenttype: "application/json",
    classification: e.classification,
    domain: e.domain,
    correlationid: e.correlationId,
    ...(e.traceparent ? { traceparent: e.traceparent } : {}),
    data,
  };
}

/** The event as a structured-mode CloudEvent in JSON (what a webhook delivers), with `data` given. */
export function structuredCloudEvent(e: DomainEvent, data: unknown): string {
  return HTTP.structured(new CloudEvent(cloudEventAttributes(e, data), true)).body as string;
}

export class UndecodableEvent extends Error {}

function headerString(v: IHeaders[string]): string | undefined {
  if (v === undefined) return undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined ? undefined : first.toString();
}

/** Decodes and checks the envelope; the payload is checked against its contract by the caller. */
export function fromKafkaMessage(m: { key: Buffer | null; value: Buffer | null; headers?: IHeaders }): DomainEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    const s = headerString(v);
    if (s !== undefined) headers[k] = s;
  }
  let ce: CloudEvent<unknown>;
  try {
    const decoded = Kafka.toEvent({
      headers,
      body: m.value?.toString() ?? "",
      key: m.key?.toString() ?? "",
      value: m.value?.toString() ?? "",
    } as Parameters<typeof Kafka.toEvent>[0]);
    ce = (Array.isArray(decoded) ? decoded[0] : decoded) as CloudEvent<unknown>;
  } catch (err) {
    throw new UndecodableEvent(`not a CloudEvent: ${(err as Error).message}`);
  }
  let data: unknown = ce.data;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      throw new UndecodableEvent("payload is not JSON");
    }
  }
  const parsed = domainEventSchema.safeParse({
    id: ce.id,
    type: ce.type,
    domain: ce.domain,
    source: ce.source,
    subject: ce.subject,
    time: ce.time,
    classification: ce.classification,
    correlationId: ce.correlationid,
    traceparent: ce.traceparent,
    data,
  });
  if (!parsed.success) {
    throw new UndecodableEvent(`bad envelope: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  }
  return parsed.data;
}
