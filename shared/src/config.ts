import { z } from "zod";

/** Settings every service shares. Services extend this schema with their own. */
export const baseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** "auto": readable, coloured lines on a terminal, JSON otherwise (a file, a pipe, a log collector). */
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),
  GRPC_HOST: z.string().min(1).default("127.0.0.1"),
  GRPC_PORT: z.coerce.number().int().min(0).max(65535),
  /** Metrics, liveness/readiness and (directory) JWKS. */
  HTTP_PORT: z.coerce.number().int().min(0).max(65535),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, "must be a mongodb:// or mongodb+srv:// URL"),
  MONGO_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, "letters, digits, _ and - only"),
  /**
   * Production's replica set: "majority", so an acknowledged write survives the loss of a member,
   * with MONGO_RETRY_WRITES "true" so a write interrupted by a failover is retried once.
   */
  MONGO_WRITE_CONCERN: z.enum(["1", "majority"]).default("1"),
  MONGO_RETRY_WRITES: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((s) => s.split(",").map((b) => b.trim()))
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, "each broker must be host:port")).min(1)),
  /** Prefixes every topic name; tests use it to get fresh topics per run. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(""),
  AUTH_ISSUER: z.string().min(1).default("csp-mesh-directory"),
  AUTH_AUDIENCE: z.string().min(1).default("csp-mesh"),
  /** Where the token issuer publishes its verification keys. The directory itself uses its own keys. */
  AUTH_JWKS_URL: z.url().optional(),
  /** The directory's list of revoked partner systems (default: beside AUTH_JWKS_URL). */
  AUTH_REVOCATION_URL: z.url().optional(),
  /** How old the revocation list may be: the bound on how long a revoked system's token still works. */
  AUTH_REVOCATION_REFRESH_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * gRPC over TLS (all three, or none): this service's certificate and key (PEM), and the CA that
   * signs the mesh's certificates, trusted when calling other services. Partner systems may then
   * bind their tokens to a client certificate (docs/integration.md).
   */
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CA_FILE: z.string().min(1).optional(),
  GRPC_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * How often the service checks its database answers, and says NOT_SERVING on the gRPC health
   * check while it does not (SERVING again by itself when it does); the database driver's own
   * monitor asks the server as often (at most every 2 s).
   */
  HEALTH_CHECK_MS: z.coerce.number().int().positive().default(2_000),
  /**
   * How long a starting service waits for its database and Kafka (retrying with backoff) before it
   * gives up: infrastructure started at the same moment may take a while to listen.
   */
  START_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /**
   * How often the outbox relay looks for events staged by another replica (its own writes nudge it
   * at once) while it keeps finding some, and the first retry interval after a failed send.
   */
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(1_000),
  /**
   * While polls find nothing, each waits twice as long as the last, up to this (and at most a third
   * of the relay's 15 s lease); the first that finds an event brings the poll back to OUTBOX_POLL_MS.
   * An idle service thus looks every few seconds, not every second; its own writes still go at once.
   */
  OUTBOX_IDLE_POLL_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * How often a replica projects into the list read models any change whose projection was cut off
   * (e.g. by a crash): the longest the lists can lag a write then (kit ListProjection).
   */
  LIST_SWEEP_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * "off" runs a replica that writes but does not publish (another replica's relay does): for a
   * dedicated relay deployment, and for tests that stop a service between the write and the publish.
   */
  OUTBOX_RELAY: z.enum(["on", "off"]).default("on"),
  /** Per-caller request budget on public surfaces (requests per minute). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export class ConfigError extends Error {}

/** Validates the environment; a bad value becomes one line naming every variable that is wrong. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
}
