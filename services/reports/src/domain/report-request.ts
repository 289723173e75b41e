/**
 * Rules about a report request as a whole: what a formal s.7 requirement must record, and what of
 * a request a caller gets to see. Pure.
 */
import type { FieldViolation } from "@csp-mesh/kit";

export const LEGAL_BASES = ["INFORMAL", "FORMAL_S7"] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export interface FormalS7 {
  notSatisfiedEffectiveEfficient: boolean;
  reasonableAndProportionate: boolean;
  reasoning: string;
  publish: boolean;
  publicationManner: string;
}

/**
 * s.7(1A) Crime and Disorder Act 1998: a PCC may require a report only if not satisfied the
 * functions are being carried out effectively and efficiently, and satisfied the requirement is
 * reasonable and proportionate. Both findings and the reasoning must be on record; s.7(3) leaves
 * publication to the PCC, so the decision (and its manner, if publishing) is recorded too.
 */
export function formalS7Violations(basis: LegalBasis, s7: FormalS7 | undefined): FieldViolation[] {
  const f = "report_request.formal_s7";
  if (basis !== "FORMAL_S7") {
    const given =
      s7 && (s7.notSatisfiedEffectiveEfficient || s7.reasonableAndProportionate || s7.reasoning || s7.publish);
    return given ? [{ field: f, description: "s.7 findings apply only to a FORMAL_S7 request" }] : [];
  }
  const v: FieldViolation[] = [];
  if (!s7?.notSatisfiedEffectiveEfficient)
    v.push({
      field: `${f}.not_satisfied_effective_efficient`,
      description:
        "s.7(1A)(a): record that the PCC is not satisfied the CSP functions are being carried out effectively and efficiently",
    });
  if (!s7?.reasonableAndProportionate)
    v.push({
      field: `${f}.reasonable_and_proportionate`,
      description: "s.7(1A)(b): record that the requirement is reasonable and proportionate",
    });
  if ((s7?.reasoning.trim().length ?? 0) < 20)
    v.push({ field: `${f}.reasoning`, description: "give the reasoning for both findings (at least 20 characters)" });
  if (s7?.publish && (s7.publicationManner.trim().length ?? 0) < 5)
    v.push({ field: `${f}.publication_manner`, description: "s.7(3): say how the report will be published" });
  return v;
}

/** An accepted report of this request goes to the panel and the public list. */
export function publishesOnAcceptance(basis: LegalBasis, s7: FormalS7 | undefined, classification: string): boolean {
  return basis === "FORMAL_S7" && s7?.publish === true && classification === "OFFICIAL";
}
