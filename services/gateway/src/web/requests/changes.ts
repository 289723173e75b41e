/**
 * What a resubmitted version changed since the version before, per question: words added and
 * removed (jsdiff's word diff), marked with <ins>/<del> and announced in words for screen readers
 * ("added", "removed"), so the change is not told by colour alone; and attachments added or removed.
 */
import { diffWords } from "diff";
import { escapeHtml } from "../frame/labels";
import { answerText } from "./answers";
import type { Answer } from "./views";

export interface QuestionChange {
  title: string;
  changed: boolean;
  /** The new answer with the changes marked (escaped HTML). */
  html: string;
}

export interface VersionChanges {
  questions: QuestionChange[];
  attachmentsAdded: string[];
  attachmentsRemoved: string[];
  /** Whether anything at all changed. */
  any: boolean;
}

const marked = (tag: "ins" | "del", said: string, text: string) =>
  `<${tag}><span class="govuk-visually-hidden">[${said}: </span>${escapeHtml(text)}<span class="govuk-visually-hidden">]</span></${tag}>`;

/** The words of `before` and `after` merged, with what was added and removed marked. */
export function wordDiffHtml(before: string, after: string): string {
  return diffWords(before, after)
    .map((part) =>
      part.added
        ? marked("ins", "added", part.value)
        : part.removed
          ? marked("del", "removed", part.value)
          : escapeHtml(part.value),
    )
    .join("");
}

export function versionChanges(
  sections: { id: string; title: string }[],
  previous: { answers: Answer[]; attachments: { filename: string }[] },
  current: { answers: Answer[]; attachments: { filename: string }[] },
): VersionChanges {
  const before = new Map(previous.answers.map((a) => [a.sectionId, answerText(a)]));
  const after = new Map(current.answers.map((a) => [a.sectionId, answerText(a)]));
  const questions = sections.map((s) => {
    const b = before.get(s.id) ?? "";
    const a = after.get(s.id) ?? "";
    return { title: s.title, changed: a !== b, html: a === b ? escapeHtml(a) : wordDiffHtml(b, a) };
  });
  const names = (x: { filename: string }[]) => x.map((f) => f.filename);
  const attachmentsAdded = names(current.attachments).filter((f) => !names(previous.attachments).includes(f));
  const attachmentsRemoved = names(previous.attachments).filter((f) => !names(current.attachments).includes(f));
  return {
    questions,
    attachmentsAdded,
    attachmentsRemoved,
    any: questions.some((q) => q.changed) || attachmentsAdded.length > 0 || attachmentsRemoved.length > 0,
  };
}
