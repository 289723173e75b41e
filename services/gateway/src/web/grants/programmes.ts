/**
 * Grant programmes on the web: the list (the OPCC's drafts too), one programme's terms, allocations
 * and conditions, and the OPCC opening or closing it. Money is shown as pounds from whole pence.
 */
import { randomUUID } from "node:crypto";
import type { Router } from "express";
import type { Session } from "../../auth";
import type { Reply } from "../../downstream";
import { unlessNotFound } from "../frame/absent";
import type { WebArea } from "../frame/area";
import { dateText, link, tag } from "../frame/labels";
import { applicationTag } from "./applications";
import { objectiveTitles } from "./objectives";
import { KIND_TEXT, objectiveParts, PROGRAMME_ID, PROGRAMME_STATE, pounds, trancheText } from "./views";

const stateTag = (s: string) => tag(PROGRAMME_STATE[s] ?? [s, "govuk-tag--grey"]);

/** Every programme the person may see, newest year first, and the plans they serve. */
export function registerProgrammeListPage(r: Router, a: WebArea): void {
  const { d, page, render } = a;
  r.get(
    "/grants",
    page(async (req, res, s) => {
      const [programmes, plans] = await Promise.all([
        d.grants.ListProgrammes({ pageSize: 100 }, s.token),
        d.plans.ListPlans({ pageSize: 20 }, s.token),
      ]);
      render(req, res, "form-page.njk", {
        title: "Grants",
        intro: [
          "Crime and disorder reduction grants the Police and Crime Commissioner makes to partnerships (Police Reform and Social Responsibility Act 2011, section 9), against the Police and Crime Plan.",
        ],
        buttons: s.isOpcc
          ? [
              { href: "/grants/programmes/new", text: "Draft a programme" },
              { href: "/grants/plans/new", text: "Publish a plan", classes: "govuk-button--secondary" },
            ]
          : [],
        tables: [
          {
            caption: "Programmes, newest year first",
            empty: "There are no programmes yet.",
            head: [
              { text: "Programme" },
              { text: "Year" },
              { text: "Kind" },
              { text: "State" },
              { text: "Budget", format: "numeric" },
            ],
            rows: programmes.programmes.map((p) => [
              { html: link(`/grants/${p.name}`, p.title) },
              { text: p.year },
              { text: KIND_TEXT[p.kind] ?? p.kind },
              { html: stateTag(p.state) },
              { text: pounds(p.budgetPence), format: "numeric" },
            ]),
          },
          {
            caption: "Police and Crime Plans",
            empty: "No plan has been published yet.",
            head: [{ text: "Plan" }, { text: "Period" }, { text: "Version", format: "numeric" }],
            rows: plans.plans.map((p) => [
              { html: link(`/grants/${p.name}`, p.title) },
              { text: p.period },
              { text: String(p.latestVersion), format: "numeric" },
            ]),
          },
        ],
      });
    }),
  );
}

