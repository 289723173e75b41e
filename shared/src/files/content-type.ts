/**
 * What an uploaded file (a report attachment, a meeting paper) really is, judged from its bytes
 * rather than its name or declared type. We accept five formats: PDF, DOCX, XLSX, ODT and CSV.
 *
 * The binary formats are identified by file-type, the maintained sniffer: it reads a PDF's header
 * and walks a ZIP's entries, parsing `[Content_Types].xml` (DOCX, XLSX, and telling them from their
 * macro-enabled twins) and ODF's `mimetype`, which is more than a hand-written scan of names can.
 * file-type's API is async, so `sniff` is too. What stays hand-written, and why:
 * - CSV: text has no signature, and file-type guesses from a few leading bytes (a CSV starting
 *   with "MZ" is an .exe to it); a CSV is UTF-8 text without control bytes, checked here.
 * - The sniff window: file-type sees only the first SNIFF_WINDOW bytes, never the whole upload.
 *   Where that is not enough to decide (a first entry bigger than the window hides every later
 *   entry; folder names such as word/ are taken for a document before `[Content_Types].xml` is
 *   seen) the ZIP's central directory, kept from the file's last bytes, decides.
 * - The family of the first bytes (`familyOf`), to refuse a mismatch at the first chunk, and the
 *   entry names (`dangerousEntry`), to refuse programs, archives and macros inside a document.
 */
import { fileTypeFromBuffer } from "file-type";

export const ATTACHMENT_TYPES = {
  pdf: "application/pdf",
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  odt: "application/vnd.oasis.opendocument.text",
} as const;
export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

export const ACCEPTED_EXTENSIONS = Object.keys(ATTACHMENT_TYPES) as AttachmentKind[];

/** Bytes kept from the start and the end of an upload: enough for headers and a ZIP's central directory. */
export const SNIFF_WINDOW = 64 * 1024;

export function extensionOf(filename: string): AttachmentKind | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return ext && ext in ATTACHMENT_TYPES ? (ext as AttachmentKind) : undefined;
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const PDF = Buffer.from("%PDF-");
const CONTENT_TYPES = "[Content_Types].xml";

type Family = "pdf" | "zip" | "text" | "other";

/** The family of a file from its first bytes: cheap enough to refuse an upload at its first chunk. */
export function familyOf(head: Buffer): Family {
  if (head.subarray(0, PDF.length).equals(PDF)) return "pdf";
  if (head.subarray(0, ZIP.length).equals(ZIP)) return "zip";
  return looksLikeText(head) ? "text" : "other";
}

function looksLikeText(buf: Buffer): boolean {
  if (buf.length === 0) return false;
  for (const b of buf) {
    // Control bytes other than tab, LF, CR (and a possible BOM byte) mean binary.
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) || b === 0x7f) return false;
  }
  // Valid UTF-8, allowing a multi-byte sequence cut at the window's end.
  const cut = buf.length === SNIFF_WINDOW ? trimPartialUtf8(buf) : buf;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(cut);
    return true;
  } catch {
    return false;
  }
}

function trimPartialUtf8(buf: Buffer): Buffer {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (buf[i] as number) >= 0x80 && (buf[i] as number) < 0xc0) {
    i -= 1;
    back += 1;
  }
  return i >= 0 && (buf[i] as number) >= 0xc0 ? buf.subarray(0, i) : buf;
}

/** Which kind the whole file is, given its head and tail windows; undefined if none we accept. */
export async function sniff(head: Buffer, tail: Buffer): Promise<AttachmentKind | undefined> {
  const family = familyOf(head);
  if (family === "text") return looksLikeText(tail) ? "csv" : undefined;
  if (family === "other") return undefined;
  // Bytes file-type cannot parse are none of our kinds: a refusal, not a server error.
  const found = (await fileTypeFromBuffer(head).catch(() => undefined))?.ext;
  // ODF keeps its `mimetype` entry first, so file-type always reads it within the window.
  if (found === "pdf" || found === "odt") return found;
  // Anything else it names (docm, xlsm, pptx, jar, epub, ...) is none of ours.
  if (found !== "docx" && found !== "xlsx" && found !== "zip") return undefined;
  // A head shorter than the window is the whole file: file-type saw every entry.
  if (head.length < SNIFF_WINDOW) return found === "zip" ? undefined : found;
  // A DOCX or XLSX found after reading [Content_Types].xml in the head stands.
  if (found !== "zip" && zipEntryNames(head, Buffer.alloc(0)).includes(CONTENT_TYPES)) return found;
  // Otherwise file-type could not decide from the head: it guessed from folder names (word/, xl/)
  // without seeing [Content_Types].xml, or a first entry bigger than the window hid every other
  // name and it said zip. The central directory at the end lists every entry: it decides.
  const listed = ooxmlKindOf(zipEntryNames(head, tail));
  return found === "zip" || found === listed ? listed : undefined;
}

/** DOCX or XLSX by the entries every such package has. */
function ooxmlKindOf(names: string[]): "docx" | "xlsx" | undefined {
  if (!names.includes(CONTENT_TYPES)) return undefined;
  if (names.includes("word/document.xml")) return "docx";
  if (names.includes("xl/workbook.xml")) return "xlsx";
  return undefined;
}

/**
 * Entry names of a ZIP container, read from the local file headers in `head` and the central
 * directory in `tail` (both are where a ZIP keeps them; a container whose directory is larger than
 * the window shows only part of its names).
 */
export function zipEntryNames(head: Buffer, tail: Buffer): string[] {
  const names = new Set<string>();
  const scan = (buf: Buffer, signature: number, nameLengthAt: number, nameAt: number) => {
    for (let i = buf.indexOf("PK"); i >= 0 && i + nameAt <= buf.length; i = buf.indexOf("PK", i + 2)) {
      if (buf.readUInt32LE(i) !== signature) continue;
      const length = buf.readUInt16LE(i + nameLengthAt);
      if (i + nameAt + length <= buf.length) names.add(buf.toString("utf8", i + nameAt, i + nameAt + length));
    }
  };
  scan(head, 0x04034b50, 26, 30); // local file header
  scan(tail, 0x02014b50, 28, 46); // central directory header
  return [...names];
}

/** Programs, scripts, archives and macros: never inside a document the partnership exchanges. */
const DANGEROUS_ENTRY =
  /(\.(exe|dll|scr|com|bat|cmd|msi|ps1|vbs|vbe|js|jse|wsf|hta|jar|sh|zip|7z|rar|gz|tgz|tar|cab|iso|docm|xlsm)$)|vbaProject\.bin$/i;

/** The first entry of a document container that must not be there, if any. */
export function dangerousEntry(head: Buffer, tail: Buffer): string | undefined {
  return zipEntryNames(head, tail).find((n) => DANGEROUS_ENTRY.test(n));
}

/** The family the declared extension requires, to refuse a mismatch at the first chunk. */
export function familyFor(kind: AttachmentKind): Family {
  if (kind === "pdf") return "pdf";
  if (kind === "csv") return "text";
  return "zip";
}
