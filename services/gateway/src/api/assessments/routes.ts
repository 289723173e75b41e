/** REST routes for joint strategic assessments (the assessments service behind them). */

import type { z } from "zod";
import type { Ask, Downstream } from "../../downstream";
import { fileDisposition } from "../../http/streams";
import { toTimestamp } from "../common-schemas";
import { partnerName } from "../fields";
import type { RestRoute } from "../route";
import { assessments as A, Compilation, Contribution, Cycle, Edition, Progress } from "./schemas";

const cycleName = (id: string) => `assessments/${id}`;
const contributionName = (p: Record<string, unknown>) => `assessments/${p.id}/contributions/${p.partner}`;
const TAG = "Assessments";

export function assessmentRoutes(d: Downstream): RestRoute[] {
  /** A command on one contribution: POST /v1/assessments/{id}/contributions/{partner}/<verb>. */
  const review = <Req>(
    verb: string,
    send: (request: Req, token: string) => Promise<unknown>,
    summary: string,
    body: z.ZodType,
  ): RestRoute => ({
    method: "post",
    path: `/v1/assessments/{id}/contributions/{partner}/${verb}`,
    summary,
    tag: TAG,
    params: A.ids.contribution,
    body,
    response: Contribution,
    handler: ({ params, body: b, token }) => send({ name: contributionName(params), ...(b as object) } as Req, token),
  });

  return [
    {
      method: "get",
      path: "/v1/assessments",
      summary: "Assessment cycles, newest first: every cycle for the OPCC, those addressed to a partnership",
      tag: TAG,
      query: A.queries.page,
      response: A.lists.cycles,
      handler: ({ query, token }) => d.assessments.ListCycles(query, token),
    },
    {
      method: "post",
      path: "/v1/assessments",
      summary: "Open a cycle for a year: due date, partnerships addressed, template (OPCC)",
      tag: TAG,
      body: A.bodies.open,
      response: Cycle,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as z.infer<typeof A.bodies.open>;
        return d.assessments.OpenCycle(
          {
            ...b,
            cycle: {
              ...b.cycle,
              dueTime: toTimestamp(b.cycle.dueTime),
              partners: b.cycle.partners.map(partnerName),
              template: b.cycle.template ?? null,
            },
          },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/assessments/{id}",
      summary: "Get a cycle",
      tag: TAG,
      params: A.ids.cycle,
      response: Cycle,
      handler: ({ params, token }) => d.assessments.GetCycle({ name: cycleName(params.id as string) }, token),
    },
    {
      method: "get",
      path: "/v1/assessments/{id}/progress",
      summary: "Each addressed partnership's state and unanswered priorities (OPCC)",
      tag: TAG,
      params: A.ids.cycle,
      response: Progress,
      handler: ({ params, token }) => d.assessments.GetCycleProgress({ name: cycleName(params.id as string) }, token),
    },
    {
      method: "post",
      path: "/v1/assessments/{id}/draft",
      summary: "Save your partnership's working copy (checked against the template, not for completeness)",
      tag: TAG,
      params: A.ids.cycle,
      body: A.bodies.draft,
      response: Contribution,
      handler: ({ params, body, token }) =>
        d.assessments.SaveContributionDraft({ cycle: cycleName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "post",
      path: "/v1/assessments/{id}/submit",
      summary: "Submit your partnership's working copy (or the content given) as the next version",
      tag: TAG,
      params: A.ids.cycle,
      body: A.bodies.submit,
      response: Contribution,
      handler: ({ params, body, token }) =>
        d.assessments.SubmitContribution({ cycle: cycleName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "get",
      path: "/v1/assessments/{id}/contributions",
      summary: "The cycle's contributions you may see: all for the OPCC, your own for a partnership",
      tag: TAG,
      params: A.ids.cycle,
      query: A.queries.page,
      response: A.lists.contributions,
      handler: ({ params, query, token }) =>
        d.assessments.ListContributions({ cycle: cycleName(params.id as string), ...query }, token),
    },
    {
      method: "get",
      path: "/v1/assessments/{id}/contributions/{partner}",
      summary: "Get a contribution",
      tag: TAG,
      params: A.ids.contribution,
      response: Contribution,
      handler: ({ params, token }) => d.assessments.GetContribution({ name: contributionName(params) }, token),
    },
    review(
      "return",
      d.assessments.ReturnContribution,
      "Return the latest version with reasons (OPCC)",
      A.bodies.return,
    ),
    review("accept", d.assessments.AcceptContribution, "Accept the latest version (OPCC)", A.bodies.accept),
    review(
      "responses",
      d.assessments.RecordPriorityResponse,
      "Record how the Police and Crime Plan had regard to a priority (s.10, OPCC)",
      A.bodies.response,
    ),
    {
      method: "get",
      path: "/v1/assessments/{id}/compilation",
      summary: "The force-wide compilation with provenance, as last compiled (OPCC)",
      tag: TAG,
      params: A.ids.cycle,
      response: Compilation,
      handler: ({ params, token }) => d.assessments.GetCompilation({ cycle: cycleName(params.id as string) }, token),
    },
    {
      method: "post",
      path: "/v1/assessments/{id}/editions",
      summary: "Publish the current compilation as the next edition (OPCC)",
      tag: TAG,
      params: A.ids.cycle,
      body: A.bodies.publish,
      response: Edition,
      status: 201,
      handler: ({ params, body, token }) =>
        d.assessments.PublishEdition({ cycle: cycleName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "get",
      path: "/v1/assessments/{id}/editions",
      summary: "The cycle's published editions",
      tag: TAG,
      params: A.ids.cycle,
      query: A.queries.page,
      response: A.lists.editions,
      handler: ({ params, query, token }) =>
        d.assessments.ListEditions({ cycle: cycleName(params.id as string), ...query }, token),
    },
    {
      method: "get",
      path: "/v1/assessment-editions",
      summary: "Every published edition you may see (the panel: OFFICIAL ones)",
      tag: TAG,
      query: A.queries.page,
      response: A.lists.editions,
      handler: ({ query, token }) => d.assessments.ListEditions({ cycle: "", ...query }, token),
    },
    {
      method: "get",
      path: "/v1/assessments/{id}/editions/{number}",
      summary: "Get an edition",
      tag: TAG,
      params: A.ids.edition,
      response: Edition,
      handler: ({ params, token }) =>
        d.assessments.GetEdition({ name: `${cycleName(params.id as string)}/editions/${params.number}` }, token),
    },
    {
      method: "get",
      path: "/v1/assessments/{id}/editions/{number}/export",
      summary: "An edition as JSON, CSV or a printable HTML page with a chart of the priority scores",
      tag: TAG,
      params: A.ids.edition,
      query: A.queries.export,
      stream: "download",
      downloadType: "application/json",
      handler: async ({ params, query, token, res }) => {
        const format = `EXPORT_FORMAT_${String((query as { format: string }).format).toUpperCase()}`;
        const out = await d.assessments.ExportEdition(
          {
            name: `${cycleName(params.id as string)}/editions/${params.number}`,
            format: format as Ask<"assessments", "ExportEdition">["format"],
          },
          token,
        );
        res
          .status(200)
          .type(String(out.contentType))
          .setHeader("content-disposition", fileDisposition(String(out.filename)));
        res.setHeader("x-edition-sha256", String(out.editionSha256));
        res.send(out.data as Buffer);
      },
    },
  ];
}
