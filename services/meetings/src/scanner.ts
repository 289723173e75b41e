import { type AggregateStore, type Logger, newEvent, PeriodicTask } from "@csp-mesh/kit";
import type { Filter } from "mongodb";
import { MeetingActionOverdue, MeetingNoResponse } from "./contract";
import { noResponse } from "./domain/meeting";
import { SOURCE } from "./source";
import type { ActionDoc, MeetingDoc } from "./store/documents";

/**
 * Raises NO_RESPONSE for invitations unanswered at their deadline, and action-overdue for open
 * actions past their due time: each once. Every replica scans; the etag-guarded write lets exactly
 * one of them make each change. Scans select by top-level flags cleared when the work is done.
 */
export class Scanner {
  private readonly task: PeriodicTask;

  constructor(
    private readonly meetings: AggregateStore<MeetingDoc>,
    private readonly actions: AggregateStore<ActionDoc>,
    everyMs: number,
    log: Logger,
  ) {
    this.task = new PeriodicTask("meetings scan (no response, overdue actions)", everyMs, () => this.scan(), log);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async scan(now = new Date()): Promise<number> {
    return (await this.noResponses(now)) + (await this.overdueActions(now));
  }

  private async noResponses(now: Date): Promise<number> {
    let raised = 0;
    const due = await this.meetings.col
      .find({ responsesOpen: true, state: "CONVENED", responseDeadline: { $lte: now } } as Filter<MeetingDoc>)
      .limit(200)
      .toArray();
    for (const m of due) {
      let partners: string[] = [];
      await this.meetings.mutate(m, undefined, (doc) => {
        if (!doc.responsesOpen || doc.state !== "CONVENED" || doc.responseDeadline > now) return undefined;
        const fact = noResponse(doc.basis);
        partners = doc.invitations.filter((i) => i.state === "INVITED").map((i) => i.partner);
        return {
          set: {
            responsesOpen: false,
            invitations: doc.invitations.map((i) => (i.state === "INVITED" ? { ...i, ...fact } : i)),
          },
          events: partners.map((partner) =>
            newEvent(MeetingNoResponse, SOURCE, doc._id, {
              meeting: doc._id,
              partner,
              actor: "system",
              nonCompliance: fact.nonCompliance,
              classification: doc.classification,
            }),
          ),
        };
      });
      raised += partners.length;
    }
    return raised;
  }

  private async overdueActions(now: Date): Promise<number> {
    let raised = 0;
    const due = await this.actions.col
      .find({ overdueOpen: true, status: "OPEN", due: { $lte: now } } as Filter<ActionDoc>)
      .limit(200)
      .toArray();
    for (const a of due) {
      let did = false;
      await this.actions.mutate(a, undefined, (doc) => {
        did = false;
        if (!doc.overdueOpen || doc.status !== "OPEN" || doc.due > now) return undefined;
        did = true;
        return {
          set: { overdueOpen: false, overdueRaised: true },
          events: [
            newEvent(MeetingActionOverdue, SOURCE, doc._id, {
              action: doc._id,
              meeting: doc.meeting,
              partner: doc.owner,
              actor: "system",
              dueTime: doc.due.toISOString(),
              classification: doc.classification,
            }),
          ],
        };
      });
      if (did) raised += 1;
    }
    return raised;
  }
}
