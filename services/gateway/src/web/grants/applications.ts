/**
 * Business cases on the web: the partnership's form (projects with costs in pounds, outcome
 * measures, the plan objectives and assessment priorities they serve, declarations), saved, checked
 * and submitted; the application's page with its versions; the OPCC's review (accept, or return
 * with reasons). The form's field mapping is in application-form.ts.
 */
import { randomUUID } from "node:crypto";
import { type FieldViolation, fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, posted, type Values } from "../frame/forms/fields";
import { dateTimeText, escapeHtml, tag } from "../frame/labels";
import {
  contentOf,
  fieldOrder,
  formFieldOf,
  otherFields,
  projectFields,
  storedLayout,
  valuesOf,
} from "./application-form";
import { objectiveTitles, priorityChoices } from "./objectives";
import { PROGRAMME_ID, pounds } from "./views";

type Programme = Reply<"grants", "GetProgramme">;
type Application = Reply<"grants", "GetApplication">;
type Content = NonNullable<Application["draft"]>;

export const APPLICATION_STATE: Record<string, [string, string]> = {
  APPLICATION_STATE_DRAFT: ["Not submitted", "govuk-tag--grey"],
  APPLICATION_STATE_SUBMITTED: ["Awaiting review", "govuk-tag--blue"],
  APPLICATION_STATE_RETURNED: ["Returned", "govuk-tag--orange"],
  APPLICATION_STATE_ACCEPTED: ["Accepted", "govuk-tag--green"],
};
export const applicationTag = (state: string) => tag(APPLICATION_STATE[state] ?? [state, "govuk-tag--grey"]);
const partnerIdOf = (s: Session) => s.caller.partner.replace("partners/", "");
const PARTNER_ID = PROGRAMME_ID;

/** The content as tables a person reads: each project's costs, measures and what it serves. */
export function contentTables(c: Content, titles: Map<string, string>) {
  return c.projects.map((p, i) => ({
    caption: `Project ${i + 1}: ${p.title}${p.countyWide ? " (county-wide)" : ""}`,
    head: [{ text: "Cost" }, { text: "Amount", format: "numeric" }],
    rows: [
      ...p.lines.map((l) => [{ text: l.description }, { text: pounds(l.amountPence), format: "numeric" }]),
      [{ text: "Project total" }, { text: pounds(p.requestedPence), format: "numeric" }],
    ],
    after: [
      p.summary,
      ...p.measures.map(
        (m) => `Measure: ${m.title}, from ${m.baseline} to ${m.target}${m.unit === "MEASURE_UNIT_PERCENT" ? "%" : ""}`,
      ),
      `Serves: ${p.objectives.map((o) => titles.get(o) ?? o).join("; ") || "no objective given"}`,
      ...(p.jsaPriorities.length ? [`Answers: ${p.jsaPriorities.join("; ")}`] : []),
    ],
  }));
}

