/** What every OPCC command on a meeting shares: the scoped read, the rules check, the guarded write. */
import { type AggregateStore, type Caller, type Change, commandKey, enforce, failedPrecondition } from "@csp-mesh/kit";
import { MEETING } from "../contract";
import { type MeetingAction, meetingTransition } from "../domain/meeting";
import type { MeetingDoc } from "../store/documents";
import { meetingToProto } from "./mapping";

/** A state change the rules allow, or FAILED_PRECONDITION saying why not. */
export function moved(doc: MeetingDoc, action: MeetingAction) {
  const t = meetingTransition(doc.state, action);
  if (!t.ok) throw failedPrecondition(t.message);
  return t.value;
}

/** The facts every meeting event starts from. */
export const about = (doc: MeetingDoc, caller: Caller, partner = "") => ({
  meeting: doc._id,
  partner,
  actor: caller.subject,
  classification: doc.classification,
});

export function meetingCommands(meetings: AggregateStore<MeetingDoc>) {
  /** The meeting as the OPCC changes it: visible, and the caller may update it. */
  const forUpdate = async (caller: Caller, name: string) => {
    const doc = await meetings.get(caller, name);
    enforce(caller, "update", MEETING, doc, `meeting ${name}`);
    return doc;
  };

  /** The OPCC's change of a meeting, applied to the document as it now is. */
  const change = async (
    caller: Caller,
    meeting: string | MeetingDoc,
    requestId: string,
    body: unknown,
    fn: (doc: MeetingDoc) => Change<MeetingDoc>,
  ) => {
    // A handler that has already read the meeting passes it, so it is not read twice.
    const current = typeof meeting === "string" ? await forUpdate(caller, meeting) : meeting;
    return meetingToProto(await meetings.mutate(current, commandKey(requestId, body), fn), caller);
  };

  return { forUpdate, change };
}
