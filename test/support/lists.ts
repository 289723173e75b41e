/**
 * Compares a list read model with what its source documents imply: every item, and every view's
 * count as its directory gives it (kit ListIndex). Used by the consistency and replica tests.
 */
import type { ListIndex, ListItem } from "@csp-mesh/kit";
import type { Collection, Document } from "mongodb";

const key = (it: ListItem) => `${it.view} ${it.order} ${it.id} ${it.k} ${JSON.stringify(it.f)} ${it.w ?? 1}`;

export async function listsAgainstSource(
  index: ListIndex,
  source: Collection<Document>,
  itemsOf: (doc: never) => ListItem[],
): Promise<{ stored: string[]; wanted: string[]; counts: [string, number, number][]; pending: number }> {
  const docs = await source.find({}).toArray();
  const wantedItems = docs.flatMap((d) => itemsOf(d as never));
  const stored: string[] = [];
  for await (const it of index.all()) stored.push(key(it));
  const perView = new Map<string, number>();
  for (const it of wantedItems)
    perView.set(`${it.view}\t${it.order}`, (perView.get(`${it.view}\t${it.order}`) ?? 0) + (it.w ?? 1));
  const counts: [string, number, number][] = [];
  for (const [v, n] of perView) {
    const [view = "", order = ""] = v.split("\t");
    counts.push([v, n, await index.count(view, order)]);
  }
  return {
    stored: stored.sort(),
    wanted: wantedItems.map(key).sort(),
    counts,
    pending: await source.countDocuments({ _listsPending: true }),
  };
}
