/** Actions agreed at meetings: given to a partnership by the OPCC, progressed by their owner. */
import { randomBytes } from "node:crypto";
import {
  type AggregateStore,
  type AnyMethodSpec,
  commandKey,
  enforce,
  failedPrecondition,
  fingerprint,
  invalidArgument,
  method,
  newEtag,
  newEvent,
  type StoredItem,
} from "@csp-mesh/kit";
import { MEETING_ACTION, MeetingActionCreated, MeetingActionUpdated } from "../contract";
import { type ActionStatus, actionTransition } from "../domain/meeting";
import { SOURCE } from "../source";
import type { ActionDoc, MeetingDoc } from "../store/documents";
import { actionToProto } from "./mapping";
import { createActionSchema, getActionSchema, listActionsSchema, updateActionSchema } from "./schemas";

export interface ActionsDeps {
  meetings: AggregateStore<MeetingDoc>;
  actions: AggregateStore<ActionDoc>;
}

export function actionsMethods({ meetings, actions }: ActionsDeps): Record<string, AnyMethodSpec> {
  return {
    CreateAction: method({
      request: createActionSchema,
      handler: async (req, { caller }) => {
        const a = req.action;
        const meeting = await meetings.get(caller, a.meeting);
        enforce(
          caller,
          "create",
          MEETING_ACTION,
          { owner: a.owner, classification: meeting.classification },
          "an action",
        );
        if (meeting.state !== "HELD" && meeting.state !== "MINUTES_APPROVED")
          throw failedPrecondition("actions come from a meeting that has been held");
        if (!meeting.addressees.includes(a.owner))
          throw invalidArgument("the owner was not invited", [
            { field: "action.owner", description: "give the action to a partnership invited to the meeting" },
          ]);
        const due = a.dueTime as Date;
        if (due.getTime() <= Date.now())
          throw invalidArgument("due in the past", [
            { field: "action.due_time", description: "must be in the future" },
          ]);
        const name = `actions/a-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
        const now = new Date();
        const doc: ActionDoc = {
          _id: name,
          meeting: meeting._id,
          owner: a.owner,
          description: a.description,
          due,
          status: "OPEN",
          reasons: "",
          updates: [],
          overdueRaised: false,
          overdueOpen: true,
          classification: meeting.classification,
          commands: [],
          etag: newEtag(),
          createTime: now,
          updateTime: now,
          requestId: req.requestId ? `${caller.partner}:${req.requestId}` : `auto:${name}`,
          requestHash: fingerprint(a),
          sortKey: `${due.toISOString()}|${name}`,
        };
        const event = newEvent(MeetingActionCreated, SOURCE, name, {
          action: name,
          meeting: meeting._id,
          partner: a.owner,
          actor: caller.subject,
          dueTime: due.toISOString(),
          classification: meeting.classification,
        });
        return actionToProto(await actions.create(doc, [event]));
      },
    }),

    UpdateAction: method({
      request: updateActionSchema,
      handler: async (req, { caller }) => {
        const current = await actions.get(caller, req.name);
        enforce(caller, "update", MEETING_ACTION, current, `action ${req.name}`);
        const next = await actions.mutate(current, commandKey(req.requestId, req), (doc) => {
          const target = (req.status ?? doc.status) as ActionStatus;
          const t = actionTransition(doc.status, target, req.reasons);
          if (!t.ok)
            throw t.field
              ? invalidArgument(t.message, [{ field: t.field, description: t.message }])
              : failedPrecondition(t.message);
          if (target === doc.status && req.note === "")
            throw invalidArgument("nothing to record", [
              { field: "note", description: "add a note or change the status" },
            ]);
          return {
            set: {
              status: t.value,
              reasons: t.value === "DROPPED" ? req.reasons : doc.reasons,
              overdueOpen: t.value === "OPEN" && !doc.overdueRaised,
              updates: [
                ...doc.updates,
                {
                  time: new Date(),
                  actor: caller.subject,
                  actorName: caller.displayName ?? "",
                  note: req.note,
                  status: t.value,
                },
              ],
            },
            events: [
              newEvent(MeetingActionUpdated, SOURCE, doc._id, {
                action: doc._id,
                meeting: doc.meeting,
                partner: doc.owner,
                actor: caller.subject,
                status: t.value,
                note: req.note,
                classification: doc.classification,
              }),
            ],
          };
        });
        return actionToProto(next);
      },
    }),

    GetAction: method({
      request: getActionSchema,
      handler: async (req, { caller }) => actionToProto(await actions.get(caller, req.name)),
    }),

    ListActions: method({
      request: listActionsSchema,
      handler: async (req, { caller }) => {
        // One view per filter; with both, the meeting's few actions checked for the status.
        const view: [string, string] | undefined = req.meeting
          ? ["meeting", req.meeting]
          : req.status
            ? ["status", req.status]
            : undefined;
        const match = req.meeting && req.status ? (it: StoredItem) => it.f.st === req.status : undefined;
        const { pageSize, pageToken, ...rest } = req;
        const page = await actions.listPage(
          caller,
          { view, ...(match ? { match } : {}) },
          pageSize,
          pageToken,
          JSON.stringify(rest),
        );
        const now = new Date();
        return { actions: page.items.map((d) => actionToProto(d, now)), nextPageToken: page.nextPageToken };
      },
    }),
  };
}
