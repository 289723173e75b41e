/**
 * CSV files for a spreadsheet (csv-stringify): UTF-8 with a byte-order mark so Excel reads the
 * characters right, Windows line ends, and every cell a spreadsheet would take for a formula
 * neutralised (OWASP's CSV injection guidance: a leading = + - @ tab or carriage return gets a
 * leading apostrophe).
 */
import { stringify } from "csv-stringify/sync";

/** A cell a spreadsheet would run as a formula starts with ' instead (OWASP CSV injection). */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The file: a header row, then the rows, each cell neutralised. */
export function spreadsheetCsv(rows: string[][]): string {
  return `\uFEFF${stringify(
    rows.map((r) => r.map(neutralise)),
    { record_delimiter: "windows" },
  )}`;
}
