import { toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import { outstanding } from "../domain/combination";
import type { CombinationDoc, CombinationDocumentDoc, WrittenDoc } from "../store/combinations";

const written = (w: WrittenDoc | undefined) =>
  w
    ? {
        text: w.text,
        sha256: w.sha256,
        date: w.date,
        recordedBy: w.by,
        recordedByDisplayName: w.byName,
        recordTime: toTimestamp(w.time),
      }
    : null;

export function combinationToProto(d: CombinationDoc) {
  const dec = d.decision;
  return {
    name: d._id,
    terms: { ...d.terms, varies: d.terms.varies ?? "" },
    state: toProtoEnum("COMBINATION_STATE", d.state),
    parties: d.parties,
    acrossPoliceAreas: d.acrossPoliceAreas,
    consents: d.consents.map((c) => ({
      party: c.party,
      answer: toProtoEnum("CONSENT_ANSWER", c.answer),
      reasons: c.reasons,
      onBehalf: c.onBehalf ?? null,
      recordedBy: c.by,
      recordedByDisplayName: c.byName,
      recordTime: toTimestamp(c.time),
    })),
    outstanding: outstanding(d.parties, d.consents),
    decision: dec
      ? {
          approve: dec.approve,
          interests: dec.interests.map((i) => ({
            interest: toProtoEnum("STATUTORY_INTEREST", i.interest),
            reasons: i.reasons,
          })),
          reasons: dec.reasons,
          cooperationArrangements: dec.cooperationArrangements,
          secretaryOfState: dec.secretaryOfState ?? null,
          decidedBy: dec.by,
          decidedByDisplayName: dec.byName,
          decideTime: toTimestamp(dec.time),
        }
      : null,
    agreement: written(d.agreement),
    combinedPartner: d.combinedPartner ?? "",
    effectTime: d.effectTime ? toTimestamp(d.effectTime) : null,
    ending: written(d.ending),
    endTime: d.endTime ? toTimestamp(d.endTime) : null,
    proposedBy: d.proposedBy,
    proposedByDisplayName: d.proposedByName,
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    variedBy: d.variedBy ?? "",
    documents: (d.documents ?? []).map(documentToProto),
  };
}

export const documentToProto = (x: CombinationDocumentDoc) => ({
  name: x.name,
  filename: x.filename,
  contentType: x.contentType,
  sizeBytes: x.sizeBytes,
  sha256: x.sha256,
  uploadedBy: x.by,
  uploadedByDisplayName: x.byName,
  uploadTime: toTimestamp(x.time),
});

/** The payload of every combination event: the agreement after the step, and what the step recorded. */
export const combinationSnapshot = (
  d: CombinationDoc,
  step: { consent?: { party: string; answer: "CONSENTED" | "REFUSED" }; approve?: boolean } = {},
) => ({
  name: d._id,
  state: d.state,
  combinedName: d.terms.combinedName,
  areas: d.terms.areas,
  parties: d.parties,
  outstanding: outstanding(d.parties, d.consents),
  acrossPoliceAreas: d.acrossPoliceAreas,
  effectiveDate: d.terms.effectiveDate,
  ...(d.combinedPartner && d.state !== "SIGNED" ? { combinedPartner: d.combinedPartner } : {}),
  proposedBy: d.proposedBy,
  ...step,
  ...(d.ending ? { endDate: d.ending.date } : {}),
  ...(d.varies ? { varies: d.varies } : {}),
  etag: d.etag,
  classification: d.classification,
});
