import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted at every level, no insignificant whitespace. The same content
 * always gives the same bytes, so its SHA-256 identifies a submitted version's content.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export const contentSha256 = (value: unknown) => sha256Hex(canonicalJson(value));
