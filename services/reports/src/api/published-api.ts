/** Publication: the accepted reports released to the Police and Crime Panel. */
import { type AnyMethodSpec, method } from "@csp-mesh/kit";
import { submissionName } from "../store/submissions-store";
import { submissionToProto } from "./mapping";
import type { ReportsDeps } from "./request-commands";
import { listPublishedSchema } from "./schemas";

export function publishedMethods(deps: ReportsDeps): Record<string, AnyMethodSpec> {
  const { requests, submissions } = deps;

  return {
    ListPublishedReports: method({
      request: listPublishedSchema,
      handler: async (req, { caller }) => {
        // Up to page_size accepted reports from the list read models (their requests read by
        // `_id`), then each report read by name with the caller's scope.
        const page = await requests.reader.publishedPage(caller, req.pageSize, req.pageToken);
        const found = await Promise.all(
          page.items.map(async ({ doc, partner }) => {
            const latest = doc.assignments.find((a) => a.partner === partner)?.latestVersion ?? 0;
            const s = await submissions.find(caller, submissionName(doc._id, partner, latest));
            return s?.releasedToPanel ? submissionToProto(s, doc) : null;
          }),
        );
        return { submissions: found.filter((s) => s !== null), nextPageToken: page.nextPageToken };
      },
    }),
  };
}
