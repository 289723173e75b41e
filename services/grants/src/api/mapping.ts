/** Stored documents as csp.grants.v1 messages (proto-loader objects; pence as int64 strings). */
import { type Caller, classificationToProto, contentSha256, isOpcc, toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import { applicationState, type Content, EMPTY_CONTENT, projectPence, requestedPence } from "../domain/application";
import { DEFAULT_MIN_SCORERS, DEFAULT_RUBRIC, meanTotal } from "../domain/assessment";
import { agreementTerms, paidPence, trancheState } from "../domain/award";
import { CONDITIONS, type ConditionCode } from "../domain/conditions";
import { committedPence } from "../domain/ledger";
import { type Objective, objectiveName } from "../domain/plan";
import { allocatedPence } from "../domain/programme";
import type { Variation } from "../domain/variation";
import type { ApplicationDoc, AwardDoc, LedgerDoc, PlanDoc, PlanVersionDoc, ProgrammeDoc } from "../store/documents";

/** Whole pence as the int64 proto-loader sends (a decimal string). */
export const pence = (n: number) => String(n);

/** A programme's rubric (the default for one drafted before scoring existed). */
export const rubricOf = (d: Pick<ProgrammeDoc, "rubric">) => d.rubric ?? DEFAULT_RUBRIC;

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
  rubric: rubricOf(d),
  minScorers: d.minScorers ?? DEFAULT_MIN_SCORERS,
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
    state: toProtoEnum("APPLICATION_STATE", applicationState(d.versions, d.decision)),
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
    // Declarations and scores are the OPCC's working; the decision is the applicant's to see too.
    assessment: isOpcc(caller) ? assessmentToProto(d) : null,
    decision: d.decision
      ? {
          decision: toProtoEnum("DECISION", d.decision.decision),
          amountPence: pence(d.decision.amountPence),
          reasons: d.decision.reasons,
          decidedBy: d.decision.decidedBy,
          decidedByDisplayName: d.decision.decidedByName,
          decideTime: toTimestamp(d.decision.time),
          award: d.decision.award,
        }
      : null,
  };
}

function assessmentToProto(d: ApplicationDoc) {
  const scorings = d.scorings ?? [];
  const latest = d.versions.at(-1)?.version ?? 0;
  return {
    interests: (d.interests ?? []).map((i) => ({
      scorer: i.scorer,
      scorerDisplayName: i.scorerName,
      conflict: i.conflict,
      details: i.details,
      declareTime: toTimestamp(i.time),
    })),
    scorings: scorings.map((x) => ({
      scorer: x.scorer,
      scorerDisplayName: x.scorerName,
      version: x.version,
      scores: x.scores,
      weightedTotal: x.weightedTotal,
      comment: x.comment,
      scoreTime: toTimestamp(x.time),
    })),
    maxTotal: scorings[0]?.maxTotal ?? 0,
    meanTotal: meanTotal(scorings, latest),
  };
}

/** The agreement's SHA-256: kept when the award was made (computed for one made before that). */
export const agreementShaOf = (d: AwardDoc) => d.agreementSha256 ?? contentSha256(agreementTerms(d));

export const awardToProto = (d: AwardDoc) => ({
  name: d._id,
  programme: d.programme,
  programmeTitle: d.programmeTitle,
  year: d.year,
  application: d.application,
  recipient: d.owner,
  recipientDisplayName: d.ownerName,
  amountPence: pence(d.amountPence),
  requestedPence: pence(d.requestedPence),
  purposes: d.purposes,
  conditions: d.conditions.map((code) => ({ code, text: CONDITIONS[code as ConditionCode] ?? "" })),
  tranches: d.tranches.map((t) => ({
    number: t.number,
    amountPence: pence(t.amountPence),
    trigger: toProtoEnum("TRANCHE_TRIGGER", t.trigger),
    state: toProtoEnum("TRANCHE_STATE", trancheState(t)),
    proposedPence: pence(t.proposedPence ?? 0),
    proposedBy: t.proposedBy ?? "",
    proposedByDisplayName: t.proposedByName ?? "",
    approvedBy: t.approvedBy ?? "",
    approvedByDisplayName: t.approvedByName ?? "",
    paidDate: t.paidDate ?? "",
    reference: t.reference ?? "",
    rejectedReasons: t.rejectedReasons ?? "",
  })),
  reasons: d.reasons,
  state: toProtoEnum("AWARD_STATE", d.state),
  decidedBy: d.decidedBy,
  awardTime: toTimestamp(d.createTime),
  classification: classificationToProto(d.classification),
  updateTime: toTimestamp(d.updateTime),
  etag: d.etag,
  agreementSha256: agreementShaOf(d),
  acceptedBy: d.acceptedBy ?? "",
  acceptedByDisplayName: d.acceptedByName ?? "",
  acceptTime: ts(d.acceptTime),
  paidPence: pence(paidPence(d.tranches)),
  returns: (d.returns ?? []).map((r) => ({
    kind: toProtoEnum("RETURN_KIND", r.kind),
    reportRequest: r.reportRequest,
    state: toProtoEnum("RETURN_STATE", r.state),
    dueTime: toTimestamp(r.dueTime),
    acceptTime: ts(r.acceptTime),
  })),
  closeOut: d.closeOut
    ? {
        spentPence: pence(d.closeOut.spentPence),
        underspendPence: pence(d.closeOut.underspendPence),
        repaymentState: toProtoEnum("REPAYMENT_STATE", d.closeOut.repayment),
        repaidPence: pence(d.closeOut.repaidPence ?? 0),
        repaidDate: d.closeOut.repaidDate ?? "",
        reference: d.closeOut.reference ?? "",
        holdBack: d.closeOut.holdBack,
        closedBy: d.closeOut.closedBy,
        closeTime: toTimestamp(d.closeOut.time),
      }
    : null,
  variations: (d.variations ?? []).map(variationToProto),
});

const variationToProto = (v: Variation) => ({
  number: v.number,
  changes: {
    amountPence: pence(v.changes.amountPence ?? 0),
    purposes: v.changes.purposes ?? [],
    conditions: v.changes.conditions ?? [],
    tranches: (v.changes.tranches ?? []).map((t) => ({ number: t.number, amountPence: pence(t.amountPence) })),
  },
  reasons: v.reasons,
  proposedBySide: toProtoEnum("AGREEMENT_SIDE", v.side),
  proposedBy: v.proposedBy,
  proposedByDisplayName: v.proposedByName,
  proposeTime: toTimestamp(v.proposeTime),
  termsSha256: v.termsSha256,
  state: toProtoEnum("VARIATION_STATE", v.state),
  previousAmountPence: pence(v.previousAmountPence),
  respondedBy: v.respondedBy ?? "",
  respondedByDisplayName: v.respondedByName ?? "",
  respondTime: ts(v.respondTime),
  responseReasons: v.responseReasons ?? "",
});

export const ledgerToProto = (d: LedgerDoc) => {
  const committed = committedPence(d.commitments);
  return {
    programme: d.programme,
    budgetPence: pence(d.budgetPence),
    committedPence: pence(committed),
    remainingPence: pence(d.budgetPence - committed),
    commitments: d.commitments.map((c) => ({ ...c, amountPence: pence(c.amountPence) })),
  };
};
