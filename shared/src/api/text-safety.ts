/**
 * The one rule for text the mesh accepts, applied by the kit to every string of every request message
 * before the service sees it (so no field can be forgotten): no NUL or other C0/C1 control characters
 * (tab, line feed and carriage return excepted), and no bidirectional embedding, override or isolate
 * characters (U+202A-U+202E, U+2066-U+2069), which let text display differently from what was typed
 * ("Trojan Source"). Natural right-to-left text needs neither.
 */
import { z } from "zod";
import { type FieldViolation, fieldPath } from "../errors";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

/**
 * A single-line field (a name, title, place, period): trimmed, at most `max` characters, and no tab or
 * line break either, so what is shown in a list or a heading is the whole of it. `min` counts after
 * trimming.
 */
export function singleLine(max: number, min = 0, tooShort = `at least ${min} characters`) {
  return z
    .string()
    .trim()
    .min(min, tooShort)
    .max(max)
    .refine((s) => !/[\t\n\r]/.test(s), "must be a single line (no tabs or line breaks)");
}

export function textProblem(s: string): string | undefined {
  if (CONTROL.test(s)) return "must not contain control characters (other than tab and new line)";
  if (BIDI.test(s)) return "must not contain bidirectional override or isolate characters";
  return undefined;
}

/** Every string in a decoded message that breaks the rule, named by its field path; bytes are skipped. */
export function unsafeText(message: unknown, path: PropertyKey[] = [], out: FieldViolation[] = []): FieldViolation[] {
  if (typeof message === "string") {
    const problem = textProblem(message);
    if (problem) out.push({ field: fieldPath(path) || "(request)", description: problem });
  } else if (Array.isArray(message)) {
    for (const [i, item] of message.entries()) unsafeText(item, [...path, i], out);
  } else if (message !== null && typeof message === "object" && !Buffer.isBuffer(message)) {
    for (const [k, v] of Object.entries(message)) unsafeText(v, [...path, k], out);
  }
  return out;
}
