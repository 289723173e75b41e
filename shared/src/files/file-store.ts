/**
 * Uploaded files (report attachments, meeting papers) in a GridFS bucket, checked while they
 * stream: over the size limit, empty, or bytes that are not what the file name says, and the
 * upload is aborted with nothing kept. Each service keeps the facts the policy filters on in its
 * own collection; this store holds only the bytes and what they are.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { type Db, GridFSBucket, type GridFSBucketWriteStream, ObjectId } from "mongodb";
import { invalidArgument } from "../errors";
import {
  ACCEPTED_EXTENSIONS,
  ATTACHMENT_TYPES,
  type AttachmentKind,
  dangerousEntry,
  extensionOf,
  familyFor,
  familyOf,
  SNIFF_WINDOW,
  sniff,
} from "./content-type";

export interface StoredFile {
  /** The GridFS file id (hex). */
  gridId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

const MB = 1024 * 1024;

export class FileStore {
  private readonly bucket: GridFSBucket;

  constructor(
    db: Db,
    bucketName: string,
    readonly maxBytes: number,
  ) {
    this.bucket = new GridFSBucket(db, { bucketName, chunkSizeBytes: 255 * 1024 });
  }

  /** Stores the bytes if they pass every check; INVALID_ARGUMENT naming `metadata.filename` or `chunk` if not. */
  async put(filename: string, chunks: AsyncIterable<Buffer>): Promise<StoredFile> {
    const kind = extensionOf(filename);
    if (!kind)
      throw invalidArgument("unsupported file type", [
        { field: "metadata.filename", description: `accepted: ${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(", ")}` },
      ]);
    const gridId = new ObjectId();
    const upload = this.bucket.openUploadStream(filename, {
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
          throw invalidArgument(`the file is larger than the ${Math.round(this.maxBytes / MB)} MB limit`, [
            { field: "chunk", description: `at most ${this.maxBytes} bytes` },
          ]);
        if (head.length < SNIFF_WINDOW) head = Buffer.concat([head, chunk]).subarray(0, SNIFF_WINDOW);
        tail = Buffer.concat([tail, chunk]);
        if (tail.length > SNIFF_WINDOW) tail = tail.subarray(tail.length - SNIFF_WINDOW);
        // Refuse a mismatch at the first chunk rather than after storing megabytes.
        if (!familyChecked && (head.length >= SNIFF_WINDOW || (kind !== "csv" && head.length >= 8))) {
          checkFamily(kind, head);
          familyChecked = true;
        }
        hash.update(chunk);
        if (streamError) throw streamError;
        if (!upload.write(chunk)) await new Promise((r) => upload.once("drain", r));
      }
      if (size === 0) throw invalidArgument("the file is empty", [{ field: "chunk", description: "no bytes sent" }]);
      checkFamily(kind, head);
      if ((await sniff(head, tail)) !== kind) throw mismatch(kind);
      const embedded = familyFor(kind) === "zip" ? dangerousEntry(head, tail) : undefined;
      if (embedded)
        throw invalidArgument("a document must not contain programs, archives or macros", [
          { field: "chunk", description: `the file contains ${embedded.slice(0, 100)}` },
        ]);
      await finish(upload);
    } catch (err) {
      await upload.abort().catch(() => undefined);
      await this.delete(gridId.toHexString());
      throw err;
    }
    return {
      gridId: gridId.toHexString(),
      filename,
      contentType: ATTACHMENT_TYPES[kind],
      sizeBytes: size,
      sha256: hash.digest("hex"),
    };
  }

  open(gridId: string): Readable {
    return this.bucket.openDownloadStream(new ObjectId(gridId));
  }

  /** Removes stored bytes (a failed upload, or facts that could not be recorded); never throws. */
  async delete(gridId: string): Promise<void> {
    await this.bucket.delete(new ObjectId(gridId)).catch(() => undefined);
  }
}

/**
 * Splits a client-streamed upload: the first message must carry the metadata, every later one
 * bytes. `split` says which a message is.
 */
export async function uploadParts<M, Meta>(
  messages: AsyncIterable<M>,
  split: (m: M) => { metadata?: Meta | null; chunk?: Buffer | null },
): Promise<{ metadata: NonNullable<Meta>; chunks: AsyncIterable<Buffer> }> {
  const it = messages[Symbol.asyncIterator]();
  const first = await it.next();
  const metadata = first.done ? undefined : split(first.value).metadata;
  if (metadata === undefined || metadata === null)
    throw invalidArgument("the first message must carry the metadata", [
      { field: "metadata", description: "send the metadata first, then the bytes" },
    ]);
  async function* chunks() {
    for (;;) {
      const m = await it.next();
      if (m.done) return;
      const chunk = split(m.value).chunk;
      if (!chunk)
        throw invalidArgument("only the first message may carry metadata", [
          { field: "chunk", description: "expected bytes" },
        ]);
      yield chunk;
    }
  }
  return { metadata, chunks: chunks() };
}

function checkFamily(kind: AttachmentKind, head: Buffer): void {
  if (familyOf(head) !== familyFor(kind)) throw mismatch(kind);
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
