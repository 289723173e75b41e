/**
 * The OPCC's side of a partnership's contribution: its review (accept, or return with reasons) and
 * its s.10 responses to the partnership's priorities.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { WebArea } from "../frame/area";
import { formatDateTime } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, posted, type Values } from "../frame/forms/fields";
import { at, tag } from "../frame/labels";
import { OBJECTIVE_NAME, objectiveChoices } from "../grants/objectives";
import { CYCLE_ID, contributionTag, PARTNER_ID, priorityText, templateOf, versionContent } from "./views";

/** The OPCC's review forms: what to say when the service refuses a field. */
const REVIEW_FIELDS = {
  reasons: { message: "Give the reasons for returning it, in 10 characters or more" },
  priority: { label: "Priority" },
  response: { message: "Say how the plan took the priority into account, in 10 characters or more" },
  objective: { label: "Plan objective" },
};

export function registerContributionReviewPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;

  const showReview = async (req: Request, res: Response, s: Session, values: Values = {}, form?: FormErrors) => {
    const id = String(req.params.id);
    const partner = String(req.params.partner);
    if (!CYCLE_ID.test(id) || !PARTNER_ID.test(partner) || !s.isOpcc) return notFound(req, res);
    const [cycle, c, objectives] = await Promise.all([
      d.assessments.GetCycle({ name: `assessments/${id}` }, s.token),
      d.assessments.GetContribution({ name: `assessments/${id}/contributions/${partner}` }, s.token),
      objectiveChoices(d, s.token),
    ]);
    const latest = c.versions.at(-1);
    const f = new FormFields(values, form?.byField ?? {});
    const base = `/assessments/${id}/contributions/${partner}`;
    const answered = new Map(c.responses.map((x) => [x.priorityKey, x]));
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: nameOf(res, c.partner),
      caption: cycle.title,
      errorList: form?.summary,
      summary: latest
        ? [
            { key: { text: "Status" }, value: { html: tag(contributionTag(c.state)) } },
            {
              key: { text: "Version" },
              value: {
                text: `${latest.version}, submitted ${formatDateTime(at(latest.submitTime))} by ${latest.authorDisplayName}`,
              },
            },
            { key: { text: "SHA-256" }, value: { text: latest.sha256 } },
            ...versionContent(latest).priorities.map((p) => ({
              key: { text: `Priority ${p.rank}` },
              value: { text: `${priorityText(p, templateOf(cycle).themes)}: ${p.rationale}` },
            })),
            ...versionContent(latest).indicators.map((x) => ({
              key: { text: templateOf(cycle).indicators.find((i) => i.code === x.code)?.title ?? x.code },
              value: { text: `${x.value} (${x.period}, ${x.source})` },
            })),
            { key: { text: "Population" }, value: { text: versionContent(latest).population } },
            {
              key: { text: "Community views" },
              value: { text: versionContent(latest).communityViews || "None given" },
            },
            { key: { text: "Summary" }, value: { text: versionContent(latest).narrative } },
          ]
        : [{ key: { text: "Status" }, value: { text: "Nothing submitted yet" } }],
      tables: [
        {
          caption: "s.10 responses: how the Police and Crime Plan had regard to these priorities",
          empty: "No response recorded yet.",
          head: [{ text: "Priority" }, { text: "Response" }, { text: "Plan objective" }],
          rows: [...answered.values()].map((x) => [
            { text: x.priorityTitle },
            { text: x.response },
            { text: x.objectiveTitle || x.planObjective },
          ]),
        },
      ],
      forms: [
        ...(latest?.outcome === "CONTRIBUTION_STATE_SUBMITTED"
          ? [
              {
                action: `${base}/return`,
                heading: "Review this version",
                fields: [
                  { kind: "html" as const, html: `<input type="hidden" name="version" value="${latest.version}">` },
                  f.textarea("reasons", "Reasons, if you return it", { rows: 3 }),
                ],
                submit: "Return it with these reasons",
                more: [{ text: "Accept it", formaction: `${base}/accept`, classes: "govuk-button" }],
              },
            ]
          : []),
        ...(latest && latest.outcome !== "CONTRIBUTION_STATE_RETURNED"
          ? [
              {
                action: `${base}/responses`,
                heading: "Record a s.10 response",
                fields: [
                  f.select(
                    "priority",
                    "Priority",
                    versionContent(latest).priorities.map((p) => ({
                      value: p.key,
                      text: `${priorityText(p, templateOf(cycle).themes)}${answered.has(p.key) ? " (answered)" : ""}`,
                    })),
                  ),
                  f.textarea("response", "How the plan took it into account", { rows: 3 }),
                  // The plan's objectives when the plan is data; free text where it is not.
                  objectives.length > 0
                    ? f.select("objective", "Plan objective (optional)", [{ value: "", text: "None" }, ...objectives])
                    : f.input("objective", "Plan objective (optional)"),
                ],
                submit: "Record the response",
              },
            ]
          : []),
      ],
      backLink: { href: `/assessments/${id}`, text: "Back to the cycle" },
    });
  };

  r.get(
    "/assessments/:id/contributions/:partner",
    page((req, res, s) => showReview(req, res, s)),
  );

  /** An OPCC command on the contribution; a refusal of its fields is shown on the review page. */
  const reviewCommand = (
    verb: string,
    send: (b: Values, name: string, requestId: string, token: string) => Promise<unknown>,
    fields: Record<string, string>,
  ) =>
    r.post(
      `/assessments/:id/contributions/:partner/${verb}`,
      page(async (req, res, s) => {
        if (!s.isOpcc || !CYCLE_ID.test(String(req.params.id)) || !PARTNER_ID.test(String(req.params.partner)))
          return notFound(req, res);
        const b = req.body as Values;
        const name = `assessments/${req.params.id}/contributions/${req.params.partner}`;
        const form = new FormErrors(REVIEW_FIELDS);
        try {
          await send(b, name, `web-${randomUUID()}`, s.token);
          return res.redirect(303, `/assessments/${req.params.id}/contributions/${req.params.partner}`);
        } catch (err) {
          if (!isInvalidArgument(err)) throw err;
          form.addViolations(fieldViolationsOf(err), (f) => fields[f]);
        }
        await showReview(req, res, s, b, form);
      }),
    );
  reviewCommand(
    "accept",
    (b, name, requestId, token) =>
      d.assessments.AcceptContribution({ name, version: Number(posted(b, "version")), requestId }, token),
    {},
  );
  reviewCommand(
    "return",
    (b, name, requestId, token) =>
      d.assessments.ReturnContribution(
        { name, version: Number(posted(b, "version")), reasons: posted(b, "reasons"), requestId },
        token,
      ),
    { reasons: "reasons" },
  );
  reviewCommand(
    "responses",
    (b, name, requestId, token) =>
      d.assessments.RecordPriorityResponse(
        {
          name,
          priorityKey: posted(b, "priority"),
          response: posted(b, "response"),
          ...(OBJECTIVE_NAME.test(posted(b, "objective"))
            ? { objective: posted(b, "objective"), planObjective: "" }
            : { objective: "", planObjective: posted(b, "objective") }),
          requestId,
        },
        token,
      ),
    { priority_key: "priority", response: "response", plan_objective: "objective", objective: "objective" },
  );
}
