/** REST routes for grant awards and what a programme has committed against its budget. */
import type { z } from "zod";
import type { Downstream, Reply } from "../../downstream";
import { toTimestamp } from "../common-schemas";
import type { RestRoute } from "../route";
import { awards as A, Award, awardBodies as B, Ledger, Summary } from "./award-schemas";

const TAG = "Grants";

/** gRPC's int64 pence (decimal strings) as JSON integers (typed loosely: the response schema checks it). */
export const awardOut = (a: Reply<"grants", "GetAward">): Record<string, unknown> => ({
  ...a,
  amountPence: Number(a.amountPence),
  requestedPence: Number(a.requestedPence),
  paidPence: Number(a.paidPence),
  tranches: a.tranches.map((t) => ({
    ...t,
    amountPence: Number(t.amountPence),
    proposedPence: Number(t.proposedPence),
  })),
  closeOut: a.closeOut
    ? {
        ...a.closeOut,
        spentPence: Number(a.closeOut.spentPence),
        underspendPence: Number(a.closeOut.underspendPence),
        repaidPence: Number(a.closeOut.repaidPence),
      }
    : null,
  variations: a.variations.map((v) => ({
    ...v,
    changes: {
      ...(v.changes as NonNullable<typeof v.changes>),
      amountPence: Number(v.changes?.amountPence ?? 0),
      tranches: (v.changes?.tranches ?? []).map((t) => ({ ...t, amountPence: Number(t.amountPence) })),
    },
    previousAmountPence: Number(v.previousAmountPence),
  })),
});

type Verb = "propose" | "approve" | "reject" | "disburse";

export function awardRoutes(d: Downstream): RestRoute[] {
  /** A payment step on one tranche (OPCC): POST /v1/grant-awards/{id}/tranches/{number}/<verb>. */
  const payment = (verb: Verb, summary: string): RestRoute => ({
    method: "post",
    path: `/v1/grant-awards/{id}/tranches/{number}/${verb}`,
    summary,
    tag: TAG,
    params: A.ids.tranche,
    body: B[verb],
    response: Award,
    handler: async ({ params, body, token }) => {
      const at = { award: `awards/${params.id}`, number: Number(params.number) };
      const g = d.grants;
      const ask = {
        propose: () => g.ProposeTranche({ ...at, ...(body as z.infer<typeof B.propose>) }, token),
        approve: () => g.ApproveTranche({ ...at, ...(body as z.infer<typeof B.approve>) }, token),
        reject: () => g.RejectTranche({ ...at, ...(body as z.infer<typeof B.reject>) }, token),
        disburse: () => g.RecordDisbursement({ ...at, ...(body as z.infer<typeof B.disburse>) }, token),
      };
      return awardOut(await ask[verb]());
    },
  });

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
      method: "post",
      path: "/v1/grant-awards/{id}/accept",
      summary: "Accept the grant agreement as offered, by its SHA-256 as read (the recipient's chair)",
      tag: TAG,
      params: A.ids.award,
      body: B.accept,
      response: Award,
      handler: async ({ params, body, token }) =>
        awardOut(
          await d.grants.AcceptAgreement({ name: `awards/${params.id}`, ...(body as z.infer<typeof B.accept>) }, token),
        ),
    },
    payment("propose", "Propose paying a due tranche (OPCC; another person approves)"),
    payment("approve", "Approve a proposed payment (OPCC; never the person who proposed it)"),
    payment("reject", "Reject a proposed payment with reasons: the tranche is due again (OPCC)"),
    payment("disburse", "Record an approved payment as paid: its date and reference (OPCC)"),
    {
      method: "post",
      path: "/v1/grant-awards/{id}/returns",
      summary: "Issue the award's mid-year or year-end monitoring return: a report request to the recipient (OPCC)",
      tag: TAG,
      params: A.ids.award,
      body: B.issueReturn,
      response: Award,
      status: 201,
      handler: async ({ params, body, token }) => {
        const b = body as z.infer<typeof B.issueReturn>;
        return awardOut(
          await d.grants.IssueMonitoringReturn(
            { award: `awards/${params.id}`, kind: b.kind, dueTime: toTimestamp(b.dueTime), requestId: b.requestId },
            token,
          ),
        );
      },
    },
    {
      method: "post",
      path: "/v1/grant-awards/{id}/close",
      summary: "Close the award from its accepted year-end return: the underspend to repay, the hold-back flag (OPCC)",
      tag: TAG,
      params: A.ids.award,
      body: B.close,
      response: Award,
      handler: async ({ params, body, token }) =>
        awardOut(
          await d.grants.CloseAward({ name: `awards/${params.id}`, ...(body as z.infer<typeof B.close>) }, token),
        ),
    },
    {
      method: "post",
      path: "/v1/grant-awards/{id}/repayment",
      summary: "Record the underspend repaid: the whole amount, its date and reference (OPCC)",
      tag: TAG,
      params: A.ids.award,
      body: B.repay,
      response: Award,
      handler: async ({ params, body, token }) => {
        const b = body as z.infer<typeof B.repay>;
        return awardOut(await d.grants.RecordRepayment({ name: `awards/${params.id}`, ...b }, token));
      },
    },
    {
      method: "get",
      path: "/v1/grant-programmes/{id}/summary",
      summary:
        "A programme's money (committed, paid, underspent, repaid; per recipient) and outcomes per plan objective, over the awards you may read",
      tag: TAG,
      params: A.ids.programme,
      response: Summary,
      handler: async ({ params, token }) => {
        const s = await d.grants.GetProgrammeSummary({ programme: `programmes/${params.id}` }, token);
        const n = Number;
        return {
          ...s,
          budgetPence: n(s.budgetPence),
          committedPence: n(s.committedPence),
          paidPence: n(s.paidPence),
          underspendPence: n(s.underspendPence),
          repaidPence: n(s.repaidPence),
          recipients: s.recipients.map((r) => ({
            ...r,
            awardedPence: n(r.awardedPence),
            paidPence: n(r.paidPence),
            underspendPence: n(r.underspendPence),
            repaidPence: n(r.repaidPence),
          })),
          objectives: s.objectives.map((o) => ({ ...o, awardedPence: n(o.awardedPence) })),
        };
      },
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
