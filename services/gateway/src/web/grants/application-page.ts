/**
 * A business case's page: its latest version (each project's costs, measures and links), every
 * version, the decision once made; and for the OPCC what comes next in order: the review (accept,
 * or return with reasons), then each scorer's declaration of interest, their scores against the
 * programme's rubric, and the decision (an award in pounds, or decline, with reasons).
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument, parsePounds } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import type { FormSpec } from "../frame/forms/fields";
import { AMOUNT_PROBLEM, type Field, FormFields, posted, type Values } from "../frame/forms/fields";
import { dateTimeText, escapeHtml, link } from "../frame/labels";
import { applicationTag, contentTables } from "./applications";
import { objectiveTitles } from "./objectives";
import { PROGRAMME_ID, pounds } from "./views";

type Application = Reply<"grants", "GetApplication">;
type Programme = Reply<"grants", "GetProgramme">;
const PARTNER_ID = PROGRAMME_ID;
const SCORES = [0, 1, 2, 3, 4, 5].map((n) => ({ value: String(n), text: String(n) }));

/** The OPCC's next step on the case for this person, as a form (none when there is nothing for them to do). */
function opccForms(app: Application, p: Programme, s: Session, f: FormFields, action: string): FormSpec[] {
  const latest = app.versions.at(-1);
  if (!latest) return [];
  if (latest.outcome === "APPLICATION_STATE_SUBMITTED")
    return [
      {
        action: `${action}/review`,
        heading: `Review version ${latest.version}`,
        fields: [
          { kind: "html", html: `<input type="hidden" name="version" value="${latest.version}">` },
          f.radios("decision", "Your decision", [
            { value: "accept", text: "Accept it for assessment" },
            { value: "return", text: "Return it with reasons" },
          ]),
          f.textarea("reasons", "Reasons (needed to return it)", { rows: 4 }),
        ],
        submit: "Record the review",
      },
    ];
  if (app.state !== "APPLICATION_STATE_ACCEPTED") return [];
  const mine = app.assessment?.interests.find((i) => i.scorer === s.caller.subject);
  if (!mine)
    return [
      {
        action: `${action}/interest`,
        heading: "Declare your interest",
        fields: [
          f.radios("conflict", "Do you have a conflict of interest in this application?", [
            { value: "no", text: "No" },
            { value: "yes", text: "Yes: I will not score or decide it" },
          ]),
          f.textarea("details", "If so, what it is", { rows: 2 }),
        ],
        submit: "Record the declaration",
      },
    ];
  if (mine.conflict) return [];
  const criteria: Field[] = p.rubric.map((c) =>
    f.select(`score-${c.code}`, `${c.title} (weight ${c.weight})`, [{ value: "", text: "Choose 0 to 5" }, ...SCORES]),
  );
  return [
    {
      action: `${action}/score`,
      heading: app.assessment?.scorings.some((x) => x.scorer === s.caller.subject)
        ? "Score it again"
        : "Score the business case",
      fields: [
        { kind: "html", html: `<input type="hidden" name="version" value="${latest.version}">` },
        ...criteria,
        f.textarea("comment", "Comment (optional)", { rows: 2 }),
      ],
      submit: "Record the scores",
    },
    {
      action: `${action}/decide`,
      heading: "Decide",
      fields: [
        f.radios("outcome", "Decision", [
          { value: "DECISION_AWARD", text: "Award a grant" },
          { value: "DECISION_DECLINE", text: "Decline" },
        ]),
        f.money("amount", "Amount to award", {
          hint: { text: `The business case asks for ${pounds(app.requestedPence)}` },
        }),
        f.textarea("decision-reasons", "Reasons for the decision", { rows: 3 }),
      ],
      submit: "Record the decision",
    },
  ];
}

