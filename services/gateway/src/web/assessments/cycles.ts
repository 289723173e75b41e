/**
 * The assessment cycles, on the web: the OPCC opens a cycle and follows progress across the
 * partnerships; a partnership sees its cycles and the responses to its priorities. The compiled
 * picture and the published editions are in editions.ts. Every page of the area is the shared form
 * page (views/form-page.njk) fed as data.
 */

import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask, Reply } from "../../downstream";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { endOfLondonWorkingDay, formatDate, formatDateTime, parseDateInput } from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { FormFields, posted, type Values } from "../frame/forms/fields";
import { at, link, tag } from "../frame/labels";
import { CYCLE_ID, type Cycle, contributionTag, cycleIdOf, lastSegment, templateOf } from "./views";

const OPEN_FIELDS: Record<string, FieldSpec> = {
  year: { message: "Enter the financial year, such as 2026/27" },
  title: { message: "Enter a title of 5 characters or more" },
  due: { anchor: "due-day", message: "Enter a due date in the future" },
  partners: { anchor: "partners", message: "Select the partnerships to address" },
  compileFrom: { anchor: "compileFrom", message: "Select which versions the compilation uses" },
};
const openFieldOf = (f: string) =>
  ({ "cycle.year": "year", "cycle.title": "title", "cycle.due_time": "due", "cycle.all_active_csps": "partners" })[f] ??
  (f.startsWith("cycle.partners") ? "partners" : undefined);

/** The cycle's published editions, as its page lists them. */
export const publishedEditionsTable = (editions: Reply<"assessments", "ListEditions">["editions"]) => ({
  caption: "Published editions",
  empty: "No edition has been published yet.",
  head: [{ text: "Edition" }, { text: "Published" }],
  rows: editions.map((e) => [
    { html: link(`/${e.name}`, `Edition ${e.number}`) },
    { text: formatDateTime(at(e.publishTime)) },
  ]),
});

/** What the cycle's page says about it, to the OPCC and partnerships alike. */
export const cycleSummary = (cycle: Cycle) => [
  { key: { text: "Year" }, value: { text: cycle.year } },
  { key: { text: "Due" }, value: { text: formatDateTime(at(cycle.dueTime)) } },
  { key: { text: "Taxonomy" }, value: { text: templateOf(cycle).taxonomyVersion } },
  {
    key: { text: "Compiled from" },
    value: {
      text: cycle.compileFrom === "COMPILE_FROM_SUBMITTED" ? "Latest submitted versions" : "Accepted versions",
    },
  },
];

/** The list of cycles and opening one (the OPCC). */
export function registerCycleListPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  r.get(
    "/assessments",
    page(async (req, res, s) => {
      if (s.isPanel) return res.redirect(303, "/assessments/editions");
      const list = await d.assessments.ListCycles({ pageSize: 100 }, s.token);
      render(req, res, "form-page.njk", {
        title: "Joint strategic assessments",
        intro: [
          s.isOpcc
            ? "Each partnership contributes its annual strategic assessment; the mesh compiles the force-wide picture."
            : "The assessment cycles your partnership is asked to contribute to.",
        ],
        buttons: s.isOpcc ? [{ href: "/assessments/new", text: "Open a cycle" }] : [],
        tables: [
          {
            caption: "Cycles, newest first",
            empty: "There are no assessment cycles yet.",
            head: [{ text: "Cycle" }, { text: "Year" }, { text: "Due" }, { text: "Partnerships" }],
            rows: list.cycles.map((c) => [
              { html: link(`/assessments/${cycleIdOf(c.name)}`, c.title) },
              { text: c.year },
              { text: formatDate(at(c.dueTime)) },
              { text: String(c.partners.length) },
            ]),
          },
        ],
        backLink: { href: "/assessments/editions", text: "Published editions" },
      });
    }),
  );

  const openForm = (req: Request, res: Response, values: Values, form: FormErrors, code = 200) => {
    const f = new FormFields(values, form.byField);
    const chosen = Array.isArray(values.partners)
      ? (values.partners as string[])
      : values.partners
        ? [String(values.partners)]
        : [];
    res.status(code);
    render(req, res, "form-page.njk", {
      title: "Open an assessment cycle",
      errorList: form.summary,
      intro: [
        "Each partnership addressed contributes its ranked priorities, indicators and narrative against the mesh's template (taxonomy 2026.1).",
      ],
      forms: [
        {
          action: "/assessments/new",
          fields: [
            f.input("year", "Financial year", {
              hint: { text: "For example, 2026/27" },
              classes: "govuk-input--width-5",
            }),
            f.input("title", "Title"),
            f.date("due", "Contributions due by", "For example, 30 6 2026. Due at 5pm on that day."),
            {
              kind: "checkboxes",
              params: {
                idPrefix: "partners",
                name: "partners",
                fieldset: { legend: { text: "Partnerships", classes: "govuk-fieldset__legend--s" } },
                errorMessage: form.byField.partners ? { text: form.byField.partners } : undefined,
                items: a.partnershipItems(res, chosen, chosen.includes("all")),
              },
            },
            f.radios("compileFrom", "Compile from", [
              { value: "COMPILE_FROM_ACCEPTED", text: "Accepted contributions only" },
              { value: "COMPILE_FROM_SUBMITTED", text: "The latest submitted, before review" },
            ]),
          ],
          submit: "Open the cycle",
        },
      ],
    });
  };

  r.get(
    "/assessments/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      openForm(req, res, { compileFrom: "COMPILE_FROM_ACCEPTED", partners: ["all"] }, new FormErrors(OPEN_FIELDS));
    }),
  );

  r.post(
    "/assessments/new",
    page(async (req, res, s) => {
      if (!s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const partners = (Array.isArray(b.partners) ? b.partners : b.partners ? [b.partners] : []).map(String);
      const all = partners.includes("all");
      const form = new FormErrors(OPEN_FIELDS);
      const due = parseDateInput(
        { day: posted(b, "due-day"), month: posted(b, "due-month"), year: posted(b, "due-year") },
        "Contributions due by",
      );
      if (!due.ok) form.add("due", due.message);
      if (partners.length === 0) form.add("partners", "Select the partnerships to address");
      const body = {
        cycle: {
          year: posted(b, "year"),
          title: posted(b, "title"),
          dueTime: toTimestamp(due.ok ? endOfLondonWorkingDay(due.date) : new Date(Date.now() + 30 * 86_400_000)),
          partners: all ? [] : partners,
          allActiveCsps: all || partners.length === 0,
          compileFrom: posted(b, "compileFrom") || "COMPILE_FROM_ACCEPTED",
          classification: "CLASSIFICATION_OFFICIAL",
        },
        requestId: `web-${randomUUID()}`,
        validateOnly: form.any,
      };
      try {
        const cycle = await d.assessments.OpenCycle(body as Ask<"assessments", "OpenCycle">, s.token);
        if (!form.any) return res.redirect(303, `/assessments/${cycleIdOf(cycle.name)}`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), openFieldOf);
      }
      openForm(req, res, b, form, 400);
    }),
  );
}

