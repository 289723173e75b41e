/**
 * What goes into a partnership's papers pack, pure: the papers it may see, in agenda order, each
 * under a numbered folder per item, plus an index (HTML for people, JSON for systems) giving each
 * paper's title, classification and SHA-256, so the receiver can check what it got.
 */
import type { AgendaItemDoc, PaperDoc } from "../store/documents";

export interface PackEntry {
  path: string;
  paper: PaperDoc;
}

export interface PackPlan {
  entries: PackEntry[];
  indexHtml: string;
  manifest: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** A file or folder name safe in every unzip tool: no separators, controls or leading dots. */
export function safeSegment(s: string, max = 60): string {
  const cleaned = s
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]/gu, " ")
    .replace(/\.{2,}/g, ".")
    .replace(/\s+/g, " ")
    .replace(/^[.\s]+/, "")
    .trim();
  return (cleaned || "untitled").slice(0, max).trim();
}

export function planPack(
  meeting: { name: string; title: string; start: Date },
  items: AgendaItemDoc[],
  papers: PaperDoc[],
  forPartner: string,
): PackPlan {
  const order = new Map(items.map((it, i) => [it.id, i]));
  const sorted = [...papers].sort(
    (a, b) =>
      (order.get(a.agendaItem) ?? items.length) - (order.get(b.agendaItem) ?? items.length) ||
      a.createTime.getTime() - b.createTime.getTime() ||
      a.name.localeCompare(b.name),
  );
  const used = new Set<string>();
  const entries = sorted.map((paper) => {
    const i = order.get(paper.agendaItem);
    const folder =
      i === undefined
        ? "00 Other papers"
        : `${String(i + 1).padStart(2, "0")} ${safeSegment((items[i] as AgendaItemDoc).title)}`;
    let path = `${folder}/${safeSegment(paper.filename, 100)}`;
    for (let n = 2; used.has(path.toLowerCase()); n++) path = `${folder}/${n} ${safeSegment(paper.filename, 100)}`;
    used.add(path.toLowerCase());
    return { path, paper };
  });
  const itemTitle = (p: PaperDoc) => {
    const i = order.get(p.agendaItem);
    return i === undefined ? "Not on the current agenda" : `${i + 1}. ${(items[i] as AgendaItemDoc).title}`;
  };
  const rows = entries
    .map(
      (e) =>
        `<tr><td>${esc(itemTitle(e.paper))}</td><td><a href="${esc(encodeURI(e.path))}">${esc(e.paper.title)}</a></td>` +
        `<td>${esc(e.paper.classification)}</td><td>${e.paper.sizeBytes}</td><td><code>${e.paper.sha256}</code></td></tr>`,
    )
    .join("\n");
  const indexHtml = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Papers: ${esc(meeting.title)}</title></head>
<body>
<h1>Papers: ${esc(meeting.title)}</h1>
<p>Meeting ${esc(meeting.name)}, starting ${meeting.start.toISOString()}. Pack for ${esc(forPartner)}: ${entries.length} paper${entries.length === 1 ? "" : "s"}.</p>
<table>
<caption>Papers in agenda order</caption>
<thead><tr><th scope="col">Agenda item</th><th scope="col">Paper</th><th scope="col">Classification</th><th scope="col">Bytes</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body></html>
`;
  const manifest = `${JSON.stringify(
    {
      meeting: meeting.name,
      title: meeting.title,
      startTime: meeting.start.toISOString(),
      partner: forPartner,
      papers: entries.map((e) => ({
        name: e.paper.name,
        path: e.path,
        title: e.paper.title,
        agendaItem: e.paper.agendaItem,
        classification: e.paper.classification,
        sizeBytes: e.paper.sizeBytes,
        sha256: e.paper.sha256,
      })),
    },
    null,
    2,
  )}\n`;
  return { entries, indexHtml, manifest };
}
