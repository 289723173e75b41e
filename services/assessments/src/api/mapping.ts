/** Stored documents as csp.assessments.v1 messages (proto-loader objects). */
import { type Caller, classificationToProto, contentSha256, toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import type { Compilation, IndicatorProvenance, PriorityProvenance } from "../domain/compile";
import { type Content, contributionState, EMPTY_CONTENT, priorityKey } from "../domain/contribution";
import type { Template } from "../domain/template";
import type { CompilationDoc, ContributionDoc, CycleDoc, EditionDoc } from "../store/documents";

const ts = (d: Date | undefined) => (d ? toTimestamp(d) : null);
const trend = (t: string) => toProtoEnum("TREND", t || undefined);

const templateToProto = (t: Template) => ({
  taxonomyVersion: t.taxonomyVersion,
  themes: t.themes,
  indicators: t.indicators.map((i) => ({
    ...i,
    unit: toProtoEnum("UNIT", i.unit),
    combine: toProtoEnum("COMBINE_RULE", i.combine),
  })),
});

export const cycleToProto = (d: CycleDoc) => ({
  name: d._id,
  year: d.year,
  title: d.title,
  dueTime: toTimestamp(d.due),
  partners: d.addressees,
  allActiveCsps: d.allActiveCsps,
  template: templateToProto(d.template),
  compileFrom: toProtoEnum("COMPILE_FROM", d.compileFrom),
  classification: classificationToProto(d.classification),
  owner: d.owner,
  createdBy: d.createdBy,
  createTime: toTimestamp(d.createTime),
  updateTime: toTimestamp(d.updateTime),
  etag: d.etag,
  partnerDisplayNames: d.partnerNames,
});

export const contentToProto = (c: Content) => ({
  priorities: c.priorities.map((p) => ({ ...p, key: priorityKey(p) })),
  indicators: c.indicators.map((v) => ({
    ...v,
    unit: toProtoEnum("UNIT", v.unit || undefined),
    trend: trend(v.trend),
  })),
  population: String(c.population),
  emergingThreats: c.emergingThreats,
  communityViews: c.communityViews,
  narrative: c.narrative,
});

const EMPTY_SHA256 = contentSha256(EMPTY_CONTENT);
const stateToProto = (s: string) => toProtoEnum("CONTRIBUTION_STATE", s);

/** The working copy is the partnership's own: others (the OPCC) see the submitted versions only. */
export function contributionToProto(d: ContributionDoc, caller: Caller) {
  const own = caller.partner === d.owner;
  const latest = d.versions.at(-1);
  return {
    name: d._id,
    cycle: d.cycle,
    partner: d.owner,
    state: stateToProto(contributionState(d.versions)),
    draft: own ? contentToProto(d.draft) : null,
    unsubmittedChanges: own && contentSha256(d.draft) !== (latest?.sha256 ?? EMPTY_SHA256),
    versions: d.versions.map((v) => ({
      version: v.version,
      sha256: v.sha256,
      author: v.author,
      authorDisplayName: v.authorName,
      submitTime: toTimestamp(v.submitTime),
      content: contentToProto(v.content),
      outcome: stateToProto(v.outcome),
      returnReasons: v.returnReasons,
      reviewedBy: v.reviewedBy,
      reviewTime: ts(v.reviewTime),
    })),
    responses: d.responses.map((r) => ({
      ...r,
      objective: r.objective ?? "",
      objectiveTitle: r.objectiveTitle ?? "",
      recordTime: toTimestamp(r.recordTime),
    })),
    classification: classificationToProto(d.classification),
    updateTime: toTimestamp(d.updateTime),
    etag: d.etag,
  };
}

const priorityProvenance = (p: PriorityProvenance) => ({ ...p, trend: "TREND_UNSPECIFIED", population: "0" });
const indicatorProvenance = (p: IndicatorProvenance) => ({
  ...p,
  rank: 0,
  trend: trend(p.trend),
  population: String(p.population),
});

export const compilationToProto = (name: string, c: Compilation, compileTime: Date | undefined) => ({
  name,
  cycle: c.cycle,
  compileFrom: toProtoEnum("COMPILE_FROM", c.compileFrom),
  taxonomyVersion: c.taxonomyVersion,
  inputs: c.inputs.map((i) => ({ ...i, state: stateToProto(i.state) })),
  gaps: c.gaps,
  priorities: c.priorities.map((p) => ({ ...p, provenance: p.provenance.map(priorityProvenance) })),
  indicators: c.indicators.map((f) => ({
    ...f,
    unit: toProtoEnum("UNIT", f.unit),
    combine: toProtoEnum("COMBINE_RULE", f.combine),
    provenance: f.provenance.map(indicatorProvenance),
  })),
  sha256: c.sha256,
  compileTime: ts(compileTime),
});

export const compilationDocToProto = (d: CompilationDoc) => compilationToProto(d._id, d.compilation, d.compileTime);

export const editionToProto = (d: EditionDoc) => ({
  name: d._id,
  cycle: d.cycle,
  number: d.number,
  year: d.year,
  title: d.title,
  note: d.note,
  compilation: compilationToProto(`${d.cycle}/compilation`, d.compilation, undefined),
  inputs: d.inputs.map((i) => ({ ...i, content: contentToProto(i.content) })),
  sha256: d.sha256,
  publishedBy: d.publishedBy,
  publishedByDisplayName: d.publishedByName,
  publishTime: toTimestamp(d.publishTime),
  classification: classificationToProto(d.classification),
  partnerDisplayNames: d.partnerNames,
});