export function registerApplicationPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  /** The programme a partnership applies to, or not found (the OPCC and the panel do not apply). */
  const programmeFor = async (req: Request, res: Response, s: Session) => {
    const id = String(req.params.id);
    if (!PROGRAMME_ID.test(id) || !s.isPartnership) {
      notFound(req, res);
      return undefined;
    }
    return d.grants.GetProgramme({ name: `programmes/${id}` }, s.token);
  };
  const ownName = (p: Programme, s: Session) => `${p.name}/applications/${partnerIdOf(s)}`;

  const showForm = async (
    req: Request,
    res: Response,
    s: Session,
    p: Programme,
    values?: Values,
    form?: FormErrors,
  ) => {
    const mine = await unlessNotFound(d.grants.GetApplication({ name: ownName(p, s) }, s.token));
    const [titles, priorities] = await Promise.all([
      objectiveTitles(d, s.token, p.objectives),
      priorityChoices(d, s.token),
    ]);
    const f = new FormFields(values ?? valuesOf(mine?.draft), form?.byField ?? {});
    const latest = mine?.versions.at(-1);
    const id = p.name.replace("programmes/", "");
    const allocation = p.allocations.find((x) => x.partner === s.caller.partner);
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Your business case",
      caption: p.title,
      errorList: form?.summary,
      panel: req.query.saved === "1" ? { titleText: "Draft saved" } : undefined,
      inset:
        latest?.outcome === "APPLICATION_STATE_RETURNED"
          ? `Version ${latest.version} was returned: ${latest.returnReasons}`
          : undefined,
      intro: [
        allocation
          ? `Your partnership's allocation is ${pounds(allocation.amountPence)}. Describe up to three projects and what each costs.`
          : `Each project may ask for up to ${pounds(p.projectMaxPence)}${p.countyWideMaxPence !== "0" ? `, or ${pounds(p.countyWideMaxPence)} if it serves the whole county` : ""}.`,
        "Leave the rows you do not need empty.",
      ],
      forms: [
        {
          action: `/grants/programmes/${id}/apply`,
          fields: [
            ...projectFields(
              f,
              p,
              p.objectives.map((o) => ({ value: o, text: titles.get(o) ?? o })),
              priorities,
            ),
            ...otherFields(f, p),
          ],
          submit: "Save and continue",
          more: [{ text: "Save as draft", formaction: `/grants/programmes/${id}/apply?draft=1` }],
        },
      ],
      backLink: { href: `/grants/programmes/${id}`, text: "Back to the programme" },
    });
  };

  r.get(
    "/grants/programmes/:id/apply",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (p) await showForm(req, res, s, p);
    }),
  );

  r.post(
    "/grants/programmes/:id/apply",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (!p) return;
      const b = req.body as Values;
      const form = new FormErrors(fieldOrder(p));
      const { content, fieldOf } = contentOf(b, p, form);
      try {
        // With the page's own problems, the service only checks (validate_only): every problem in one round.
        await d.grants.SaveApplicationDraft(
          { programme: p.name, content, requestId: `web-${randomUUID()}`, validateOnly: form.any },
          s.token,
        );
        const id = p.name.replace("programmes/", "");
        if (!form.any)
          return res.redirect(
            303,
            req.query.draft ? `/grants/programmes/${id}/apply?saved=1` : `/grants/programmes/${id}/apply/check`,
          );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), fieldOf);
      }
      await showForm(req, res, s, p, b, form);
    }),
  );

  const showCheck = async (req: Request, res: Response, s: Session, p: Programme, problems: FieldViolation[] = []) => {
    const id = p.name.replace("programmes/", "");
    const mine = await unlessNotFound(d.grants.GetApplication({ name: ownName(p, s) }, s.token));
    if (!mine?.draft) return res.redirect(303, `/grants/programmes/${id}/apply`);
    const c = mine.draft;
    const labels = fieldOrder(p);
    const toForm = formFieldOf(storedLayout(c), p);
    const labelOf = (field: string) => labels[toForm(field) ?? ""]?.label ?? field.replace(/^content\./, "");
    const titles = await objectiveTitles(d, s.token, p.objectives);
    if (problems.length) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Check your business case before submitting it",
      caption: p.title,
      errorList: problems.map((x) => ({
        text: `${labelOf(x.field)}: ${x.description}`,
        href: `/grants/programmes/${id}/apply`,
      })),
      summary: [
        { key: { text: "Asks for" }, value: { text: pounds(c.requestedPence) } },
        {
          key: { text: "Conflict of interest" },
          value: { text: c.declarations?.conflictOfInterest ? `Yes: ${c.declarations.conflictDetails}` : "No" },
        },
        {
          key: { text: "Police officers or staff involved" },
          value: { text: c.declarations?.policeStaffInvolved ? `Yes: ${c.declarations.policeStaffDetails}` : "No" },
        },
        ...c.answers.map((x) => ({
          key: { text: p.questions.find((q) => q.code === x.code)?.text ?? x.code },
          value: { text: x.answer },
        })),
        { key: { text: "Summary" }, value: { text: c.narrative } },
      ].map((row) => ({
        ...row,
        actions: {
          items: [{ href: `/grants/programmes/${id}/apply`, text: "Change", visuallyHiddenText: row.key.text }],
        },
      })),
      tables: contentTables(c, titles),
      forms: [
        {
          action: `/grants/programmes/${id}/apply/submit`,
          heading: "Submit your business case",
          fields: [
            {
              kind: "html",
              html: '<p class="govuk-body">The OPCC may accept it or return it with reasons. Each submitted version is kept.</p>',
            },
          ],
          submit: "Submit the business case",
        },
      ],
    });
  };

  r.get(
    "/grants/programmes/:id/apply/check",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (p) await showCheck(req, res, s, p);
    }),
  );

  r.post(
    "/grants/programmes/:id/apply/submit",
    page(async (req, res, s) => {
      const p = await programmeFor(req, res, s);
      if (!p) return;
      try {
        const done = await d.grants.SubmitApplication({ programme: p.name, requestId: `web-${randomUUID()}` }, s.token);
        return res.redirect(303, `/grants/${done.name}?submitted=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        await showCheck(req, res, s, p, fieldViolationsOf(err));
      }
    }),
  );

  const showApplication = async (req: Request, res: Response, s: Session, form?: FormErrors, values: Values = {}) => {
    const [id, partner] = [String(req.params.id), String(req.params.partner)];
    if (!PROGRAMME_ID.test(id) || !PARTNER_ID.test(partner)) return notFound(req, res);
    const app = await d.grants.GetApplication({ name: `programmes/${id}/applications/${partner}` }, s.token);
    const p = await d.grants.GetProgramme({ name: app.programme }, s.token);
    const titles = await objectiveTitles(d, s.token, p.objectives);
    const latest = app.versions.at(-1);
    const own = app.partner === s.caller.partner;
    const f = new FormFields(values, form?.byField ?? {});
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
      ],
      buttons:
        own && p.state === "PROGRAMME_STATE_OPEN" && app.state !== "APPLICATION_STATE_ACCEPTED"
          ? [
              {
                href: `/grants/programmes/${id}/apply`,
                text: app.state === "APPLICATION_STATE_RETURNED" ? "Revise and resubmit" : "Change the business case",
              },
            ]
          : [],
      forms:
        s.isOpcc && latest?.outcome === "APPLICATION_STATE_SUBMITTED"
          ? [
              {
                action: `/grants/programmes/${id}/applications/${partner}/review`,
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
            ]
          : [],
      backLink: { href: `/grants/programmes/${id}`, text: "Back to the programme" },
    });
  };

  r.get(
    "/grants/programmes/:id/applications/:partner",
    page((req, res, s) => showApplication(req, res, s)),
  );

  r.post(
    "/grants/programmes/:id/applications/:partner/review",
    page(async (req, res, s) => {
      const [id, partner] = [String(req.params.id), String(req.params.partner)];
      if (!PROGRAMME_ID.test(id) || !PARTNER_ID.test(partner) || !s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors({
        decision: { anchor: "decision", message: "Select whether to accept or return it" },
        reasons: { label: "Reasons" },
      });
      const decision = posted(b, "decision");
      const reasons = posted(b, "reasons");
      if (decision !== "accept" && decision !== "return") form.add("decision", "Select whether to accept or return it");
      if (decision === "return" && reasons.length < 10)
        form.add("reasons", "Say what must change (at least 10 characters)");
      if (form.any) return showApplication(req, res, s, form, b);
      const request = {
        name: `programmes/${id}/applications/${partner}`,
        version: Number(posted(b, "version")) || 0,
        requestId: `web-${randomUUID()}`,
      };
      try {
        if (decision === "accept") await d.grants.AcceptApplication(request, s.token);
        else await d.grants.ReturnApplication({ ...request, reasons }, s.token);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), (f) => (f === "reasons" ? "reasons" : "decision"));
        return showApplication(req, res, s, form, b);
      }
      return res.redirect(303, `/grants/programmes/${id}/applications/${partner}`);
    }),
  );
}
