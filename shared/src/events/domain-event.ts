import { randomUUID } from "node:crypto";
import { z } from "zod";
import { currentContext } from "../context";
import { type Classification, classificationSchema } from "../policy/policy";
import { currentTraceparent } from "../tracing";

/**
 * An event contract: its CloudEvents type, the domain topic it goes to, and its payload schema.
 * Payloads always carry `classification`, so consumers can enforce it from the body as well as the header.
 */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  type: string;
  domain: string;
  schema: S;
  /** What happened, for the event API's documentation (asyncapi.ts): required, so none goes undocumented. */
  description: string;
}

export function defineEvent<S extends z.ZodObject>(type: string, domain: string, data: S, description: string) {
  const schema = data.extend({ classification: classificationSchema });
  return { type, domain, schema, description } satisfies EventContract;
}

/**
 * A service's published language: the domain (and so the topic) its events go to, what the domain
 * is, and every event in it. Each service declares its own in `src/contract/events.ts`.
 */
export interface EventDomain {
  domain: string;
  description: string;
  events: EventContract[];
}

export function eventDomain(domain: string, description: string, events: EventContract[]): EventDomain {
  const stray = events.filter((e) => e.domain !== domain).map((e) => e.type);
  if (stray.length > 0) throw new Error(`events ${stray.join(", ")} do not belong to the ${domain} domain`);
  return { domain, description, events };
}

export type EventPayload<C extends EventContract> = z.infer<C["schema"]>;

/** An event as stored in an outbox and carried over Kafka. */
export interface DomainEvent {
  id: string;
  type: string;
  domain: string;
  source: string;
  /** The aggregate's resource name; also the Kafka key, so an aggregate's events stay in order. */
  subject: string;
  time: string;
  classification: Classification;
  correlationId: string;
  /**
   * W3C trace context of the request that caused the event (the CloudEvents distributed-tracing
   * extension), so the trace runs on through the outbox, Kafka and every consumer. Absent when not tracing.
   */
  traceparent?: string;
  data: Record<string, unknown>;
}

/** Builds an event from a contract, validating the payload now rather than at publish time. */
export function newEvent<C extends EventContract>(
  contract: C,
  source: string,
  subject: string,
  data: z.input<C["schema"]>,
): DomainEvent {
  const parsed = contract.schema.parse(data) as Record<string, unknown> & { classification: Classification };
  const traceparent = currentTraceparent();
  return {
    id: randomUUID(),
    type: contract.type,
    domain: contract.domain,
    source,
    subject,
    time: new Date().toISOString(),
    classification: parsed.classification,
    correlationId: currentContext()?.correlationId ?? randomUUID(),
    ...(traceparent ? { traceparent } : {}),
    data: parsed,
  };
}

export const domainEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  domain: z.string().regex(/^[a-z][a-z0-9-]*$/),
  source: z.string().min(1),
  subject: z.string().min(1),
  time: z.string().datetime({ offset: true }),
  classification: classificationSchema,
  correlationId: z.string().min(1),
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional(),
  data: z.record(z.string(), z.unknown()),
});
