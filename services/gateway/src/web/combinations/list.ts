/**
 * The combination agreements a person may read (the service decides: the OPCC every one, a
 * partnership or authority those concerning it, the panel once the PCC has decided), and the way to
 * propose one for the OPCC and the partnerships' chairs.
 */
import type { Router } from "express";
import type { WebArea } from "../frame/area";
import { formatCalendarDate } from "../frame/forms/dates";
import { link } from "../frame/labels";
import { agreementPath, mayPropose, stateTag } from "./views";

export function registerCombinationListPage(r: Router, a: WebArea): void {
  const { d, page, render, nameOf } = a;

  r.get(
    "/combinations",
    page(async (req, res, s) => {
      const list = await d.combinations.ListCombinations({ pageSize: 100 }, s.token);
      render(req, res, "form-page.njk", {
        title: "Combination agreements",
        intro: [
          "The PCC may combine the community safety partnerships of two or more areas by agreement with every responsible authority of those areas (Crime and Disorder Act 1998, section 5A).",
        ],
        buttons: mayPropose(s) ? [{ href: "/combinations/new", text: "Propose a combination" }] : [],
        tables: [
          {
            caption: "Agreements",
            captionClasses: "govuk-table__caption--m",
            empty: s.isPanel
              ? "The PCC has not decided on any combination yet."
              : "There are no combination agreements you may see yet.",
            head: [{ text: "Combined partnership" }, { text: "Areas" }, { text: "State" }, { text: "Effective date" }],
            rows: list.combinations.map((c) => [
              { html: link(agreementPath(c.name), c.terms?.combinedName || c.name) },
              { text: (c.terms?.areas ?? []).map((p) => nameOf(res, p)).join(", ") },
              { html: stateTag(c.state) },
              { text: formatCalendarDate(c.terms?.effectiveDate ?? "") },
            ]),
          },
        ],
      });
    }),
  );
}
