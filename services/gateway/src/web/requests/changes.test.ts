import { versionChanges, wordDiffHtml } from "./changes";

describe("what a version changed", () => {
  it("marks added and removed words, in words as well as by style", () => {
    const html = wordDiffHtml("Incidents rose in May", "Incidents fell in May and June");
    expect(html).toContain('<del><span class="govuk-visually-hidden">[removed: </span>rose');
    expect(html).toContain('<ins><span class="govuk-visually-hidden">[added: </span>fell');
    expect(html).toContain("and June");
    expect(html.startsWith("Incidents ")).toBe(true);
  });

  it("escapes what people typed", () => {
    expect(wordDiffHtml("a", "<script>")).not.toContain("<script>");
  });

  it("reports each question, attachments added and removed, and whether anything changed", () => {
    const sections = [
      { id: "q1", title: "Summary" },
      { id: "q2", title: "Incidents" },
    ];
    const c = versionChanges(
      sections,
      {
        answers: [
          { sectionId: "q1", text: "Same" },
          { sectionId: "q2", number: 4 },
        ],
        attachments: [{ filename: "a.pdf" }],
      },
      {
        answers: [
          { sectionId: "q1", text: "Same" },
          { sectionId: "q2", number: 5 },
        ],
        attachments: [{ filename: "b.pdf" }],
      },
    );
    expect(c.questions.map((q) => q.changed)).toEqual([false, true]);
    expect(c.attachmentsAdded).toEqual(["b.pdf"]);
    expect(c.attachmentsRemoved).toEqual(["a.pdf"]);
    expect(c.any).toBe(true);
    const same = versionChanges(sections, { answers: [], attachments: [] }, { answers: [], attachments: [] });
    expect(same.any).toBe(false);
  });
});
