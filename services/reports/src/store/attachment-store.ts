import { createHash } from "node:crypto";
import { type Caller, type Classification, invalidArgument, notFound, scopedFilter } from "@csp-mesh/kit";
import { type Collection, type Db, GridFSBucket, type GridFSBucketWriteStream, ObjectId } from "mongodb";
import {
  ACCEPTED_EXTENSIONS,
  ATTACHMENT_TYPES,
  type AttachmentKind,
  extensionOf,
  familyFor,
  familyOf,
  SNIFF_WINDOW,
  sniff,
} from "../domain/content-type";
import type { AttachmentDoc } from "./documents";

export interface UploadFacts {
  reportRequest: string;
  partner: string;
  filename: string;
  classification: Classification;
  uploadedBy: string;
}

const MB = 1024 * 1024;

/**
 * Attachment bytes in GridFS (bucket "attachments"), their facts in a collection the policy can
 * filter. An upload is checked while it streams: over the size limit, or bytes that are not what
 * the file name says, and it is aborted with nothing kept.
 */
export class AttachmentStore {
  private readonly bucket: GridFSBucket;

  constructor(
    db: Db,
    readonly col: Collection<AttachmentDoc>,
    private readonly maxBytes: number,
  ) {
    this.bucket = new GridFSBucket(db, { bucketName: "attachments", chunkSizeBytes: 255 * 1024 });
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ reportRequest: 1, owner: 1 });
  }

  async upload(facts: UploadFacts, chunks: AsyncIterable<Buffer>): Promise<AttachmentDoc> {
    const kind = extensionOf(facts.filename);
    if (!kind)
      throw invalidArgument("unsupported attachment type", [
        { field: "metadata.filename", description: `accepted: ${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(", ")}` },
      ]);
    const gridId = new ObjectId();
    const upload = this.bucket.openUploadStream(facts.filename, {
      id: gridId,
      metadata: { contentType: ATTACHMENT_TYPES[kind] },
    });
    let streamError: Error | undefined;
    upload.on("error", (err) => {
      streamError = err;
    });
    const hash = createHash("sha256");
    let size = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    let familyChecked = false;
    try {
      for await (const chunk of chunks) {
        size += chunk.length;
        if (size > this.maxBytes)
          throw invalidArgument(`attachment is larger than the ${Math.round(this.maxBytes / MB)} MB limit`, [
            { field: "chunk", description: `at most ${this.maxBytes} bytes` },
          ]);
        if (head.length < SNIFF_WINDOW) head = Buffer.concat([head, chunk]).subarray(0, SNIFF_WINDOW);
        tail = Buffer.concat([tail, chunk]);
        if (tail.length > SNIFF_WINDOW) tail = tail.subarray(tail.length - SNIFF_WINDOW);
        if (!familyChecked && (head.length >= SNIFF_WINDOW || (kind !== "csv" && head.length >= 8))) {
          this.checkFamily(kind, head);
          familyChecked = true;
        }
        hash.update(chunk);
        if (streamError) throw streamError;
        if (!upload.write(chunk)) await new Promise((r) => upload.once("drain", r));
      }
      if (size === 0)
        throw invalidArgument("the attachment is empty", [{ field: "chunk", description: "no bytes sent" }]);
      this.checkFamily(kind, head);
      if (sniff(head, tail) !== kind) throw mismatch(kind);
      await finish(upload);
    } catch (err) {
      await this.discard(upload, gridId);
      throw err;
    }
    const doc: AttachmentDoc = {
      _id: `attachments/${gridId.toHexString()}`,
      gridId: gridId.toHexString(),
      reportRequest: facts.reportRequest,
      partner: facts.partner,
      owner: facts.partner,
      filename: facts.filename,
      contentType: ATTACHMENT_TYPES[kind],
      sizeBytes: size,
      sha256: hash.digest("hex"),
      classification: facts.classification,
      releasedToPanel: false,
      uploadedBy: facts.uploadedBy,
      createTime: new Date(),
    };
    try {
      await this.col.insertOne(doc);
    } catch (err) {
      await this.bucket.delete(gridId).catch(() => undefined);
      throw err;
    }
    return doc;
  }

  private checkFamily(kind: AttachmentKind, head: Buffer): void {
    if (familyOf(head) !== familyFor(kind)) throw mismatch(kind);
  }

  private async discard(upload: GridFSBucketWriteStream, gridId: ObjectId): Promise<void> {
    await upload.abort().catch(() => undefined);
    await this.bucket.delete(gridId).catch(() => undefined);
  }

  async get(caller: Caller, name: string): Promise<AttachmentDoc> {
    const filter = scopedFilter(caller, "submission", { _id: name });
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
    return this.bucket.openDownloadStream(new ObjectId(doc.gridId));
  }

  async release(names: string[]): Promise<void> {
    if (names.length > 0) await this.col.updateMany({ _id: { $in: names } }, { $set: { releasedToPanel: true } });
  }
}

function mismatch(kind: AttachmentKind) {
  return invalidArgument(`the file's content is not a .${kind} file`, [
    {
      field: "metadata.filename",
      description: `the bytes are not ${ATTACHMENT_TYPES[kind]}; accepted: PDF, CSV, XLSX, DOCX, ODT`,
    },
  ]);
}

function finish(upload: GridFSBucketWriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    upload.once("finish", () => resolve());
    upload.once("error", reject);
    upload.end();
  });
}