export function registerApplicationPage(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;
  const ids = (req: Request) => [String(req.params.id), String(req.params.partner)] as const;
  const valid = (req: Request) => PROGRAMME_ID.test(ids(req)[0]) && PARTNER_ID.test(ids(req)[1]);
  const nameOf = (req: Request) => `programmes/${ids(req)[0]}/applications/${ids(req)[1]}`;
  const pathOf = (req: Request) => `/grants/${nameOf(req)}`;

  const show = async (req: Request, res: Response, s: Session, form?: FormErrors, values: Values = {}) => {
    if (!valid(req)) return notFound(req, res);
    const app = await d.grants.GetApplication({ name: nameOf(req) }, s.token);
    const p = await d.grants.GetProgramme({ name: app.programme }, s.token);
    const titles = await objectiveTitles(d, s.token, p.objectives);
    const latest = app.versions.at(-1);
    const own = app.partner === s.caller.partner;
    const f = new FormFields(values, form?.byField ?? {});
    const assessment = app.assessment;
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: `Business case: ${app.partnerDisplayName || app.partner}`,
      caption: p.title,
      errorList: form?.summary,
      panel: req.query.submitted === "1" ? { titleText: "Business case submitted" } : undefined,
      inset: latest?.outcome === "APPLICATION_STATE_RETURNED" ? `Returned: ${latest.returnReasons}` : undefined,
      summary: [
        { key: { text: "State" }, value: { html: applicationTag(app.state) } },
        { key: { text: "Asks for" }, value: { text: pounds(app.requestedPence) } },
        ...(app.decision
          ? [
              {
                key: { text: "Decision" },
                value: {
                  html:
                    app.decision.decision === "DECISION_AWARD"
                      ? `Awarded ${pounds(app.decision.amountPence)}: ${escapeHtml(app.decision.reasons)} ${link(`/grants/${app.decision.award}`, "See the award")}`
                      : `Declined: ${escapeHtml(app.decision.reasons)}`,
                },
              },
            ]
          : []),
        ...(assessment && assessment.maxTotal > 0
          ? [{ key: { text: "Mean score" }, value: { text: `${assessment.meanTotal} of ${assessment.maxTotal}` } }]
          : []),
        ...(latest
          ? [
              {
                key: { text: "Latest version" },
                value: {
                  text: `Version ${latest.version}, submitted by ${latest.authorDisplayName} on ${dateTimeText(latest.submitTime)}`,
                },
              },
              {
                key: { text: "Conflict of interest" },
                value: {
                  text: latest.content?.declarations?.conflictOfInterest
                    ? `Declared: ${latest.content.declarations.conflictDetails}`
                    : "None declared",
                },
              },
              { key: { text: "Summary" }, value: { text: latest.content?.narrative ?? "" } },
            ]
          : [{ key: { text: "Latest version" }, value: { text: "Nothing submitted yet" } }]),
      ],
      tables: [
        ...(latest?.content ? contentTables(latest.content, titles) : []),
        {
          caption: "Versions",
          empty: "Nothing has been submitted yet.",
          head: [{ text: "Version", format: "numeric" }, { text: "Submitted" }, { text: "By" }, { text: "Outcome" }],
          rows: app.versions.map((v) => [
            { text: String(v.version), format: "numeric" },
            { text: dateTimeText(v.submitTime) },
            { text: v.authorDisplayName },
            { html: `${applicationTag(v.outcome)}${v.returnReasons ? ` ${escapeHtml(v.returnReasons)}` : ""}` },
          ]),
        },
        ...(assessment && (assessment.interests.length > 0 || assessment.scorings.length > 0)
          ? [
              {
                caption: "Scorers",
                head: [{ text: "Scorer" }, { text: "Interest" }, { text: "Score", format: "numeric" }],
                rows: assessment.interests.map((i) => {
                  const scored = assessment.scorings.find((x) => x.scorer === i.scorer);
                  return [
                    { text: i.scorerDisplayName },
                    { text: i.conflict ? `Conflict: ${i.details}` : "No conflict" },
                    {
                      text: scored ? `${scored.weightedTotal} of ${assessment.maxTotal}` : "Not scored",
                      format: "numeric",
                    },
                  ];
                }),
              },
            ]
          : []),
      ],
      buttons:
        own &&
        p.state === "PROGRAMME_STATE_OPEN" &&
        ["APPLICATION_STATE_DRAFT", "APPLICATION_STATE_SUBMITTED", "APPLICATION_STATE_RETURNED"].includes(app.state)
          ? [
              {
                href: `/grants/programmes/${ids(req)[0]}/apply`,
                text: app.state === "APPLICATION_STATE_RETURNED" ? "Revise and resubmit" : "Change the business case",
              },
            ]
          : [],
      forms: s.isOpcc ? opccForms(app, p, s, f, pathOf(req)) : [],
      backLink: { href: `/grants/${p.name}`, text: "Back to the programme" },
    });
  };

  r.get(
    "/grants/programmes/:id/applications/:partner",
    page((req, res, s) => show(req, res, s)),
  );

  /** An OPCC action on the case: the page's own checks, then the service's; either way back to the case. */
  const action = (
    verb: string,
    fields: Record<string, { anchor?: string; message?: string; label?: string }>,
    run: (b: Values, form: FormErrors, name: string, s: Session) => Promise<unknown> | undefined,
    fieldOf: (f: string) => string,
  ) =>
    r.post(
      `/grants/programmes/:id/applications/:partner/${verb}`,
      page(async (req, res, s) => {
        if (!valid(req) || !s.isOpcc) return notFound(req, res);
        const b = req.body as Values;
        const form = new FormErrors(fields);
        try {
          const asked = run(b, form, nameOf(req), s);
          if (form.any || !asked) return show(req, res, s, form, b);
          await asked;
        } catch (err) {
          if (isInvalidArgument(err)) form.addViolations(fieldViolationsOf(err), fieldOf);
          else if (isGrpcServiceError(err) && [status.FAILED_PRECONDITION, status.PERMISSION_DENIED].includes(err.code))
            form.add(Object.keys(fields)[0] as string, err.details);
          else throw err;
          return show(req, res, s, form, b);
        }
        return res.redirect(303, pathOf(req));
      }),
    );

  const version = (b: Values) => Number(posted(b, "version")) || 0;
  const requestId = () => `web-${randomUUID()}`;

  action(
    "review",
    {
      decision: { anchor: "decision", message: "Select whether to accept or return it" },
      reasons: { label: "Reasons" },
    },
    (b, form, name, s) => {
      const decision = posted(b, "decision");
      const reasons = posted(b, "reasons");
      if (decision !== "accept" && decision !== "return") form.add("decision", "Select whether to accept or return it");
      if (decision === "return" && reasons.length < 10)
        form.add("reasons", "Say what must change (at least 10 characters)");
      if (form.any) return undefined;
      const request = { name, version: version(b), requestId: requestId() };
      return decision === "accept"
        ? d.grants.AcceptApplication(request, s.token)
        : d.grants.ReturnApplication({ ...request, reasons }, s.token);
    },
    (f) => (f === "reasons" ? "reasons" : "decision"),
  );

  action(
    "interest",
    {
      conflict: { anchor: "conflict", message: "Select whether you have a conflict of interest" },
      details: { label: "The conflict" },
    },
    (b, form, name, s) => {
      const conflict = posted(b, "conflict");
      if (conflict !== "yes" && conflict !== "no")
        form.add("conflict", "Select whether you have a conflict of interest");
      if (conflict === "yes" && posted(b, "details") === "")
        form.add("details", "Say what the conflict of interest is");
      if (form.any) return undefined;
      return d.grants.DeclareInterest(
        { name, conflict: conflict === "yes", details: posted(b, "details"), requestId: requestId() },
        s.token,
      );
    },
    (f) => (f === "details" ? "details" : "conflict"),
  );

  action(
    "score",
    { scores: { label: "Scores" }, comment: { label: "Comment" } },
    (b, form, name, s) => {
      const codes = Object.keys(b)
        .filter((k) => k.startsWith("score-"))
        .map((k) => k.slice("score-".length));
      const missing = codes.filter((c) => posted(b, `score-${c}`) === "");
      if (codes.length === 0 || missing.length > 0)
        form.add("scores", "Choose a score from 0 to 5 for every criterion");
      if (form.any) return undefined;
      return d.grants.ScoreApplication(
        {
          name,
          version: version(b),
          scores: codes.map((code) => ({ code, score: Number(posted(b, `score-${code}`)) })),
          comment: posted(b, "comment"),
          requestId: requestId(),
        },
        s.token,
      );
    },
    (f) => (f === "comment" ? "comment" : "scores"),
  );

  action(
    "decide",
    {
      outcome: { anchor: "outcome", message: "Select whether to award a grant or decline" },
      amount: { label: "Amount" },
      "decision-reasons": { label: "Reasons" },
    },
    (b, form, name, s) => {
      const outcome = posted(b, "outcome");
      if (outcome !== "DECISION_AWARD" && outcome !== "DECISION_DECLINE")
        form.add("outcome", "Select whether to award a grant or decline");
      const amount = outcome === "DECISION_AWARD" ? parsePounds(posted(b, "amount")) : 0;
      if (amount === undefined) form.add("amount", AMOUNT_PROBLEM);
      if (form.any) return undefined;
      return d.grants.DecideApplication(
        {
          name,
          decision: outcome as "DECISION_AWARD",
          amountPence: String(amount ?? 0),
          reasons: posted(b, "decision-reasons"),
          requestId: requestId(),
        },
        s.token,
      );
    },
    (f) => (f === "amount_pence" ? "amount" : f === "reasons" ? "decision-reasons" : "outcome"),
  );
}
