/**
 * csp.grants.v1.GrantsService, variations: one side of an agreement in force proposes a change
 * with reasons (the OPCC as funder, or the recipient's chair), the other agrees to the varied terms'
 * SHA-256 or declines; the proposer may withdraw. An agreed increase is committed in the programme's
 * ledger before the award changes, a decrease after it, so an interrupted answer never leaves the
 * budget promising less than the awards (a retry of the same request completes it).
 */
import {
  type AnyMethodSpec,
  AppError,
  type Caller,
  commandKey,
  contentSha256,
  decide,
  enforce,
  invalidArgument,
  method,
  newEvent,
} from "@csp-mesh/kit";
import { GRANT_AWARD, GrantVariationAgreed, GrantVariationDeclined, GrantVariationProposed } from "../contract";
import { agreementTerms } from "../domain/award";
import { vary } from "../domain/ledger";
import {
  type Answer,
  answered,
  answerRefusal,
  applyVariation,
  proposeRefusal,
  type Side,
  type Variation,
  variationViolations,
} from "../domain/variation";
import { SOURCE } from "../source";
import type { AwardDoc } from "../store/documents";
import { awardToProto } from "./mapping";
import { agreeVariationSchema, declineVariationSchema, proposeVariationSchema } from "./schemas";
import { ledgerOf, type Stores } from "./stores";

/** The side of the agreement the caller answers for: the OPCC pays (funder), the chair accepts. */
function sideOf(caller: Caller, doc: AwardDoc, name: string): Side {
  if (decide(caller, "update", GRANT_AWARD, doc).allowed) return "FUNDER";
  enforce(caller, "submit", GRANT_AWARD, doc, name);
  return "RECIPIENT";
}

const refuse = (r: ReturnType<typeof answerRefusal>) => {
  if (!r) return;
  if ("field" in r) throw invalidArgument(r.message, [{ field: r.field, description: r.message }]);
  throw new AppError(r.code, r.message);
};

export function variationsMethods(stores: Stores): Record<string, AnyMethodSpec> {
  const { awards, ledgers } = stores;

  /** The programme's commitment for the award made `amountPence` (refused if the budget has no room). */
  const commitAmount = async (doc: AwardDoc, amountPence: number, number: number) => {
    const ledger = await ledgers.getInternal(ledgerOf(doc.programme));
    if (!ledger) throw new AppError("FAILED_PRECONDITION", `${doc.programme} has no ledger`);
    if (ledger.commitments.find((c) => c.award === doc._id)?.amountPence === amountPence) return;
    await ledgers.mutate(ledger, undefined, (l) => {
      const c = vary(l.budgetPence, l.commitments, doc._id, amountPence, number);
      if (!c.ok) throw new AppError("FAILED_PRECONDITION", c.message);
      return c.changed ? { set: { commitments: c.commitments }, events: [] } : undefined;
    });
  };

  const about = (doc: AwardDoc, v: Variation, caller: Caller) => ({
    programme: doc.programme,
    award: doc._id,
    variation: v.number,
    side: v.side,
    amountPence: v.changes.amountPence ?? v.previousAmountPence,
    partner: doc.owner,
    actor: caller.subject,
    classification: doc.classification,
  });

  /** An answer to a variation by the caller's side, the ledger following the award. */
  const answer = async (
    caller: Caller,
    req: { name: string; number: number; requestId: string },
    given: Answer,
  ): Promise<AwardDoc> => {
    const current = await awards.get(caller, req.name);
    const side = sideOf(caller, current, req.name);
    const command = commandKey(req.requestId, req);
    const retry = command !== undefined && current.commands?.includes(command);
    if (!retry) refuse(answerRefusal(current, req.number, side, given));
    const v = current.variations?.find((x) => x.number === req.number) as Variation;
    const after = applyVariation(current, v.changes);
    if (!retry && given.kind === "agree" && after.amountPence > current.amountPence)
      await commitAmount(current, after.amountPence, v.number);
    const next = await awards.mutate(current, command, (doc) => {
      refuse(answerRefusal(doc, req.number, side, given));
      const who = { subject: caller.subject, name: caller.displayName ?? caller.subject };
      const variations = answered(doc.variations ?? [], req.number, side, given, who, new Date());
      if (given.kind === "decline")
        return {
          set: { variations },
          events: [
            newEvent(GrantVariationDeclined, SOURCE, doc._id, { ...about(doc, v, caller), withdrawn: v.side === side }),
          ],
        };
      const varied = applyVariation(doc, v.changes);
      return {
        set: {
          variations,
          amountPence: varied.amountPence,
          purposes: varied.purposes,
          conditions: varied.conditions,
          tranches: varied.tranches,
          agreementSha256: v.termsSha256,
        },
        events: [
          newEvent(GrantVariationAgreed, SOURCE, doc._id, { ...about(doc, v, caller), termsSha256: v.termsSha256 }),
        ],
      };
    });
    // A decrease (or an increase committed for an answer that then was not given) settles here.
    await commitAmount(next, next.amountPence, v.number);
    return next;
  };

  return {
    ProposeVariation: method({
      request: proposeVariationSchema,
      handler: async (req, { caller }) => {
        const current = await awards.get(caller, req.name);
        const side = sideOf(caller, current, req.name);
        const command = commandKey(req.requestId, req);
        if (command && current.commands?.includes(command)) return awardToProto(current);
        const check = (doc: AwardDoc) => {
          const refusal = proposeRefusal(doc);
          if (refusal) throw new AppError(refusal.code, refusal.message);
          const violations = variationViolations(doc, req.changes, req.reasons);
          if (violations.length > 0)
            throw invalidArgument(`invalid variation: ${violations.map((x) => x.field).join(", ")}`, violations);
        };
        check(current);
        // An increase the budget has no room for is refused now, not when the other side agrees.
        const amount = req.changes.amountPence;
        if (amount !== undefined && amount > current.amountPence) {
          const ledger = await ledgers.getInternal(ledgerOf(current.programme));
          const room = vary(ledger?.budgetPence ?? 0, ledger?.commitments ?? [], current._id, amount, 0);
          if (!room.ok)
            throw invalidArgument(room.message, [{ field: "changes.amount_pence", description: room.message }]);
        }
        if (req.validateOnly) return awardToProto(current);
        const next = await awards.mutate(current, command, (doc) => {
          check(doc);
          const variation: Variation = {
            number: (doc.variations?.length ?? 0) + 1,
            changes: req.changes,
            reasons: req.reasons.trim(),
            side,
            proposedBy: caller.subject,
            proposedByName: caller.displayName ?? caller.subject,
            proposeTime: new Date(),
            termsSha256: contentSha256(agreementTerms(applyVariation(doc, req.changes))),
            previousAmountPence: doc.amountPence,
            state: "PROPOSED",
          };
          return {
            set: { variations: [...(doc.variations ?? []), variation] },
            events: [newEvent(GrantVariationProposed, SOURCE, doc._id, about(doc, variation, caller))],
          };
        });
        return awardToProto(next);
      },
    }),

    AgreeVariation: method({
      request: agreeVariationSchema,
      handler: async (req, { caller }) =>
        awardToProto(await answer(caller, req, { kind: "agree", termsSha256: req.termsSha256 })),
    }),

    DeclineVariation: method({
      request: declineVariationSchema,
      handler: async (req, { caller }) =>
        awardToProto(await answer(caller, req, { kind: "decline", reasons: req.reasons })),
    }),
  };
}
