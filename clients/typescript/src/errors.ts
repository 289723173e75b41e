/**
 * Errors from the mesh as typed values: the gRPC status, the message, and the fields that were wrong
 * (google.rpc.BadRequest in the `grpc-status-details-bin` trailer, AIP-193).
 */
import { type Metadata, type ServiceError, status } from "@grpc/grpc-js";
import protobuf from "protobufjs";

export interface FieldViolation {
  /** The request field, in snake_case with indexes, e.g. `answers[0].text` or `report_request.title`. */
  field: string;
  description: string;
}

// The two google.rpc messages the client needs, declared here so the package carries no .proto files.
const root = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: "int32", id: 1 },
                message: { type: "string", id: 2 },
                details: { rule: "repeated", type: "Any", id: 3 },
              },
            },
            Any: { fields: { type_url: { type: "string", id: 1 }, value: { type: "bytes", id: 2 } } },
            BadRequest: { fields: { field_violations: { rule: "repeated", type: "FieldViolation", id: 1 } } },
            FieldViolation: { fields: { field: { type: "string", id: 1 }, description: { type: "string", id: 2 } } },
          },
        },
      },
    },
  },
});
const StatusType = root.lookupType("google.rpc.Status");
const BadRequestType = root.lookupType("google.rpc.BadRequest");
const BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";

/** The field violations a server attached to an error (empty if none, or if the trailer is unreadable). */
export function fieldViolationsOf(metadata: Metadata | undefined): FieldViolation[] {
  const raw = metadata?.get("grpc-status-details-bin")[0];
  if (!Buffer.isBuffer(raw)) return [];
  try {
    const decoded = StatusType.toObject(StatusType.decode(raw)) as {
      details?: { type_url: string; value: Uint8Array }[];
    };
    return (decoded.details ?? [])
      .filter((d) => d.type_url === BAD_REQUEST)
      .flatMap(
        (d) =>
          (BadRequestType.toObject(BadRequestType.decode(d.value)) as { field_violations?: FieldViolation[] })
            .field_violations ?? [],
      );
  } catch {
    return [];
  }
}

/** What every failed call rejects with. */
export class MeshError extends Error {
  override readonly name = "MeshError";
  constructor(
    /** The gRPC status code (`status.INVALID_ARGUMENT`, ...). */
    readonly code: status,
    /** The server's message. */
    readonly details: string,
    readonly fieldViolations: FieldViolation[],
    /** Service and method, e.g. `csp.reports.v1.ReportsService/SubmitReport`. */
    readonly method: string,
  ) {
    super(`${method}: ${status[code] ?? code}: ${details}`);
  }

  /** The status's name, e.g. "INVALID_ARGUMENT". */
  get codeName(): string {
    return status[this.code] ?? String(this.code);
  }

  /** The violation for one field, if the server named it. */
  violation(field: string): FieldViolation | undefined {
    return this.fieldViolations.find((v) => v.field === field);
  }

  static from(err: unknown, method: string): MeshError {
    if (err instanceof MeshError) return err;
    const e = err as Partial<ServiceError>;
    if (typeof e?.code === "number") {
      return new MeshError(e.code, e.details ?? e.message ?? "", fieldViolationsOf(e.metadata), method);
    }
    return new MeshError(status.UNKNOWN, err instanceof Error ? err.message : String(err), [], method);
  }
}
