import {
  aborted,
  alreadyExists,
  type Caller,
  findPage,
  isDuplicateKey,
  notFound,
  type Page,
  scopedFilter,
} from "@csp-mesh/kit";
import type { Collection, Filter } from "mongodb";
import { SUBMISSION } from "../contract";
import type { DraftDoc, SubmissionDoc } from "./documents";

export const submissionName = (request: string, partner: string, version: number) =>
  `${request}/submissions/${partner.replace(/^partners\//, "")}/versions/${version}`;
export const draftName = (request: string, partner: string) =>
  `${request}/submissions/${partner.replace(/^partners\//, "")}/draft`;

/**
 * Submitted versions (immutable once written) and drafts (one editable per partnership and
 * request). Reads are scoped by the policy in the query.
 */
export class SubmissionStore {
  constructor(
    readonly versions: Collection<SubmissionDoc>,
    readonly drafts: Collection<DraftDoc>,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.versions.createIndex({ requestId: 1 }, { unique: true });
    await this.versions.createIndex({ reportRequest: 1, sortKey: 1 });
    await this.versions.createIndex({ releasedToPanel: 1, _id: 1 });
  }

  private scoped(caller: Caller, filter: Filter<SubmissionDoc>): Filter<SubmissionDoc> | null {
    // One request's submissions are few: a combined partnership sees its predecessors' too.
    return scopedFilter(caller, SUBMISSION, filter, typeof filter.reportRequest === "string");
  }

  async get(caller: Caller, name: string): Promise<SubmissionDoc> {
    const doc = await this.find(caller, name);
    if (!doc) throw notFound(`submission ${name}`);
    return doc;
  }

  /** The version, if the caller may see it. */
  async find(caller: Caller, name: string): Promise<SubmissionDoc | null> {
    const filter = this.scoped(caller, { _id: name });
    return filter ? await this.versions.findOne(filter) : null;
  }

  async list(
    caller: Caller,
    filter: Filter<SubmissionDoc>,
    pageSize: number,
    pageToken: string,
  ): Promise<Page<SubmissionDoc>> {
    const scoped = this.scoped(caller, filter);
    if (!scoped) return { items: [], nextPageToken: "" };
    return findPage(this.versions, scoped, pageSize, pageToken, { key: "sortKey" });
  }

  /**
   * Writes a new version. Its name includes the version number, so two concurrent submissions of
   * the same number cannot both be written. A version left behind by a submit that crashed before
   * updating the request (`isOrphan`) is replaced.
   */
  async insertVersion(doc: SubmissionDoc, isOrphan: (existing: SubmissionDoc) => boolean): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.versions.insertOne(doc);
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const sameRequest = await this.versions.findOne({ requestId: doc.requestId });
        if (sameRequest) {
          if (sameRequest.requestHash !== doc.requestHash)
            throw alreadyExists("request_id was already used for a different submission");
          throw new RetriedSubmission(sameRequest);
        }
        const existing = await this.versions.findOne({ _id: doc._id });
        if (!existing || !isOrphan(existing))
          throw aborted(`version ${doc.version} was submitted at the same time by someone else; retry`);
        await this.versions.deleteOne({ _id: existing._id, requestId: existing.requestId });
      }
    }
    throw aborted(`version ${doc.version} could not be written; retry`);
  }

  /** Undoes a version whose request update was refused (nothing else refers to it yet). */
  async removeUncommitted(doc: SubmissionDoc): Promise<void> {
    await this.versions.deleteOne({ _id: doc._id, requestId: doc.requestId });
  }

  async release(names: string[]): Promise<void> {
    if (names.length > 0) await this.versions.updateMany({ _id: { $in: names } }, { $set: { releasedToPanel: true } });
  }

  async getDraft(caller: Caller, request: string): Promise<DraftDoc | null> {
    return this.drafts.findOne({ _id: draftName(request, caller.partner), owner: caller.partner });
  }

  async saveDraft(doc: DraftDoc): Promise<void> {
    await this.drafts.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async deleteDraft(request: string, partner: string): Promise<void> {
    await this.drafts.deleteOne({ _id: draftName(request, partner) });
  }
}

/** The same submit (same request id and content) was already written: the caller completes or returns it. */
export class RetriedSubmission extends Error {
  constructor(readonly first: SubmissionDoc) {
    super("retried submission");
  }
}
