import { z } from "zod";

/** A file's name as uploaded: a name, never a path. */
export const uploadFilename = z
  .string()
  .trim()
  .min(1, "a file name is required")
  .max(200)
  .regex(/^[^/\\\0]+$/, "a file name, not a path");

/**
 * One message of a client-streamed upload, every service's: its metadata (the first message, in
 * the service's own shape) or a chunk of the bytes (every later one); `uploadParts` splits them.
 */
export const uploadMessage = <T extends z.ZodType>(metadata: T) =>
  z.object({
    part: z.enum(["metadata", "chunk"], { error: "each message carries metadata or a chunk" }),
    metadata: metadata.nullable().optional(),
    chunk: z.instanceof(Buffer).nullable().optional(),
  });
