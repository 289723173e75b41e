import {
  type AggregateLists,
  aborted,
  alreadyExists,
  type Caller,
  type Classification,
  type DomainEvent,
  enforce,
  insertWithEvents,
  isDuplicateKey,
  LISTS_PENDING,
  type ListQuery,
  newEtag,
  notFound,
  OUTBOX_PROJECTION_EXCLUDE,
  type Page,
  type ResourceKind,
  readListPage,
  scopedFilter,
  updateWithEvents,
  withoutOutbox,
} from "@csp-mesh/kit";
import type { Collection, Filter, OptionalUnlessRequiredId } from "mongodb";

/** Fields every directory document has. `owner` and `classification` are what the policy reads. */
export interface BaseDoc {
  _id: string;
  owner: string;
  classification: Classification;
  etag: string;
  createTime: Date;
  updateTime: Date;
  demo: boolean;
  /** AIP-155 request id of the create (or a stand-in derived from the name); unique. */
  requestId: string;
  /** Fingerprint of the create request, to tell a retry from a conflicting reuse of the id. */
  requestHash: string;
}

/**
 * Get/List/Create/Update for one resource kind with the policy applied in the database filter:
 * what the caller may not read is NOT_FOUND, never fetched and then hidden.
 */
export class ResourceStore<D extends BaseDoc> {
  constructor(
    readonly col: Collection<D>,
    private readonly kind: ResourceKind,
    private readonly label: string,
    private readonly nudge: (collection: string) => void,
    readonly lists?: AggregateLists<D>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ requestId: 1 }, { unique: true });
    await this.col.createIndex({ owner: 1, _id: 1 });
    await this.lists?.projection.ensureIndexes();
  }

  private scoped(caller: Caller, filter: Filter<D>): Filter<D> | null {
    return scopedFilter(caller, this.kind, filter);
  }

  /** The document, if the caller may read it; NOT_FOUND otherwise (whether or not it exists). */
  async get(caller: Caller, name: string): Promise<D> {
    const filter = this.scoped(caller, { _id: name } as Filter<D>);
    const doc = filter ? await this.col.findOne(filter, { projection: OUTBOX_PROJECTION_EXCLUDE }) : null;
    if (!doc) throw notFound(`${this.label} ${name}`);
    return doc as D;
  }

  /** Unscoped read for internal decisions (credential checks, sign-in, reference checks). */
  async getInternal(name: string): Promise<D | null> {
    return (await this.col.findOne({ _id: name } as Filter<D>, { projection: OUTBOX_PROJECTION_EXCLUDE })) as D | null;
  }

  /** A page of the caller's list, from the read models (docs/architecture.md, "Lists and counts"). */
  listPage(caller: Caller, q: ListQuery, pageSize: number, pageToken: string, fingerprint: string): Promise<Page<D>> {
    if (!this.lists) throw new Error(`${this.label} has no lists`);
    return readListPage(this.lists.index, this.col, this.kind, caller, q, { pageSize, pageToken, fingerprint });
  }

  /**
   * Inserts the document and its creation event in one write. A retry with the same request id and
   * content returns the first result; the same id with other content, or a taken name, is ALREADY_EXISTS.
   */
  async create(
    caller: Caller,
    doc: Omit<D, "etag" | "createTime" | "updateTime">,
    event: (d: D) => DomainEvent,
  ): Promise<D> {
    enforce(caller, "create", this.kind, doc, `${this.label} ${doc._id}`);
    try {
      return await this.insert(doc, event);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = (await this.col.findOne({ requestId: doc.requestId } as Filter<D>, {
        projection: OUTBOX_PROJECTION_EXCLUDE,
      })) as D | null;
      if (first && first.requestHash === doc.requestHash && first._id === doc._id) return first;
      if (first) throw alreadyExists(`request_id ${doc.requestId} was already used for a different request`);
      throw alreadyExists(`${this.label} ${doc._id} already exists`);
    }
  }

  /**
   * Applies `changes` if the caller may update the resource and `etag` (when given) is current.
   * The update and its event are one atomic write; a concurrent change makes it ABORTED.
   */
  async update(
    caller: Caller,
    name: string,
    etag: string,
    changes: (current: D) => Partial<D> | Promise<Partial<D>>,
    event: (d: D) => DomainEvent,
    action: "update" | "manage-credentials" = "update",
  ): Promise<D> {
    const current = await this.get(caller, name);
    enforce(caller, action, this.kind, current, `${this.label} ${name}`);
    if (etag !== "" && etag !== current.etag) {
      throw aborted(`${this.label} ${name} has changed since you read it (etag mismatch); read it again`);
    }
    const next = { ...current, ...(await changes(current)), etag: newEtag(), updateTime: new Date() } as D;
    const { _id, ...set } = next;
    const updated = await this.col.findOneAndUpdate(
      { _id: name, etag: current.etag } as Filter<D>,
      updateWithEvents<D>({ $set: { ...set, ...(this.lists ? LISTS_PENDING : {}) } as Partial<D> }, [event(next)]),
      { returnDocument: "after" },
    );
    if (!updated) throw aborted(`${this.label} ${name} was changed concurrently; read it again`);
    this.nudge(this.col.collectionName);
    const after = withoutOutbox(updated) as D;
    await this.lists?.projection.project(name, after);
    return after;
  }

  /**
   * A change the service itself makes (a combination agreement coming into force or ending), not a
   * caller's: `change` computes the fields to set and clear from the document as it is, or
   * undefined when there is nothing to do (so a repeat is harmless). Conditional on the etag read,
   * retried on a concurrent change.
   */
  async systemUpdate(
    name: string,
    change: (current: D) => { set: Partial<D>; unset?: (keyof D & string)[] } | undefined,
    event: (d: D) => DomainEvent,
  ): Promise<D> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const current = await this.getInternal(name);
      if (!current) throw notFound(`${this.label} ${name}`);
      const c = change(current);
      if (!c) return current;
      const next = { ...current, ...c.set, etag: newEtag(), updateTime: new Date() } as D;
      for (const k of c.unset ?? []) delete next[k];
      const { _id, ...set } = next;
      const unset = Object.fromEntries((c.unset ?? []).map((k) => [k, ""]));
      const r = await this.col.updateOne(
        { _id: name, etag: current.etag } as Filter<D>,
        updateWithEvents<D>(
          {
            $set: { ...set, ...(this.lists ? LISTS_PENDING : {}) } as Partial<D>,
            ...(c.unset?.length ? { $unset: unset as never } : {}),
          },
          [event(next)],
        ),
      );
      if (r.modifiedCount === 1) {
        this.nudge(this.col.collectionName);
        await this.lists?.projection.project(name, next);
        return next;
      }
    }
    throw aborted(`${this.label} ${name} is changing too fast; retry`);
  }

  /** Inserts a document the service itself makes; an existing one by that name is returned as it is. */
  async systemCreate(doc: Omit<D, "etag" | "createTime" | "updateTime">, event: (d: D) => DomainEvent): Promise<D> {
    const existing = await this.getInternal(doc._id);
    if (existing) return existing;
    try {
      return await this.insert(doc, event);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await this.getInternal(doc._id);
      if (!first) throw err;
      return first;
    }
  }

  /** The document and its creation event in one write, then its lists. */
  private async insert(doc: Omit<D, "etag" | "createTime" | "updateTime">, event: (d: D) => DomainEvent): Promise<D> {
    const now = new Date();
    const full = { ...doc, etag: newEtag(), createTime: now, updateTime: now } as D;
    const stored = this.lists ? { ...full, ...LISTS_PENDING } : full;
    await this.col.insertOne(insertWithEvents(stored, [event(full)]) as OptionalUnlessRequiredId<D>);
    this.nudge(this.col.collectionName);
    await this.lists?.projection.project(full._id, full);
    return full;
  }
}
