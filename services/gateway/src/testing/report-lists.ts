/**
 * The home page asks for its role's request lists in one BatchListReportRequests call: these let a
 * handler test answer and read those lists one by one, as the service answers them.
 */
import type { FakeDownstream } from "./fake-downstream";

type Body = Record<string, unknown>;

/** A batch answer made of `one`'s answer to each list asked for, in order. */
export const eachList = (one: (list: Body) => unknown) => (batch: Body) => ({
  responses: (batch.requests as Body[]).map(one),
});

/** Every list asked for in the batches made so far, in order. */
export const listsAsked = (downstream: FakeDownstream): Body[] =>
  downstream.requests("reports", "BatchListReportRequests").flatMap((batch) => batch.requests as Body[]);
