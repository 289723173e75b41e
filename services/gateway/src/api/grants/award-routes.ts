/** REST routes for grant awards and what a programme has committed against its budget. */
import type { z } from "zod";
import type { Downstream, Reply } from "../../downstream";
import type { RestRoute } from "../route";
import { awards as A, Award, Ledger } from "./award-schemas";

const TAG = "Grants";

/** gRPC's int64 pence (decimal strings) as JSON integers. */
const awardOut = (a: Reply<"grants", "GetAward">) => ({
  ...a,
  amountPence: Number(a.amountPence),
  requestedPence: Number(a.requestedPence),
  tranches: a.tranches.map((t) => ({ ...t, amountPence: Number(t.amountPence) })),
});

export function awardRoutes(d: Downstream): RestRoute[] {
  return [
    {
      method: "get",
      path: "/v1/grant-awards",
      summary: "Awards, newest first: every one for the OPCC, your partnership's own (optionally one programme's)",
      tag: TAG,
      query: A.queries.list,
      response: A.list,
      handler: async ({ query, token }) => {
        const q = query as z.infer<typeof A.queries.list>;
        const r = await d.grants.ListAwards(
          { programme: q.programme ? `programmes/${q.programme}` : "", pageSize: q.pageSize, pageToken: q.pageToken },
          token,
        );
        return { ...r, awards: r.awards.map(awardOut) };
      },
    },
    {
      method: "get",
      path: "/v1/grant-awards/{id}",
      summary: "Get an award: amount, purposes, conditions and tranches",
      tag: TAG,
      params: A.ids.award,
      response: Award,
      handler: async ({ params, token }) => awardOut(await d.grants.GetAward({ name: `awards/${params.id}` }, token)),
    },
    {
      method: "get",
      path: "/v1/grant-programmes/{id}/ledger",
      summary: "What the programme has committed against its budget, award by award (OPCC)",
      tag: TAG,
      params: A.ids.programme,
      response: Ledger,
      handler: async ({ params, token }) => {
        const l = await d.grants.GetProgrammeLedger({ programme: `programmes/${params.id}` }, token);
        return {
          ...l,
          budgetPence: Number(l.budgetPence),
          committedPence: Number(l.committedPence),
          remainingPence: Number(l.remainingPence),
          commitments: l.commitments.map((c) => ({ ...c, amountPence: Number(c.amountPence) })),
        };
      },
    },
  ];
}
