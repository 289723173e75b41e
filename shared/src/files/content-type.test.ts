import { dangerousEntry, extensionOf, familyFor, familyOf, sniff, zipEntryNames } from "./content-type";

const zipWith = (...names: string[]) =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), ...names.map((n) => Buffer.from(n))]);

describe("attachment content sniffing", () => {
  test("a PDF by its header", () => {
    const pdf = Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj");
    expect(sniff(pdf, pdf)).toBe("pdf");
  });

  test("DOCX, XLSX and ODT by their container entries", () => {
    expect(sniff(zipWith("[Content_Types].xml", "word/document.xml"), Buffer.alloc(0))).toBe("docx");
    expect(sniff(zipWith("[Content_Types].xml"), Buffer.from("xl/workbook.xml"))).toBe("xlsx");
    expect(sniff(zipWith("mimetypeapplication/vnd.oasis.opendocument.text"), Buffer.alloc(0))).toBe("odt");
    expect(sniff(zipWith("some/other.bin"), Buffer.alloc(0))).toBeUndefined();
  });

  test("CSV as UTF-8 text, including non-ASCII", () => {
    const csv = Buffer.from("ward,incidents\nMaidstone Town Centre,12\nSt. Peter’s,3\n");
    expect(sniff(csv, csv)).toBe("csv");
  });

  test("executables and other binaries are none of the accepted kinds", () => {
    const exe = Buffer.concat([
      Buffer.from("MZ"),
      Buffer.alloc(64, 0),
      Buffer.from("This program cannot be run in DOS mode"),
    ]);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(60, 1)]);
    expect(sniff(exe, exe)).toBeUndefined();
    expect(sniff(elf, elf)).toBeUndefined();
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
  /** A stored (uncompressed) ZIP, laid out by hand: local headers, then the central directory. */
  const realZip = (names: string[]) => {
    const locals: Buffer[] = [];
    const central: Buffer[] = [];
    let offset = 0;
    for (const n of names) {
      const name = Buffer.from(n);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(name.length, 26);
      locals.push(local, name);
      const dir = Buffer.alloc(46);
      dir.writeUInt32LE(0x02014b50, 0);
      dir.writeUInt16LE(name.length, 28);
      dir.writeUInt32LE(offset, 42);
      central.push(dir, name);
      offset += 30 + name.length;
    }
    return Buffer.concat([...locals, ...central]);
  };

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
