/** The agenda: the OPCC edits the working copy and publishes it to invitees as numbered versions. */
import {
  type AggregateStore,
  type AnyMethodSpec,
  failedPrecondition,
  invalidArgument,
  method,
  newEvent,
  type PlanLinks,
  parseObjectiveName,
} from "@csp-mesh/kit";
import { MeetingAgendaPublished } from "../contract";
import { arrangeAgenda, knownItemIds, publishAgenda } from "../domain/agenda";
import { SOURCE } from "../source";
import type { MeetingDoc } from "../store/documents";
import { about, meetingCommands, moved } from "./meeting-commands";
import { publishAgendaSchema, saveAgendaSchema } from "./schemas";

/** Who may present: the convener or an invitee; undefined while "all active CSPs" is unresolved. */
function presenters(doc: MeetingDoc): Set<string> | undefined {
  if (doc.state === "DRAFT" && doc.allActiveCsps) return undefined;
  const invitees = doc.state === "DRAFT" ? doc.invitations.map((i) => i.partner) : doc.addressees;
  return new Set([doc.owner, ...invitees]);
}

export function agendaMethods(meetings: AggregateStore<MeetingDoc>, plans: PlanLinks): Record<string, AnyMethodSpec> {
  const { change } = meetingCommands(meetings);
  return {
    SaveAgenda: method({
      request: saveAgendaSchema,
      handler: async (req, { caller }) => {
        // Links to plan objectives are checked against the plan (the caller's token) before the change.
        const objectives = req.items.flatMap((it, i) =>
          it.links.flatMap((l, j) => (parseObjectiveName(l) ? [{ name: l, field: `items[${i}].links[${j}]` }] : [])),
        );
        await plans.titles(
          objectives.map((o) => o.name),
          (k) => objectives[k]?.field ?? "items",
        );
        return change(caller, req.name, "", req, (doc) => {
          moved(doc, "save-agenda");
          const arranged = arrangeAgenda(req.items, {
            ids: knownItemIds(doc.agenda, doc.agendaVersions),
            seq: doc.agendaItemSeq ?? 0,
            presenters: presenters(doc),
          });
          if (!arranged.ok)
            throw invalidArgument(
              `invalid agenda: ${arranged.problems.map((p) => p.field).join(", ")}`,
              arranged.problems,
            );
          return { set: { agenda: arranged.items, agendaItemSeq: arranged.seq }, events: [] };
        });
      },
    }),

    PublishAgenda: method({
      request: publishAgendaSchema,
      handler: async (req, { caller }) =>
        change(caller, req.name, req.requestId, req, (doc) => {
          moved(doc, "publish-agenda");
          const allowed = presenters(doc) ?? new Set();
          const stray = (doc.agenda ?? []).findIndex((i) => i.presenter !== "" && !allowed.has(i.presenter));
          if (stray >= 0)
            throw failedPrecondition(`agenda item ${stray + 1}'s presenter is not an invited partnership`);
          const versions = doc.agendaVersions ?? [];
          const next = publishAgenda(doc.agenda, versions, { actor: caller.subject, note: req.note, time: new Date() });
          if (!next.ok) {
            if (next.field) throw invalidArgument(next.message, [{ field: next.field, description: next.message }]);
            throw failedPrecondition(next.message);
          }
          return {
            set: { agendaVersions: [...versions, next.version] },
            events: [
              newEvent(MeetingAgendaPublished, SOURCE, doc._id, {
                ...about(doc, caller),
                version: next.version.version,
                items: next.version.items.length,
                note: next.version.note,
              }),
            ],
          };
        }),
    }),
  };
}
