/** REST routes for the partner directory (the directory service behind them). */
import type { Downstream } from "../../downstream";
import type { RestRoute } from "../route";
import { directory as D, Partner } from "./schemas";

export function directoryRoutes(d: Downstream): RestRoute[] {
  return [
    {
      method: "get",
      path: "/v1/partners",
      summary: "List partners in the directory",
      tag: "Directory",
      query: D.queries.partners,
      response: D.lists.partners,
      handler: ({ query, token }) => d.directory.ListPartners(query, token),
    },
    {
      method: "get",
      path: "/v1/partners/{id}",
      summary: "Get a partner",
      tag: "Directory",
      params: D.ids.partner,
      response: Partner,
      handler: ({ params, token }) => d.directory.GetPartner({ name: `partners/${params.id}` }, token),
    },
  ];
}
