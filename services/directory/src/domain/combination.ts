/**
 * Combination agreements (Crime and Disorder Act 1998 s.5(1A)-(1E) and s.5A), pure. The PCC may
 * combine the community safety partnerships of two or more areas by written agreement with their
 * responsible authorities: valid only if every responsible authority of those areas is a party;
 * entered only if the PCC considers it in the interests of at least one of reducing crime and
 * disorder, reducing re-offending, or combating substance misuse; across police areas it sets out
 * co-operation arrangements and the Secretary of State is a party on the same test. In force, the
 * combined area is one partnership: the constituents are kept, combined into it, with lineage both ways.
 *
 * Lifecycle: PROPOSED (consents gathered) -> APPROVED or DECLINED (the PCC's decision) -> SIGNED (the
 * written agreement, hashed) -> IN_FORCE (on its effective date) -> ENDED (by written agreement).
 */
import type { FieldViolation } from "@csp-mesh/kit";
import { isPartnership, type PartnerKind, type PartnerStatus } from "./partner";

export const STATUTORY_INTERESTS = [
  "REDUCING_CRIME_AND_DISORDER",
  "REDUCING_REOFFENDING",
  "COMBATING_SUBSTANCE_MISUSE",
] as const;
export type StatutoryInterest = (typeof STATUTORY_INTERESTS)[number];
export type AgreementState = "PROPOSED" | "APPROVED" | "DECLINED" | "SIGNED" | "IN_FORCE" | "ENDED" | "VARIED";
export type Refusal = { code: "FAILED_PRECONDITION" | "PERMISSION_DENIED"; message: string };

/** What the combination needs to know of a partner in the directory. */
export interface PartnerView {
  name: string;
  displayName: string;
  kind: PartnerKind;
  status: PartnerStatus;
  members: string[];
  authoritySubtype?: string;
}

export interface Proposal {
  /** partners/<id> of the CSPs to combine. */
  areas: string[];
  combinedName: string;
  rationale: string;
  governance: string;
  localDelivery: string;
  scrutiny: string;
  /** YYYY-MM-DD (Europe/London). */
  effectiveDate: string;
  /** A variation: the agreement in force it varies. */
  varies?: string;
}

export interface Consent {
  party: string;
  answer: "CONSENTED" | "REFUSED";
  reasons: string;
  by: string;
  byName: string;
  /** Recorded by OPCC staff on the authority's behalf: its own decision's reference and date. */
  onBehalf?: { decisionReference: string; decisionDate: string };
  time: Date;
}

export interface Decision {
  approve: boolean;
  /** The statutory interests relied on, each with the PCC's reasons (at least one to approve). */
  interests: { interest: StatutoryInterest; reasons: string }[];
  reasons: string;
  /** Across police areas: the co-operation arrangements, and the Secretary of State's agreement. */
  cooperationArrangements: string;
  secretaryOfState?: { agreed: boolean; reference: string; date: string };
}

const MIN_TEXT = 10;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (d: string) =>
  DATE.test(d) && !Number.isNaN(Date.parse(`${d}T12:00:00Z`)) && new Date(`${d}T12:00:00Z`).toISOString().startsWith(d);

