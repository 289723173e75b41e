/**
 * The assessments area of the web service: the OPCC opens a cycle, follows progress across the
 * partnerships, reads the compiled picture with its provenance (which partnership said what) and
 * publishes editions; a partnership sees its cycles and the responses to its priorities; the panel
 * reads published editions. Every page is the shared form page (views/form-page.njk) fed as data.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument, toTimestamp } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import type { Ask } from "../../downstream";
import type { WebArea } from "../frame/area";
import { endOfLondonWorkingDay, formatDate, formatDateTime, parseDateInput } from "../frame/forms/dates";
import { type FieldSpec, FormErrors } from "../frame/forms/errors";
import { FormFields, posted, type Values } from "../frame/forms/fields";
import { link } from "../frame/labels";
import { at, tag } from "../meetings/views";
import { COMBINE_TEXT, CYCLE_ID, contributionTag, cycleIdOf, lastSegment, templateOf, UNIT_TEXT } from "./views";

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

const EXPORTS = { json: "EXPORT_FORMAT_JSON", csv: "EXPORT_FORMAT_CSV", html: "EXPORT_FORMAT_HTML" } as const;

export function registerAssessmentPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;
  const cycleOf = (id: string, token: string) => d.assessments.GetCycle({ name: `assessments/${id}` }, token);

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

  r.get(
    "/assessments/editions",
    page(async (req, res, s) => {
      const list = await d.assessments.ListEditions({ pageSize: 100 }, s.token);
      render(req, res, "form-page.njk", {
        title: "Published joint strategic assessments",
        tables: [
          {
            caption: "Editions, newest first",
            empty: "No edition has been published yet.",
            head: [{ text: "Assessment" }, { text: "Year" }, { text: "Edition" }, { text: "Published" }],
            rows: list.editions.map((e) => [
              { html: link(`/${e.name}`, e.title) },
              { text: e.year },
              { text: String(e.number) },
              { text: formatDateTime(at(e.publishTime)) },
            ]),
          },
        ],
      });
    }),
  );

  const showCycle = async (req: Request, res: Response, s: Session) => {
    const id = String(req.params.id);
    if (!CYCLE_ID.test(id)) return notFound(req, res);
    const cycle = await cycleOf(id, s.token);
    const editions = await d.assessments.ListEditions({ cycle: cycle.name, pageSize: 100 }, s.token);
    const editionTable = {
      caption: "Published editions",
      empty: "No edition has been published yet.",
      head: [{ text: "Edition" }, { text: "Published" }],
      rows: editions.editions.map((e) => [
        { html: link(`/${e.name}`, `Edition ${e.number}`) },
        { text: formatDateTime(at(e.publishTime)) },
      ]),
    };
    const summary = [
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
    const own = await d.assessments
      .GetContribution({ name: `${cycle.name}/contributions/${lastSegment(s.caller.partner)}` }, s.token)
      .catch(() => undefined);
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
            { text: x.planObjective },
          ]),
        },
        editionTable,
      ],
    });
  };

  r.get("/assessments/:id", page(showCycle));

  const showCompilation = async (req: Request, res: Response, s: Session, values: Values = {}, form?: FormErrors) => {
    const id = String(req.params.id);
    if (!CYCLE_ID.test(id) || !s.isOpcc) return notFound(req, res);
    const cycle = await cycleOf(id, s.token);
    const c = await d.assessments.GetCompilation({ cycle: cycle.name }, s.token).catch(() => undefined);
    if (form) res.status(400);
    const f = new FormFields(values, form?.byField ?? {});
    render(req, res, "form-page.njk", {
      title: "The compiled picture",
      caption: cycle.title,
      errorList: form?.summary,
      intro: c
        ? [
            `Compiled ${c.compileTime ? formatDateTime(at(c.compileTime)) : ""} from ${c.inputs.length} contribution${c.inputs.length === 1 ? "" : "s"}. Rank 1 earns 10 points and rank 10 earns 1; ties go to the priority more partnerships named, then the one ranked higher somewhere.`,
          ]
        : ["Not compiled yet: the compilation follows within seconds of a contribution changing. Reload the page."],
      tables: c
        ? [
            {
              caption: "Force-wide priorities, with which partnership said what",
              head: [{ text: "Position" }, { text: "Priority" }, { text: "Score" }, { text: "Named by (rank)" }],
              rows: c.priorities.map((p) => [
                { text: String(p.position) },
                { text: p.emerging ? `${p.title} (emerging issue)` : p.title },
                { text: String(p.score) },
                { text: p.provenance.map((x) => `${nameOf(res, x.partner)} (${x.rank}, v${x.version})`).join("; ") },
              ]),
            },
            {
              caption: "Indicators",
              head: [{ text: "Indicator" }, { text: "Force-wide" }, { text: "How combined" }, { text: "Areas" }],
              rows: c.indicators.map((x) => [
                { text: x.title },
                { text: x.combined ? `${x.value} ${UNIT_TEXT[x.unit] ?? ""}` : "Not combined" },
                { text: COMBINE_TEXT[x.combine] ?? x.combine },
                { text: x.provenance.map((p) => `${nameOf(res, p.partner)}: ${p.value}`).join("; ") || "None" },
              ]),
            },
            {
              caption: "Not contributed",
              empty: "Every partnership has contributed.",
              head: [{ text: "Partnership" }],
              rows: c.gaps.map((g) => [{ text: nameOf(res, g) }]),
            },
          ]
        : [],
      forms:
        c && c.inputs.length > 0
          ? [
              {
                action: `/assessments/${id}/editions`,
                heading: "Publish an edition",
                fields: [
                  f.textarea("note", "Note for readers (optional)", { rows: 3 }),
                  { kind: "html", html: `<input type="hidden" name="sha256" value="${c.sha256}">` },
                ],
                submit: "Publish this edition",
              },
            ]
          : [],
      backLink: { href: `/assessments/${id}`, text: "Back to the cycle" },
    });
  };

  r.get(
    "/assessments/:id/compilation",
    page((req, res, s) => showCompilation(req, res, s)),
  );

  r.post(
    "/assessments/:id/editions",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!CYCLE_ID.test(id) || !s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors({ note: { label: "Note" } });
      try {
        const e = await d.assessments.PublishEdition(
          {
            cycle: `assessments/${id}`,
            note: posted(b, "note"),
            compilationSha256: posted(b, "sha256"),
            requestId: `web-${randomUUID()}`,
          },
          s.token,
        );
        return res.redirect(303, `/${e.name}?published=1`);
      } catch (err) {
        if (!isInvalidArgument(err)) throw err;
        form.addViolations(fieldViolationsOf(err), (f) => (f === "note" ? "note" : undefined));
      }
      await showCompilation(req, res, s, b, form);
    }),
  );

  r.get(
    "/assessments/:id/editions/:n",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      const n = String(req.params.n);
      if (!CYCLE_ID.test(id) || !/^[1-9][0-9]{0,5}$/.test(n)) return notFound(req, res);
      const e = await d.assessments.GetEdition({ name: `assessments/${id}/editions/${n}` }, s.token);
      const base = `/assessments/${id}/editions/${n}/export`;
      render(req, res, "form-page.njk", {
        title: `${e.title}, edition ${e.number}`,
        caption: `Joint strategic assessment ${e.year}`,
        panel:
          req.query.published === "1" ? { titleText: "Edition published", text: `Edition ${e.number}` } : undefined,
        summary: [
          { key: { text: "Published" }, value: { text: formatDateTime(at(e.publishTime)) } },
          ...(e.note ? [{ key: { text: "Note" }, value: { text: e.note } }] : []),
          { key: { text: "SHA-256" }, value: { text: e.sha256 } },
          {
            key: { text: "Download" },
            value: {
              html: [
                link(`${base}.html`, "Printable page with chart"),
                link(`${base}.csv`, "CSV"),
                link(`${base}.json`, "JSON"),
              ].join(" · "),
            },
          },
        ],
        tables: [
          {
            caption: "Force-wide priorities",
            head: [{ text: "Position" }, { text: "Priority" }, { text: "Score" }, { text: "Partnerships" }],
            rows: (e.compilation?.priorities ?? []).map((p) => [
              { text: String(p.position) },
              { text: p.emerging ? `${p.title} (emerging issue)` : p.title },
              { text: String(p.score) },
              { text: String(p.partnerCount) },
            ]),
          },
        ],
        backLink: s.isPanel
          ? { href: "/assessments/editions", text: "All published editions" }
          : { href: `/assessments/${id}`, text: "Back to the cycle" },
      });
    }),
  );

  r.get(
    "/assessments/:id/editions/:n/export.:format",
    page(async (req, res, s) => {
      const format = String(req.params.format) as keyof typeof EXPORTS;
      if (!(format in EXPORTS) || !CYCLE_ID.test(String(req.params.id))) return notFound(req, res);
      const out = await d.assessments.ExportEdition(
        { name: `assessments/${req.params.id}/editions/${req.params.n}`, format: EXPORTS[format] },
        s.token,
      );
      // The printable page opens in the browser; the data files download.
      const disposition = format === "html" ? "inline" : "attachment";
      res.type(out.contentType).setHeader("content-disposition", `${disposition}; filename="${out.filename}"`);
      // The printable page carries its own inline styles and no script.
      if (format === "html")
        res.setHeader(
          "content-security-policy",
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        );
      res.send(out.data);
    }),
  );
}
