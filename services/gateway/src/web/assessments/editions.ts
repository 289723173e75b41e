/**
 * The assessments' compiled picture and editions, on the web: the OPCC reads the compiled picture
 * with its provenance (which partnership said what) and publishes it as an edition; the published
 * editions, with their downloads, are what the panel reads.
 */

import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isInvalidArgument } from "@csp-mesh/kit";
import type { Request, Response, Router } from "express";
import type { Session } from "../../auth";
import { fileDisposition } from "../../http/streams";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { formatDateTime } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { FormFields, posted, type Values } from "../frame/forms/fields";
import { at, link } from "../frame/labels";
import { COMBINE_TEXT, CYCLE_ID, UNIT_TEXT } from "./views";

const EXPORTS = { json: "EXPORT_FORMAT_JSON", csv: "EXPORT_FORMAT_CSV", html: "EXPORT_FORMAT_HTML" } as const;

/** The published editions, newest first. */
export function registerEditionListPage(r: Router, a: WebArea): void {
  const { d, page, render } = a;

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
}

/** A cycle's compiled picture and publishing it; one published edition and its downloads. */
export function registerEditionPages(r: Router, a: WebArea): void {
  const { d, page, render, notFound, nameOf } = a;

  const showCompilation = async (req: Request, res: Response, s: Session, values: Values = {}, form?: FormErrors) => {
    const id = String(req.params.id);
    if (!CYCLE_ID.test(id) || !s.isOpcc) return notFound(req, res);
    const cycle = await d.assessments.GetCycle({ name: `assessments/${id}` }, s.token);
    const c = await unlessNotFound(d.assessments.GetCompilation({ cycle: cycle.name }, s.token));
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
      res.type(out.contentType).setHeader("content-disposition", fileDisposition(out.filename, disposition));
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
