import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { JWTVerifyGetKey } from "jose";
import { Kafka, type LogEntry, logLevel } from "kafkajs";
import type { z } from "zod";
import { type RevocationCheck, RevocationList, revocationUrlFor } from "./auth/revocations";
import { TokenVerifier } from "./auth/verifier";
import { type BaseConfig, ConfigError, loadConfig } from "./config";
import { DatabaseWatch, pingsFresh } from "./db/database-watch";
import { connectMongo, type Mongo } from "./db/mongo";
import { waitForDependency } from "./dependencies";
import { EventCatalog } from "./events/catalog";
import { type ConsumerOptions, EventConsumer } from "./events/consumer";
import type { EventContract } from "./events/domain-event";
import { EventPublisher, ensureTopics } from "./events/publisher";
import { deadLetterTopic, eventTopic } from "./events/topics";
import { type AnyMethodSpec, implement } from "./grpc/handlers";
import { type LoadedProtos, loadProtos } from "./grpc/protos";
import { RateLimiter } from "./grpc/rate-limit";
import { openGrpcServer } from "./grpc/server";
import { type HttpRoute, startOpsServer } from "./http";
import { createLogger, type Logger } from "./log";
import { createMetrics, type Metrics } from "./metrics";
import { OutboxRelay } from "./outbox/relay";
import { stopTracing } from "./tracing";

export { LIVENESS_HEALTH_SERVICE } from "./grpc/server";

export interface Kit<C extends BaseConfig> {
  name: string;
  config: C;
  log: Logger;
  metrics: Metrics;
  mongo: Mongo;
  kafka: Kafka;
  publisher: EventPublisher;
  protos: LoadedProtos;
  /** Call after a write that staged events in `collection`, so the relay publishes them without waiting for a poll. */
  nudgeOutbox: (collection: string) => void;
  /** Replica identity, unique per process. */
  instanceId: string;
  /** Verifies bearer tokens (the gRPC chain uses it; so can a service's own HTTP surface). */
  verifier: TokenVerifier;
}

export interface ServiceParts {
  /** Full service name -> its methods. */
  grpc: Record<string, Record<string, AnyMethodSpec>>;
  consumers?: ConsumerOptions[];
  httpRoutes?: HttpRoute[];
  /** Readiness beyond the database answering (e.g. the gateway's downstream services). */
  ready?: () => Promise<boolean>;
  onStop?: () => Promise<void>;
}

export interface ServiceSpec<C extends BaseConfig> {
  name: string;
  configSchema: z.ZodType<C>;
  protoFiles: string[];
  /**
   * The gRPC services it serves (full names), as `setup()` returns them: known before it starts, so
   * they answer UNAVAILABLE ("starting") and health NOT_SERVING while it waits for its dependencies.
   */
  grpcServices: string[];
  /** Every event this service produces or consumes. */
  events: EventContract[];
  /** Collections whose documents carry outboxes. */
  outboxCollections?: string[];
  /** Verification keys of its own (only the issuer has them); other services use AUTH_JWKS_URL. */
  verificationKeys?: (kit: Kit<C>) => Promise<JWTVerifyGetKey>;
  /** Revocations of its own (the directory's); other services read the directory's list. */
  revocations?: (kit: Kit<C>) => Promise<RevocationCheck>;
  setup(kit: Kit<C>): Promise<ServiceParts>;
}

export interface RunningService<C extends BaseConfig> {
  kit: Kit<C>;
  grpcPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

function kafkaLogger(log: Logger) {
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...rest } = entry;
      if (level === logLevel.ERROR) log.error({ kafka: rest }, message);
      else if (level === logLevel.WARN) log.warn({ kafka: rest }, message);
    };
}

