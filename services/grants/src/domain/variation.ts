/**
 * Variations of a grant agreement, pure. Once accepted, an agreement changes only by a variation:
 * one side proposes it with reasons (the OPCC, the funder, or the recipient's chair), the other
 * agrees to exactly the varied terms (their SHA-256, as with acceptance) or declines; the proposer
 * may withdraw it. Variations are numbered and kept in order; a settled one is never rewritten.
 * Money stays whole pence: the tranches add up to the amount, and what is proposed or paid stays.
 */
import { type FieldViolation, formatPounds } from "@csp-mesh/kit";
import type { Refusal } from "./assessment";
import { type PaymentTranche, trancheState } from "./award";
import { isConditionCode } from "./conditions";

export type Side = "FUNDER" | "RECIPIENT";
export type VariationState = "PROPOSED" | "AGREED" | "DECLINED" | "WITHDRAWN";

/** What changes; an absent part stays as it is. */
export interface VariationChanges {
  amountPence?: number;
  purposes?: string[];
  conditions?: string[];
  tranches?: { number: number; amountPence: number }[];
}

export interface Variation {
  number: number;
  changes: VariationChanges;
  reasons: string;
  side: Side;
  proposedBy: string;
  proposedByName: string;
  proposeTime: Date;
  /** The agreement's terms with the variation applied, as hashed: what the other side agrees to. */
  termsSha256: string;
  previousAmountPence: number;
  state: VariationState;
  respondedBy?: string;
  respondedByName?: string;
  respondTime?: Date;
  responseReasons?: string;
}

/** The parts of an award a variation can change, and what it checks them against. */
export interface Varied {
  state: "OFFERED" | "ACTIVE" | "CLOSED";
  amountPence: number;
  purposes: string[];
  conditions: string[];
  tranches: PaymentTranche[];
  variations?: Variation[];
}

const MIN_REASONS = 10;
/** A tranche whose money is spoken for (proposed, approved or paid) keeps its amount. */
const settled = (t: PaymentTranche) => ["PROPOSED", "APPROVED", "PAID"].includes(trancheState(t));

export const pendingVariation = (a: Pick<Varied, "variations">) => a.variations?.find((v) => v.state === "PROPOSED");

/** Why a variation may not be proposed now, if it may not. */
export function proposeRefusal(a: Varied): Refusal | undefined {
  if (a.state !== "ACTIVE")
    return { code: "FAILED_PRECONDITION", message: "only an agreement in force (accepted, not closed) is varied" };
  const pending = pendingVariation(a);
  if (pending)
    return {
      code: "FAILED_PRECONDITION",
      message: `variation ${pending.number} is still awaiting an answer; settle it first`,
    };
  return undefined;
}

/** Every problem with the proposed changes, in one round (field names as on the wire). */
export function variationViolations(a: Varied, changes: VariationChanges, reasons: string): FieldViolation[] {
  const out: FieldViolation[] = [];
  const add = (field: string, description: string) => out.push({ field: `changes.${field}`, description });
  const { amountPence, purposes, conditions, tranches } = changes;
  if (amountPence === undefined && !purposes && !conditions && !tranches)
    out.push({ field: "changes", description: "say what changes: the amount, purposes, conditions or tranches" });
  if (amountPence !== undefined && amountPence <= 0) add("amount_pence", "more than £0.00");
  purposes?.forEach((p, i) => {
    if (p.trim() === "") add(`purposes[${i}]`, "a project's title");
  });
  conditions?.forEach((c, i) => {
    if (!isConditionCode(c)) add(`conditions[${i}]`, `no condition ${c} in the library`);
  });
  if (conditions && new Set(conditions).size !== conditions.length) add("conditions", "each condition once");
  const amount = amountPence ?? a.amountPence;
  if (tranches) {
    const seen = new Set<number>();
    tranches.forEach((t, i) => {
      const current = a.tranches.find((x) => x.number === t.number);
      if (!current) add(`tranches[${i}].number`, `the award has no tranche ${t.number}`);
      else if (seen.has(t.number)) add(`tranches[${i}].number`, `tranche ${t.number} is given twice`);
      else if (settled(current) && t.amountPence !== current.amountPence)
        add(
          `tranches[${i}].amount_pence`,
          `tranche ${t.number} is ${trancheState(current).toLowerCase()}: it stays ${formatPounds(current.amountPence)}`,
        );
      seen.add(t.number);
    });
  }
  const after = variedTranches(a.tranches, tranches);
  const total = after.reduce((sum, t) => sum + t.amountPence, 0);
  if (amountPence !== undefined && amountPence > 0 && total !== amount)
    add(
      "tranches",
      `the tranches add up to ${formatPounds(total)}; give their amounts so they add up to ${formatPounds(amount)}`,
    );
  else if (amountPence === undefined && tranches && total !== amount)
    add("tranches", `the tranches must still add up to the award's ${formatPounds(amount)}`);
  if (reasons.trim().length < MIN_REASONS)
    out.push({ field: "reasons", description: `say why (at least ${MIN_REASONS} characters)` });
  return out;
}

const variedTranches = (tranches: PaymentTranche[], changes: VariationChanges["tranches"]) =>
  tranches.map((t) => {
    const c = changes?.find((x) => x.number === t.number);
    return c ? { ...t, amountPence: c.amountPence } : t;
  });

/** The award's terms with the changes applied. */
export function applyVariation<A extends Varied>(a: A, changes: VariationChanges): A {
  return {
    ...a,
    amountPence: changes.amountPence ?? a.amountPence,
    purposes: changes.purposes ?? a.purposes,
    conditions: changes.conditions ?? a.conditions,
    tranches: variedTranches(a.tranches, changes.tranches),
  };
}

/** The side a person answers for: the OPCC is the funder, anyone else answers for the recipient. */
export type Answer = { kind: "agree"; termsSha256: string } | { kind: "decline"; reasons: string };

/** Why `side` may not give `answer` to variation `number` now, if it may not. */
export function answerRefusal(
  a: Varied,
  number: number,
  side: Side,
  answer: Answer,
): Refusal | { field: string; message: string } | undefined {
  const v = a.variations?.find((x) => x.number === number);
  if (!v) return { code: "FAILED_PRECONDITION", message: `the award has no variation ${number}` };
  if (v.state !== "PROPOSED")
    return { code: "FAILED_PRECONDITION", message: `variation ${number} is ${v.state.toLowerCase()}` };
  if (answer.kind === "agree") {
    if (v.side === side)
      return {
        code: "PERMISSION_DENIED",
        message: "the other side of the agreement agrees a variation, not its proposer",
      };
    if (answer.termsSha256 !== v.termsSha256)
      return {
        code: "FAILED_PRECONDITION",
        message: "the varied terms differ from those read (their SHA-256 differs); read the variation again",
      };
  } else if (answer.reasons.trim().length < MIN_REASONS)
    return { field: "reasons", message: `say why (at least ${MIN_REASONS} characters)` };
  return undefined;
}

/** The variations after `side`'s answer (checked with answerRefusal first). */
export function answered(
  variations: Variation[],
  number: number,
  side: Side,
  answer: Answer,
  who: { subject: string; name: string },
  at: Date,
): Variation[] {
  return variations.map((v) =>
    v.number !== number
      ? v
      : {
          ...v,
          state: answer.kind === "agree" ? "AGREED" : v.side === side ? "WITHDRAWN" : "DECLINED",
          respondedBy: who.subject,
          respondedByName: who.name,
          respondTime: at,
          ...(answer.kind === "decline" ? { responseReasons: answer.reasons.trim() } : {}),
        },
  );
}
