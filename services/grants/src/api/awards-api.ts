/**
 * csp.grants.v1.GrantsService, awards: an award by name, the awards a caller may see, a programme's
 * ledger; the chair's acceptance of the agreement; payments proposed, approved (by another person),
 * rejected and recorded by the OPCC.
 */
import {
  type AnyMethodSpec,
  AppError,
  type Caller,
  commandKey,
  type DirectoryClient,
  type DomainEvent,
  enforce,
  invalidArgument,
  isoCalendarDate,
  londonDate,
  method,
  newEvent,
  permissionDenied,
  readReach,
} from "@csp-mesh/kit";
import {
  GRANT_AWARD,
  GRANT_LEDGER,
  GrantAgreementAccepted,
  GrantPaymentRecorded,
  GrantTrancheApproved,
  GrantTrancheProposed,
  GrantTrancheRejected,
} from "../contract";
import { acceptRefusal, dueOnAgreement, type PaymentAction, paymentStep } from "../domain/award";
import { type Publication, publicationOf } from "../domain/publication";
import { SOURCE } from "../source";
import type { AwardDoc } from "../store/documents";
import { agreementShaOf, awardToProto, ledgerToProto } from "./mapping";
import {
  acceptAgreementSchema,
  approveTrancheSchema,
  awardNameSchema,
  ledgerSchema,
  listAwardsSchema,
  proposeTrancheSchema,
  recordDisbursementSchema,
  rejectTrancheSchema,
} from "./schemas";
import { ledgerOf, type Stores } from "./stores";

