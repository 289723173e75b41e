import { crc32 } from "node:zlib";
import { dangerousEntry, extensionOf, familyFor, familyOf, SNIFF_WINDOW, sniff, zipEntryNames } from "./content-type";

/**
 * A stored (uncompressed) ZIP, laid out by hand: local headers with their data, the central
 * directory, and its end record. An entry is a name, or a name and its content.
 */
const realZip = (entries: (string | [string, string | Buffer])[]) => {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const [n, content] = typeof e === "string" ? [e, ""] : e;
    const name = Buffer.from(n);
    const data = Buffer.from(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
};

/** `[Content_Types].xml` naming a package's main part and its content type. */
const contentTypes = (main: string, type: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/${main}" ContentType="${type}.main+xml"/>
</Types>`;
const OOXML = "application/vnd.openxmlformats-officedocument";
const DOCX: [string, string][] = [
  ["[Content_Types].xml", contentTypes("word/document.xml", `${OOXML}.wordprocessingml.document`)],
  ["word/document.xml", "<w:document/>"],
];
const XLSX: [string, string][] = [
  ["[Content_Types].xml", contentTypes("xl/workbook.xml", `${OOXML}.spreadsheetml.sheet`)],
  ["xl/workbook.xml", "<workbook/>"],
];
const ODT: [string, string][] = [
  ["mimetype", "application/vnd.oasis.opendocument.text"],
  ["content.xml", "<office:document-content/>"],
];
/** A first entry bigger than the sniff window, as a large embedded picture is. */
const big = (name: string): [string, Buffer] => [name, Buffer.alloc(2 * SNIFF_WINDOW, 0xa5)];
/** The head and tail windows the file store keeps of a whole file. */
const windows = (file: Buffer): [Buffer, Buffer] => [
  file.subarray(0, SNIFF_WINDOW),
  file.subarray(Math.max(0, file.length - SNIFF_WINDOW)),
];

describe("attachment content sniffing", () => {
  test("a PDF by its header", async () => {
    const pdf = Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj");
    expect(await sniff(pdf, pdf)).toBe("pdf");
  });

  test("DOCX, XLSX and ODT by their container entries", async () => {
    expect(await sniff(realZip(DOCX), Buffer.alloc(0))).toBe("docx");
    // Names the head does not show are read from the central directory in the tail.
    expect(await sniff(...windows(realZip([big("docProps/thumbnail.jpeg"), ...XLSX])))).toBe("xlsx");
    expect(await sniff(realZip(ODT), Buffer.alloc(0))).toBe("odt");
    expect(await sniff(realZip([["some/other.bin", "data"]]), Buffer.alloc(0))).toBeUndefined();
  });

  test("a document whose [Content_Types].xml comes last, or after a first entry bigger than the window", async () => {
    expect(await sniff(...windows(realZip([...DOCX].reverse())))).toBe("docx");
    expect(await sniff(...windows(realZip([big("word/media/image1.png"), ...[...DOCX].reverse()])))).toBe("docx");
    expect(await sniff(...windows(realZip([big("[trash]/0001.dat"), ...DOCX])))).toBe("docx");
  });

  test("a real ZIP that is not an office document is refused, small or large", async () => {
    const plain = realZip([
      ["readme.txt", "hello"],
      ["data/rows.csv", "a,b\n1,2\n"],
    ]);
    expect(await sniff(plain, plain)).toBeUndefined();
    expect(await sniff(...windows(realZip([big("photos/one.jpg"), ["photos/two.jpg", "x"]])))).toBeUndefined();
    // Folder names alone look like a document to file-type; without [Content_Types].xml it is not one.
    expect(
      await sniff(...windows(realZip([big("word/media/image1.png"), ["word/document.xml", "<w:document/>"]]))),
    ).toBeUndefined();
  });

  test("a macro-enabled document is not the document its name claims", async () => {
    const docm = realZip([
      ["[Content_Types].xml", contentTypes("word/document.xml", "application/vnd.ms-word.document.macroEnabled")],
      ["word/document.xml", "<w:document/>"],
    ]);
    expect(await sniff(docm, docm)).toBeUndefined();
  });

  test("CSV as UTF-8 text, including non-ASCII", async () => {
    const csv = Buffer.from("ward,incidents\nMaidstone Town Centre,12\nSt. Peter’s,3\n");
    expect(await sniff(csv, csv)).toBe("csv");
  });

  test("a CSV starting with MZ is still CSV: text is never judged by a binary signature", async () => {
    const csv = Buffer.from("MZ ref,incidents\nMZ-104,3\n");
    expect(await sniff(csv, csv)).toBe("csv");
  });

  test("executables and other binaries are none of the accepted kinds", async () => {
    const exe = Buffer.concat([
      Buffer.from("MZ"),
      Buffer.alloc(64, 0),
      Buffer.from("This program cannot be run in DOS mode"),
    ]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(60, 1)]);
    expect(await sniff(exe, exe)).toBeUndefined();
    expect(await sniff(elf, elf)).toBeUndefined();
    expect(familyOf(exe)).toBe("other");
  });

  test("the declared extension decides which family the first bytes must be", () => {
    expect(extensionOf("Quarterly Report.PDF")).toBe("pdf");
    expect(extensionOf("tool.exe")).toBeUndefined();
    expect(extensionOf("noextension")).toBeUndefined();
    expect(familyFor("docx")).toBe("zip");
    expect(familyFor("csv")).toBe("text");
  });
});

describe("entries inside a document container", () => {
  test("names are read from both the local headers and the central directory", () => {
    const z = realZip(["[Content_Types].xml", "word/document.xml"]);
    expect(zipEntryNames(z, Buffer.alloc(0)).sort()).toEqual(["[Content_Types].xml", "word/document.xml"]);
    expect(zipEntryNames(Buffer.alloc(0), z).sort()).toEqual(["[Content_Types].xml", "word/document.xml"]);
  });

  test("programs, archives and macro projects are dangerous; a plain document is not", () => {
    const doc = ["[Content_Types].xml", "word/document.xml"];
    expect(dangerousEntry(realZip(doc), realZip(doc))).toBeUndefined();
    for (const bad of ["word/embeddings/a.EXE", "x/evil.js", "word/embeddings/inner.zip", "word/vbaProject.bin"]) {
      const z = realZip([...doc, bad]);
      expect(dangerousEntry(z, z)).toBe(bad);
    }
    expect(dangerousEntry(realZip([...doc, "word/media/image1.png"]), Buffer.alloc(0))).toBeUndefined();
  });
});
