import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** One registry per service, with the figures the kit itself records. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const outboxSamplers = new Set<() => Promise<void>>();
  return {
    registry,
    grpcHandled: new Counter({
      name: "grpc_server_handled_total",
      help: "gRPC calls completed, by method and status code",
      labelNames: ["method", "code"],
      registers: [registry],
    }),
    grpcSeconds: new Histogram({
      name: "grpc_server_handling_seconds",
      help: "gRPC call handling time",
      labelNames: ["method"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: "kafka_events_published_total",
      help: "Events published to Kafka, by type",
      labelNames: ["type"],
      registers: [registry],
    }),
    eventsConsumed: new Counter({
      name: "kafka_events_consumed_total",
      help: "Events consumed, by group, type and outcome (handled, duplicate, dead-lettered, skipped)",
      labelNames: ["group", "type", "outcome"],
      registers: [registry],
    }),
    outboxPublishFailures: new Counter({
      name: "outbox_publish_failures_total",
      help: "Outbox relay attempts that failed to publish (the events stay pending)",
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: "outbox_pending_aggregates",
      help: "Aggregates with events not yet published, by collection",
      labelNames: ["collection"],
      registers: [registry],
      // Counted when scraped, by each running relay (outboxSamplers), not on a timer: a count of
      // every outbox collection every 5 s was a steady load on the database between scrapes.
      async collect() {
        await Promise.all([...outboxSamplers].map((sample) => sample()));
      },
    }),
    /** What the outbox gauge asks when scraped: each running relay adds its sampler. */
    outboxSamplers,
    outboxLagSeconds: new Histogram({
      name: "outbox_publish_lag_seconds",
      help: "Time from an event being written to the outbox to its publication",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
