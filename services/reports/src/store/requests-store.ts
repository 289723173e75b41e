import {
  aborted,
  allOf,
  alreadyExists,
  type Caller,
  type DomainEvent,
  decodePageToken,
  effectivePageSize,
  encodePageToken,
  failedPrecondition,
  insertWithEvents,
  isDuplicateKey,
  LISTS_PENDING,
  type ListIndex,
  type ListProjection,
  type MongoFilter,
  newEtag,
  notFound,
  OUTBOX_PROJECTION_EXCLUDE,
  type Page,
  readsOnlyAsParty,
  scopedFilter,
  updateWithEvents,
  withoutOutbox,
} from "@csp-mesh/kit";
import type { Collection, Filter, UpdateFilter } from "mongodb";
import { type AddresseeState, type LifecycleAction, transition } from "../domain/lifecycle";
import { orderKeys, searchTermsOf } from "../domain/search-terms";
import type { AssignmentDoc, HistoryDoc, RequestDoc } from "./documents";
import type { OrderKey, SearchIndex } from "./search-index";

const ATTEMPTS = 5;

import { REPORT_REQUEST } from "../contract";
import { LIST_PROJECTION, RequestListReader } from "./request-list-reader";

export interface AssignmentChange {
  partner: string;
  action: LifecycleAction;
  actor: string;
  actorName?: string | undefined;
  reasons?: string;
  /** The new latest version (submit), which requires the current one to be `newVersion - 1`. */
  newVersion?: number;
  /** For a review: the version reviewed must still be the latest. */
  reviewedVersion?: number;
  /** Idempotency record `${requestId}#${hash}` kept with the change. */
  command?: string;
  /** Further fields to set in the same write (e.g. releasedToPanel). */
  alsoSet?: Partial<RequestDoc>;
  events: (next: { state: AddresseeState; doc: RequestDoc }) => DomainEvent[];
}

/**
 * The report-request aggregate in the database. Scoping by the caller is part of every query; an
 * addressee's change is one conditional single-document write on that addressee's own slot, so
 * partnerships working on the same request never conflict with each other.
 */
export class RequestStore {
  constructor(
    readonly col: Collection<RequestDoc>,
    private readonly nudge: () => void,
    readonly search: SearchIndex,
    readonly lists: ListProjection<RequestDoc>,
    index: ListIndex,
  ) {
    this.reader = new RequestListReader(col, index);
  }

