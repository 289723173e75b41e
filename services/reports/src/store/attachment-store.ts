import { type Caller, type Classification, FileStore, invalidArgument, notFound, scopedFilter } from "@csp-mesh/kit";
import type { Collection, Db } from "mongodb";
import { SUBMISSION } from "../contract";
import type { AttachmentDoc } from "./documents";

export interface UploadFacts {
  reportRequest: string;
  partner: string;
  filename: string;
  classification: Classification;
  uploadedBy: string;
}

/**
 * Attachment bytes in the kit's checked file store (GridFS bucket "attachments"), their facts in a
 * collection the policy can filter.
 */
export class AttachmentStore {
  private readonly files: FileStore;

  constructor(
    db: Db,
    readonly col: Collection<AttachmentDoc>,
    maxBytes: number,
  ) {
    this.files = new FileStore(db, "attachments", maxBytes);
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ reportRequest: 1, owner: 1 });
  }

  async upload(facts: UploadFacts, chunks: AsyncIterable<Buffer>): Promise<AttachmentDoc> {
    const file = await this.files.put(facts.filename, chunks);
    const doc: AttachmentDoc = {
      _id: `attachments/${file.gridId}`,
      gridId: file.gridId,
      reportRequest: facts.reportRequest,
      partner: facts.partner,
      owner: facts.partner,
      filename: file.filename,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      classification: facts.classification,
      releasedToPanel: false,
      uploadedBy: facts.uploadedBy,
      createTime: new Date(),
    };
    try {
      await this.col.insertOne(doc);
    } catch (err) {
      await this.files.delete(file.gridId);
      throw err;
    }
    return doc;
  }

  async get(caller: Caller, name: string): Promise<AttachmentDoc> {
    const filter = scopedFilter(caller, SUBMISSION, { _id: name });
    const doc = filter ? await this.col.findOne(filter) : null;
    if (!doc) throw notFound(`attachment ${name}`);
    return doc;
  }

  /** The caller's partnership's own uploads for one request, by name; anything else is INVALID_ARGUMENT. */
  async ownFor(caller: Caller, request: string, names: string[], field: string): Promise<AttachmentDoc[]> {
    if (names.length === 0) return [];
    const found = await this.col.find({ _id: { $in: names }, owner: caller.partner, reportRequest: request }).toArray();
    const byName = new Map(found.map((d) => [d._id, d]));
    const missing = names
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => !byName.has(n))
      .map(({ n, i }) => ({
        field: `${field}[${i}]`,
        description: `${n} is not an attachment your partnership uploaded for this request`,
      }));
    if (missing.length > 0) throw invalidArgument("unknown attachments", missing);
    return names.map((n) => byName.get(n) as AttachmentDoc);
  }

  open(doc: AttachmentDoc): AsyncIterable<Buffer> {
    return this.files.open(doc.gridId);
  }

  async release(names: string[]): Promise<void> {
    if (names.length > 0) await this.col.updateMany({ _id: { $in: names } }, { $set: { releasedToPanel: true } });
  }
}
