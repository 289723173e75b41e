import type { AgendaItemDoc, PaperDoc } from "../store/documents";
import { planPack, safeSegment } from "./papers-pack";

const items: AgendaItemDoc[] = [
  { id: "item-2", title: "Knife crime: Medway", description: "", presenter: "", minutesAllotted: 20, links: [] },
  { id: "item-1", title: "Drugs/county lines", description: "", presenter: "", minutesAllotted: 20, links: [] },
];
const paper = (n: number, agendaItem: string, filename: string, minute: number): PaperDoc => ({
  name: `meetings/m-1/papers/${String(n).padStart(24, "0")}`,
  gridId: String(n).padStart(24, "0"),
  agendaItem,
  title: `Paper <${n}>`,
  filename,
  contentType: "application/pdf",
  sizeBytes: 100 + n,
  sha256: "ab".repeat(32),
  classification: "OFFICIAL",
  owner: "partners/opcc-kent",
  addressees: ["partners/csp-a"],
  audienceAll: true,
  releasedToPanel: false,
  uploadedBy: "people/x",
  createTime: new Date(Date.UTC(2026, 10, 23, 10, minute)),
});
const meeting = { name: "meetings/m-1", title: "Priority issues", start: new Date("2026-12-01T10:00:00Z") };

describe("papers pack plan", () => {
  test("papers in agenda order, numbered folders, duplicate names kept apart, removed items last", () => {
    const plan = planPack(
      meeting,
      items,
      [
        paper(1, "item-1", "report.pdf", 1),
        paper(2, "item-2", "report.pdf", 2),
        paper(3, "item-2", "REPORT.pdf", 3),
        paper(4, "item-7", "old.pdf", 0),
      ],
      "partners/csp-a",
    );
    expect(plan.entries.map((e) => e.path)).toEqual([
      "01 Knife crime Medway/report.pdf",
      "01 Knife crime Medway/2 REPORT.pdf",
      "02 Drugs county lines/report.pdf",
      "00 Other papers/old.pdf",
    ]);
  });

  test("the index escapes titles and lists every paper's hash; the manifest is JSON for systems", () => {
    const plan = planPack(meeting, items, [paper(1, "item-1", "a.pdf", 1)], "partners/csp-a");
    expect(plan.indexHtml).toContain("Paper &lt;1&gt;");
    expect(plan.indexHtml).not.toContain("Paper <1>");
    expect(plan.indexHtml).toContain("ab".repeat(32));
    const manifest = JSON.parse(plan.manifest);
    expect(manifest.papers).toEqual([
      expect.objectContaining({ path: "02 Drugs county lines/a.pdf", sha256: "ab".repeat(32), sizeBytes: 101 }),
    ]);
    expect(manifest.partner).toBe("partners/csp-a");
  });

  test("segments cannot climb out of the pack or carry control characters", () => {
    expect(safeSegment("../../etc/passwd")).toBe("etc passwd");
    expect(safeSegment("a\u0000b\u202Ec")).toBe("a b c");
    expect(safeSegment("")).toBe("untitled");
  });
});
