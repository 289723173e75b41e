import { extensionOf, familyFor, familyOf, sniff } from "./content-type";

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