export function awardsMethods(
  stores: Stores,
  directory: DirectoryClient,
  publisher: { prefix: string },
): Record<string, AnyMethodSpec> {
  const { programmes, awards, ledgers } = stores;

  /** What the register will say about the recipient, from the directory as it is now. */
  const publicationFor = async (doc: AwardDoc): Promise<Publication> => {
    const partnership = await directory.partner(doc.owner);
    const accountable = partnership?.accountableBody ? await directory.partner(partnership.accountableBody) : null;
    const programme = await programmes.getInternal(doc.programme);
    return publicationOf(
      partnership ?? {
        name: doc.owner,
        displayName: doc.ownerName,
        orgIdentifier: "",
        area: null,
        accountableBody: "",
      },
      accountable,
      publisher.prefix,
      programme?.kind === "OPEN_ROUND",
    );
  };

  /** A payment step on one tranche, by an OPCC person, with its event. */
  const pay =
    <R extends { award: string; number: number; requestId: string }>(
      action: (req: R) => PaymentAction,
      eventOf: (doc: AwardDoc, req: R, amountPence: number, caller: Caller) => DomainEvent,
    ) =>
    async (req: R, { caller }: { caller: Caller }) => {
      const current = await awards.get(caller, req.award);
      enforce(caller, "update", GRANT_AWARD, current, req.award);
      const next = await awards.mutate(current, commandKey(req.requestId, req), (doc) => {
        const step = paymentStep(
          doc,
          req.number,
          action(req),
          { subject: caller.subject, name: caller.displayName ?? caller.subject },
          isoCalendarDate(londonDate(new Date())),
        );
        if (!step.ok && "refusal" in step) throw new AppError(step.refusal.code, step.refusal.message);
        if (!step.ok)
          throw invalidArgument(`invalid payment: ${step.violations.map((v) => v.field).join(", ")}`, step.violations);
        const amount = step.tranche.proposedPence ?? step.tranche.amountPence;
        return { set: { tranches: step.tranches }, events: [eventOf(doc, req, amount, caller)] };
      });
      return awardToProto(next);
    };
  const about = (doc: AwardDoc, req: { number: number }, amountPence: number, caller: Caller) => ({
    programme: doc.programme,
    award: doc._id,
    tranche: req.number,
    amountPence,
    partner: doc.owner,
    actor: caller.subject,
    classification: doc.classification,
  });

  return {
    GetAward: method({
      request: awardNameSchema,
      handler: async (req, { caller }) => awardToProto(await awards.get(caller, req.name)),
    }),

    ListAwards: method({
      request: listAwardsSchema,
      handler: async (req, { caller }) => {
        if (req.programme) await programmes.get(caller, req.programme);
        const view: [string, string] | undefined = req.programme ? ["prog", req.programme] : undefined;
        const page = await awards.listPage(caller, { view }, req.pageSize, req.pageToken, `awards|${req.programme}`);
        return {
          awards: page.items.map(awardToProto),
          nextPageToken: page.nextPageToken,
          totalSize: await awards.count(caller, view),
        };
      },
    }),

    GetProgrammeLedger: method({
      request: ledgerSchema,
      handler: async (req, { caller }) => {
        const programme = await programmes.get(caller, req.programme);
        // The programme is theirs to read; its ledger is the OPCC's working.
        if (readReach(caller, GRANT_LEDGER) === null)
          throw permissionDenied(`the ledger of ${req.programme} is the OPCC's`);
        const ledger = await ledgers.getInternal(ledgerOf(programme._id));
        return ledgerToProto(
          ledger ?? {
            _id: ledgerOf(programme._id),
            programme: programme._id,
            owner: programme.owner,
            classification: programme.classification,
            budgetPence: programme.budgetPence,
            commitments: [],
            createTime: programme.createTime,
            updateTime: programme.updateTime,
            etag: "",
            requestId: "",
            requestHash: "",
            sortKey: "",
          },
        );
      },
    }),

    AcceptAgreement: method({
      request: acceptAgreementSchema,
      handler: async (req, { caller }) => {
        const current = await awards.get(caller, req.name);
        enforce(caller, "submit", GRANT_AWARD, current, req.name);
        // The directory is asked only for an acceptance that will go ahead (the register's details).
        const publication = acceptRefusal(current.state, agreementShaOf(current), req.agreementSha256)
          ? undefined
          : await publicationFor(current);
        const next = await awards.mutate(current, commandKey(req.requestId, req), (doc) => {
          const refusal = acceptRefusal(doc.state, agreementShaOf(doc), req.agreementSha256);
          if (refusal) throw new AppError(refusal.code, refusal.message);
          return {
            set: {
              state: "ACTIVE",
              // A grant made is published, so the Police and Crime Panel may read it too.
              releasedToPanel: true,
              ...(publication ? { publication } : {}),
              acceptedBy: caller.subject,
              acceptedByName: caller.displayName ?? caller.subject,
              acceptTime: new Date(),
              agreementSha256: req.agreementSha256,
              tranches: dueOnAgreement(doc.tranches),
            },
            events: [
              newEvent(GrantAgreementAccepted, SOURCE, doc._id, {
                programme: doc.programme,
                award: doc._id,
                agreementSha256: req.agreementSha256,
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

    ProposeTranche: method({
      request: proposeTrancheSchema,
      handler: pay(
        (req) => ({ kind: "propose", amountPence: req.amountPence }),
        (doc, req, amount, caller) => newEvent(GrantTrancheProposed, SOURCE, doc._id, about(doc, req, amount, caller)),
      ),
    }),
    ApproveTranche: method({
      request: approveTrancheSchema,
      handler: pay(
        () => ({ kind: "approve" }),
        (doc, req, amount, caller) => newEvent(GrantTrancheApproved, SOURCE, doc._id, about(doc, req, amount, caller)),
      ),
    }),
    RejectTranche: method({
      request: rejectTrancheSchema,
      handler: pay(
        (req) => ({ kind: "reject", reasons: req.reasons }),
        (doc, req, amount, caller) => newEvent(GrantTrancheRejected, SOURCE, doc._id, about(doc, req, amount, caller)),
      ),
    }),
    RecordDisbursement: method({
      request: recordDisbursementSchema,
      handler: pay(
        (req) => ({ kind: "disburse", paidDate: req.paidDate, reference: req.reference }),
        (doc, req, amount, caller) =>
          newEvent(GrantPaymentRecorded, SOURCE, doc._id, {
            ...about(doc, req, amount, caller),
            paidDate: req.paidDate,
          }),
      ),
    }),
  };
}
