import {
  AggregateStore,
  aborted,
  allOf,
  alreadyExists,
  type Caller,
  type Change,
  type DomainEvent,
  decodePageToken,
  effectivePageSize,
  encodePageToken,
  failedPrecondition,
  type ListIndex,
  type ListProjection,
  type MongoFilter,
  type Page,
  readsOnlyAsParty,
  scopedFilter,
  updateWithEvents,
} from "@csp-mesh/kit";
import type { Collection, Filter, UpdateFilter } from "mongodb";
import { REPORT_REQUEST } from "../contract";
import { type AddresseeState, type LifecycleAction, transition } from "../domain/lifecycle";
import { orderKeys, searchTermsOf } from "../domain/search-terms";
import type { AssignmentDoc, HistoryDoc, RequestDoc } from "./documents";
import { LIST_PROJECTION, RequestListReader } from "./request-list-reader";
import type { OrderKey, SearchIndex } from "./search-index";

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
 * The report-request aggregate: the kit's AggregateStore (scoped reads, idempotent create, changes
 * with their events in one conditional write, retried on a lost race) plus what is the reports'
 * own: search, the overdue flags, and an addressee's change written to that addressee's slot only,
 * so partnerships working on the same request never conflict with each other.
 */
export class RequestStore {
  private readonly store: AggregateStore<RequestDoc>;

  constructor(
    readonly col: Collection<RequestDoc>,
    private readonly nudge: (collection: string) => void,
    readonly search: SearchIndex,
    readonly lists: ListProjection<RequestDoc>,
    index: ListIndex,
  ) {
    this.store = new AggregateStore(col, nudge, REPORT_REQUEST, "report request", { index, projection: lists });
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

  get(caller: Caller, name: string): Promise<RequestDoc> {
    return this.store.get(caller, name);
  }

  getInternal(name: string): Promise<RequestDoc | null> {
    return this.store.getInternal(name);
  }

  /** Inserts the request with its first event; a retry with the same request id returns the first result. */
  async create(doc: RequestDoc, events: DomainEvent[]): Promise<RequestDoc> {
    await this.indexForSearch(doc);
    return this.store.create(doc, events);
  }

  /**
   * Gives requests stored before the kit's command list existed their list, from their history, so
   * a retry of a command made before then is still recognised. A migration (`runOnce` in spec.ts).
   */
  async backfillCommands(): Promise<void> {
    const older = this.col.find({ commands: { $exists: false } } as Filter<RequestDoc>, { projection: { history: 1 } });
    for await (const d of older) {
      const commands = [...new Set(d.history.flatMap((h) => (h.command ? [h.command] : [])))];
      await this.col.updateOne({ _id: d._id, commands: { $exists: false } } as Filter<RequestDoc>, {
        $set: { commands },
      });
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
   * then writes the new state, the history entry and the events to that addressee's slot only, on
   * condition that the slot is still as read (the kit re-reads and re-checks on a lost race).
   */
  changeAssignment(current: RequestDoc, change: AssignmentChange): Promise<RequestDoc> {
    return this.store.mutate(current, change.command, (doc) => assignmentChange(doc, change));
  }

  /** Withdraws the whole request: every addressee not yet finished, in one write guarded by the etag. */
  withdrawAll(
    current: RequestDoc,
    caller: Caller,
    reasons: string,
    command: string | undefined,
    events: (withdrawnFrom: string[]) => DomainEvent[],
  ): Promise<RequestDoc> {
    return this.store.mutate(current, command, (doc) => {
      if (doc.withdrawn) throw failedPrecondition(`report request ${doc._id} has already been withdrawn`);
      const now = new Date();
      const entries: HistoryDoc[] = [];
      const assignments = doc.assignments.map((a) => {
        const t = transition(a.state, "withdraw");
        if (!t.ok) return a;
        entries.push({
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
      return {
        set: {
          assignments,
          addresseeStates: assignments.map((a) => `${a.partner}|${a.state}`),
          withdrawn: true,
          overdueOpen: false,
          history: [...doc.history, ...entries],
        },
        events: events(entries.map((h) => h.partner)),
      };
    });
  }

  /** Stages events about the request without changing its state (e.g. an export was taken). */
  async recordEvents(doc: RequestDoc, events: DomainEvent[]): Promise<void> {
    await this.col.updateOne(
      { _id: doc._id } as Filter<RequestDoc>,
      updateWithEvents({ $set: { lastEventTime: new Date() } as never }, events),
    );
    this.nudge(this.col.collectionName);
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
    if (r.modifiedCount === 1 && raise) this.nudge(this.col.collectionName);
    if (r.modifiedCount === 1 && doc.assignments.every((x, j) => j === i || x.overdueRaised))
      // That was the last check: the scan need not read this request again.
      await this.col.updateOne({ _id: doc._id, "assignments.overdueRaised": { $ne: false } } as Filter<RequestDoc>, {
        $set: { overdueOpen: false },
      });
    return r.modifiedCount === 1;
  }
}

/**
 * One addressee's move as a kit change: the whole document after (for the caller and the events),
 * and a write of that addressee's slot alone, guarded by the slot as read.
 */
export function assignmentChange(doc: RequestDoc, change: AssignmentChange): Change<RequestDoc> {
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
  const state = `${change.partner}|${t.to}`;
  const set: Partial<RequestDoc> = {
    ...change.alsoSet,
    assignments: doc.assignments.map((x, j) => (j === i ? next : x)),
    addresseeStates: doc.addresseeStates.map((x, j) => (j === i ? state : x)),
    history: [...doc.history, entry],
  };
  return {
    set,
    events: change.events({ state: t.to, doc: { ...doc, ...set } }),
    partial: {
      guard: {
        withdrawn: false,
        [`assignments.${i}.state`]: a.state,
        [`assignments.${i}.latestVersion`]: a.latestVersion,
      },
      set: { [`assignments.${i}`]: next, [`addresseeStates.${i}`]: state, ...change.alsoSet },
      push: { history: entry },
    },
  };
}
