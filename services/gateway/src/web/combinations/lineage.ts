/**
 * A partnership's lineage: its status (active, combined into another, or dissolved once its
 * agreement ended), its members, the partnerships it succeeds and those that succeed it, each linked
 * to its own lineage page, and the combination agreement that made or last changed it.
 */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { link } from "../frame/labels";
import { agreementPath, PARTNER_ID, partnerList, partnerStatusHtml } from "./views";

export function registerLineagePage(r: Router, a: WebArea): void {
  const { d, page, render, notFound } = a;

  r.get(
    "/partnerships/:id",
    page(async (req, res, s) => {
      const id = String(req.params.id);
      if (!PARTNER_ID.test(id)) return notFound(req, res);
      const p = await d.directory.GetPartner({ name: `partners/${id}` }, s.token);
      const nameOf = (x: string) => a.nameOf(res, x);
      const row = (key: string, html: string) => ({ key: { text: key }, value: { html } });
      render(req, res, "form-page.njk", {
        title: p.displayName,
        caption: "Partnership",
        summary: [
          row("Status", partnerStatusHtml(p, nameOf)),
          row("Members", partnerList(p.members, nameOf, false)),
          row("Succeeds", partnerList(p.predecessors, nameOf)),
          row("Succeeded by", partnerList(p.successors, nameOf)),
          ...(p.combination
            ? [row("Combination agreement", link(agreementPath(p.combination), "Read the combination agreement"))]
            : []),
        ],
        backLink: { href: "/combinations", text: "All combination agreements" },
      });
    }),
  );
}
