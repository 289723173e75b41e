/** Documents -> proto messages, and proto answers -> domain answers. */
import {
  type Caller,
  classificationToProto,
  type FieldViolation,
  isOpcc,
  readsAs,
  toProtoEnum,
  toTimestamp,
} from "@csp-mesh/kit";
import { isOverdue } from "../domain/lifecycle";
import type { Answers, AnswerValue, Section, SectionType } from "../domain/sections";
import type {
  AssignmentDoc,
  AttachmentDoc,
  AttachmentRefDoc,
  DraftDoc,
  HistoryDoc,
  RequestDoc,
  SubmissionDoc,
} from "../store/documents";
import type { ProtoAnswer } from "./schemas";

/** The oneof member each question type is answered with. */
const MEMBER_FOR: Record<SectionType, NonNullable<ProtoAnswer["value"]>> = {
  TEXT: "text",
  NUMBER: "number",
  DATE: "date",
  SINGLE_CHOICE: "choice",
  MULTIPLE_CHOICE: "choices",
};

/** Proto answers to the domain's map, naming any answer given in the wrong form. */
export function answersFromProto(
  list: ProtoAnswer[],
  sections: Section[],
): { answers: Answers; violations: FieldViolation[] } {
  const answers: Answers = {};
  const violations: FieldViolation[] = [];
  const byId = new Map(sections.map((s) => [s.id, s]));
  for (const a of list) {
    const field = `answers.${a.sectionId}`;
    if (a.sectionId in answers) {
      violations.push({ field, description: "answered twice" });
      continue;
    }
    const section = byId.get(a.sectionId);
    if (!section) {
      violations.push({ field, description: `no such section: ${a.sectionId}` });
      continue;
    }
    const expected = MEMBER_FOR[section.type];
    if (a.value === undefined) continue; // no value: unanswered
    if (a.value !== expected) {
      violations.push({
        field,
        description: `a ${section.type} question is answered with ${expected}, not ${a.value}`,
      });
      continue;
    }
    const v: AnswerValue | undefined = a.value === "choices" ? (a.choices?.values ?? []) : a[a.value];
    if (v !== undefined) answers[a.sectionId] = v;
  }
  return { answers, violations };
}

export function answersToProto(answers: Answers, sections: Section[]) {
  return sections
    .filter((s) => answers[s.id] !== undefined)
    .map((s) => {
      const member = MEMBER_FOR[s.type];
      const v = answers[s.id];
      return { sectionId: s.id, [member]: member === "choices" ? { values: v } : v };
    });
}

export function sectionToProto(s: Section) {
  return {
    ...s,
    type: toProtoEnum("SECTION_TYPE", s.type),
    options: s.options ?? [],
  };
}

function addresseeToProto(a: AssignmentDoc, due: Date, now: Date) {
  return {
    partner: a.partner,
    state: toProtoEnum("ADDRESSEE_STATE", a.state),
    overdue: isOverdue(a.state, due, now),
    latestVersion: a.latestVersion,
    reasons: a.reasons,
    updateTime: toTimestamp(a.updateTime),
  };
}

/** Whether the caller sees every addressee (the OPCC) or only its own partnership's entry. */
export function seesAllAddressees(caller: Caller, d: RequestDoc): boolean {
  return caller.partner === d.owner || isOpcc(caller);
}

export function requestToProto(d: RequestDoc, caller: Caller, now = new Date()) {
  const all = seesAllAddressees(caller, d);
  return {
    name: d._id,
    requester: d.owner,
    addressees: d.assignments
      // A combined partnership's people see its predecessors' entries too (read-only lineage).
      .filter((a) => all || readsAs(caller).includes(a.partner))
      .map((a) => addresseeToProto(a, d.dueTime, now)),
    title: d.title,
    issueOfConcern: d.issueOfConcern,
    sections: d.sections.map(sectionToProto),
    dueTime: toTimestamp(d.dueTime),
    classification: classificationToProto(d.classification),
    legalBasis: toProtoEnum("LEGAL_BASIS", d.legalBasis),
    formalS7: d.formalS7 ?? null,
    withdrawn: d.withdrawn,
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    createdBy: d.createdBy,
    objective: d.objective ?? "",
    objectiveTitle: d.objectiveTitle ?? "",
  };
}

export function historyToProto(h: HistoryDoc) {
  return {
    time: toTimestamp(h.time),
    actor: h.actor,
    actorDisplayName: h.actorName ?? "",
    partner: h.partner,
    action: h.action,
    fromState: toProtoEnum("ADDRESSEE_STATE", h.from || undefined),
    toState: toProtoEnum("ADDRESSEE_STATE", h.to || undefined),
    version: h.version,
    reasons: h.reasons,
  };
}

export function attachmentRefToProto(a: AttachmentRefDoc) {
  return { ...a, sizeBytes: String(a.sizeBytes) };
}

export function attachmentToProto(a: AttachmentDoc) {
  return {
    name: a._id,
    reportRequest: a.reportRequest,
    partner: a.partner,
    filename: a.filename,
    contentType: a.contentType,
    sizeBytes: String(a.sizeBytes),
    sha256: a.sha256,
    createTime: toTimestamp(a.createTime),
  };
}

/** What a submitted version records of an attachment. */
export const attachmentRef = (a: AttachmentDoc): AttachmentRefDoc => ({
  name: a._id,
  filename: a.filename,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
  sha256: a.sha256,
});

/** A submitted version; answers need the request's sections (none if the request is gone). */
export function submissionToProto(s: SubmissionDoc, doc: RequestDoc | null) {
  return {
    name: s._id,
    reportRequest: s.reportRequest,
    partner: s.partner,
    version: s.version,
    answers: doc ? answersToProto(s.answers, doc.sections) : [],
    attachments: s.attachments.map(attachmentRefToProto),
    contentSha256: s.contentSha256,
    author: s.author,
    authorDisplayName: s.authorName ?? "",
    createTime: toTimestamp(s.createTime),
    classification: classificationToProto(s.classification),
    published: s.releasedToPanel,
  };
}

/** The draft, in the shape of a submission: version 0, no content hash, never published. */
export function draftToProto(d: DraftDoc, doc: RequestDoc, files: AttachmentDoc[]) {
  return {
    name: d._id,
    reportRequest: doc._id,
    partner: d.partner,
    version: 0,
    answers: answersToProto(d.answers, doc.sections),
    attachments: files.map((f) => attachmentRefToProto(attachmentRef(f))),
    contentSha256: "",
    author: d.author,
    createTime: toTimestamp(d.updateTime),
    classification: classificationToProto(doc.classification),
    published: false,
  };
}
