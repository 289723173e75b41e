/**
 * The questions of a report request and the answers to them. The answer schema is built from the
 * request's own section definitions, so an answer is checked against exactly what was asked.
 */
import { z } from "zod";

export const SECTION_TYPES = ["TEXT", "NUMBER", "DATE", "SINGLE_CHOICE", "MULTIPLE_CHOICE"] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

export const DEFAULT_TEXT_LIMIT = 10_000;
export const MAX_TEXT_LIMIT = 100_000;

export interface Section {
  /** Stable key of the question within its request, e.g. "incidents-last-quarter". */
  id: string;
  title: string;
  help: string;
  type: SectionType;
  required: boolean;
  /** TEXT: most characters allowed. */
  maxLength?: number;
  /** NUMBER: inclusive bounds. */
  min?: number;
  max?: number;
  /** SINGLE_CHOICE and MULTIPLE_CHOICE: the options offered. */
  options?: string[];
}

export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) =>
  ISO_DATE.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Checks a list of section definitions as a whole: ids unique, limits consistent with the type. */
export function sectionProblems(sections: Section[]): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  sections.forEach((s, i) => {
    if (seen.has(s.id)) problems.push({ path: [i, "id"], message: `duplicate section id ${s.id}` });
    seen.add(s.id);
    const choice = s.type === "SINGLE_CHOICE" || s.type === "MULTIPLE_CHOICE";
    if (choice && (s.options ?? []).length < 2)
      problems.push({ path: [i, "options"], message: "a choice question needs at least 2 options" });
    if (choice && new Set(s.options).size !== (s.options ?? []).length)
      problems.push({ path: [i, "options"], message: "options must be distinct" });
    if (!choice && (s.options ?? []).length > 0)
      problems.push({ path: [i, "options"], message: `options only apply to choice questions, not ${s.type}` });
    if (s.type !== "TEXT" && s.maxLength !== undefined)
      problems.push({ path: [i, "maxLength"], message: `max_length only applies to TEXT, not ${s.type}` });
    if (s.type !== "NUMBER" && (s.min !== undefined || s.max !== undefined))
      problems.push({ path: [i, s.min !== undefined ? "min" : "max"], message: `min/max only apply to NUMBER` });
    if (s.min !== undefined && s.max !== undefined && s.min > s.max)
      problems.push({ path: [i, "min"], message: "min is greater than max" });
  });
  return problems;
}

function valueSchema(s: Section): z.ZodType<AnswerValue> {
  switch (s.type) {
    case "TEXT": {
      const limit = s.maxLength ?? DEFAULT_TEXT_LIMIT;
      let t = z.string({ error: "must be text" }).max(limit, `at most ${limit} characters`);
      if (s.required) t = t.refine((v) => v.trim().length > 0, "an answer is required");
      return t;
    }
    case "NUMBER": {
      let n = z.number({ error: "must be a number" }).finite("must be a finite number");
      if (s.min !== undefined) n = n.min(s.min, `must be at least ${s.min}`);
      if (s.max !== undefined) n = n.max(s.max, `must be at most ${s.max}`);
      return n;
    }
    case "DATE":
      return z.string({ error: "must be a date" }).refine(isRealDate, "must be a real date as YYYY-MM-DD");
    case "SINGLE_CHOICE":
      return z.enum((s.options ?? []) as [string, ...string[]], {
        error: `must be one of: ${(s.options ?? []).join(", ")}`,
      });
    case "MULTIPLE_CHOICE": {
      const options = (s.options ?? []) as [string, ...string[]];
      let m = z
        .array(z.enum(options, { error: `each must be one of: ${options.join(", ")}` }), {
          error: "must be a list of choices",
        })
        .refine((v) => new Set(v).size === v.length, "a choice appears twice");
      if (s.required) m = m.refine((v) => v.length > 0, "choose at least one");
      return m;
    }
  }
}

/**
 * The zod schema of the answers to `sections`. `complete` (for submission) requires every required
 * answer; a draft may leave any out. Unknown section ids are always refused.
 */
export function answersSchema(sections: Section[], complete: boolean): z.ZodType<Answers> {
  const shape: Record<string, z.ZodType> = {};
  for (const s of sections) {
    const v = valueSchema(s);
    shape[s.id] = complete && s.required ? v : v.optional();
  }
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `no such section: ${issue.keys.join(", ")}` : undefined),
  }) as unknown as z.ZodType<Answers>;
}
