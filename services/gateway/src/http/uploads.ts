/** Request bodies as byte streams: raw (REST uploads) or a web form's multipart file. */
import Busboy from "busboy";
import type { Request } from "express";

export const hasBody = (req: Request) =>
  Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;

export async function* bodyChunks(req: Request): AsyncIterable<Buffer> {
  for await (const chunk of req) yield chunk as Buffer;
}

/**
 * The web form's multipart body: the fields before the file (every value, as lists) and the file
 * as a byte stream, never buffered whole. Resolves at the file (or at the end if there is none).
 */
export function multipartFile(
  req: Request,
  maxBytes: number,
): Promise<{ filename: string; chunks: AsyncIterable<Buffer>; fields: Record<string, string[]> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string[]> = {};
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 200 } });
    } catch (err) {
      reject(err);
      return;
    }
    bb.on("field", (name, value) => {
      fields[name] = [...(fields[name] ?? []), value];
    });
    bb.on("file", (_name, file, info) => {
      if (!info.filename) {
        file.resume(); // an empty file input: nothing to store
        return;
      }
      resolve({ filename: info.filename, chunks: file as AsyncIterable<Buffer>, fields });
    });
    bb.on("close", () => resolve({ filename: "", chunks: (async function* () {})(), fields }));
    bb.on("error", reject);
    req.pipe(bb);
  });
}
