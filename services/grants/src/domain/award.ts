/**
 * An award after the decision, pure: the grant agreement the recipient's chair accepts (by the
 * SHA-256 of its terms, so what was accepted is what was offered), and each tranche's payment:
 * due, proposed by one OPCC person, approved by another (never the same), then paid with its date
 * and reference. Money in whole pence; no payment takes the award past its amount.
 */
import { type FieldViolation, formatPounds } from "@csp-mesh/kit";
import type { Refusal } from "./assessment";
import type { TrancheTrigger } from "./programme";

export type AwardState = "OFFERED" | "ACTIVE" | "CLOSED";
export type TrancheState = "SCHEDULED" | "DUE" | "PROPOSED" | "APPROVED" | "PAID";

export interface PaymentTranche {
  number: number;
  amountPence: number;
  trigger: TrancheTrigger;
  /** Absent on awards made before payments existed: SCHEDULED. */
  state?: TrancheState;
  proposedPence?: number;
  proposedBy?: string;
  proposedByName?: string;
  approvedBy?: string;
  approvedByName?: string;
  paidDate?: string;
  reference?: string;
  /** The reasons of the last rejected proposal. */
  rejectedReasons?: string;
}

export const trancheState = (t: PaymentTranche): TrancheState => t.state ?? "SCHEDULED";

/** What the agreement says, as hashed: the chair accepts exactly these terms. */
export function agreementTerms(a: {
  _id: string;
  owner: string;
  programme: string;
  amountPence: number;
  purposes: string[];
  conditions: string[];
  tranches: PaymentTranche[];
}) {
  return {
    award: a._id,
    recipient: a.owner,
    programme: a.programme,
    amountPence: a.amountPence,
    purposes: a.purposes,
    conditions: a.conditions,
    tranches: a.tranches.map((t) => ({ number: t.number, amountPence: t.amountPence, trigger: t.trigger })),
  };
}

/** Why the agreement may not be accepted now, if it may not. */
export function acceptRefusal(state: AwardState, offeredSha: string, acceptedSha: string): Refusal | undefined {
  if (state !== "OFFERED") return { code: "FAILED_PRECONDITION", message: "the agreement has already been accepted" };
  if (acceptedSha !== offeredSha)
    return {
      code: "FAILED_PRECONDITION",
      message: "the agreement has changed since it was read (its SHA-256 differs); read the letter again",
    };
  return undefined;
}

/** The tranches released by accepting the agreement: each ON_AGREEMENT one falls due. */
export const dueOnAgreement = (tranches: PaymentTranche[]): PaymentTranche[] =>
  tranches.map((t) => (t.trigger === "ON_AGREEMENT" && trancheState(t) === "SCHEDULED" ? { ...t, state: "DUE" } : t));

export const paidPence = (tranches: readonly PaymentTranche[]) =>
  tranches.filter((t) => trancheState(t) === "PAID").reduce((sum, t) => sum + (t.proposedPence ?? t.amountPence), 0);

/** Paid, approved and proposed: what the award has spoken for. */
const inFlightPence = (tranches: readonly PaymentTranche[], except: number) =>
  tranches
    .filter((t) => t.number !== except && ["PROPOSED", "APPROVED", "PAID"].includes(trancheState(t)))
    .reduce((sum, t) => sum + (t.proposedPence ?? t.amountPence), 0);

export type PaymentAction =
  | { kind: "propose"; amountPence: number }
  | { kind: "approve" }
  | { kind: "reject"; reasons: string }
  | { kind: "disburse"; paidDate: string; reference: string };

export type PaymentStep =
  | { ok: true; tranches: PaymentTranche[]; tranche: PaymentTranche }
  | { ok: false; refusal: Refusal }
  | { ok: false; violations: FieldViolation[] };

const PAID_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A payment (or a repayment) recorded: a real date, not after `today`, and its reference. */
export function paymentRecordViolations(paidDate: string, reference: string, today: string): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (!PAID_DATE.test(paidDate) || Number.isNaN(Date.parse(`${paidDate}T12:00:00Z`)))
    violations.push({ field: "paid_date", description: "the date it was paid, YYYY-MM-DD" });
  else if (paidDate > today) violations.push({ field: "paid_date", description: "not in the future" });
  if (reference.trim() === "") violations.push({ field: "reference", description: "the payment's reference" });
  return violations;
}

/**
 * Tranche `number` after `action` by `who` (an OPCC person), or why not. The approver is never the
 * proposer; a proposal never takes the award past its amount, nor the tranche past its share.
 */
export function paymentStep(
  award: { state: AwardState; amountPence: number; tranches: PaymentTranche[] },
  number: number,
  action: PaymentAction,
  who: { subject: string; name: string },
  today: string,
): PaymentStep {
  const t = award.tranches.find((x) => x.number === number);
  const refuse = (code: Refusal["code"], message: string): PaymentStep => ({ ok: false, refusal: { code, message } });
  if (!t) return refuse("FAILED_PRECONDITION", `the award has no tranche ${number}`);
  if (award.state !== "ACTIVE")
    return refuse("FAILED_PRECONDITION", "nothing is paid before the agreement is accepted");
  const state = trancheState(t);
  const next = (changed: PaymentTranche): PaymentStep => ({
    ok: true,
    tranche: changed,
    tranches: award.tranches.map((x) => (x.number === number ? changed : x)),
  });
  switch (action.kind) {
    case "propose": {
      if (state !== "DUE") return refuse("FAILED_PRECONDITION", `tranche ${number} is ${state.toLowerCase()}, not due`);
      const left = award.amountPence - inFlightPence(award.tranches, number);
      const problem =
        action.amountPence <= 0
          ? "more than £0.00"
          : action.amountPence > left
            ? `only ${formatPounds(left)} of the award is left to pay`
            : action.amountPence > t.amountPence
              ? `no more than the tranche's ${formatPounds(t.amountPence)}`
              : undefined;
      if (problem) return { ok: false, violations: [{ field: "amount_pence", description: problem }] };
      return next({
        ...t,
        state: "PROPOSED",
        proposedPence: action.amountPence,
        proposedBy: who.subject,
        proposedByName: who.name,
        rejectedReasons: undefined,
      });
    }
    case "approve":
      if (state !== "PROPOSED")
        return refuse("FAILED_PRECONDITION", `tranche ${number} is ${state.toLowerCase()}, not proposed`);
      if (t.proposedBy === who.subject)
        return refuse("PERMISSION_DENIED", "you proposed this payment; another person must approve it");
      return next({ ...t, state: "APPROVED", approvedBy: who.subject, approvedByName: who.name });
    case "reject":
      if (state !== "PROPOSED")
        return refuse("FAILED_PRECONDITION", `tranche ${number} is ${state.toLowerCase()}, not proposed`);
      if (action.reasons.trim().length < 10)
        return { ok: false, violations: [{ field: "reasons", description: "say why (at least 10 characters)" }] };
      return next({
        ...t,
        state: "DUE",
        proposedPence: undefined,
        proposedBy: undefined,
        proposedByName: undefined,
        rejectedReasons: action.reasons,
      });
    case "disburse": {
      if (state !== "APPROVED")
        return refuse("FAILED_PRECONDITION", `tranche ${number} is ${state.toLowerCase()}, not approved`);
      const violations = paymentRecordViolations(action.paidDate, action.reference, today);
      if (violations.length > 0) return { ok: false, violations };
      return next({ ...t, state: "PAID", paidDate: action.paidDate, reference: action.reference.trim() });
    }
  }
}
