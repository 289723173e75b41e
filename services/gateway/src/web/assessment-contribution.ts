/**
 * A partnership's contribution, on the web: the CSP officer's form (ranked priorities, the indicator
 * table, narrative), saved as a draft, checked, then submitted; the OPCC's review of a contribution
 * (accept, or return with reasons) and its s.10 responses to the partnership's priorities.
 */
import { randomUUID } from "node:crypto";
import { type FieldViolation, fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../auth";
import type { Ask } from "../downstream";
import type { WebArea } from "./area";
import {
  type Content,
  CYCLE_ID,
  type Cycle,
  contributionTag,
  cycleIdOf,
  PARTNER_ID,
  priorityText,
  TREND_ITEMS,
  templateOf,
  UNIT_TEXT,
  versionContent,
} from "./assessment-views";
import { formatDateTime } from "./forms/dates";
import { FormErrors } from "./forms/errors";
import { type Field, FormFields, posted, type Values } from "./forms/fields";
import { at, tag } from "./meeting-views";

/** The OPCC's review forms: what to say when the service refuses a field. */
const REVIEW_FIELDS = {
  reasons: { message: "Give the reasons for returning it, in 10 characters or more" },
  priority: { label: "Priority" },
  response: { message: "Say how the plan took the priority into account, in 10 characters or more" },
  objective: { label: "Plan objective" },
};

/** Rows offered for ranked priorities: the service accepts at most ten. */
const PRIORITY_ROWS = 10;
const EMERGING = "EMERGING";

/** The form's values from stored content: one row per rank, one group per template indicator. */
function valuesOf(c: Content | null | undefined): Values {
  if (!c) return {};
  const v: Values = {
    population: c.population === "0" ? "" : c.population,
    threats: c.emergingThreats,
    views: c.communityViews,
    narrative: c.narrative,
  };
  for (const p of c.priorities) {
    v[`p${p.rank}-theme`] = p.code || EMERGING;
    v[`p${p.rank}-emerging`] = p.emergingTitle;
    v[`p${p.rank}-rationale`] = p.rationale;
  }
  for (const x of c.indicators) {
    v[`i-${x.code}-value`] = String(x.value);
    v[`i-${x.code}-period`] = x.period;
    v[`i-${x.code}-trend`] = x.trend;
    v[`i-${x.code}-source`] = x.source;
  }
  return v;
}

/**
 * The content as the service takes it, from the posted form: filled priority rows ranked in page
 * order (so ranks never have gaps), indicators with a value. `rowOf` maps the service's field paths
 * back to the form's fields.
 */
function contentOf(b: Values, cycle: Cycle, form: FormErrors) {
  const rows = [...Array(PRIORITY_ROWS).keys()].map((i) => i + 1).filter((r) => posted(b, `p${r}-theme`) !== "");
  const priorities = rows.map((r, i) => {
    const theme = posted(b, `p${r}-theme`);
    return {
      rank: i + 1,
      code: theme === EMERGING ? "" : theme,
      emergingTitle: theme === EMERGING ? posted(b, `p${r}-emerging`) : "",
      rationale: posted(b, `p${r}-rationale`),
      evidence: "",
    };
  });
  const indicators = templateOf(cycle)
    .indicators.filter((def) => posted(b, `i-${def.code}-value`) !== "")
    .map((def) => {
      const raw = posted(b, `i-${def.code}-value`).replace(/,/g, "");
      const value = Number(raw);
      if (!Number.isFinite(value)) form.add(`i-${def.code}-value`, `Enter ${def.title.toLowerCase()} as a number`);
      return {
        code: def.code,
        value: Number.isFinite(value) ? value : 0,
        unit: def.unit,
        period: posted(b, `i-${def.code}-period`),
        trend: posted(b, `i-${def.code}-trend`) || "TREND_UNSPECIFIED",
        source: posted(b, `i-${def.code}-source`),
      };
    });
  const population = posted(b, "population").replace(/,/g, "");
  if (population && !/^\d+$/.test(population)) form.add("population", "Enter the population as a whole number");
  const content = {
    priorities,
    indicators,
    population: /^\d+$/.test(population) ? population : "0",
    emergingThreats: posted(b, "threats"),
    communityViews: posted(b, "views"),
    narrative: posted(b, "narrative"),
  };
  const fieldOf = formFieldOf(
    (i) => rows[i],
    (i) => indicators[i]?.code,
  );
  return { content, fieldOf };
}

/**
 * The form field a service field path names: content.priorities[i].rationale -> p<row>-rationale,
 * content.indicators[i].value -> i-<code>-value. Given which form row holds priority i and which
 * code indicator i has, as the posted form or the stored working copy says.
 */
function formFieldOf(rowOf: (i: number) => number | undefined, codeOf: (i: number) => string | undefined) {
  return (f: string): string | undefined => {
    const p = /^content\.priorities\[(\d+)\]\.(\w+)$/.exec(f);
    if (p) {
      const row = rowOf(Number(p[1]));
      return `p${row}-${p[2] === "emerging_title" ? "emerging" : p[2] === "rationale" ? "rationale" : "theme"}`;
    }
    const x = /^content\.indicators\[(\d+)\]\.(\w+)$/.exec(f);
    if (x) return `i-${codeOf(Number(x[1]))}-${x[2] === "unit" ? "value" : x[2]}`;
    return (
      {
        "content.population": "population",
        "content.narrative": "narrative",
        "content.priorities": "p1-theme",
      } as Record<string, string>
    )[f];
  };
}

/** The form's fields in page order (so the error summary lists them in that order). */
function fieldOrder(cycle: Cycle) {
  const order: Record<string, { anchor?: string; label: string }> = {};
  for (let r = 1; r <= PRIORITY_ROWS; r++) {
    order[`p${r}-theme`] = { label: `Priority ${r}` };
    order[`p${r}-emerging`] = { label: `Priority ${r}, emerging issue` };
    order[`p${r}-rationale`] = { label: `Priority ${r}, why` };
  }
  for (const def of templateOf(cycle).indicators)
    for (const part of ["value", "period", "source"])
      order[`i-${def.code}-${part}`] = { label: `${def.title}, ${part}` };
  order.population = { label: "Population" };
  order.narrative = { label: "Summary of the assessment" };
  return order;
}

export function registerAssessmentContributionPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;
  const own = (cycle: Cycle, s: Session) => `${cycle.name}/contributions/${s.caller.partner.replace("partners/", "")}`;

  const showForm = async (
    req: Request,
    res: Response,
    s: Session,
    cycle: Cycle,
    values?: Values,
    form?: FormErrors,
  ) => {
    const mine = await d.assessments.GetContribution({ name: own(cycle, s) }, s.token).catch(() => undefined);
    const v = values ?? valuesOf(mine?.draft);
    const errors = form?.byField ?? {};
    const f = new FormFields(v, errors);
    const themeItems = [
      { value: "", text: "Not used" },
      ...templateOf(cycle).themes.map((t) => ({ value: t.code, text: t.title })),
      { value: EMERGING, text: "An emerging issue not listed" },
    ];
    const priorityFields: Field[] = [...Array(PRIORITY_ROWS).keys()].map((i) =>
      f.fieldset(`Priority ${i + 1}`, [
        f.select(`p${i + 1}-theme`, "Theme", themeItems),
        f.input(`p${i + 1}-emerging`, "Emerging issue (if not listed)"),
        f.textarea(`p${i + 1}-rationale`, "Why it is a priority, and the evidence", { rows: 2 }),
      ]),
    );
    const indicatorFields: Field[] = templateOf(cycle).indicators.map((def) =>
      f.fieldset(`${def.title} (${UNIT_TEXT[def.unit] ?? def.unit})`, [
        f.input(`i-${def.code}-value`, "Value", { classes: "govuk-input--width-10", inputmode: "decimal" }),
        f.input(`i-${def.code}-period`, "Period", {
          classes: "govuk-input--width-10",
          hint: { text: "For example, 2025/26" },
        }),
        f.select(`i-${def.code}-trend`, "Trend", TREND_ITEMS),
        f.input(`i-${def.code}-source`, "Source"),
      ]),
    );
    const latest = mine?.versions.at(-1);
    if (form) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Your partnership's contribution",
      caption: cycle.title,
      errorList: form?.summary,
      panel: req.query.saved === "1" ? { titleText: "Draft saved" } : undefined,
      inset:
        latest?.outcome === "CONTRIBUTION_STATE_RETURNED"
          ? `Version ${latest.version} was returned: ${latest.returnReasons}`
          : undefined,
      intro: [
        `Due by ${formatDateTime(at(cycle.dueTime))}. Rank up to ten priorities in order, highest first; leave the rest as "Not used".`,
      ],
      forms: [
        {
          action: `/assessments/${cycleIdOf(cycle.name)}/contribution`,
          fields: [
            ...priorityFields,
            ...indicatorFields,
            f.input("population", "Resident population of the area", {
              classes: "govuk-input--width-10",
              inputmode: "numeric",
              hint: { text: "Weights the area's rates and percentages in the force-wide figures" },
            }),
            f.textarea("threats", "Emerging threats (optional)", { rows: 3 }),
            f.textarea("views", "Community views (optional)", { rows: 3 }),
            f.textarea("narrative", "Summary of the assessment", { rows: 6 }),
          ],
          submit: "Save and continue",
          more: [{ text: "Save as draft", formaction: `/assessments/${cycleIdOf(cycle.name)}/contribution?draft=1` }],
        },
      ],
      backLink: { href: `/assessments/${cycleIdOf(cycle.name)}`, text: "Back to the cycle" },
    });
  };

  const cycleFor = async (req: Request, res: Response, s: Session) => {
    const id = String(req.params.id);
    if (!CYCLE_ID.test(id) || !s.isPartnership) {
      notFound(req, res);
      return undefined;
    }
    return d.assessments.GetCycle({ name: `assessments/${id}` }, s.token);
  };

  r.get(
    "/assessments/:id/contribution",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (cycle) await showForm(req, res, s, cycle);
    }),
  );

  r.post(
    "/assessments/:id/contribution",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (!cycle) return;
      const b = req.body as Values;
      const form = new FormErrors(fieldOrder(cycle));
      const { content, fieldOf } = contentOf(b, cycle, form);
      try {
        // When the page's own checks already failed, the service checks the rest in the same round
        // (validate_only; a number that could not be read stands in as 0) and nothing is saved.
        await d.assessments.SaveContributionDraft(
          { cycle: cycle.name, content, requestId: `web-${randomUUID()}`, validateOnly: form.any } as Ask<
            "assessments",
            "SaveContributionDraft"
          >,
          s.token,
        );
        const id = cycleIdOf(cycle.name);
        if (!form.any)
          return res.redirect(
            303,
            req.query.draft ? `/assessments/${id}/contribution?saved=1` : `/assessments/${id}/contribution/check`,
          );
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), fieldOf);
      }
      await showForm(req, res, s, cycle, b, form);
    }),
  );

  const showCheck = async (req: Request, res: Response, s: Session, cycle: Cycle, problems: FieldViolation[] = []) => {
    const mine = await d.assessments.GetContribution({ name: own(cycle, s) }, s.token);
    const c = mine.draft as Content;
    const id = cycleIdOf(cycle.name);
    // The service names fields by their path; people read the form's labels.
    const labels = fieldOrder(cycle);
    const formField = formFieldOf(
      (i) => c.priorities[i]?.rank,
      (i) => c.indicators[i]?.code,
    );
    const labelOf = (field: string) => labels[formField(field) ?? ""]?.label ?? field.replace(/^content\./, "");
    const change = {
      items: [{ href: `/assessments/${id}/contribution`, text: "Change", visuallyHiddenText: "your contribution" }],
    };
    if (problems.length) res.status(400);
    render(req, res, "form-page.njk", {
      title: "Check your contribution before submitting it",
      caption: cycle.title,
      errorList: problems.map((p) => ({
        text: `${labelOf(p.field)}: ${p.description}`,
        href: `/assessments/${id}/contribution`,
      })),
      summary: [
        ...c.priorities.map((p) => ({
          key: { text: `Priority ${p.rank}` },
          value: { text: `${priorityText(p, templateOf(cycle).themes)}: ${p.rationale}` },
          actions: change,
        })),
        ...c.indicators.map((x) => ({
          key: { text: templateOf(cycle).indicators.find((i) => i.code === x.code)?.title ?? x.code },
          value: { text: `${x.value} (${x.period}, ${x.source})` },
          actions: change,
        })),
        { key: { text: "Population" }, value: { text: c.population }, actions: change },
        { key: { text: "Summary" }, value: { text: c.narrative }, actions: change },
      ],
      forms: [
        {
          action: `/assessments/${id}/contribution/submit`,
          heading: "Submit your contribution",
          fields: [
            {
              kind: "html",
              html: '<p class="govuk-body">The OPCC may accept it or return it with reasons. Each submitted version is kept.</p>',
            },
          ],
          submit: "Submit the contribution",
        },
      ],
    });
  };

  r.get(
    "/assessments/:id/contribution/check",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (cycle) await showCheck(req, res, s, cycle);
    }),
  );

  r.post(
    "/assessments/:id/contribution/submit",
    page(async (req, res, s) => {
      const cycle = await cycleFor(req, res, s);
      if (!cycle) return;
      try {
        await d.assessments.SubmitContribution({ cycle: cycle.name, requestId: `web-${randomUUID()}` }, s.token);
        return res.redirect(303, `/assessments/${cycleIdOf(cycle.name)}?submitted=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        await showCheck(req, res, s, cycle, fieldViolationsOf(err));
      }
    }),
  );

  // ---- the OPCC's review and s.10 responses ----

  const showReview = async (req: Request, res: Response, s: Session, values: Values = {}, form?: FormErrors) => {
    const id = String(req.params.id);
    const partner = String(req.params.partner);
    if (!CYCLE_ID.test(id) || !PARTNER_ID.test(partner) || !s.isOpcc) return notFound(req, res);
    const [cycle, c] = await Promise.all([
      d.assessments.GetCycle({ name: `assessments/${id}` }, s.token),
      d.assessments.GetContribution({ name: `assessments/${id}/contributions/${partner}` }, s.token),
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
            { text: x.planObjective },
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
                  f.input("objective", "Plan objective (optional)"),
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
          planObjective: posted(b, "objective"),
          requestId,
        },
        token,
      ),
    { priority_key: "priority", response: "response", plan_objective: "objective" },
  );
}
