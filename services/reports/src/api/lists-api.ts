/**
 * The report requests' lists: one list (ListReportRequests), or several answered together
 * (BatchListReportRequests) from one `ListReads`, so a home page's panels decode the scope's state
 * directory once instead of once per panel (docs/benchmark.md, the OPCC home page).
 */
import { type AnyMethodSpec, type Caller, isOpcc, type ListReads, method, toProtoEnum } from "@csp-mesh/kit";
import { z } from "zod";
import { ADDRESSEE_STATES } from "../domain/lifecycle";
import { listPlan } from "../domain/request-lists";
import { queryTerms } from "../domain/search-terms";
import { listQuery } from "./list-filter";
import { requestToProto } from "./mapping";
import type { ReportsDeps } from "./request-commands";
import { listRequestsSchema } from "./schemas";

type ListRequest = z.infer<typeof listRequestsSchema>;

/** A home page asks for four; more than eight in one call is not a page's worth. */
export const MAX_BATCHED_LISTS = 8;

export const batchListSchema = z.object({
  requests: z
    .array(listRequestsSchema)
    .min(1, "ask for at least one list")
    .max(MAX_BATCHED_LISTS, `at most ${MAX_BATCHED_LISTS} lists`),
});

const NO_COUNTS = { stateCounts: [], overdueCount: 0, awaitingCount: 0 };

export function listsMethods(deps: ReportsDeps): Record<string, AnyMethodSpec> {
  const { requests } = deps;

  /** One list as the caller may see it; `reads` is shared by the lists of one answer. */
  const answer = async (req: ListRequest, caller: Caller, reads: ListReads, now: Date) => {
    const opcc = isOpcc(caller);
    // A partnership filters on its own slot; the OPCC on the addressee it names, if any.
    const who = opcc ? req.addressee || undefined : caller.partner;
    const { filter, key, descending } = listQuery(req, who, now);
    const { pageSize, pageToken, ...rest } = req;
    const order = { key, descending, fingerprint: JSON.stringify(rest) };
    const terms = queryTerms(req.query);
    // A search is answered from the search index and gives no counts: counting every match
    // would mean reading each one (see docs/architecture.md).
    if (terms.length > 0) {
      const found = await requests.searchPage(
        caller,
        await requests.search.rarestFirst(terms),
        filter,
        pageSize,
        pageToken,
        order,
      );
      return {
        reportRequests: found.items.map((d) => requestToProto(d, caller, now)),
        nextPageToken: found.nextPageToken,
        ...NO_COUNTS,
      };
    }
    const scope = requests.reader.scopeView(caller);
    if (scope === null) return { reportRequests: [], nextPageToken: "", ...NO_COUNTS };
    const plan = listPlan(req, scope, who, now);
    const [page, counts] = await Promise.all([
      requests.reader.listPage(caller, plan, pageSize, pageToken, order.fingerprint, reads),
      requests.reader.counts(
        plan.countsScope,
        now,
        { min: req.dueAfter?.toISOString(), max: req.dueBefore?.toISOString() },
        reads,
      ),
    ]);
    return {
      reportRequests: page.items.map((d) => requestToProto(d, caller, now)),
      nextPageToken: page.nextPageToken,
      stateCounts: ADDRESSEE_STATES.map((s) => ({
        state: toProtoEnum("ADDRESSEE_STATE", s),
        count: counts.states.get(s) ?? 0,
      })),
      overdueCount: counts.overdue,
      awaitingCount: counts.awaiting,
    };
  };

  return {
    ListReportRequests: method({
      request: listRequestsSchema,
      handler: (req, { caller }) => answer(req, caller, requests.reader.reads(), new Date()),
    }),

    BatchListReportRequests: method({
      request: batchListSchema,
      handler: async (req, { caller }) => {
        // One moment and one set of reads for every list: the panels agree with each other.
        const reads = requests.reader.reads();
        const now = new Date();
        return { responses: await Promise.all(req.requests.map((r) => answer(r, caller, reads, now))) };
      },
    }),
  };
}
