import { type Logger, newEvent, PeriodicTask } from "@csp-mesh/kit";
import { ReportOverdue } from "./contract";
import { AWAITING_PARTNER, FINAL_STATES } from "./domain/lifecycle";
import { SOURCE } from "./source";
import type { RequestStore } from "./store/requests-store";

/**
 * Raises `report.overdue` once per addressee when its due time passes while the partnership still
 * owes the report. Every replica scans; the conditional write in `markOverdue` lets exactly one of
 * them raise each event.
 */
export class OverdueScanner {
  private readonly task: PeriodicTask;

  constructor(
    private readonly requests: RequestStore,
    everyMs: number,
    log: Logger,
  ) {
    this.task = new PeriodicTask("overdue scan", everyMs, () => this.scan(), log);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass; returns how many overdue events it raised. */
  async scan(now = new Date()): Promise<number> {
    let raised = 0;
    const due = await this.requests.col
      .find(
        // overdueOpen and withdrawn are top-level equalities the database serves from an index.
        { overdueOpen: true, withdrawn: false, dueTime: { $lte: now }, "assignments.overdueRaised": false },
        { projection: { _outbox: 0, history: 0 } },
      )
      .limit(200)
      .toArray();
    for (const doc of due) {
      for (const [i, a] of doc.assignments.entries()) {
        if (a.overdueRaised) continue;
        if (AWAITING_PARTNER.includes(a.state)) {
          const event = newEvent(ReportOverdue, SOURCE, doc._id, {
            reportRequest: doc._id,
            partner: a.partner,
            actor: "system",
            dueTime: doc.dueTime.toISOString(),
            classification: doc.classification,
          });
          if (await this.requests.markOverdue(doc, i, true, [event])) raised += 1;
        } else if (FINAL_STATES.includes(a.state)) {
          // Finished in time: it can never become overdue.
          await this.requests.markOverdue(doc, i, false, []);
        }
      }
    }
    return raised;
  }
}
