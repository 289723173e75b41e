/**
 * Schemas every area of the REST API shares: timestamps, paging, problem details, idempotency keys.
 * zod validates at the edge and the same schemas generate the OpenAPI 3.1 document, so the
 * documentation cannot drift from what is checked. Area schemas import this module first, which is
 * also what extends zod with `.openapi()` before any of them uses it.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { toTimestamp as timestampOf } from "@csp-mesh/kit";
import { z } from "zod";
import { integerParam } from "./fields";

extendZodWithOpenApi(z);

export const Timestamp = z
  .object({ seconds: z.string(), nanos: z.number().int() })
  .openapi("Timestamp", { description: "google.protobuf.Timestamp" });
/**
 * A Timestamp that may be null, as its own component: `NullableTimestamp` would be emitted as
 * allOf [$ref, {type: [object, null]}], which generic tools (Schemathesis) cannot analyse.
 */
export const NullableTimestamp = z
  .object({ seconds: z.string(), nanos: z.number().int() })
  .nullable()
  .openapi("NullableTimestamp", { description: "google.protobuf.Timestamp, or null when not set" });
/** An RFC 3339 time in a request body; toTimestamp turns it into the services' Timestamp. */
export const rfc3339 = z.iso.datetime({ offset: true }).openapi({ description: "RFC 3339 time" });
/** gRPC Timestamp from an RFC 3339 string. */
export const toTimestamp = (iso: string) => timestampOf(new Date(Date.parse(iso)));

export const classification = z.enum(["CLASSIFICATION_OFFICIAL", "CLASSIFICATION_OFFICIAL_SENSITIVE"]);
/** The client's idempotency key for a command, so the services recognise a retry (empty: none). */
export const requestIdField = z
  .string()
  .max(100)
  .regex(/^[A-Za-z0-9._-]*$/)
  .default("");
/** The id in a path such as /v1/partners/{id} (the resource name's last segment). */
export const pathId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), description: z.string() })).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details" });

/** Paging fields to spread into a list's query schema. */
export const page = {
  pageSize: integerParam(0, 500)
    .default(0)
    .openapi({ type: "integer", minimum: 0, maximum: 500, default: 0, description: "0: the service's default" }),
  pageToken: z.string().max(2000).default(""),
};
