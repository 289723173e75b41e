/**
 * The case system's side, pure: how it answers a report request's questions from its own records.
 * A real case system would query its database here; this one derives figures from a small extract.
 */

export interface Section {
  id: string;
  title: string;
  type: string;
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  options: string[];
}

export interface CaseExtract {
  /** The period the figures cover, e.g. "2026-07-01 to 2026-09-30". */
  period: string;
  openCases: number;
  closedCases: number;
  summary: string;
}

export type Answer = { sectionId: string } & (
  | { text: string }
  | { number: number }
  | { date: string }
  | { choice: string }
  | { choices: { values: string[] } }
);

const clamp = (n: number, min?: number, max?: number) => Math.min(max ?? n, Math.max(min ?? n, n));

/** One answer per question, of the question's type; `returnReasons` are addressed in every text answer. */
export function answersFor(sections: Section[], extract: CaseExtract, today: Date, returnReasons = ""): Answer[] {
  return sections.map((s): Answer => {
    switch (s.type) {
      case "SECTION_TYPE_NUMBER":
        return { sectionId: s.id, number: clamp(extract.openCases, s.min, s.max) };
      case "SECTION_TYPE_DATE":
        return { sectionId: s.id, date: today.toISOString().slice(0, 10) };
      case "SECTION_TYPE_SINGLE_CHOICE":
        return { sectionId: s.id, choice: s.options[0] ?? "" };
      case "SECTION_TYPE_MULTIPLE_CHOICE":
        return { sectionId: s.id, choices: { values: s.options.slice(0, 1) } };
      default: {
        const text = [
          `${extract.summary} (${extract.period}: ${extract.openCases} open, ${extract.closedCases} closed).`,
          returnReasons ? `In answer to the points raised: ${returnReasons}` : "",
        ]
          .filter(Boolean)
          .join("\n\n");
        return { sectionId: s.id, text: text.slice(0, s.maxLength ?? 10_000) };
      }
    }
  });
}

/** The extract attached to each report, as CSV. */
export function extractCsv(extract: CaseExtract): string {
  return `period,open_cases,closed_cases\n"${extract.period}",${extract.openCases},${extract.closedCases}\n`;
}
