/** REST routes for the Police and Crime Plan and grant programmes (the grants service behind them). */
import type { z } from "zod";
import type { Downstream, Reply } from "../../downstream";
import { toTimestamp } from "../common-schemas";
import { partnerName } from "../fields";
import type { RestRoute } from "../route";
import { grants as G, Plan, Programme } from "./schemas";

const TAG = "Grants";
const planName = (p: Record<string, unknown>) => `plans/${p.id}`;
const programmeName = (p: Record<string, unknown>) => `programmes/${p.id}`;

type ProgrammeReply = Reply<"grants", "GetProgramme">;

/** gRPC's int64 pence (decimal strings) as JSON integers: money in the REST API is whole pence. */
function programmeOut(p: ProgrammeReply) {
  return {
    ...p,
    budgetPence: Number(p.budgetPence),
    projectMaxPence: Number(p.projectMaxPence),
    countyWideMaxPence: Number(p.countyWideMaxPence),
    unallocatedPence: Number(p.unallocatedPence),
    allocations: p.allocations.map((a) => ({ ...a, amountPence: Number(a.amountPence) })),
  };
}

export function grantRoutes(d: Downstream): RestRoute[] {
  const move = (verb: "open" | "close", summary: string): RestRoute => ({
    method: "post",
    path: `/v1/grant-programmes/{id}/${verb}`,
    summary,
    tag: TAG,
    params: G.ids.programme,
    body: G.bodies.command,
    response: Programme,
    handler: async ({ params, body, token }) => {
      const request = { name: programmeName(params), ...(body as z.infer<typeof G.bodies.command>) };
      return programmeOut(
        verb === "open" ? await d.grants.OpenProgramme(request, token) : await d.grants.CloseProgramme(request, token),
      );
    },
  });

  return [
    {
      method: "get",
      path: "/v1/plans",
      summary: "Police and Crime Plans, newest first",
      tag: TAG,
      query: G.queries.page,
      response: G.lists.plans,
      handler: ({ query, token }) => d.plans.ListPlans(query, token),
    },
    {
      method: "post",
      path: "/v1/plans",
      summary: "Create a plan with its first version: objectives under stable codes (OPCC)",
      tag: TAG,
      body: G.bodies.createPlan,
      response: Plan,
      status: 201,
      handler: ({ body, token }) => d.plans.CreatePlan(body as z.infer<typeof G.bodies.createPlan>, token),
    },
    {
      method: "get",
      path: "/v1/plans/{id}",
      summary: "Get a plan: its latest objectives and every version",
      tag: TAG,
      params: G.ids.plan,
      response: Plan,
      handler: ({ params, token }) => d.plans.GetPlan({ name: planName(params) }, token),
    },
    {
      method: "post",
      path: "/v1/plans/{id}/versions",
      summary: "Publish the plan's next version; every earlier objective code is kept (OPCC)",
      tag: TAG,
      params: G.ids.plan,
      body: G.bodies.publishVersion,
      response: Plan,
      handler: ({ params, body, token }) =>
        d.plans.PublishPlanVersion(
          { name: planName(params), ...(body as z.infer<typeof G.bodies.publishVersion>) },
          token,
        ),
    },
    {
      method: "get",
      path: "/v1/grant-programmes",
      summary: "Grant programmes, newest year first: drafts for the OPCC, open and closed ones for everyone",
      tag: TAG,
      query: G.queries.programmes,
      response: G.lists.programmes,
      handler: async ({ query, token }) => {
        const q = query as z.infer<typeof G.queries.programmes>;
        const r = await d.grants.ListProgrammes(
          { pageSize: q.pageSize, pageToken: q.pageToken, state: q.state || "PROGRAMME_STATE_UNSPECIFIED" },
          token,
        );
        return { programmes: r.programmes.map(programmeOut), nextPageToken: r.nextPageToken };
      },
    },
    {
      method: "post",
      path: "/v1/grant-programmes",
      summary: "Draft a programme for a financial year: budget, objectives, window, allocations or limits (OPCC)",
      tag: TAG,
      body: G.bodies.createProgramme,
      response: Programme,
      status: 201,
      handler: async ({ body, token }) => {
        const b = body as z.infer<typeof G.bodies.createProgramme>;
        const p = b.programme;
        return programmeOut(
          await d.grants.CreateProgramme(
            {
              ...b,
              programme: {
                ...p,
                windowOpenTime: toTimestamp(p.windowOpenTime),
                windowCloseTime: toTimestamp(p.windowCloseTime),
                allocations: p.allocations.map((a) => ({
                  partner: partnerName(a.partner),
                  amountPence: a.amountPence,
                })),
                conditions: p.conditions.map((code) => ({ code })),
              },
            },
            token,
          ),
        );
      },
    },
    {
      method: "get",
      path: "/v1/grant-programmes/{id}",
      summary: "Get a programme",
      tag: TAG,
      params: G.ids.programme,
      response: Programme,
      handler: async ({ params, token }) =>
        programmeOut(await d.grants.GetProgramme({ name: programmeName(params) }, token)),
    },
    move("open", "Open a draft programme: its allocations are announced to the partnerships (OPCC)"),
    move("close", "Close an open programme to further applications (OPCC)"),
  ];
}
