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

// ---- the same rule as a regular expression, for contracts (OpenAPI `pattern`) -----------------

const FORBIDDEN = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069";
const LINE_BREAKS = "\\t\\n\\r";
/** What String.prototype.trim removes, less the control characters the rule refuses anyway. */
const SPACE = " \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";

/**
 * A pattern accepting exactly the strings the kit accepts for a field: the text rule, single line or
 * not, and at least `min` characters once trimmed (first and last non-space characters with `min`-2
 * between), with none of `alsoRefused` (regular-expression class syntax). Stated in API documents so
 * generic clients and fuzzers know the rule.
 */
export function textPattern(min = 0, oneLine = false, alsoRefused = ""): RegExp {
  // Trimming removes line breaks at either end, so a single line may have them there, not inside.
  const bad = FORBIDDEN + (oneLine ? LINE_BREAKS : "") + alsoRefused;
  const space = SPACE + LINE_BREAKS;
  const edge = `[^${space}${bad}]`;
  if (min <= 0) return new RegExp(`^[${space}]*[^${bad}]*[${space}]*$`, "u");
  if (min === 1) return new RegExp(`^[${space}]*${edge}[^${bad}]*[${space}]*$`, "u");
  return new RegExp(`^[${space}]*${edge}[^${bad}]{${min - 2},}${edge}[${space}]*$`, "u");
}
