/** REST routes for variations of a grant agreement: proposed by one side, agreed or declined by the other. */
import type { z } from "zod";
import type { Downstream } from "../../downstream";
import type { RestRoute } from "../route";
import { awardOut } from "./award-routes";
import { awards as A, Award, awardBodies as B } from "./award-schemas";

const TAG = "Grants";

export function variationRoutes(d: Downstream): RestRoute[] {
  return [
    {
      method: "post",
      path: "/v1/grant-awards/{id}/variations",
      summary: "Propose a variation of the agreement in force, with reasons (the OPCC, or the recipient's chair)",
      tag: TAG,
      params: A.ids.award,
      body: B.proposeVariation,
      response: Award,
      status: 201,
      handler: async ({ params, body, token }) => {
        const b = body as z.infer<typeof B.proposeVariation>;
        const c = b.changes;
        return awardOut(
          await d.grants.ProposeVariation(
            {
              name: `awards/${params.id}`,
              changes: {
                amountPence: String(c.amountPence ?? 0),
                purposes: c.purposes ?? [],
                conditions: c.conditions ?? [],
                tranches: (c.tranches ?? []).map((t) => ({ number: t.number, amountPence: String(t.amountPence) })),
              },
              reasons: b.reasons,
              requestId: b.requestId,
              validateOnly: b.validateOnly,
            },
            token,
          ),
        );
      },
    },
    {
      method: "post",
      path: "/v1/grant-awards/{id}/variations/{number}/agree",
      summary: "Agree a proposed variation by its varied terms' SHA-256 as read (the other side from its proposer)",
      tag: TAG,
      params: A.ids.variation,
      body: B.agreeVariation,
      response: Award,
      handler: async ({ params, body, token }) =>
        awardOut(
          await d.grants.AgreeVariation(
            {
              name: `awards/${params.id}`,
              number: Number(params.number),
              ...(body as z.infer<typeof B.agreeVariation>),
            },
            token,
          ),
        ),
    },
    {
      method: "post",
      path: "/v1/grant-awards/{id}/variations/{number}/decline",
      summary: "Decline a proposed variation with reasons (or withdraw it, as its proposer)",
      tag: TAG,
      params: A.ids.variation,
      body: B.declineVariation,
      response: Award,
      handler: async ({ params, body, token }) =>
        awardOut(
          await d.grants.DeclineVariation(
            {
              name: `awards/${params.id}`,
              number: Number(params.number),
              ...(body as z.infer<typeof B.declineVariation>),
            },
            token,
          ),
        ),
    },
  ];
}
