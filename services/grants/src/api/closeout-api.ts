/**
 * csp.grants.v1.GrantsService, close-out: the OPCC closes an award from its accepted year-end
 * return (what was spent and each outcome measure's actual, read from the reports service with the
 * OPCC's own token), which gives the underspend to repay and the hold-back flag; then records the
 * repayment.
 */
import {
  type AnyMethodSpec,
  AppError,
  commandKey,
  enforce,
  invalidArgument,
  isoCalendarDate,
  londonDate,
  method,
  newEvent,
} from "@csp-mesh/kit";
import type { Collection } from "mongodb";
import { GRANT_AWARD, GrantAwardClosed, GrantRepaymentRecorded } from "../contract";
import { paidPence, paymentRecordViolations } from "../domain/award";
import { closeOut, poundsAnswerToPence, repaymentRefusal } from "../domain/closeout";
import { withActuals } from "../domain/summary";
import { SOURCE } from "../source";
import type { RecipientDoc } from "../store/documents";
import { awardToProto } from "./mapping";
import type { ReturnRequests } from "./return-requests";
import { closeAwardSchema, recordRepaymentSchema } from "./schemas";
import type { Stores } from "./stores";

export function closeOutMethods(
  stores: Stores,
  requests: ReturnRequests,
  recipients: Collection<RecipientDoc>,
): Record<string, AnyMethodSpec> {
  const { awards } = stores;
  return {
    CloseAward: method({
      request: closeAwardSchema,
      handler: async (req, { caller }) => {
        const current = await awards.get(caller, req.name);
        enforce(caller, "update", GRANT_AWARD, current, req.name);
        const command = commandKey(req.requestId, req);
        if (current.state === "CLOSED" && command && current.commands?.includes(command)) return awardToProto(current);
        if (current.state !== "ACTIVE") throw new AppError("FAILED_PRECONDITION", "only an active award is closed");
        const yearEnd = current.returns?.find((r) => r.kind === "YEAR_END");
        if (yearEnd?.state !== "ACCEPTED")
          throw new AppError("FAILED_PRECONDITION", "an award is closed once its year-end return is accepted");
        const answers = await requests.acceptedNumbers(yearEnd.reportRequest, current.owner);
        const spentPence = poundsAnswerToPence(answers?.spend);
        if (spentPence === undefined)
          throw new AppError(
            "FAILED_PRECONDITION",
            "the accepted year-end return does not say what was spent in pounds",
          );
        const key = `recipients/${current.owner.replace(/^partners\//, "")}`;
        const history = await recipients.findOne({ _id: key });
        const next = await awards.mutate(current, command, (doc) => {
          if (doc.state !== "ACTIVE") throw new AppError("FAILED_PRECONDITION", "only an active award is closed");
          const c = closeOut(
            { paidPence: paidPence(doc.tranches), spentPence, year: doc.year, underspends: history?.underspends ?? {} },
            caller.subject,
            new Date(),
          );
          return {
            // The outcome measures' actuals from the same return, for the roll-up per objective.
            set: {
              state: "CLOSED" as const,
              closeOut: c,
              ...(doc.outcomes ? { outcomes: withActuals(doc.outcomes, answers ?? {}) } : {}),
            },
            events: [
              newEvent(GrantAwardClosed, SOURCE, doc._id, {
                programme: doc.programme,
                award: doc._id,
                spentPence: c.spentPence,
                underspendPence: c.underspendPence,
                holdBack: c.holdBack,
                partner: doc.owner,
                actor: caller.subject,
                classification: doc.classification,
              }),
            ],
          };
        });
        // The recipient's underspends by year, for next year's hold-back (recomputable from the awards).
        const under = next.closeOut?.underspendPence ?? 0;
        if (under > 0)
          await recipients.updateOne(
            { _id: key },
            { $set: { underspends: { ...history?.underspends, [next.year]: under } } },
            { upsert: true },
          );
        return awardToProto(next);
      },
    }),

    RecordRepayment: method({
      request: recordRepaymentSchema,
      handler: async (req, { caller }) => {
        const current = await awards.get(caller, req.name);
        enforce(caller, "update", GRANT_AWARD, current, req.name);
        const today = isoCalendarDate(londonDate(new Date()));
        const next = await awards.mutate(current, commandKey(req.requestId, req), (doc) => {
          const violations = paymentRecordViolations(req.paidDate, req.reference, today);
          if (violations.length > 0)
            throw invalidArgument(`invalid repayment: ${violations.map((v) => v.field).join(", ")}`, violations);
          const refusal = repaymentRefusal(doc.closeOut, req.amountPence);
          if (refusal?.field)
            throw invalidArgument(refusal.message, [{ field: refusal.field, description: refusal.message }]);
          if (refusal) throw new AppError("FAILED_PRECONDITION", refusal.message);
          return {
            set: {
              closeOut: {
                ...(doc.closeOut as NonNullable<typeof doc.closeOut>),
                repayment: "REPAID" as const,
                repaidPence: req.amountPence,
                repaidDate: req.paidDate,
                reference: req.reference.trim(),
              },
            },
            events: [
              newEvent(GrantRepaymentRecorded, SOURCE, doc._id, {
                programme: doc.programme,
                award: doc._id,
                amountPence: req.amountPence,
                paidDate: req.paidDate,
                partner: doc.owner,
                actor: caller.subject,
                classification: doc.classification,
              }),
            ],
          };
        });
        return awardToProto(next);
      },
    }),
  };
}
