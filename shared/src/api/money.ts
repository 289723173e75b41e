/**
 * Money is whole pence, integers only, never floating point: up to 12 digits (£9,999,999,999.99),
 * well inside the integers a double holds exactly. On the wire an int64 (proto-loader hands it over
 * as a decimal string); on pages pounds and pence with a £ sign and thousands separators.
 */
import { z } from "zod";

export const MAX_PENCE = 999_999_999_999;

const PENCE_MESSAGE = "must be a whole number of pence from 0 to 999999999999";

/**
 * An int64 amount in pence from a gRPC request: a decimal string of at most 12 digits (a client
 * sending 1e308 or a negative number arrives as a 19- or 20-character string and is refused), or a
 * safe non-negative integer. Gives a number.
 */
export const penceField = z.union([
  z
    .string()
    .regex(/^\d{1,12}$/, PENCE_MESSAGE)
    .transform(Number),
  z.number().int(PENCE_MESSAGE).min(0, PENCE_MESSAGE).max(MAX_PENCE, PENCE_MESSAGE),
]);

/** The same as a JSON body field (REST): an integer number of pence; one message whatever is wrong. */
export const penceJson = z
  .number()
  .int({ message: PENCE_MESSAGE, abort: true })
  .min(0, { message: PENCE_MESSAGE, abort: true })
  .max(MAX_PENCE, PENCE_MESSAGE);

const POUNDS = /^£?(\d{1,3}(,\d{3})+|\d+)(\.\d{2})?$/;

/**
 * Pounds as a person types them ("£1,234.56", "1234.56", "1234", "£36,000") to pence, or undefined
 * when it is not an amount: commas only as thousands separators, pence as exactly two digits.
 * Integer arithmetic only.
 */
export function parsePounds(text: string): number | undefined {
  const t = text.trim();
  if (!POUNDS.test(t)) return undefined;
  const [whole = "", pence = "00"] = t.replace(/^£/, "").replaceAll(",", "").split(".");
  if (whole.length > 10) return undefined;
  const value = Number(whole) * 100 + Number(pence);
  return value <= MAX_PENCE ? value : undefined;
}

/** Pence as pounds for people: 3966100 -> "£39,661.00". */
export function formatPounds(pence: number): string {
  const whole = Math.trunc(pence / 100);
  const rest = pence - whole * 100;
  return `£${whole.toLocaleString("en-GB")}.${String(rest).padStart(2, "0")}`;
}
