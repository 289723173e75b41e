/**
 * A read whose "not there" is an answer, not an error (no contribution yet, no compilation yet).
 * Only NOT_FOUND means that: a service that is down must show as down (the page wrapper's 503),
 * never as "not started", or a form shown empty would replace a draft when saved.
 */
import { isGrpcServiceError } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";

export async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === status.NOT_FOUND) return undefined;
    throw err;
  }
}
