/** Files through the gateway: bytes streamed into a service's upload, a service's download streamed out. */
import type { Response } from "express";

/** Streams bytes into a client-streaming upload: the metadata message first, then the chunks as they arrive. */
export function uploadStream<Meta, Res>(
  upload: (messages: AsyncIterable<{ metadata: Meta } | { chunk: Buffer }>, token: string) => Promise<Res>,
  metadata: Meta,
  chunks: AsyncIterable<Buffer>,
  token: string,
): Promise<Res> {
  async function* messages() {
    yield { metadata };
    for await (const chunk of chunks) yield { chunk };
  }
  return upload(messages(), token);
}

interface FileFacts {
  filename: string;
  contentType: string;
  /** Known for a stored file; absent for one built as it streams (a papers pack). */
  sizeBytes?: string;
  sha256?: string;
}

/** A download's messages: the file's facts first, then its bytes. */
interface DownloadPart {
  part?: string;
  metadata?: FileFacts | null;
  chunk?: Buffer;
}

/** Streams a server-streaming download to an HTTP response; errors before the first byte become problems. */
export async function sendDownload<Req>(
  download: (request: Req, token: string) => AsyncIterable<DownloadPart>,
  request: Req,
  token: string,
  res: Response,
): Promise<undefined> {
  let started = false;
  for await (const m of download(request, token)) {
    if (m.part === "metadata" && m.metadata) {
      res.status(200);
      res.setHeader("content-type", m.metadata.contentType);
      if (m.metadata.sizeBytes) res.setHeader("content-length", m.metadata.sizeBytes);
      res.setHeader("content-disposition", `attachment; filename="${m.metadata.filename.replace(/["\\\r\n]/g, "_")}"`);
      if (m.metadata.sha256)
        res.setHeader("digest", `sha-256=${Buffer.from(m.metadata.sha256, "hex").toString("base64")}`);
      started = true;
    } else if (m.chunk && started) {
      if (!res.write(m.chunk)) await new Promise((r) => res.once("drain", r));
    }
  }
  res.end();
  return undefined;
}