/** One programme; the OPCC opens a draft and closes an open one. */
export function registerProgrammePages(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  /**
   * The programme's business cases as the person may see them: every one for the OPCC; for a
   * partnership, its own and the way to start or change it while the programme is open.
   */
  const businessCases = async (p: Reply<"grants", "GetProgramme">, s: Session) => {
    const id = p.name.replace("programmes/", "");
    if (s.isOpcc && p.state !== "PROGRAMME_STATE_DRAFT") {
      const { applications, totalSize } = await d.grants.ListApplications(
        { programme: p.name, pageSize: 100 },
        s.token,
      );
      return {
        buttons: [],
        tables: [
          {
            caption: `Business cases (${totalSize})`,
            empty: "No partnership has started a business case yet.",
            head: [{ text: "Partnership" }, { text: "State" }, { text: "Asks for", format: "numeric" }],
            rows: applications.map((x) => [
              { html: link(`/grants/${x.name}`, x.partnerDisplayName || x.partner) },
              { html: applicationTag(x.state) },
              { text: pounds(x.requestedPence), format: "numeric" },
            ]),
          },
        ],
      };
    }
    const mayApply =
      s.isPartnership &&
      p.state === "PROGRAMME_STATE_OPEN" &&
      (p.kind === "PROGRAMME_KIND_OPEN_ROUND" || p.allocations.some((x) => x.partner === s.caller.partner));
    if (!mayApply) return { buttons: [], tables: [] };
    const mine = await unlessNotFound(
      d.grants.GetApplication({ name: `${p.name}/applications/${s.caller.partner.replace("partners/", "")}` }, s.token),
    );
    const submitted = (mine?.versions.length ?? 0) > 0;
    return {
      buttons:
        mine?.state === "APPLICATION_STATE_ACCEPTED"
          ? []
          : [
              {
                href: `/grants/programmes/${id}/apply`,
                text: mine ? "Continue your business case" : "Start your business case",
              },
            ],
      tables:
        submitted && mine
          ? [
              {
                caption: "Your business case",
                head: [{ text: "State" }, { text: "Asks for", format: "numeric" }],
                rows: [
                  [
                    { html: `${applicationTag(mine.state)} ${link(`/grants/${mine.name}`, "View it")}` },
                    { text: pounds(mine.requestedPence), format: "numeric" },
                  ],
                ],
              },
            ]
          : [],
    };
  };

  r.get(
    "/grants/programmes/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!PROGRAMME_ID.test(id)) return notFound(req, res);
      const p = await d.grants.GetProgramme({ name: `programmes/${id}` }, s.token);
      const titles = await objectiveTitles(d, s.token, p.objectives);
      const cases = await businessCases(p, s);
      const allocation = p.kind === "PROGRAMME_KIND_ALLOCATION";
      const action =
        s.isOpcc && p.state === "PROGRAMME_STATE_DRAFT"
          ? { verb: "open", heading: "Open this programme", submit: "Open the programme" }
          : s.isOpcc && p.state === "PROGRAMME_STATE_OPEN"
            ? { verb: "close", heading: "Close this programme", submit: "Close the programme" }
            : undefined;
      render(req, res, "form-page.njk", {
        title: p.title,
        caption: `Grant programme ${p.year}`,
        intro: p.description ? [p.description] : [],
        summary: [
          { key: { text: "State" }, value: { html: stateTag(p.state) } },
          { key: { text: "Kind" }, value: { text: KIND_TEXT[p.kind] ?? p.kind } },
          { key: { text: "Budget" }, value: { text: pounds(p.budgetPence) } },
          ...(allocation ? [{ key: { text: "Not allocated" }, value: { text: pounds(p.unallocatedPence) } }] : []),
          ...(allocation
            ? []
            : [
                { key: { text: "Most for one project" }, value: { text: pounds(p.projectMaxPence) } },
                { key: { text: "Most for a county-wide project" }, value: { text: pounds(p.countyWideMaxPence) } },
              ]),
          {
            key: { text: "Applications" },
            value: { text: `${dateText(p.windowOpenTime)} to ${dateText(p.windowCloseTime)}` },
          },
          { key: { text: "Paid" }, value: { text: p.tranches.map(trancheText).join("; ") } },
          ...(p.state === "PROGRAMME_STATE_DRAFT"
            ? []
            : [
                {
                  key: { text: "Money and outcomes" },
                  value: { html: link(`/grants/programmes/${id}/summary`, "Committed, paid and repaid; outcomes") },
                },
              ]),
        ],
        tables: [
          ...(allocation
            ? [
                {
                  caption: "Allocations",
                  head: [{ text: "Partnership" }, { text: "Amount", format: "numeric" }],
                  rows: p.allocations.map((x) => [
                    { text: x.partnerName || x.partner },
                    { text: pounds(x.amountPence), format: "numeric" },
                  ]),
                },
              ]
            : []),
          ...cases.tables,
          {
            caption: "Police and Crime Plan objectives it serves",
            head: [{ text: "Objective" }],
            rows: p.objectives.map((o) => [{ text: titles.get(o) ?? objectiveParts(o)[1] }]),
          },
          {
            caption: "Conditions of every grant",
            head: [{ text: "Condition" }],
            rows: p.conditions.map((c) => [{ text: c.text || c.code }]),
          },
        ],
        buttons: cases.buttons,
        forms: action
          ? [
              {
                action: `/grants/programmes/${id}/${action.verb}`,
                heading: action.heading,
                fields: [{ kind: "html", html: `<input type="hidden" name="etag" value="${p.etag}">` }],
                submit: action.submit,
              },
            ]
          : [],
        backLink: { href: "/grants", text: "All grant programmes" },
      });
    }),
  );

  for (const verb of ["open", "close"] as const)
    r.post(
      `/grants/programmes/:id/${verb}`,
      page(async (req, res, s) => {
        const id = String(req.params.id);
        if (!PROGRAMME_ID.test(id) || !s.isOpcc) return notFound(req, res);
        const request = {
          name: `programmes/${id}`,
          etag: String((req.body as Record<string, unknown>).etag ?? ""),
          requestId: `web-${randomUUID()}`,
        };
        if (verb === "open") await d.grants.OpenProgramme(request, s.token);
        else await d.grants.CloseProgramme(request, s.token);
        return res.redirect(303, `/grants/programmes/${id}`);
      }),
    );
}
