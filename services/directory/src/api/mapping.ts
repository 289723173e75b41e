import { classificationToProto as classification, toProtoEnum, toTimestamp } from "@csp-mesh/kit";
import type { PartnerDoc, PersonDoc, SystemDoc } from "../store/documents";

export function partnerToProto(d: PartnerDoc) {
  return {
    name: d._id,
    displayName: d.displayName,
    kind: toProtoEnum("PARTNER_KIND", d.kind),
    authoritySubtype: toProtoEnum("AUTHORITY_SUBTYPE", d.authoritySubtype),
    status: toProtoEnum("PARTNER_STATUS", d.status),
    mergedInto: d.mergedInto ?? "",
    members: d.members,
    classification: classification(d.classification),
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    demo: d.demo,
    orgIdentifier: d.orgIdentifier ?? "",
    area: d.area ?? null,
    accountableBody: d.accountableBody ?? "",
    predecessors: d.predecessors ?? [],
    successors: d.successors ?? [],
    combination: d.combination ?? "",
  };
}

export function personToProto(d: PersonDoc) {
  return {
    name: d._id,
    displayName: d.displayName,
    email: d.email,
    partner: d.partner,
    roles: d.roles,
    active: d.active,
    classification: classification(d.classification),
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    demo: d.demo,
  };
}

export function systemToProto(d: SystemDoc) {
  return {
    name: d._id,
    displayName: d.displayName,
    partner: d.partner,
    clientId: d.clientId,
    revoked: d.revoked,
    secretRotateTime: toTimestamp(d.secretRotateTime),
    classification: classification(d.classification),
    etag: d.etag,
    createTime: toTimestamp(d.createTime),
    updateTime: toTimestamp(d.updateTime),
    demo: d.demo,
    certificateSha256: d.certificateThumbprint ? Buffer.from(d.certificateThumbprint, "base64url").toString("hex") : "",
  };
}

export const partnerSnapshot = (d: PartnerDoc) => ({
  name: d._id,
  displayName: d.displayName,
  kind: d.kind,
  authoritySubtype: d.authoritySubtype,
  status: d.status,
  mergedInto: d.mergedInto,
  members: d.members,
  orgIdentifier: d.orgIdentifier ?? undefined,
  area: d.area ?? undefined,
  accountableBody: d.accountableBody ?? undefined,
  predecessors: d.predecessors,
  successors: d.successors,
  combination: d.combination,
  etag: d.etag,
  classification: d.classification,
});

export const personSnapshot = (d: PersonDoc) => ({
  name: d._id,
  displayName: d.displayName,
  email: d.email,
  partner: d.partner,
  roles: d.roles,
  active: d.active,
  etag: d.etag,
  classification: d.classification,
});

export const systemSnapshot = (d: SystemDoc) => ({
  name: d._id,
  displayName: d.displayName,
  partner: d.partner,
  clientId: d.clientId,
  revoked: d.revoked,
  certificateBound: Boolean(d.certificateThumbprint),
  etag: d.etag,
  classification: d.classification,
});