/** Every problem with a proposal, in one round (field names as on the wire). */
export function proposalViolations(
  p: Proposal,
  partners: ReadonlyMap<string, PartnerView>,
  today: string,
  /** For a variation: the combined partnership's constituents now, which may stay (or leave). */
  constituents: readonly string[] = [],
): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field, description });
  const seen = new Set<string>();
  p.areas.forEach((area, i) => {
    const partner = partners.get(area);
    if (seen.has(area)) add(`areas[${i}]`, `${area} is given twice`);
    else if (!partner) add(`areas[${i}]`, `there is no partner ${area}`);
    else if (!isPartnership(partner.kind))
      add(`areas[${i}]`, `${partner.displayName} is not a community safety partnership`);
    else if (partner.status !== "ACTIVE" && !constituents.includes(area))
      add(`areas[${i}]`, `${partner.displayName} has already been combined`);
    seen.add(area);
  });
  if (new Set(p.areas).size < 2) add("areas", "combine the partnerships of two or more areas");
  if (p.combinedName.trim() === "") add("combined_name", "name the combined partnership");
  for (const [field, text] of [
    ["rationale", p.rationale],
    ["governance", p.governance],
    ["local_delivery", p.localDelivery],
    ["scrutiny", p.scrutiny],
  ] as const)
    if (text.trim().length < MIN_TEXT) add(field, `describe it (at least ${MIN_TEXT} characters)`);
  if (!realDate(p.effectiveDate)) add("effective_date", "a real date, YYYY-MM-DD");
  else if (p.effectiveDate < today) add("effective_date", "today or a later date");
  return out;
}

/** The parties: every responsible authority that is a member of any of the partnerships, once each. */
export const partiesOf = (areas: readonly string[], partners: ReadonlyMap<string, PartnerView>): string[] =>
  [...new Set(areas.flatMap((a) => partners.get(a)?.members ?? []))].sort();

/** Whether the areas span more than one police area (more than one police force among the parties). */
export const crossForce = (parties: readonly string[], partners: ReadonlyMap<string, PartnerView>): boolean =>
  parties.filter((p) => partners.get(p)?.authoritySubtype === "POLICE").length > 1;

/** Parties whose consent is still awaited. */
export const outstanding = (parties: readonly string[], consents: readonly Consent[]) =>
  parties.filter((p) => !consents.some((c) => c.party === p));

export type ConsentStep =
  | { ok: true; consents: Consent[]; changed: boolean }
  | { ok: false; refusal: Refusal }
  | { ok: false; violations: FieldViolation[] };

/**
 * The consents with `c` recorded: by a person of the party itself, or by OPCC staff on its behalf
 * with the authority's own decision reference and date. The same answer again changes nothing (a
 * retry, or two people at once); a different one is refused: an answer is never rewritten.
 */
export function recordConsent(
  a: { state: AgreementState; parties: readonly string[]; consents: readonly Consent[] },
  c: Consent,
  caller: { partner: string; isOpcc: boolean },
): ConsentStep {
  const refuse = (code: Refusal["code"], message: string): ConsentStep => ({ ok: false, refusal: { code, message } });
  const violations: FieldViolation[] = [];
  if (!a.parties.includes(c.party))
    violations.push({ field: "party", description: `${c.party} is not a party to this agreement` });
  if (c.answer === "REFUSED" && c.reasons.trim().length < MIN_TEXT)
    violations.push({ field: "reasons", description: `say why it is refused (at least ${MIN_TEXT} characters)` });
  if (caller.partner !== c.party) {
    if (!caller.isOpcc)
      return refuse(
        "PERMISSION_DENIED",
        "only a person of that authority, or the OPCC on its behalf, records its answer",
      );
    if (!c.onBehalf || c.onBehalf.decisionReference.trim() === "")
      violations.push({ field: "on_behalf.decision_reference", description: "the authority's own decision reference" });
    if (!c.onBehalf || !realDate(c.onBehalf.decisionDate))
      violations.push({
        field: "on_behalf.decision_date",
        description: "the date of the authority's decision, YYYY-MM-DD",
      });
  }
  if (violations.length > 0) return { ok: false, violations };
  if (a.state !== "PROPOSED") return refuse("FAILED_PRECONDITION", "consents are recorded while the proposal is open");
  const earlier = a.consents.find((x) => x.party === c.party);
  if (earlier?.answer === c.answer) return { ok: true, consents: [...a.consents], changed: false };
  if (earlier)
    return refuse("FAILED_PRECONDITION", `${c.party}'s answer is already recorded (${earlier.answer.toLowerCase()})`);
  return { ok: true, consents: [...a.consents, c], changed: true };
}

