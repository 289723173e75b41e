/**
 * Reading a page as people read it, for the web pages' handler tests: its text, title and heading,
 * the error summary, form fields and choices, tables and summary lists.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", nbsp: " " };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? "");

/** A page's text as people read it: tags removed (inline ones without a space), entities decoded, white space collapsed. */
export const textOf = (html: string): string =>
  decode(
    html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, " ")
      .replace(/<\/?(a|strong|span|code|em|b|i|ins|del)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " "),
  ).trim();

/** The document's title ("Error: " first when the page shows an error summary). */
export const titleOf = (html: string): string => textOf(/<title[^>]*>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? "");

/** The page's heading (its govuk-heading-l, else its first h1: a panel's title is an h1 too). */
export const headingOf = (html: string): string =>
  textOf(
    (/<h1 class="govuk-heading-l">([\s\S]*?)<\/h1>/.exec(html) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html))?.[1] ?? "",
  );

/** The GOV.UK error summary's items, each the message and the field it links to (none: no summary). */
export function errorSummary(html: string): { text: string; href: string }[] {
  const at = html.indexOf("govuk-error-summary__list");
  if (at < 0) return [];
  const list = html.slice(at, html.indexOf("</ul>", at));
  return [...list.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    text: textOf(m[2] ?? ""),
    href: decode(m[1] ?? ""),
  }));
}

/** The value of the form field named `name` as the page shows it (an input's value or a textarea's text). */
export function fieldValue(html: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const input = new RegExp(`<input[^>]*name="${esc}"[^>]*>`).exec(html)?.[0];
  if (input) return decode(/value="([^"]*)"/.exec(input)?.[1] ?? "");
  const area = new RegExp(`<textarea[^>]*name="${esc}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return area ? decode(area[1] ?? "").replace(/^\n/, "") : undefined;
}

/** The values of the checked radios and checkboxes named `name`, and of the selected options of its select. */
export function chosen(html: string, name: string): string[] {
  const boxes = [...html.matchAll(/<input[^>]*>/g)]
    .map((m) => m[0])
    .filter((t) => t.includes(`name="${name}"`) && / checked/.test(t))
    .map((t) => decode(/value="([^"]*)"/.exec(t)?.[1] ?? ""));
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? "";
  const options = [...select.matchAll(/<option value="([^"]*)"[^>]*selected/g)].map((m) => decode(m[1] ?? ""));
  return [...boxes, ...options];
}

/** Each table of a page: its caption, head and body rows, every cell as text. */
export function tables(html: string): { caption: string; head: string[]; rows: string[][] }[] {
  const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1] ?? ""));
  return [...html.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)].map((t) => {
    const body = t[1] ?? "";
    const head = /<thead[^>]*>([\s\S]*?)<\/thead>/.exec(body)?.[1] ?? "";
    const rows = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? "";
    return {
      caption: textOf(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(body)?.[1] ?? ""),
      head: cells(head),
      rows: [...rows.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => cells(r[1] ?? "")),
    };
  });
}

/** A page's GOV.UK summary lists, as [key, value] text pairs in order (the actions' text left out). */
export function summaryRows(html: string): [string, string][] {
  return [...html.matchAll(/<div class="govuk-summary-list__row[^"]*">([\s\S]*?)<\/div>/g)].map((row) => [
    textOf(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>/.exec(row[1] ?? "")?.[1] ?? ""),
    textOf(/<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/.exec(row[1] ?? "")?.[1] ?? ""),
  ]);
}
