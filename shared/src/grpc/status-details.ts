import path from "node:path";
import { Metadata, type ServiceError } from "@grpc/grpc-js";
import protobuf from "protobufjs";
import { type AppError, type FieldViolation, grpcStatusOf } from "../errors";
import { PROTO_ROOT } from "./protos";

/** google.rpc.Status with google.rpc.BadRequest details, in the `grpc-status-details-bin` trailer. */
const root = new protobuf.Root();
root.resolvePath = (_origin, target) =>
  target.startsWith("google/protobuf/") ? target : path.join(PROTO_ROOT, target);
root.loadSync(["google/rpc/status.proto", "google/rpc/error_details.proto"], { keepCase: true });
const StatusType = root.lookupType("google.rpc.Status");
const BadRequestType = root.lookupType("google.rpc.BadRequest");
const BAD_REQUEST_URL = "type.googleapis.com/google.rpc.BadRequest";
const DETAILS_KEY = "grpc-status-details-bin";

/**
 * Bounds on what a refusal carries: both travel in HTTP/2 trailers, which clients refuse beyond a
 * size (grpc-js: 8 KB by default) and then report as INTERNAL instead of the refusal. A request
 * wrong in hundreds of places (200 duplicated allocations) is told the first problems and how many.
 */
export const MAX_FIELD_VIOLATIONS = 50;
const MAX_MESSAGE = 1000;

export function toServiceError(err: AppError): Partial<ServiceError> {
  const code = grpcStatusOf(err.code);
  const metadata = new Metadata();
  const all = err.fieldViolations;
  const shown = all.slice(0, MAX_FIELD_VIOLATIONS);
  const more = all.length > shown.length ? ` (the first ${shown.length} of ${all.length} problems)` : "";
  const room = MAX_MESSAGE - more.length;
  const message = (err.message.length > room ? `${err.message.slice(0, room - 1)}…` : err.message) + more;
  const details =
    shown.length > 0
      ? [
          {
            type_url: BAD_REQUEST_URL,
            value: BadRequestType.encode(BadRequestType.fromObject({ field_violations: shown })).finish(),
          },
        ]
      : [];
  const statusMsg = StatusType.fromObject({ code, message, details });
  metadata.set(DETAILS_KEY, Buffer.from(StatusType.encode(statusMsg).finish()));
  return { code, details: message, metadata };
}

/** Reads the field violations a server attached to an error (empty if none). */
export function fieldViolationsOf(err: { metadata?: Metadata }): FieldViolation[] {
  const raw = err.metadata?.get(DETAILS_KEY)[0];
  if (!Buffer.isBuffer(raw)) return [];
  const decoded = StatusType.toObject(StatusType.decode(raw)) as {
    details?: { type_url: string; value: Uint8Array }[];
  };
  return (decoded.details ?? [])
    .filter((d) => d.type_url === BAD_REQUEST_URL)
    .flatMap(
      (d) =>
        (BadRequestType.toObject(BadRequestType.decode(d.value)) as { field_violations?: FieldViolation[] })
          .field_violations ?? [],
    );
}
