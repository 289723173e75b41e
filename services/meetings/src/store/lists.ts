import { aggregateLists, type Logger } from "@csp-mesh/kit";
import type { Db } from "mongodb";
import { MEETING, MEETING_ACTION } from "../contract";
import { type ActionDoc, COLLECTIONS, type MeetingDoc } from "./documents";

/**
 * Meetings by state, with the state as a fact for the calendar feed; actions by status and by
 * meeting (docs/architecture.md, "Lists and counts").
 */
export function meetingLists(db: Db, log: Logger, sweepMs: number) {
  return {
    meetings: aggregateLists<MeetingDoc>(db, {
      collection: COLLECTIONS.meetings,
      kind: MEETING,
      listing: (m) => ({ views: { state: m.state }, facts: { st: m.state } }),
      fields: { state: 1 },
      log,
      sweepMs,
    }),
    actions: aggregateLists<ActionDoc>(db, {
      collection: COLLECTIONS.actions,
      kind: MEETING_ACTION,
      listing: (a) => ({ views: { status: a.status, meeting: a.meeting }, facts: { st: a.status } }),
      fields: { status: 1, meeting: 1 },
      log,
      sweepMs,
    }),
  };
}