  /** Pages and counts of the lists. */
  readonly reader: RequestListReader;

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ requestId: 1 }, { unique: true });
    await this.col.createIndex({ sortKey: 1 }, { unique: true });
    await this.col.createIndex({ addressees: 1, sortKey: 1 });
    await this.col.createIndex({ overdueOpen: 1 });
    await this.col.createIndex({ createdKey: 1 }, { unique: true, sparse: true });
    await this.col.createIndex({ titleKey: 1 }, { unique: true, sparse: true });
    await this.search.ensureIndexes();
    await this.lists.ensureIndexes();
  }

  /**
   * Gives requests stored before search and the other orders existed their keys and index entry.
   * A migration, run once per database (`runOnce` in spec.ts): the `$exists` filter reads every request.
   */
  async backfillSearch(): Promise<void> {
    const older = this.col.find({ createdKey: { $exists: false } } as Filter<RequestDoc>, {
      projection: { title: 1, issueOfConcern: 1, dueTime: 1, createTime: 1, owner: 1, addressees: 1 },
    });
    for await (const d of older) {
      await this.indexForSearch(d as RequestDoc);
      await this.col.updateOne({ _id: d._id }, { $set: orderKeys(d._id, d) });
    }
  }

  private indexForSearch(doc: RequestDoc): Promise<void> {
    return this.search.put(doc._id, searchTermsOf(doc.title, doc.issueOfConcern), orderKeys(doc._id, doc), [
      doc.owner,
      ...doc.addressees,
    ]);
  }

  scoped(caller: Caller, filter: Filter<RequestDoc>): Filter<RequestDoc> | null {
    return scopedFilter(caller, REPORT_REQUEST, filter);
  }

  async get(caller: Caller, name: string): Promise<RequestDoc> {
    const filter = this.scoped(caller, { _id: name });
    const doc = filter ? await this.col.findOne(filter, { projection: OUTBOX_PROJECTION_EXCLUDE }) : null;
    if (!doc) throw notFound(`report request ${name}`);
    return doc as RequestDoc;
  }

  async getInternal(name: string): Promise<RequestDoc | null> {
    return (await this.col.findOne({ _id: name }, { projection: OUTBOX_PROJECTION_EXCLUDE })) as RequestDoc | null;
  }

  /** Inserts the request with its first event; a retry with the same request id returns the first result. */
  async create(doc: RequestDoc, events: DomainEvent[]): Promise<RequestDoc> {
    try {
      await this.indexForSearch(doc);
      await this.col.insertOne(insertWithEvents({ ...doc, ...LISTS_PENDING }, events));
      this.nudge();
      await this.lists.project(doc._id, { ...doc, ...LISTS_PENDING });
      return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await this.col.findOne({ requestId: doc.requestId }, { projection: OUTBOX_PROJECTION_EXCLUDE });
      if (first && first.requestHash === doc.requestHash) return first as RequestDoc;
      if (first) throw alreadyExists(`request_id ${doc.requestId} was already used for a different report request`);
      throw err;
    }
  }

  /**
   * One page of the requests holding every word of `terms` (rarest first) that also match `filter`
   * and the caller's scope, in `order`. Candidates come from the search index; each is then checked
   * against the request itself by `_id`, a batch at a time, until the page is full.
   */
  async searchPage(
    caller: Caller,
    terms: string[],
    filter: Filter<RequestDoc>,
    pageSize: number,
    pageToken: string,
    order: { key: OrderKey; descending: boolean; fingerprint: string },
  ): Promise<Page<RequestDoc>> {
    const after = decodePageToken(pageToken, order.fingerprint);
    const size = effectivePageSize(pageSize);
    if (!this.scoped(caller, filter)) return { items: [], nextPageToken: "" };
    const party = readsOnlyAsParty(caller, REPORT_REQUEST) ? caller.partner : undefined;
    const candidates = await this.search.candidates(terms, party, order.key, order.descending, after);
    const found: RequestDoc[] = [];
    for (let i = 0; i < candidates.length && found.length <= size; i += size + 1) {
      const batch = await Promise.all(
        candidates.slice(i, i + size + 1).map(({ name }) => {
          const f = this.scoped(caller, allOf({ _id: name }, filter as MongoFilter) as Filter<RequestDoc>);
          return f ? this.col.findOne(f, { projection: LIST_PROJECTION }) : null;
        }),
      );
      for (const d of batch) if (d) found.push(d as RequestDoc);
    }
    const items = found.slice(0, size);
    const last = items[items.length - 1];
    return {
      items,
      nextPageToken: found.length > size && last ? encodePageToken(last[order.key], order.fingerprint) : "",
    };
  }

  /**
   * The history entry of a command already applied (same request id and content), if any; the same
   * request id with other content is refused.
   */
  static replayed(doc: RequestDoc, command: string | undefined): HistoryDoc | undefined {
    if (!command) return undefined;
    const [id] = command.split("#");
    const seen = doc.history.find((h) => h.command?.startsWith(`${id}#`));
    if (seen && seen.command !== command)
      throw alreadyExists(`request_id ${id} was already used for a different command`);
    return seen;
  }

  /**
   * Moves one addressee through the lifecycle: checks the transition against the current state,
   * then writes the new state, the history entry and the events in one conditional update that
   * only succeeds if that addressee's slot is still as read. Re-reads and re-checks on a race.
   */
  changeAssignment(current: RequestDoc, change: AssignmentChange): Promise<RequestDoc> {
    return this.retryOnRace(current, async (doc) => {
      if (RequestStore.replayed(doc, change.command)) return doc;
      if (doc.withdrawn) throw failedPrecondition(`report request ${doc._id} has been withdrawn`);
      const i = doc.assignments.findIndex((a) => a.partner === change.partner);
      const a = doc.assignments[i] as AssignmentDoc | undefined;
      if (!a) throw failedPrecondition(`${change.partner} is not an addressee of ${doc._id}`);
      const t = transition(a.state, change.action);
      if (!t.ok) throw failedPrecondition(t.message);
      if (change.newVersion !== undefined && a.latestVersion !== change.newVersion - 1)
        throw aborted(`another version was submitted at the same time (latest is now ${a.latestVersion}); retry`);
      if (change.reviewedVersion !== undefined && a.latestVersion !== change.reviewedVersion)
        throw failedPrecondition(
          `version ${change.reviewedVersion} is no longer the latest (version ${a.latestVersion} was submitted since)`,
        );
      const now = new Date();
      const next: AssignmentDoc = {
        ...a,
        state: t.to,
        latestVersion: change.newVersion ?? a.latestVersion,
        reasons: change.reasons ?? (t.to === "SUBMITTED" ? "" : a.reasons),
        updateTime: now,
      };
      const entry: HistoryDoc = {
        time: now,
        actor: change.actor,
        partner: change.partner,
        action: change.action,
        from: a.state,
        to: t.to,
        version: next.latestVersion,
        reasons: change.reasons ?? "",
        ...(change.actorName ? { actorName: change.actorName } : {}),
        ...(change.command ? { command: change.command } : {}),
      };
      const nextDoc: RequestDoc = {
        ...doc,
        ...change.alsoSet,
        assignments: doc.assignments.map((x, j) => (j === i ? next : x)),
        addresseeStates: doc.addresseeStates.map((x, j) => (j === i ? `${change.partner}|${t.to}` : x)),
        history: [...doc.history, entry],
        updateTime: now,
        etag: newEtag(),
      };
      const update: UpdateFilter<RequestDoc> = {
        $set: {
          [`assignments.${i}`]: next,
          [`addresseeStates.${i}`]: `${change.partner}|${t.to}`,
          updateTime: now,
          etag: nextDoc.etag,
          ...change.alsoSet,
          ...LISTS_PENDING,
        } as never,
        $push: { history: entry } as never,
      };
      // updateOne, not findOneAndUpdate: the new state is known here, so the database need not
      // send the whole document back.
      const r = await this.col.updateOne(
        {
          _id: doc._id,
          withdrawn: false,
          [`assignments.${i}.state`]: a.state,
          [`assignments.${i}.latestVersion`]: a.latestVersion,
        } as Filter<RequestDoc>,
        updateWithEvents(update, change.events({ state: t.to, doc: nextDoc })),
      );
      return r.modifiedCount === 1 ? nextDoc : null;
    });
  }

  /** Withdraws the whole request: every addressee not yet finished, in one write guarded by the etag. */
  async withdrawAll(
    current: RequestDoc,
    caller: Caller,
    reasons: string,
    command: string | undefined,
    events: (withdrawnFrom: string[]) => DomainEvent[],
  ): Promise<RequestDoc> {
    return this.retryOnRace(current, async (doc) => {
      if (RequestStore.replayed(doc, command)) return doc;
      if (doc.withdrawn) throw failedPrecondition(`report request ${doc._id} has already been withdrawn`);
      const now = new Date();
      const history: HistoryDoc[] = [];
      const assignments = doc.assignments.map((a) => {
        const t = transition(a.state, "withdraw");
        if (!t.ok) return a;
        history.push({
          time: now,
          actor: caller.subject,
          ...(caller.displayName ? { actorName: caller.displayName } : {}),
          partner: a.partner,
          action: "withdraw",
          from: a.state,
          to: t.to,
          version: a.latestVersion,
          reasons,
          ...(command ? { command } : {}),
        });
        return { ...a, state: t.to, reasons, updateTime: now };
      });
      const withdrawnFrom = history.map((h) => h.partner);
      const set: Partial<RequestDoc> = {
        assignments,
        addresseeStates: assignments.map((a) => `${a.partner}|${a.state}`),
        withdrawn: true,
        overdueOpen: false,
        updateTime: now,
        etag: newEtag(),
        ...LISTS_PENDING,
      };
      const updated = await this.col.findOneAndUpdate(
        { _id: doc._id, etag: doc.etag },
        updateWithEvents<RequestDoc>(
          {
            $set: set,
            $push: { history: { $each: history } } as never,
          },
          events(withdrawnFrom),
        ),
        { returnDocument: "after" },
      );
      return updated ? (withoutOutbox(updated) as RequestDoc) : null;
    });
  }

  /**
   * Runs a conditional write against the request as last read; when another writer got there first
   * (`attempt` gives null), reads it again and retries, up to a bound.
   */
  private async retryOnRace(
    current: RequestDoc,
    attempt: (doc: RequestDoc) => Promise<RequestDoc | null>,
  ): Promise<RequestDoc> {
    let doc = current;
    for (let i = 0; i < ATTEMPTS; i++) {
      const done = await attempt(doc);
      if (done) {
        if (done !== doc) {
          this.nudge();
          await this.lists.project(doc._id, done);
        }
        return done;
      }
      const fresh = await this.getInternal(doc._id);
      if (!fresh) throw notFound(`report request ${doc._id}`);
      doc = fresh;
    }
    throw aborted(`report request ${current._id} is changing too fast; retry`);
  }

  /** Stages events about the request without changing its state (e.g. an export was taken). */
  async recordEvents(doc: RequestDoc, events: DomainEvent[]): Promise<void> {
    await this.col.updateOne(
      { _id: doc._id } as Filter<RequestDoc>,
      updateWithEvents({ $set: { lastEventTime: new Date() } as never }, events),
    );
    this.nudge();
  }

  /**
   * Records that an addressee's report has become overdue, once: the conditional write succeeds for
   * exactly one replica. With `raise` false (the addressee finished in time) only the flag is set.
   */
  async markOverdue(doc: RequestDoc, i: number, raise: boolean, events: DomainEvent[]): Promise<boolean> {
    const a = doc.assignments[i];
    if (!a) return false;
    const set = { [`assignments.${i}.overdueRaised`]: true } as never;
    const update: UpdateFilter<RequestDoc> = raise
      ? {
          $set: set,
          $push: {
            history: {
              time: new Date(),
              actor: "system",
              partner: a.partner,
              action: "overdue",
              from: a.state,
              to: a.state,
              version: a.latestVersion,
              reasons: "",
            } satisfies HistoryDoc,
          } as never,
        }
      : { $set: set };
    const r = await this.col.updateOne(
      {
        _id: doc._id,
        [`assignments.${i}.overdueRaised`]: false,
        [`assignments.${i}.state`]: a.state,
      } as Filter<RequestDoc>,
      raise ? updateWithEvents(update, events) : update,
    );
    if (r.modifiedCount === 1 && raise) this.nudge();
    if (r.modifiedCount === 1 && doc.assignments.every((x, j) => j === i || x.overdueRaised))
      // That was the last check: the scan need not read this request again.
      await this.col.updateOne({ _id: doc._id, "assignments.overdueRaised": { $ne: false } } as Filter<RequestDoc>, {
        $set: { overdueOpen: false },
      });
    return r.modifiedCount === 1;
  }
}
