import { parse } from "csv-parse/sync";
import { compile } from "./compile";
import { EMPTY_CONTENT } from "./contribution";
import { chartBars, type Edition, editionSha256, exportEdition } from "./edition";
import { DEFAULT_TEMPLATE } from "./template";

const content = (codes: string[]) => ({
  ...EMPTY_CONTENT,
  population: 1000,
  narrative: "n",
  priorities: codes.map((code, i) => ({ rank: i + 1, code, emergingTitle: "", rationale: "r", evidence: "" })),
  indicators: [
    { code: "TOTAL-CRIME", value: 10, unit: "COUNT" as const, period: "2025/26", trend: "" as const, source: "s" },
  ],
});
const inputs = [
  {
    partner: "partners/csp-a",
    version: 1,
    sha256: "a1",
    state: "ACCEPTED" as const,
    content: content(["ASB", "VAWG"]),
  },
  { partner: "partners/csp-b", version: 2, sha256: "b2", state: "ACCEPTED" as const, content: content(["VAWG"]) },
];
const compilation = compile(
  "assessments/x",
  DEFAULT_TEMPLATE,
  "ACCEPTED",
  ["partners/csp-a", "partners/csp-b"],
  inputs,
);
const body = {
  cycle: "assessments/x",
  number: 1,
  year: "2026/27",
  title: "Test <assessment>",
  note: "",
  classification: "OFFICIAL" as const,
  compilation,
  inputs: inputs.map(({ partner, version, sha256, content: c }) => ({ partner, version, sha256, content: c })),
  partnerNames: { "partners/csp-a": "A CSP", "partners/csp-b": "B CSP" },
};
const edition: Edition = {
  ...body,
  name: "assessments/x/editions/1",
  sha256: editionSha256(body),
  publishedBy: "people/x",
  publishedByName: "Priya Shah",
  publishTime: new Date("2026-11-23T12:00:00Z"),
};

describe("edition exports", () => {
  test("JSON, CSV and HTML give the same scores in the same order", () => {
    const json = JSON.parse(exportEdition(edition, "JSON").data.toString()) as Edition;
    const rows = parse(exportEdition(edition, "CSV").data, { columns: true }) as Record<string, string>[];
    const html = exportEdition(edition, "HTML").data.toString();
    const fromJson = json.compilation.priorities.map((p) => `${p.key}=${p.score}`);
    expect(fromJson).toEqual(["VAWG=19", "ASB=10"]);
    expect(rows.filter((r) => r.record_type === "priority").map((r) => `${r.key}=${r.value}`)).toEqual(fromJson);
    const cells = [
      ...html.matchAll(
        /<tr data-key="([^"]+)"><td class="num">\d+<\/td><th scope="row">[^<]*<\/th><td class="num">(\d+)/g,
      ),
    ];
    expect(cells.map((m) => `${m[1]}=${m[2]}`)).toEqual(fromJson);
    expect(json.sha256).toBe(edition.sha256);
  });

  test("the HTML escapes what people typed, names partnerships and has an accessible chart", () => {
    const html = exportEdition(edition, "HTML").data.toString();
    expect(html).toContain("Test &lt;assessment&gt;");
    expect(html).not.toContain("Test <assessment>");
    expect(html).toContain("A CSP");
    expect(html).toContain('role="img" aria-labelledby="chart-title chart-desc"');
    expect(html).toContain("Priya Shah");
  });

  test("bars are scaled to the top score", () => {
    expect(chartBars(compilation.priorities, 100).map((b) => b.width)).toEqual([100, 53]);
  });

  test("the edition's hash changes with its content", () => {
    expect(editionSha256({ ...body, note: "changed" })).not.toBe(edition.sha256);
  });
});
