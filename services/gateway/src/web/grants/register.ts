/**
 * The register of grants made, for anyone (no sign-in): a page of published grants with what the
 * Specified Information Order has published, and the whole register as a CSV and as 360Giving JSON
 * (threesixtygiving.ts). Read a page at a time from the grants service's published view.
 */
import type { Request, Response, Router } from "express";
import { spreadsheetCsv } from "../../http/csv";
import { fileDisposition } from "../../http/streams";
import type { WebArea } from "../frame/area";
import { formatCalendarDate } from "../frame/forms/dates";
import { escapeHtml } from "../frame/labels";
import { type PublishedGrant, registerPackage, registerRows } from "./threesixtygiving";
import { pounds } from "./views";

export const REGISTER_PATH = "/grants/register";
const YEAR = /^(\d{4}\/\d{2})?$/;
/** The most a download gathers (pages of 500): decades of a force's grants. */
const DOWNLOAD_MAX = 50_000;

const list = (items: string[]) =>
  `<ul class="govuk-list govuk-list--bullet">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;

/** What the page shows of one grant. */
export function grantRows(g: PublishedGrant) {
  const row = (key: string, value: { text: string } | { html: string }) => ({ key: { text: key }, value });
  return [
    row("Recipient", { text: `${g.recipient?.name ?? ""} (${g.recipient?.identifier ?? ""})` }),
    row("For", { text: g.partnershipDisplayName }),
    row("Purpose", g.purposes.length > 1 ? { html: list(g.purposes) } : { text: g.description }),
    row("Amount awarded", { text: pounds(g.amountAwardedPence) }),
    row("Paid so far", { text: pounds(g.amountDisbursedPence) }),
    row("Decided", { text: formatCalendarDate(g.awardDate) }),
    row("Programme", { text: `${g.programmeTitle} (${g.year})` }),
    row("Where it benefits", {
      text: g.beneficiaryLocations.map((l) => `${l.name} (${l.code})`).join(", ") || "Not recorded",
    }),
    row("Conditions", { html: list(g.conditions) }),
    row("Reasons", { text: g.reasons }),
  ];
}

export function registerRegisterPages(r: Router, a: WebArea): void {
  const { d, page, render } = a;
  const yearOf = (req: Request) => {
    const y = typeof req.query.year === "string" ? req.query.year : "";
    return YEAR.test(y) ? y : undefined;
  };

  /** Every published grant (of a year), page by page. */
  const all = async (year: string) => {
    const grants: PublishedGrant[] = [];
    let pageToken = "";
    let publisher = { identifier: "", name: "" };
    do {
      const p = await d.register.ListPublishedGrants({ pageSize: 500, pageToken, year });
      grants.push(...p.grants);
      publisher = p.publisher ?? publisher;
      pageToken = p.nextPageToken;
    } while (pageToken && grants.length < DOWNLOAD_MAX);
    return { grants, publisher };
  };
  const refuseYear = (req: Request, res: Response) => {
    res.status(400);
    render(req, res, "message.njk", {
      title: "Grants made",
      message: "The year must be a financial year such as 2027/28.",
      link: { href: REGISTER_PATH, text: "Every year's grants" },
    });
  };

  r.get(
    REGISTER_PATH,
    page(
      async (req, res) => {
        const year = yearOf(req);
        if (year === undefined) return refuseYear(req, res);
        const pageToken = typeof req.query.page === "string" ? req.query.page.slice(0, 500) : "";
        const p = await d.register.ListPublishedGrants({ pageSize: 20, pageToken, year });
        const query = (extra: Record<string, string>) => {
          const q = new URLSearchParams({ ...(year ? { year } : {}), ...extra }).toString();
          return q ? `?${q}` : "";
        };
        render(req, res, "grants/register.njk", {
          title: year ? `Grants made in ${year}` : "Grants made",
          publisher: p.publisher?.name || "Police and Crime Commissioner",
          grants: p.grants.map((g) => ({ title: g.title, rows: grantRows(g) })),
          csvHref: `${REGISTER_PATH}.csv${query({})}`,
          jsonHref: `${REGISTER_PATH}.json${query({})}`,
          nextHref: p.nextPageToken ? `${REGISTER_PATH}${query({ page: p.nextPageToken })}` : "",
        });
      },
      { public: true },
    ),
  );

  r.get(
    `${REGISTER_PATH}.csv`,
    page(
      async (req, res) => {
        const year = yearOf(req);
        if (year === undefined) return refuseYear(req, res);
        const { grants } = await all(year);
        const name = `grants-made${year ? `-${year.replace("/", "-")}` : ""}.csv`;
        res.type("text/csv; charset=utf-8").setHeader("content-disposition", fileDisposition(name));
        res.send(spreadsheetCsv(registerRows(grants)));
      },
      { public: true },
    ),
  );

  r.get(
    `${REGISTER_PATH}.json`,
    page(
      async (req, res) => {
        const year = yearOf(req);
        if (year === undefined) return refuseYear(req, res);
        const { grants, publisher } = await all(year);
        const url = `${req.protocol}://${req.get("host")}${REGISTER_PATH}`;
        res.type("application/json; charset=utf-8");
        res.send(
          JSON.stringify(
            registerPackage(grants, {
              publisherName: publisher.name,
              publisherPrefix: publisher.identifier,
              url,
              issued: new Date(),
            }),
            null,
            2,
          ),
        );
      },
      { public: true },
    ),
  );
}
