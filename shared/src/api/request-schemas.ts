import { createHash } from "node:crypto";
import { z } from "zod";
import { CLASSIFICATIONS, type Classification } from "../policy/policy";
import { fromProtoEnum } from "./proto-values";

export const resourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "2-63 lower-case letters, digits and hyphens, starting with a letter or digit");

export const resourceName = (collection: string) =>
  z
    .string()
    .regex(new RegExp(`^${collection}/[a-z0-9][a-z0-9-]{1,62}$`), `must be a resource name like ${collection}/<id>`);

export const optionalName = (collection: string) =>
  z.union([z.literal(""), resourceName(collection)]).transform((v) => (v === "" ? undefined : v));

export const requestIdSchema = z
  .string()
  .max(100, "at most 100 characters")
  .regex(/^[A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only");

/** A proto enum given as its string name; UNSPECIFIED (or empty) becomes undefined. */
export function protoEnum<T extends string>(prefix: string, values: readonly T[]) {
  return z.string().transform((v, ctx): T | undefined => {
    if (v === "" || v === `${prefix}_UNSPECIFIED`) return undefined;
    const r = fromProtoEnum(prefix, values, v);
    if (r === undefined) ctx.addIssue({ code: "custom", message: `unknown value ${v}` });
    return r;
  });
}

const CLASSIFICATION_VALUES = ["OFFICIAL", "OFFICIAL_SENSITIVE"] as const;
/** Directory records are OFFICIAL unless said otherwise. */
export const classificationField = protoEnum("CLASSIFICATION", CLASSIFICATION_VALUES).transform(
  (v): Classification => (v === "OFFICIAL_SENSITIVE" ? CLASSIFICATIONS[1] : CLASSIFICATIONS[0]),
);

/** A classification to filter by: unspecified means any (undefined). */
export const classificationFilter = protoEnum("CLASSIFICATION", CLASSIFICATION_VALUES).transform(
  (v): Classification | undefined =>
    v === undefined ? undefined : v === "OFFICIAL_SENSITIVE" ? CLASSIFICATIONS[1] : CLASSIFICATIONS[0],
);

export const updateMaskSchema = z
  .object({ paths: z.array(z.string()) })
  .nullable()
  .transform((m) => m?.paths ?? []);

/** Stable fingerprint of a create request, to recognise a retry (AIP-155). */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/**
 * The idempotency record of a command on an existing aggregate: `${requestId}#${hash of the body}`,
 * so a retry (same id, same body) is recognised and the same id with another body refused; none
 * without a request id.
 */
export function commandKey(requestId: string, body: unknown): string | undefined {
  return requestId ? `${requestId}#${fingerprint(body).slice(0, 16)}` : undefined;
}

const snakeToCamel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * Picks the masked fields from a proto resource. An empty mask means every mutable field (AIP-134).
 * Paths outside `mutable` are INVALID_ARGUMENT on `update_mask`.
 */
export function maskedFields(
  resource: Record<string, unknown>,
  paths: string[],
  mutable: readonly string[],
  ctx: z.RefinementCtx,
): Record<string, unknown> {
  const chosen = paths.length > 0 ? paths : [...mutable];
  const out: Record<string, unknown> = {};
  for (const p of chosen) {
    if (!mutable.includes(p)) {
      ctx.addIssue({
        code: "custom",
        path: ["updateMask"],
        message: `${p} cannot be updated; allowed: ${mutable.join(", ")}`,
      });
      continue;
    }
    out[snakeToCamel(p)] = resource[snakeToCamel(p)];
  }
  return out;
}

/** A google.protobuf.Timestamp as proto-loader decodes it, as a Date (undefined when absent). */
export const timestampField = z
  .object({ seconds: z.union([z.string(), z.number()]), nanos: z.number() })
  .nullable()
  .optional()
  .transform((t) => (t ? new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6)) : undefined));

/**
 * The OPCC's review of a partnership's submitted version (the kit's reviewed versions), for a
 * resource named by `name`: accepting names the version reviewed; returning adds the reasons.
 */
export function reviewSchemas(name: z.ZodType<string>) {
  const version = z.number().int().positive("the version reviewed is required");
  return {
    accept: z.object({ name, version, requestId: requestIdSchema }),
    return: z.object({
      name,
      version,
      reasons: z.string().trim().min(10, "say what must change (at least 10 characters)").max(5000),
      requestId: requestIdSchema,
    }),
  };
}
