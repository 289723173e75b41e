/**
 * gRPC status -> HTTP status and an RFC 9457 problem-details body, with the fields that were wrong.
 */
import { type FieldViolation, fieldViolationsOf, isGrpcServiceError } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldViolation[];
}

const HTTP: Record<number, [number, string]> = {
  [status.INVALID_ARGUMENT]: [400, "Invalid request"],
  [status.OUT_OF_RANGE]: [400, "Invalid request"],
  [status.UNAUTHENTICATED]: [401, "Not signed in"],
  [status.PERMISSION_DENIED]: [403, "Not allowed"],
  [status.NOT_FOUND]: [404, "Not found"],
  [status.ALREADY_EXISTS]: [409, "Already exists"],
  [status.ABORTED]: [409, "Conflict"],
  [status.FAILED_PRECONDITION]: [409, "Not possible now"],
  [status.RESOURCE_EXHAUSTED]: [429, "Too many requests or too large"],
  [status.UNAVAILABLE]: [503, "Service unavailable"],
  [status.DEADLINE_EXCEEDED]: [504, "Timed out"],
  [status.UNIMPLEMENTED]: [501, "Not implemented"],
};

export function problem(statusCode: number, title: string, detail: string, errors?: FieldViolation[]): Problem {
  return {
    type: `https://csp-mesh.example/problems/${title.toLowerCase().replace(/[^a-z]+/g, "-")}`,
    title,
    status: statusCode,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** A problem for anything thrown by a downstream call; unknown errors are 500 without their message. */
export function problemFrom(err: unknown): Problem {
  if (isGrpcServiceError(err)) {
    const [code, title] = HTTP[err.code] ?? [500, "Internal error"];
    const detail = code === 500 ? "internal error" : err.details || title;
    return problem(code, title, detail, fieldViolationsOf(err));
  }
  return problem(500, "Internal error", "internal error");
}
