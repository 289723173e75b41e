import { SNIFF_WINDOW, sniff } from "@csp-mesh/kit";
import { csv, textPdf } from "./files";

/** What the services' file store concludes from a file's bytes (report attachments, meeting papers). */
const sniffed = (b: Buffer) => sniff(b.subarray(0, SNIFF_WINDOW), b.subarray(Math.max(0, b.length - SNIFF_WINDOW)));

describe("the demonstration's CSV files", () => {
  it("quote what must be quoted and end every line with CRLF", () => {
    const text = csv([
      ["Area", "Note", "Count"],
      ["Tonbridge, Kent", 'the "Best Bar None" scheme', 3],
    ]).toString("utf8");
    expect(text).toBe('Area,Note,Count\r\n"Tonbridge, Kent","the ""Best Bar None"" scheme",3\r\n');
  });

  it("are what the file store accepts as CSV", async () => {
    expect(
      await sniffed(
        csv([
          ["Month", "Offences"],
          ["2026-01", 4],
        ]),
      ),
    ).toBe("csv");
  });
});

describe("the demonstration's PDF papers", () => {
  const pdf = textPdf("A briefing (draft)", ["Line one", "A back\\slash and (brackets)", ""]);
  const text = pdf.toString("latin1");

  it("are what the file store accepts as PDF", async () => {
    expect(text.startsWith("%PDF-1.4\n")).toBe(true);
    expect(text.endsWith("%%EOF\n")).toBe(true);
    expect(await sniffed(pdf)).toBe("pdf");
  });

  it("have a cross-reference table that points at every object, and a stream of the length declared", () => {
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe("xref");
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((o, i) => {
      expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    const declared = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1]);
    const stream = /stream\n([\s\S]*?)\nendstream/.exec(text)?.[1] ?? "";
    expect(Buffer.byteLength(stream, "latin1")).toBe(declared);
  });

  it("escape brackets and backslashes in text, and refuse text the standard fonts cannot show", () => {
    expect(text).toContain("(A back\\\\slash and \\(brackets\\)) Tj");
    expect(() => textPdf("Crime in Margate \u2013 2026", [])).toThrow(/printable ASCII/);
    expect(() => textPdf("Title", ["tab\there"])).toThrow(/printable ASCII/);
  });
});