/** Why the PCC may not decide now, if it may not: every party has answered and none refused. */
export function decideRefusal(a: {
  state: AgreementState;
  parties: readonly string[];
  consents: readonly Consent[];
}): Refusal | undefined {
  if (a.state !== "PROPOSED") return { code: "FAILED_PRECONDITION", message: "the proposal has already been decided" };
  const refused = a.consents.filter((c) => c.answer === "REFUSED").map((c) => c.party);
  if (refused.length > 0)
    return {
      code: "FAILED_PRECONDITION",
      message: `refused by ${refused.join(", ")}: every responsible authority must be a party`,
    };
  const waiting = outstanding(a.parties, a.consents);
  if (waiting.length > 0)
    return { code: "FAILED_PRECONDITION", message: `still awaiting the consent of ${waiting.join(", ")}` };
  return undefined;
}

/** Every problem with the PCC's decision, in one round. */
export function decisionViolations(d: Decision, acrossForces: boolean): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field, description });
  if (d.approve) {
    if (d.interests.length === 0)
      add(
        "interests",
        "rely on at least one of: reducing crime and disorder, reducing re-offending, combating substance misuse",
      );
    const seen = new Set<string>();
    d.interests.forEach((x, i) => {
      if (seen.has(x.interest)) add(`interests[${i}].interest`, `${x.interest} is given twice`);
      seen.add(x.interest);
      if (x.reasons.trim().length < MIN_TEXT)
        add(`interests[${i}].reasons`, `why it is in that interest (at least ${MIN_TEXT} characters)`);
    });
    if (acrossForces) {
      if (d.cooperationArrangements.trim().length < MIN_TEXT)
        add("cooperation_arrangements", "the areas span police areas: set out the co-operation arrangements");
      const sos = d.secretaryOfState;
      if (!sos?.agreed || sos.reference.trim() === "" || !realDate(sos.date))
        add(
          "secretary_of_state",
          "the areas span police areas: record the Secretary of State's agreement (reference and date)",
        );
    }
  } else if (d.reasons.trim().length < MIN_TEXT)
    add("reasons", `say why it is refused (at least ${MIN_TEXT} characters)`);
  return out;
}

/** Why the agreement may not take effect on `today`, if it may not. */
export function effectRefusal(
  a: { state: AgreementState; effectiveDate: string; agreementSha256?: string },
  today: string,
): Refusal | undefined {
  if (a.state !== "SIGNED")
    return { code: "FAILED_PRECONDITION", message: "an agreement takes effect once approved and signed" };
  if (!a.agreementSha256) return { code: "FAILED_PRECONDITION", message: "the signed agreement has not been recorded" };
  if (today < a.effectiveDate) return { code: "FAILED_PRECONDITION", message: `it takes effect on ${a.effectiveDate}` };
  return undefined;
}

/**
 * The directory once the agreement is in force: the combined partnership (its members every party,
 * its predecessors the constituents) and each constituent combined into it (kept, inactive).
 */
export function combinedLineage(
  a: { areas: readonly string[]; parties: readonly string[]; combinedName: string },
  combined: string,
) {
  return {
    combined: {
      name: combined,
      displayName: a.combinedName,
      kind: "CSP" as const,
      status: "ACTIVE" as const,
      members: [...a.parties],
      predecessors: [...a.areas],
    },
    constituents: a.areas.map((name) => ({ name, status: "MERGED" as const, mergedInto: combined })),
  };
}

/**
 * The directory once a variation is in force: the combined partnership continues with the varied
 * areas' parties as members and every area it has succeeded as predecessors (history is kept); the
 * areas joining are combined into it; those leaving are separate partnerships again, succeeding it.
 */
export function variedLineage(before: readonly string[], after: readonly string[]) {
  return {
    joining: after.filter((a) => !before.includes(a)),
    leaving: before.filter((a) => !after.includes(a)),
    predecessors: [...new Set([...before, ...after])],
  };
}
