/**
 * Proto enums arrive as strings such as "PARTNER_KIND_CSP" (proto-loader `enums: String`);
 * the domain and the database use the short form "CSP". UNSPECIFIED maps to undefined.
 */
export function fromProtoEnum<T extends string>(prefix: string, allowed: readonly T[], value: unknown): T | undefined {
  if (typeof value !== "string") return undefined;
  const short = value.startsWith(`${prefix}_`) ? value.slice(prefix.length + 1) : value;
  return (allowed as readonly string[]).includes(short) ? (short as T) : undefined;
}

export function toProtoEnum(prefix: string, value: string | undefined): string {
  return `${prefix}_${value ?? "UNSPECIFIED"}`;
}

/** A Date as google.protobuf.Timestamp (proto-loader `longs: String`). */
export function toTimestamp(d: Date) {
  const ms = d.getTime();
  // Floor, and nanos from the floored second: a time before 1970 keeps nanos in [0, 1e9) as the
  // Timestamp type requires (ms % 1000 is negative there).
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** "OFFICIAL-SENSITIVE" -> "CLASSIFICATION_OFFICIAL_SENSITIVE". */
export const classificationToProto = (c: string) => `CLASSIFICATION_${c.replace("-", "_")}`;