/** One cycle's page: the OPCC's progress across the partnerships, or a partnership's own contribution. */
export function registerCyclePage(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;

  const showCycle = async (req: Request, res: Response, s: Session) => {
    const id = String(req.params.id);
    if (!CYCLE_ID.test(id)) return notFound(req, res);
    const cycle = await d.assessments.GetCycle({ name: `assessments/${id}` }, s.token);
    const editions = await d.assessments.ListEditions({ cycle: cycle.name, pageSize: 100 }, s.token);
    const editionTable = publishedEditionsTable(editions.editions);
    const summary = cycleSummary(cycle);
    if (s.isOpcc) {
      const progress = await d.assessments.GetCycleProgress({ name: cycle.name }, s.token);
      return render(req, res, "form-page.njk", {
        title: cycle.title,
        caption: "Joint strategic assessment",
        summary,
        tables: [
          {
            caption: "Progress across the partnerships",
            head: [
              { text: "Partnership" },
              { text: "Status" },
              { text: "Version" },
              { text: "Priorities awaiting a response" },
            ],
            rows: progress.partners.map((p) => [
              {
                html:
                  p.state === "CONTRIBUTION_STATE_NOT_STARTED"
                    ? nameOf(res, p.partner)
                    : link(`/assessments/${id}/contributions/${lastSegment(p.partner)}`, nameOf(res, p.partner)),
              },
              {
                html: `${tag(contributionTag(p.state))}${p.overdue ? ` ${tag(["Overdue", "govuk-tag--red"])}` : ""}`,
              },
              { text: p.latestVersion ? String(p.latestVersion) : "" },
              { text: String(p.unansweredPriorities.length) },
            ]),
          },
          editionTable,
        ],
        backLink: { href: `/assessments/${id}/compilation`, text: "The compiled picture, and publishing an edition" },
      });
    }
    const own = await unlessNotFound(
      d.assessments.GetContribution({ name: `${cycle.name}/contributions/${lastSegment(s.caller.partner)}` }, s.token),
    );
    const state = own?.state ?? "CONTRIBUTION_STATE_NOT_STARTED";
    const latest = own?.versions.at(-1);
    render(req, res, "form-page.njk", {
      title: cycle.title,
      caption: "Joint strategic assessment",
      panel:
        req.query.submitted === "1"
          ? { titleText: "Contribution submitted", text: `Version ${latest?.version ?? ""}` }
          : undefined,
      summary: [
        ...summary,
        { key: { text: "Your contribution" }, value: { html: tag(contributionTag(state)) } },
        ...(latest?.outcome === "CONTRIBUTION_STATE_RETURNED"
          ? [{ key: { text: "Returned because" }, value: { text: latest.returnReasons } }]
          : []),
      ],
      buttons:
        s.isPartnership && state !== "CONTRIBUTION_STATE_ACCEPTED"
          ? [{ href: `/assessments/${id}/contribution`, text: "Work on your contribution" }]
          : [],
      tables: [
        {
          caption: "How the Police and Crime Plan had regard to your priorities",
          empty: "No response has been recorded yet.",
          head: [{ text: "Priority" }, { text: "Response" }, { text: "Plan objective" }],
          rows: (own?.responses ?? []).map((x) => [
            { text: x.priorityTitle },
            { text: x.response },
            { text: x.objectiveTitle || x.planObjective },
          ]),
        },
        editionTable,
      ],
    });
  };

  r.get("/assessments/:id", page(showCycle));
}
