/** Stored documents as csp.grants.v1 messages (proto-loader objects; pence as int64 strings). */
import { type Caller, classificationToProto, contentSha256, toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import { applicationState, type Content, EMPTY_CONTENT, projectPence, requestedPence } from "../domain/application";
import { CONDITIONS, type ConditionCode } from "../domain/conditions";
import { type Objective, objectiveName } from "../domain/plan";
import { allocatedPence } from "../domain/programme";
import type { ApplicationDoc, PlanDoc, PlanVersionDoc, ProgrammeDoc } from "../store/documents";

const pence = (n: number) => String(n);

const objectivesToProto = (plan: string, os: Objective[]) =>
  os.map((o) => ({ ...o, name: objectiveName(plan, o.code) }));

const versionToProto = (plan: string, v: PlanVersionDoc) => ({
  version: v.version,
  title: v.title,
  period: v.period,
  objectives: objectivesToProto(plan, v.objectives),
  publishedBy: v.publishedBy,
  publishTime: toTimestamp(v.publishTime),
  sha256: v.sha256,
});

export function planToProto(d: PlanDoc) {
  const latest = d.versions.at(-1) as PlanVersionDoc;
  return {
    name: d._id,
    title: latest.title,
    period: latest.period,
    objectives: objectivesToProto(d._id, latest.objectives),
    latestVersion: latest.version,
    versions: d.versions.map((v) => versionToProto(d._id, v)),
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    etag: d.etag,
  };
}

export const programmeToProto = (d: ProgrammeDoc) => ({
  name: d._id,
  year: d.year,
  title: d.title,
  description: d.description,
  kind: toProtoEnum("PROGRAMME_KIND", d.kind),
  state: toProtoEnum("PROGRAMME_STATE", d.state),
  budgetPence: pence(d.budgetPence),
  objectives: d.objectives,
  windowOpenTime: toTimestamp(d.windowOpen),
  windowCloseTime: toTimestamp(d.windowClose),
  allocations: d.allocations.map((a) => ({
    partner: a.partner,
    amountPence: pence(a.amountPence),
    partnerName: d.partnerNames[a.partner] ?? a.partner,
  })),
  projectMaxPence: pence(d.projectMaxPence),
  countyWideMaxPence: pence(d.countyWideMaxPence),
  questions: d.questions,
  conditions: d.conditions.map((code) => ({ code, text: CONDITIONS[code as ConditionCode] ?? "" })),
  tranches: d.tranches.map((t) => ({ ...t, trigger: toProtoEnum("TRANCHE_TRIGGER", t.trigger) })),
  classification: classificationToProto(d.classification),
  unallocatedPence: pence(d.kind === "ALLOCATION" ? d.budgetPence - allocatedPence(d) : 0),
  createdBy: d.createdBy,
  createTime: toTimestamp(d.createTime),
  updateTime: toTimestamp(d.updateTime),
  etag: d.etag,
});

const contentToProto = (c: Content) => ({
  ...c,
  projects: c.projects.map((p) => ({
    ...p,
    lines: p.lines.map((l) => ({ ...l, amountPence: pence(l.amountPence) })),
    measures: p.measures.map((m) => ({ ...m, unit: toProtoEnum("MEASURE_UNIT", m.unit || undefined) })),
    requestedPence: pence(projectPence(p)),
  })),
  requestedPence: pence(requestedPence(c)),
});

const EMPTY_SHA256 = contentSha256(EMPTY_CONTENT);
const ts = (d: Date | undefined) => (d ? toTimestamp(d) : null);

/** An application as the caller may see it: the working copy is the applicant's alone. */
export function applicationToProto(d: ApplicationDoc, caller: Caller) {
  const own = caller.partner === d.owner;
  const latest = d.versions.at(-1);
  return {
    name: d._id,
    programme: d.programme,
    partner: d.owner,
    partnerDisplayName: d.ownerName,
    state: toProtoEnum("APPLICATION_STATE", applicationState(d.versions)),
    draft: own ? contentToProto(d.draft) : null,
    unsubmittedChanges: own && contentSha256(d.draft) !== (latest?.sha256 ?? EMPTY_SHA256),
    versions: d.versions.map((v) => ({
      version: v.version,
      sha256: v.sha256,
      author: v.author,
      authorDisplayName: v.authorName,
      submitTime: toTimestamp(v.submitTime),
      content: contentToProto(v.content),
      outcome: toProtoEnum("APPLICATION_STATE", v.outcome),
      returnReasons: v.returnReasons,
      reviewedBy: v.reviewedBy,
      reviewTime: ts(v.reviewTime),
    })),
    requestedPence: pence(latest ? requestedPence(latest.content) : 0),
    classification: classificationToProto(d.classification),
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    etag: d.etag,
  };
}
