import { isoCalendarDate } from "@csp-mesh/kit";
/**
 * The answer form of a report request, as pure functions: the form's fields from the request's
 * sections, answers to form values and back (a date that is not a real date is reported here with
 * GOV.UK's wording and never reaches the service), and where the service's field errors show.
 */
import { parseDateInput } from "../frame/forms/dates";
import type { FieldSpec, FormErrors } from "../frame/forms/errors";
import type { Answer, ReportRequestView as ReportRequest } from "./views";

export const ANSWER_PREFIX = "a_";

/** One question of the answer form, as its template reads it. */
export interface AnswerField {
  name: string;
  type: ReportRequest["sections"][number]["type"];
  label: string;
  hint: string;
  value: string;
  date?: { day: string; month: string; year: string | undefined };
  error: string | undefined;
  items: { value: string; text: string; checked: boolean }[];
}

export const formFields = (
  rq: ReportRequest,
  values: Record<string, string[]>,
  errors: Record<string, string>,
): AnswerField[] =>
  rq.sections.map((sec) => {
    const name = `${ANSWER_PREFIX}${sec.id}`;
    const v = values[name] ?? [];
    return {
      name,
      type: sec.type,
      label: `${sec.title}${sec.required ? "" : " (optional)"}`,
      hint: sec.help || (sec.maxLength ? `Up to ${sec.maxLength} characters` : ""),
      value: v[0] ?? "",
      ...(sec.type === "SECTION_TYPE_DATE" ? { date: dateParts(values, name) } : {}),
      error: errors[name],
      items: sec.options.map((opt) => ({ value: opt, text: opt, checked: v.includes(opt) })),
    };
  });

export const answersToValues = (answers: Answer[]): Record<string, string[]> =>
  Object.fromEntries(
    answers.map((a) => {
      const v = a.choices?.values ?? [a.text ?? a.date ?? a.choice ?? (a.number !== undefined ? String(a.number) : "")];
      return [`${ANSWER_PREFIX}${a.sectionId}`, v.filter((x) => x !== "")];
    }),
  );

/**
 * The answers typed, for the service, and the page's own problems (a date that is not a real
 * date never reaches the service: it is reported here with GOV.UK's wording).
 */
export const valuesToAnswers = (rq: ReportRequest, body: Record<string, unknown>, form?: FormErrors) => {
  const answers: Record<string, unknown>[] = [];
  for (const sec of rq.sections) {
    const name = `${ANSWER_PREFIX}${sec.id}`;
    if (sec.type === "SECTION_TYPE_DATE" && [`${name}-day`, `${name}-month`, `${name}-year`].some((k) => k in body)) {
      const one = (k: string) => String((Array.isArray(body[k]) ? (body[k] as unknown[])[0] : body[k]) ?? "");
      const typed = { day: one(`${name}-day`), month: one(`${name}-month`), year: one(`${name}-year`) };
      if (!typed.day.trim() && !typed.month.trim() && !typed.year.trim()) continue;
      const parsed = parseDateInput(typed, sec.title);
      if (parsed.ok) answers.push({ sectionId: sec.id, date: isoCalendarDate(parsed.date) });
      else form?.add(name, parsed.message);
      continue;
    }
    const raw = body[name];
    const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .map((x) => String(x).trim())
      .filter(Boolean);
    if (list.length === 0) continue;
    const first = list[0] as string;
    if (sec.type === "SECTION_TYPE_NUMBER") {
      const n = Number(first);
      // Not a number: sent as text, so the service names the question with a clear message.
      answers.push(
        Number.isFinite(n) && first !== "" ? { sectionId: sec.id, number: n } : { sectionId: sec.id, text: first },
      );
    } else if (sec.type === "SECTION_TYPE_DATE") answers.push({ sectionId: sec.id, date: first });
    else if (sec.type === "SECTION_TYPE_SINGLE_CHOICE") answers.push({ sectionId: sec.id, choice: first });
    else if (sec.type === "SECTION_TYPE_MULTIPLE_CHOICE")
      answers.push({ sectionId: sec.id, choices: { values: list } });
    else answers.push({ sectionId: sec.id, text: first });
  }
  return answers;
};

export function answerFields(rq: ReportRequest): Record<string, FieldSpec> {
  return Object.fromEntries(
    rq.sections.map((sec) => {
      const name = `${ANSWER_PREFIX}${sec.id}`;
      return [name, { label: sec.title, ...(sec.type === "SECTION_TYPE_DATE" ? { anchor: `${name}-day` } : {}) }];
    }),
  );
}

export const answerFieldOf = (f: string) =>
  f.startsWith("answers.") ? `${ANSWER_PREFIX}${f.slice("answers.".length)}` : undefined;

/** Everything typed into the answer form, as lists by field name (date answers as their three boxes). */
export function answerValues(rq: ReportRequest, body: Record<string, unknown>): Record<string, string[]> {
  const list = (raw: unknown) => (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const out: Record<string, string[]> = {};
  for (const sec of rq.sections) {
    const name = `${ANSWER_PREFIX}${sec.id}`;
    out[name] = list(body[name]);
    if (sec.type === "SECTION_TYPE_DATE")
      for (const part of ["day", "month", "year"]) out[`${name}-${part}`] = list(body[`${name}-${part}`]);
  }
  return out;
}

/** A date answer's boxes: as typed, or from a stored YYYY-MM-DD answer. */
export function dateParts(values: Record<string, string[]>, name: string) {
  const typed = (part: string) => values[`${name}-${part}`]?.[0];
  if (["day", "month", "year"].some((p) => typed(p) !== undefined))
    return { day: typed("day") ?? "", month: typed("month") ?? "", year: typed("year") ?? "" };
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values[name]?.[0] ?? "");
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] } : { day: "", month: "", year: "" };
}

/** The create form's fields in page order, with what to say when the service refuses each (GOV.UK wording). */
