/**
 * Small files the demonstration uploads as meeting papers and report attachments, built here so
 * that nothing binary is kept in the repository: CSV (RFC 4180) and a one-page text PDF. Pure.
 */

export type Cell = string | number;

/** CSV with CRLF line ends; fields with a comma, quote or line break are quoted. */
export function csv(rows: Cell[][]): Buffer {
  const field = (c: Cell) => {
    const s = String(c);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return Buffer.from(`${rows.map((r) => r.map(field).join(",")).join("\r\n")}\r\n`, "utf8");
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A valid one-page A4 PDF (1.4) showing a title and lines of text in Helvetica, with a correct
 * cross-reference table. ASCII text only: the standard fonts need no embedding for it.
 */
export function textPdf(title: string, lines: string[]): Buffer {
  for (const s of [title, ...lines])
    if (!PRINTABLE_ASCII.test(s)) throw new Error(`textPdf takes printable ASCII only: ${JSON.stringify(s)}`);
  const literal = (s: string) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const stream = [
    "BT",
    "/F1 16 Tf",
    "56 780 Td",
    `${literal(title)} Tj`,
    "/F1 11 Tf",
    "15 TL",
    "0 -30 Td",
    ...lines.map((l) => `${literal(l)} Tj T*`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, type, space, LF.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
