/** REST routes for combination agreements (the directory's CombinationsService behind them). */
import type { z } from "zod";
import type { Downstream } from "../../downstream";
import { partnerName } from "../fields";
import type { RestRoute } from "../route";
import { combinations as C, Combination } from "./schemas";

const TAG = "Combinations";
const combinationName = (params: Record<string, string>) => `combinations/${params.id}`;

type Bodies = { [K in keyof typeof C.bodies]: z.infer<(typeof C.bodies)[K]> };

export function combinationRoutes(d: Downstream): RestRoute[] {
  /** A step of one agreement: POST /v1/combinations/{id}/<verb>, its body checked, answered with the agreement. */
  const step = <K extends "consent" | "decide" | "sign" | "end">(
    verb: string,
    body: K,
    summary: string,
    send: (name: string, b: Bodies[K], token: string) => Promise<unknown>,
  ): RestRoute => ({
    method: "post",
    path: `/v1/combinations/{id}/${verb}`,
    summary,
    tag: TAG,
    params: C.ids.combination,
    body: C.bodies[body],
    response: Combination,
    handler: ({ params, body: b, token }) => send(combinationName(params), b as Bodies[K], token),
  });

  return [
    {
      method: "get",
      path: "/v1/combinations",
      summary:
        "Combination agreements, newest first: every one for the OPCC, those concerning a partnership for its people",
      tag: TAG,
      query: C.queries.page,
      response: C.lists.combinations,
      handler: ({ query, token }) => d.combinations.ListCombinations(query, token),
    },
    {
      method: "post",
      path: "/v1/combinations",
      summary:
        "Propose combining the partnerships of two or more areas; the parties are their responsible authorities (OPCC, or a CSP chair of one of the areas)",
      tag: TAG,
      body: C.bodies.propose,
      response: Combination,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as Bodies["propose"];
        return d.combinations.ProposeCombination(
          { terms: { ...b.terms, areas: b.terms.areas.map(partnerName) }, requestId: b.requestId },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/combinations/{id}",
      summary: "Get a combination agreement: its terms, parties, consents, decision and written agreements",
      tag: TAG,
      params: C.ids.combination,
      response: Combination,
      handler: ({ params, token }) => d.combinations.GetCombination({ name: combinationName(params) }, token),
    },
    step(
      "consents",
      "consent",
      "Record a party's consent or refusal (a person of that authority, or the OPCC on its behalf with its decision)",
      (name, b, token) =>
        d.combinations.RecordConsent(
          { name, party: partnerName(b.party), answer: b.answer, reasons: b.reasons, onBehalf: b.onBehalf ?? null },
          token,
        ),
    ),
    step(
      "decision",
      "decide",
      "The PCC's decision, once every party has consented: approve relying on a statutory interest, or refuse (OPCC)",
      (name, b, token) =>
        d.combinations.DecideCombination({ name, ...b, secretaryOfState: b.secretaryOfState ?? null }, token),
    ),
    step(
      "signature",
      "sign",
      "Record the written agreement as signed; it takes effect on its effective date (OPCC)",
      (name, b, token) => d.combinations.SignCombination({ name, ...b }, token),
    ),
    step(
      "ending",
      "end",
      "End an agreement in force by the parties' written agreement; the partnerships are separate again on the end date (OPCC)",
      (name, b, token) => d.combinations.EndCombination({ name, ...b }, token),
    ),
  ];
}
