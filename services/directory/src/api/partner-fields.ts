/**
 * A partner's fields at the API boundary: the zod schema of what a caller may set, the fields an
 * update mask may name, and the checks that need other partners (members, merged_into, the
 * accountable body), all reported in one round.
 */
import {
  classificationField,
  type FieldViolation,
  invalidArgument,
  optionalName,
  protoEnum,
  resourceName,
  singleLine,
} from "@csp-mesh/kit";
import { z } from "zod";
import {
  AUTHORITY_SUBTYPES,
  GSS_CODE,
  ORG_IDENTIFIER,
  PARTNER_KINDS,
  PARTNER_STATUSES,
  type PartnerFields,
  partnerViolations,
} from "../domain/partner";
import type { PartnerDoc } from "../store/documents";
import type { ResourceStore } from "../store/resource-store";

/** An area with neither code nor name is "not recorded" (proto3 sends an unset message as null). */
const areaField = z
  .object({ code: z.string().max(20).default(""), name: singleLine(100).default("") })
  .nullable()
  .superRefine((a, ctx) => {
    if (!a?.code && !a?.name) return;
    if (!GSS_CODE.test(a.code))
      ctx.addIssue({ code: "custom", path: ["code"], message: "an ONS code such as E07000110" });
    if (a.name.length < 2) ctx.addIssue({ code: "custom", path: ["name"], message: "the area's name, e.g. Maidstone" });
  })
  .transform((a) => (a?.code ? { code: a.code, name: a.name } : undefined));

export const partnerFields = z.object({
  displayName: singleLine(200, 2),
  kind: protoEnum("PARTNER_KIND", PARTNER_KINDS),
  authoritySubtype: protoEnum("AUTHORITY_SUBTYPE", AUTHORITY_SUBTYPES),
  status: protoEnum("PARTNER_STATUS", PARTNER_STATUSES),
  mergedInto: optionalName("partners"),
  members: z.array(resourceName("partners")).max(100),
  classification: classificationField,
  orgIdentifier: z
    .string()
    .max(80)
    .refine((v) => !v || ORG_IDENTIFIER.test(v), "an org-id.guide identifier such as GB-LAE-MAI")
    .transform((v) => v || undefined),
  area: areaField,
  accountableBody: optionalName("partners").transform((v) => v || undefined),
});

export const PARTNER_MUTABLE = [
  "display_name",
  "authority_subtype",
  "status",
  "merged_into",
  "members",
  "org_identifier",
  "area",
  "accountable_body",
] as const;

/** Checks that need other partners: members are responsible authorities, merged_into exists. */
async function partnerReferenceViolations(
  store: ResourceStore<PartnerDoc>,
  p: PartnerFields,
): Promise<FieldViolation[]> {
  const v: FieldViolation[] = [];
  for (const [i, m] of p.members.entries()) {
    const member = await store.getInternal(m);
    if (member?.kind !== "RESPONSIBLE_AUTHORITY")
      v.push({ field: `partner.members[${i}]`, description: `${m} is not a responsible authority in the directory` });
  }
  if (p.mergedInto) {
    const target = await store.getInternal(p.mergedInto);
    if (target?.status !== "ACTIVE")
      v.push({ field: "partner.merged_into", description: `${p.mergedInto} is not an active partner` });
  }
  return v;
}

export async function checkPartner(store: ResourceStore<PartnerDoc>, name: string, p: PartnerFields): Promise<void> {
  const v = [...partnerViolations(name, p), ...(await partnerReferenceViolations(store, p))];
  if (v.length > 0) throw invalidArgument(`invalid partner: ${v.map((x) => x.field).join(", ")}`, v);
}
