/**
 * Words a request can be found by. Each request keeps the stemmed, lower-cased words of its title
 * and issue of concern as an array; a search asks for requests whose array holds every word of the
 * query. An equality on an array field is the one kind of text filter both genuine MongoDB (a
 * multikey index) and the local FerretDB (pushed to PostgreSQL as `@>`, served by a GIN index) answer
 * from an index; neither `$text` (FerretDB 1.24 has none) nor a regex (read every document) would.
 */
import { stemmer } from "stemmer";

/** Common words that would match nearly every request and so never narrow a search. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be by for from has have in into is it its of on or our that the their there " +
    "these this those to was we were what which who will with within would"
  ).split(" "),
);

/** More words than any title and issue need; bounds the document and the index. */
const MAX_TERMS = 300;
/** The most words a query may hold: each one after the first is checked document by document. */
export const MAX_QUERY_TERMS = 8;

const fold = (text: string) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();

/** The normalised words of a text: accents folded, lower case, stop words dropped, stemmed, unique. */
export function termsOf(text: string): string[] {
  const words = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2 && !STOP_WORDS.has(w));
  return [...new Set(words.map((w) => (/^\p{N}+$/u.test(w) ? w : stemmer(w))))];
}

/** What a request is indexed by: the words of its title and issue of concern. */
export function searchTermsOf(title: string, issueOfConcern: string): string[] {
  return [...new Set([...termsOf(title), ...termsOf(issueOfConcern)])].slice(0, MAX_TERMS);
}

/**
 * The query's words, the most selective first. Only the first is answered from the index (a second
 * equality on the same field would have to sit inside `$and`, which FerretDB does not push down), so
 * it should be the rarest: the longest word is the best guess without term statistics.
 */
export function queryTerms(q: string): string[] {
  return termsOf(q).sort((a, b) => b.length - a.length || a.localeCompare(b));
}

export interface OrderKeys {
  sortKey: string;
  createdKey: string;
  titleKey: string;
}

/** The keys a request is listed in each order by; each ends in the id, so it is unique. */
export function orderKeys(name: string, r: { title: string; dueTime: Date; createTime: Date }): OrderKeys {
  return {
    sortKey: `${r.dueTime.toISOString()}|${name}`,
    createdKey: `${r.createTime.toISOString()}|${name}`,
    titleKey: `${fold(r.title).trim().slice(0, 200)}|${name}`,
  };
}
