/**
 * The words each request can be found by, in a collection of small documents of their own: one
 * per request, holding only what never changes after the request is made (its words, its order
 * keys, the partners party to it). A search reads these, never the requests themselves, to find its
 * candidates: on the local FerretDB the cost of a read is decoding each document it matches, and a
 * request (addressees, history, questions) costs several times what its index entry does.
 *
 * A search then checks its candidates, in order, against the request itself (scope, state, dates),
 * one `_id` lookup each, until the page is full; see RequestStore.search.
 */
import type { Collection, Filter } from "mongodb";
import type { OrderKeys } from "../domain/search-terms";

export interface SearchEntryDoc {
  _id: string;
  /** The request's words (domain/search-terms.ts). */
  t: string[];
  /** Order keys, as on the request: due, created, title. */
  sortKey: string;
  createdKey: string;
  titleKey: string;
  /** The owner and every addressee: a superset of the partnerships that may see the request. */
  p: string[];
}

/**
 * How many requests hold each word, so a search asks the index for its rarest word. Statistics
 * only: a count a little off makes a search slower, never wrong, so plain increments suffice; never
 * shown to anyone, so it cannot reveal what a caller may not see.
 */
export interface TermStatDoc {
  _id: string;
  requests: number;
}

export type OrderKey = keyof OrderKeys;

export class SearchIndex {
  constructor(
    private readonly col: Collection<SearchEntryDoc>,
    private readonly stats: Collection<TermStatDoc>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ t: 1 });
    await this.col.createIndex({ p: 1 });
  }

  /**
   * Indexes a request. Written before the request itself, so no request is ever missing from the
   * index; an entry whose request was never written matches nothing when its candidates are checked.
   */
  async put(name: string, terms: string[], keys: OrderKeys, parties: string[]): Promise<void> {
    await this.col.replaceOne({ _id: name }, { t: terms, ...keys, p: parties }, { upsert: true });
    if (terms.length === 0) return;
    await this.stats.bulkWrite(
      terms.map((t) => ({ updateOne: { filter: { _id: t }, update: { $inc: { requests: 1 } }, upsert: true } })),
      { ordered: false },
    );
  }

  /** The terms, rarest first. */
  async rarestFirst(terms: string[]): Promise<string[]> {
    // One lookup by _id per word (an `$in` would not be answered from FerretDB's index).
    const counts = await Promise.all(
      terms.map(async (t) => (await this.stats.findOne({ _id: t }, { projection: { requests: 1 } }))?.requests ?? 0),
    );
    return terms
      .map((t, i) => ({ t, n: counts[i] ?? 0 }))
      .sort((a, b) => a.n - b.n)
      .map((x) => x.t);
  }

  /**
   * Names of the requests holding every term (rarest first), in `key` order after `after`, among
   * those `party` is party to if given. The rarest term is the top-level key the index answers.
   */
  async candidates(
    terms: string[],
    party: string | undefined,
    key: OrderKey,
    descending: boolean,
    after: string | undefined,
  ): Promise<{ name: string; key: string }[]> {
    const [first, ...rest] = terms;
    if (first === undefined) return [];
    const and: Filter<SearchEntryDoc>[] = rest.map((t) => ({ t }));
    const filter: Filter<SearchEntryDoc> = { t: first, ...(party ? { p: party } : {}) };
    if (and.length > 0) filter.$and = and;
    const found = await this.col.find(filter, { projection: { [key]: 1 } }).toArray();
    const out = found
      .map((d) => ({ name: d._id, key: String((d as unknown as Record<string, unknown>)[key]) }))
      .filter((c) => after === undefined || (descending ? c.key < after : c.key > after));
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (descending ? -1 : 1));
    return out;
  }
}
