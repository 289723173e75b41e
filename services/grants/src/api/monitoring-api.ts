/**
 * csp.grants.v1.GrantsService, monitoring: the OPCC issues an award's mid-year or year-end return
 * (a report request to the recipient, through the reports service); when the OPCC accepts the
 * recipient's report there, `report.accepted` reaches `returnAccepted` here and the tranches paid on
 * that return fall due.
 */
import { type AnyMethodSpec, AppError, commandKey, type DomainEvent, enforce, method, newEvent } from "@csp-mesh/kit";
import type { Collection } from "mongodb";
import { GRANT_AWARD, GrantReturnAccepted, GrantReturnIssued } from "../contract";
import type { Version } from "../domain/application";
import {
  issueRefusal,
  onReturnAccepted,
  type ReturnKind,
  returnRequestText,
  returnSections,
} from "../domain/monitoring";
import { SOURCE } from "../source";
import type { ReturnLinkDoc } from "../store/documents";
import { awardToProto } from "./mapping";
import type { ReturnRequests } from "./return-requests";
import { issueReturnSchema } from "./schemas";
import type { Stores } from "./stores";

export function monitoringMethods(
  stores: Stores,
  requests: ReturnRequests,
  links: Collection<ReturnLinkDoc>,
): Record<string, AnyMethodSpec> {
  const { awards, applications } = stores;
  return {
    IssueMonitoringReturn: method({
      request: issueReturnSchema,
      handler: async (req, { caller }) => {
        const current = await awards.get(caller, req.award);
        enforce(caller, "update", GRANT_AWARD, current, req.award);
        const command = commandKey(req.requestId, req);
        if (command && current.commands?.includes(command)) return awardToProto(current);
        const kind = req.kind as ReturnKind;
        const refusal = issueRefusal(current.state, current.returns ?? [], kind);
        if (refusal) throw new AppError("FAILED_PRECONDITION", refusal);
        const app = await applications.getInternal(current.application);
        const projects = (app?.versions.at(-1) as Version | undefined)?.content.projects ?? [];
        const dueTime = req.dueTime as Date;
        // The same report request whatever happens next: a retry after a crash finds it.
        const reportRequest = await requests.create({
          requestId: `grants.${current._id.slice("awards/".length)}.${kind}`,
          ...returnRequestText(kind, current.programmeTitle, current.ownerName),
          addressee: current.owner,
          sections: returnSections(kind, current.amountPence, projects),
          dueTime,
          classification: current.classification,
        });
        // Before the award records it, so the acceptance always finds its award.
        await links.updateOne({ _id: reportRequest }, { $set: { award: current._id, kind } }, { upsert: true });
        const next = await awards.mutate(current, command, (doc) => {
          const again = issueRefusal(doc.state, doc.returns ?? [], kind);
          if (again) throw new AppError("FAILED_PRECONDITION", again);
          return {
            set: {
              returns: [
                ...(doc.returns ?? []),
                { kind, reportRequest, state: "ISSUED" as const, dueTime, issuedBy: caller.subject },
              ],
            },
            events: [
              newEvent(GrantReturnIssued, SOURCE, doc._id, {
                programme: doc.programme,
                award: doc._id,
                kind,
                reportRequest,
                dueTime: dueTime.toISOString(),
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

/** `report.accepted` for a return: the award's return accepted, its tranches due (idempotent). */
export function returnAccepted(stores: Stores, links: Collection<ReturnLinkDoc>) {
  return async (event: DomainEvent): Promise<void> => {
    const data = event.data as { reportRequest: string; actor: string };
    const link = await links.findOne({ _id: data.reportRequest });
    if (!link) return; // not a monitoring return
    const award = await stores.awards.getInternal(link.award);
    if (!award) return;
    await stores.awards.mutate(award, undefined, (doc) => {
      const changed = onReturnAccepted(doc, data.reportRequest, new Date(event.time));
      if (!changed) return undefined;
      return {
        set: { returns: changed.returns, tranches: changed.tranches },
        events: [
          newEvent(GrantReturnAccepted, SOURCE, doc._id, {
            programme: doc.programme,
            award: doc._id,
            kind: changed.kind,
            reportRequest: data.reportRequest,
            tranchesDue: changed.due,
            partner: doc.owner,
            actor: data.actor,
            classification: doc.classification,
          }),
        ],
      };
    });
  };
}
