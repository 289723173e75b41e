/**
 * Request fields of the REST API with the rules the services enforce stated as JSON Schema (pattern,
 * lengths), so the OpenAPI document is the contract checked here and by the services: the kit's text
 * rule, trimmed minimum lengths, single lines and resource names. Rules a schema cannot state (a due
 * date in the future, a partner that exists) are the services' and come back as 422.
 */
import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { resourceName, textPattern, textProblem } from "@csp-mesh/kit";
import { z } from "zod";

extendZodWithOpenApi(z);

const ID = "[a-z0-9][a-z0-9-]{1,62}";

function textField(max: number, min: number, oneLine: boolean, tooShort?: string, alsoRefused = "") {
  const refused = alsoRefused ? new RegExp(`[${alsoRefused}]`) : undefined;
  return z
    .string()
    .max(max)
    .superRefine((s, ctx) => {
      const trimmed = s.trim();
      const problem =
        textProblem(s) ??
        (oneLine && /[\t\n\r]/.test(trimmed) ? "must be a single line (no tabs or line breaks)" : undefined) ??
        (refused?.test(s) ? "a file name, not a path" : undefined) ??
        ([...trimmed].length < min ? (tooShort ?? `at least ${min} characters`) : undefined);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .openapi({ pattern: textPattern(min, oneLine, alsoRefused).source });
}

/** Free text (line breaks allowed): at most `max` characters, at least `min` once trimmed. */
export const text = (max: number, min = 0, tooShort?: string) => textField(max, min, false, tooShort);
/** A single line (a title, name, place): at most `max` characters, at least `min` once trimmed. */
export const line = (max: number, min = 0, tooShort?: string) => textField(max, min, true, tooShort);
/** A file's name as uploaded: one line, no path separators. */
export const filename = () => textField(200, 1, true, "a file name is required", "/\\\\");

/** A resource name such as partners/<id>. */
export const name = resourceName;
/** A resource name, or empty for "not given". */
export const optionalName = (collection: string) =>
  z.string().regex(new RegExp(`^(${collection}/${ID})?$`), `must be a resource name like ${collection}/<id>, or empty`);
/** A partner as partners/<id> or its bare id. */
export const partnerRef = z.string().regex(new RegExp(`^(partners/)?${ID}$`), "a partner as partners/<id> or its id");
/** A partner as partners/<id> or its bare id, or empty for "not given". */
export const optionalPartnerRef = z
  .string()
  .regex(new RegExp(`^((partners/)?${ID})?$`), "a partner as partners/<id> or its id, or empty");
/** A comma-separated list of partners (partners/<id> or bare ids). */
export const partnerList = z
  .string()
  .max(2000)
  .regex(new RegExp(`^((partners/)?${ID}(,(partners/)?${ID})*)?$`), "partners separated by commas");
/** Always partners/<id>, from either form. */
export const partnerName = (p: string) => (p.startsWith("partners/") ? p : `partners/${p}`);
/** Always the bare id, from either form. */
export const partnerId = (p: string) => partnerName(p).slice("partners/".length);

/**
 * A whole number given in a path or query string: "", a space or "1e3" is refused rather than read as a number, and the document
 * says integer (not integer-or-null, which a query string cannot carry).
 */
export const integerParam = (minimum: number, maximum: number) =>
  z
    // Digits only: Number() would read "", " " (a "+" in a query string) and "0x10" as numbers.
    .preprocess(
      (v) => (typeof v === "string" && !/^-?\d+$/.test(v) ? Number.NaN : v),
      z.coerce.number().int().min(minimum).max(maximum),
    )
    .openapi({ type: "integer", minimum, maximum });
