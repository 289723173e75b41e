import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { z } from "zod";

/** The one error model of the mesh. Every known failure is one of these; UNKNOWN is never sent. */
export type ErrorCode =
  | "INVALID_ARGUMENT"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "FAILED_PRECONDITION"
  | "ABORTED"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "RESOURCE_EXHAUSTED"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED"
  | "INTERNAL";

export interface FieldViolation {
  /** Proto field path in snake_case, e.g. "partner.display_name". */
  field: string;
  description: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldViolations: FieldViolation[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const invalidArgument = (message: string, violations: FieldViolation[] = []) =>
  new AppError("INVALID_ARGUMENT", message, violations);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const alreadyExists = (message: string) => new AppError("ALREADY_EXISTS", message);
export const failedPrecondition = (message: string) => new AppError("FAILED_PRECONDITION", message);
export const aborted = (message: string) => new AppError("ABORTED", message);
export const permissionDenied = (message: string) => new AppError("PERMISSION_DENIED", message);
export const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message);
export const unavailable = (message: string) => new AppError("UNAVAILABLE", message);

const camelToSnake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : camelToSnake(String(p))))
    .join(".")
    .replace(/\.\[/g, "[");
}

export function fromZodError(err: z.ZodError, prefix: readonly PropertyKey[] = []): AppError {
  const violations = err.issues.map((i) => ({
    field: fieldPath([...prefix, ...i.path]) || "(request)",
    description: i.message,
  }));
  const fields = violations.map((v) => v.field).join(", ");
  return invalidArgument(`invalid request: ${fields}`, violations);
}

/**
 * A write refused by a unique index (E11000): a retry of a create, or a race another writer won.
 * Here rather than beside the client (db/mongo.ts) so that knowing it does not load the driver.
 */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;

/**
 * The driver's errors for a database that is gone or going, by the names the driver gives them (its
 * pool errors are not exported as classes). The pool's names were once listed wrongly here
 * ("PoolClearedError"): a call queued for a connection when the database stopped was answered
 * INTERNAL, seen in test/reliability/database-stop.test.ts. So was a call caught when the kit's
 * database watch closes the client to connect it again (service.ts): the driver ends it with
 * MongoClientClosedError (or MongoServerClosedError), and a call made again can succeed.
 */
const TRANSIENT_MONGO = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongoTopologyClosedError",
  "MongoClientClosedError",
  "MongoServerClosedError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
  "PoolClearedOnNetworkError",
  "MongoPoolClosedError",
  "MongoWaitQueueTimeoutError",
]);

/**
 * A database that answered it is stopping or cannot reach its host (MongoDB's InterruptedAtShutdown,
 * ShutdownInProgress, HostUnreachable, HostNotFound, NetworkTimeout, SocketException, or an error the
 * server labels retryable): the call may succeed once it is back, so UNAVAILABLE, not INTERNAL.
 */
const SHUTTING_DOWN_CODES = new Set([6, 7, 89, 91, 9001, 11600, 11602]);
/**
 * FerretDB (the local stand-in) answers a write it was in the middle of when it stopped with
 * InternalError (1) and its own error chain, which ends in why its backend gave up: the transaction
 * rolled back as the request was cancelled ("sql: transaction has already been committed or rolled
 * back", seen stopping it under updates), the cancellation itself, or its pool closing. The write
 * did not happen, and may succeed once the database is back. Other InternalErrors stay INTERNAL.
 */
const STOPPED_MID_REQUEST =
  /(transaction has already been committed or rolled back|context canceled|database is closed|closed pool|conn closed)$/;
function isShuttingDown(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; hasErrorLabel?: (l: string) => boolean };
  if (typeof e.code === "number" && SHUTTING_DOWN_CODES.has(e.code)) return true;
  if (e.code === 1 && typeof e.message === "string" && STOPPED_MID_REQUEST.test(e.message)) return true;
  return typeof e.hasErrorLabel === "function" && e.hasErrorLabel("RetryableWriteError");
}

/** An error a gRPC call failed with (a status code and trailing metadata). */
export function isGrpcServiceError(err: unknown): err is ServiceError {
  return (
    typeof err === "object" &&
    err !== null &&
    "code" in err &&
    typeof (err as { code: unknown }).code === "number" &&
    "metadata" in err
  );
}

/** A call refused for its input (INVALID_ARGUMENT): its field violations say what to fix. */
export function isInvalidArgument(err: unknown): err is ServiceError {
  return isGrpcServiceError(err) && err.code === GrpcStatus.INVALID_ARGUMENT;
}

const GRPC_TO_CODE = new Map<number, ErrorCode>(
  (Object.entries(GrpcStatus) as [string, number][])
    .filter(([name]) => name !== "OK" && name !== "UNKNOWN")
    .map(([name, n]) => [n, name as ErrorCode]),
);

/**
 * Turns anything thrown into an AppError: known failures keep their meaning (a duplicate key is
 * ALREADY_EXISTS, a lost database or broker is UNAVAILABLE); the rest is INTERNAL, never UNKNOWN.
 */
export function classifyError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return fromZodError(err);
  if (isGrpcServiceError(err)) {
    const code = GRPC_TO_CODE.get(err.code) ?? "INTERNAL";
    return new AppError(code, err.details || err.message);
  }
  const name = (err as { name?: string } | null)?.name ?? "";
  if (name === "MongoServerError" && isDuplicateKey(err)) {
    return alreadyExists("a resource with that identity already exists");
  }
  if (TRANSIENT_MONGO.has(name) || (name === "MongoServerError" && isShuttingDown(err)))
    return unavailable("the database is unavailable; retry later");
  if (name.startsWith("KafkaJS")) return unavailable("the event broker is unavailable; retry later");
  return new AppError("INTERNAL", "internal error");
}

export function grpcStatusOf(code: ErrorCode): number {
  return GrpcStatus[code];
}
