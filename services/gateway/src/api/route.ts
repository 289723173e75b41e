/**
 * What one REST route is. Every area's route table is a list of these, and the same entries register
 * the express handlers (router.ts) and the OpenAPI paths (openapi.ts), so every route is documented
 * and every documented route exists. Kept apart from both so an area depends on this shape alone.
 */
import type { Request, Response } from "express";
import type { z } from "zod";

export interface RestContext {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  token: string;
  req: Request;
  res: Response;
}

export interface RestRoute {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI form, e.g. /v1/report-requests/{id}. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Documented response body; undefined for a streamed download. */
  response?: z.ZodType;
  status?: 200 | 201;
  /** Non-JSON request or response body. */
  stream?: "upload" | "download";
  /** Media type of a download (default application/octet-stream). */
  downloadType?: string;
  handler: (ctx: RestContext) => Promise<unknown>;
}
