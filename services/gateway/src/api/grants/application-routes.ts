/** REST routes for business cases (grant applications): the partnership's draft and submissions, the OPCC's review. */
import type { z } from "zod";
import type { Downstream, Reply } from "../../downstream";
import type { RestRoute } from "../route";
import { applications as A, Application } from "./application-schemas";

const TAG = "Grants";
const programmeName = (p: Record<string, unknown>) => `programmes/${p.id}`;
const applicationName = (p: Record<string, unknown>) => `programmes/${p.id}/applications/${p.partner}`;

type ApplicationReply = Reply<"grants", "GetApplication">;
type ContentReply = NonNullable<ApplicationReply["draft"]>;

/** gRPC's int64 pence (decimal strings) as JSON integers. */
const contentOut = (c: ContentReply) => ({
  ...c,
  projects: c.projects.map((p) => ({
    ...p,
    lines: p.lines.map((l) => ({ ...l, amountPence: Number(l.amountPence) })),
    requestedPence: Number(p.requestedPence),
  })),
  requestedPence: Number(c.requestedPence),
});

const applicationOut = (a: ApplicationReply) => ({
  ...a,
  draft: a.draft ? contentOut(a.draft) : null,
  versions: a.versions.map((v) => ({ ...v, content: contentOut(v.content as ContentReply) })),
  requestedPence: Number(a.requestedPence),
  decision: a.decision ? { ...a.decision, amountPence: Number(a.decision.amountPence) } : null,
});

export function applicationRoutes(d: Downstream): RestRoute[] {
  const list = async (programme: string, q: z.infer<typeof A.queries.list>, token: string) => {
    const r = await d.grants.ListApplications(
      {
        programme,
        state: q.state || "APPLICATION_STATE_UNSPECIFIED",
        pageSize: q.pageSize,
        pageToken: q.pageToken,
      },
      token,
    );
    return { ...r, applications: r.applications.map(applicationOut) };
  };

  /** The OPCC's review and assessment of one application: POST …/applications/{partner}/<verb>. */
  const review = (
    verb: "return" | "accept" | "interest" | "score" | "decide",
    summary: string,
    body: z.ZodType,
  ): RestRoute => ({
    method: "post",
    path: `/v1/grant-programmes/{id}/applications/{partner}/${verb}`,
    summary,
    tag: TAG,
    params: A.ids.application,
    body,
    response: Application,
    handler: async ({ params, body: b, token }) => {
      const name = applicationName(params);
      const g = d.grants;
      const ask = {
        return: () => g.ReturnApplication({ name, ...(b as z.infer<typeof A.bodies.return>) }, token),
        accept: () => g.AcceptApplication({ name, ...(b as z.infer<typeof A.bodies.accept>) }, token),
        interest: () => g.DeclareInterest({ name, ...(b as z.infer<typeof A.bodies.interest>) }, token),
        score: () => g.ScoreApplication({ name, ...(b as z.infer<typeof A.bodies.score>) }, token),
        decide: () => g.DecideApplication({ name, ...(b as z.infer<typeof A.bodies.decide>) }, token),
      };
      return applicationOut(await ask[verb]());
    },
  });

  return [
    {
      method: "put",
      path: "/v1/grant-programmes/{id}/draft",
      summary: "Save your partnership's business case for the programme (checked, not for completeness)",
      tag: TAG,
      params: A.ids.application.pick({ id: true }),
      body: A.bodies.draft,
      response: Application,
      handler: async ({ params, body, token }) =>
        applicationOut(
          await d.grants.SaveApplicationDraft(
            { programme: programmeName(params), ...(body as z.infer<typeof A.bodies.draft>) },
            token,
          ),
        ),
    },
    {
      method: "post",
      path: "/v1/grant-programmes/{id}/submit",
      summary: "Submit your partnership's business case (the working copy, or the content given) as the next version",
      tag: TAG,
      params: A.ids.application.pick({ id: true }),
      body: A.bodies.submit,
      response: Application,
      handler: async ({ params, body, token }) => {
        const b = body as z.infer<typeof A.bodies.submit>;
        return applicationOut(
          await d.grants.SubmitApplication(
            { programme: programmeName(params), ...b, content: b.content ?? null },
            token,
          ),
        );
      },
    },
    {
      method: "get",
      path: "/v1/grant-programmes/{id}/applications",
      summary: "The programme's applications you may see: all for the OPCC, your own for a partnership",
      tag: TAG,
      params: A.ids.application.pick({ id: true }),
      query: A.queries.list,
      response: A.list,
      handler: ({ params, query, token }) =>
        list(programmeName(params), query as z.infer<typeof A.queries.list>, token),
    },
    {
      method: "get",
      path: "/v1/grant-applications",
      summary: "Applications across programmes (e.g. every one awaiting review), with the total",
      tag: TAG,
      query: A.queries.list,
      response: A.list,
      handler: ({ query, token }) => list("programmes/-", query as z.infer<typeof A.queries.list>, token),
    },
    {
      method: "get",
      path: "/v1/grant-programmes/{id}/applications/{partner}",
      summary: "Get an application: its versions, and the working copy for the applicant",
      tag: TAG,
      params: A.ids.application,
      response: Application,
      handler: async ({ params, token }) =>
        applicationOut(await d.grants.GetApplication({ name: applicationName(params) }, token)),
    },
    review("return", "Return the latest version with reasons: the partnership may resubmit (OPCC)", A.bodies.return),
    review("accept", "Accept the latest version for assessment (OPCC)", A.bodies.accept),
    review(
      "interest",
      "Declare whether you have a conflict of interest in the application, before scoring it (OPCC; once)",
      A.bodies.interest,
    ),
    review("score", "Score the accepted version against the programme's rubric, 0 to 5 each (OPCC)", A.bodies.score),
    review(
      "decide",
      "Award an amount (within the budget and what is asked) or decline, with reasons, once scored (OPCC)",
      A.bodies.decide,
    ),
  ];
}