/** The one way a service starts. Everything it starts, `stop()` stops, in reverse order. */
export async function startService<C extends BaseConfig>(
  spec: ServiceSpec<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService<C>> {
  const config = loadConfig(spec.configSchema, env);
  const log = createLogger(spec.name, config.LOG_LEVEL, undefined, config.LOG_FORMAT);
  const metrics = createMetrics(spec.name);
  const instanceId = `${spec.name}-${randomUUID().slice(0, 8)}`;
  const protos = loadProtos(spec.protoFiles);
  const catalog = new EventCatalog(spec.events);

  const waiting = { timeoutMs: config.START_TIMEOUT_MS };
  const serviceNames = spec.grpcServices;
  const grpc = await openGrpcServer(config, protos, serviceNames, log);
  const { server } = grpc;
  let closing: Promise<void> | undefined;
  /** Health NOT_SERVING, calls in flight get the grace period, then the rest are cut off. Once. */
  const closeGrpc = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      grpc.setServing(false);
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, config.SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return closing;
  };
  const mongo = await waitForDependency(
    "the database",
    () =>
      connectMongo(config.MONGO_URL, config.MONGO_DB, instanceId, {
        writeConcern: config.MONGO_WRITE_CONCERN,
        retryWrites: config.MONGO_RETRY_WRITES,
        heartbeatMs: config.HEALTH_CHECK_MS,
      }),
    log,
    waiting,
  ).catch(async (err: unknown) => {
    await closeGrpc();
    throw err;
  });
  const kafka = new Kafka({
    clientId: instanceId,
    brokers: config.KAFKA_BROKERS as unknown as string[],
    logLevel: logLevel.WARN,
    logCreator: kafkaLogger(log),
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  const publisher = new EventPublisher(kafka, catalog, config.KAFKA_TOPIC_PREFIX, metrics, log);
  const admin = kafka.admin();
  let relay: OutboxRelay | undefined;
  const kit: Kit<C> = {
    name: spec.name,
    config,
    log,
    metrics,
    mongo,
    kafka,
    publisher,
    protos,
    instanceId,
    nudgeOutbox: (collection) => relay?.nudge(collection),
    verifier: undefined as unknown as TokenVerifier, // set below, before setup() runs
  };

  const stoppers: (() => Promise<unknown>)[] = [() => mongo.client.close()];
  const stopAll = async () => {
    for (const s of stoppers.reverse()) await s().catch((err: unknown) => log.warn({ err }, "error while stopping"));
    stoppers.length = 0;
  };

  try {
    const keys = spec.verificationKeys ? await spec.verificationKeys(kit) : undefined;
    if (!keys && !config.AUTH_JWKS_URL) throw new ConfigError("invalid configuration: AUTH_JWKS_URL: required");
    const revocationUrl =
      config.AUTH_REVOCATION_URL ?? (config.AUTH_JWKS_URL ? revocationUrlFor(config.AUTH_JWKS_URL) : undefined);
    const revoked = spec.revocations
      ? await spec.revocations(kit)
      : revocationUrl
        ? new RevocationList(revocationUrl, config.AUTH_REVOCATION_REFRESH_MS).isRevoked
        : undefined;
    const verifier = new TokenVerifier({
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      keys,
      jwksUrl: config.AUTH_JWKS_URL,
      ...(revoked ? { revoked } : {}),
    });
    kit.verifier = verifier;
    await waitForDependency("Kafka", () => admin.connect(), log, waiting);
    const consumedDomains = new Set<string>();
    const parts = await spec.setup(kit);
    for (const c of parts.consumers ?? []) for (const d of c.domains) consumedDomains.add(d);
    const topics = [
      ...publisher.topics(),
      ...[...consumedDomains].flatMap((d) => {
        const t = eventTopic(config.KAFKA_TOPIC_PREFIX, d);
        return [t, deadLetterTopic(t)];
      }),
    ];
    // Creating topics talks to the controller, which may be a broker that is not listening yet.
    await waitForDependency("Kafka's topics", () => ensureTopics(admin, [...new Set(topics)]), log, waiting);
    await admin.disconnect();
    await waitForDependency("Kafka's producer", () => publisher.connect(), log, waiting);
    stoppers.push(() => publisher.disconnect());
    if (parts.onStop) stoppers.push(parts.onStop);
    // Stopped before the service's own parts, so calls in flight finish while they still work.
    stoppers.push(closeGrpc);

    const limiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE);
    /** Whether the database answered the last health check (see the watch below). */
    const database = { up: true };
    const served = Object.keys(parts.grpc).sort();
    if (served.join() !== [...serviceNames].sort().join())
      throw new Error(
        `setup() serves ${served.join(", ") || "nothing"} but the spec declares ${serviceNames.join(", ") || "nothing"}`,
      );
    for (const [fullName, methods] of Object.entries(parts.grpc)) {
      const definition = grpc.definitionOf(fullName);
      grpc.serve(
        fullName,
        implement(definition, methods, { verifier, metrics, log, limiter, available: () => database.up }),
      );
    }
    const grpcPort = grpc.port;

    if (spec.outboxCollections?.length && config.OUTBOX_RELAY === "on") {
      relay = new OutboxRelay(
        mongo.db,
        publisher,
        {
          collections: spec.outboxCollections,
          pollMs: config.OUTBOX_POLL_MS,
          idlePollMs: config.OUTBOX_IDLE_POLL_MS,
        },
        metrics,
        log,
      );
      await relay.start();
      const r = relay;
      stoppers.push(() => r.stop());
    }
    // Stopped together: each waits for its fetch in flight.
    const consumers: EventConsumer[] = [];
    stoppers.push(() => Promise.all(consumers.map((c) => c.stop())));
    for (const opts of parts.consumers ?? []) {
      const consumer = new EventConsumer(
        kafka,
        mongo.db,
        catalog,
        publisher,
        config.KAFKA_TOPIC_PREFIX,
        opts,
        metrics,
        log,
      );
      await waitForDependency("Kafka's consumer", () => consumer.start(), log, waiting);
      consumers.push(consumer);
    }

    const ready = async () => {
      try {
        await mongo.db.command({ ping: 1 });
        return parts.ready ? await parts.ready() : true;
      } catch {
        return false;
      }
    };
    const http = await startOpsServer(
      config.GRPC_HOST,
      config.HTTP_PORT,
      metrics.registry,
      ready,
      parts.httpRoutes ?? [],
    );
    stoppers.push(() => new Promise((resolve) => http.close(resolve)));
    const httpPort = (http.address() as AddressInfo).port;

    // Only now, with every dependency answering, do we say SERVING; from then on the health check
    // follows the database, so load balancers and probes stop sending calls that can only fail.
    grpc.setServing(true);
    let checking = false;
    let watching = true;
    // A check that hangs (a socket half-open after the database went away) counts as down and
    // must not stop the next check from running.
    const limit = Math.max(config.HEALTH_CHECK_MS * 2, 5_000);
    const within = (p: Promise<boolean>) =>
      Promise.race([p, new Promise<boolean>((r) => setTimeout(() => r(false), limit).unref())]);
    const dbWatch = new DatabaseWatch({
      ping: () =>
        within(
          mongo.db.command({ ping: 1 }).then(
            () => true,
            () => false,
          ),
        ),
      freshPing: () => pingsFresh(config.MONGO_URL),
      reconnect: async () => {
        await mongo.client.close(true).catch(() => undefined);
        await mongo.client.connect().catch((err: unknown) => log.warn({ err }, "reconnecting to the database failed"));
      },
      log,
    });
    const watch = setInterval(() => {
      if (checking) return;
      checking = true;
      void dbWatch
        .check()
        .then(async () => dbWatch.up && (parts.ready ? await within(parts.ready().catch(() => false)) : true))
        .then((ok) => {
          if (ok === database.up || !watching) return;
          database.up = ok;
          grpc.setServing(ok);
          if (ok) log.info("the database answers again: SERVING");
          else log.warn("the database does not answer: NOT_SERVING until it does");
        })
        .finally(() => {
          checking = false;
        });
    }, config.HEALTH_CHECK_MS);
    watch.unref();
    stoppers.push(async () => {
      watching = false;
      clearInterval(watch);
    });
    log.info({ grpcPort, httpPort, node: process.version }, `${spec.name} serving`);
    return { kit, grpcPort, httpPort, stop: stopAll };
  } catch (err) {
    await admin.disconnect().catch(() => undefined);
    await stopAll();
    await closeGrpc();
    throw err;
  }
}

/** Process entry point: start, stop cleanly on SIGINT/SIGTERM, one clear line on bad config. */
export function runMain<C extends BaseConfig>(spec: ServiceSpec<C>): void {
  startService(spec).then(
    (svc) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        svc.kit.log.info({ signal }, "shutting down");
        // Spans still buffered are sent before the process ends.
        svc
          .stop()
          .then(stopTracing)
          .then(
            () => process.exit(0),
            () => process.exit(1),
          );
      };
      process.on("SIGINT", () => shutdown("SIGINT"));
      process.on("SIGTERM", () => shutdown("SIGTERM"));
    },
    (err: unknown) => {
      if (err instanceof ConfigError) console.error(`${spec.name}: ${err.message}`);
      else console.error(`${spec.name}: failed to start: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
