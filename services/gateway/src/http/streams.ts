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
      res.setHeader("content-disposition", fileDisposition(m.metadata.filename));
      if (m.metadata.sha256)
        res.setHeader("digest", `sha-256=${Buffer.from(m.metadata.sha256, "hex").toString("base64")}`);
      started = true;
    } else if (m.chunk && started) {
      // Wait for the client to take more, unless it went away: then stop reading, which cancels
      // the service's download (the loop's exit ends the gRPC call) instead of holding it open.
      if (!res.write(m.chunk) && !(await drainedOrClosed(res))) return undefined;
    }
  }
  res.end();
  return undefined;
}

/** True once the response can take more bytes; false if the client closed the connection first. */
function drainedOrClosed(res: Response): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (drained: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(drained);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

/**
 * A `content-disposition` value for a file name, quotes, backslashes and line breaks replaced: a
 * name from a title can hold them, and a raw one breaks the header (a line break is a 500).
 */
export const fileDisposition = (filename: string, kind: "attachment" | "inline" = "attachment") =>
  `${kind}; filename="${filename.replace(/["\\\r\n]/g, "_")}"`;
