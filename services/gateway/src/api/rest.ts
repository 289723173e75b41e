/**
 * The REST API: one table of routes. The same entries register the express handlers and the
 * OpenAPI paths, so every route is documented and every documented route exists.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { fromZodError } from "@csp-mesh/kit";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Downstream } from "../downstream";
import { sendDownload, uploadStream } from "../http/streams";
import { bodyChunks, hasBody } from "../http/uploads";
import { problem, problemFrom } from "../problems";
import { assessmentRoutes } from "./assessment-routes";
import { partnerName } from "./fields";
import { meetingRoutes } from "./meeting-routes";
import * as S from "./schemas";
import { settingsRoutes } from "./settings-routes";
import { webhookRoutes } from "./webhook-routes";

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

const reqName = (id: string) => `reportRequests/${id}`;

export function restRoutes(d: Downstream, uploadMaxBytes: number): RestRoute[] {
  return [
    {
      method: "get",
      path: "/v1/partners",
      summary: "List partners in the directory",
      tag: "Directory",
      query: S.queries.partners,
      response: S.lists.partners,
      handler: ({ query, token }) => d.directory.ListPartners(query, token),
    },
    {
      method: "get",
      path: "/v1/partners/{id}",
      summary: "Get a partner",
      tag: "Directory",
      params: S.ids.partner,
      response: S.Partner,
      handler: ({ params, token }) => d.directory.GetPartner({ name: `partners/${params.id}` }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests",
      summary: "The OPCC's view of all report requests, or a partnership's inbox",
      tag: "Report requests",
      query: S.queries.requests,
      response: S.lists.requests,
      handler: ({ query, token }) => {
        const { q: words, ...q } = query as z.infer<typeof S.queries.requests>;
        return d.reports.ListReportRequests(
          {
            ...q,
            query: words ?? "",
            addressee: q.addressee ? partnerName(q.addressee) : "",
            overdueOnly: q.overdueOnly === "true",
            awaitingPartner: q.awaitingPartner === "true",
            dueBefore: q.dueBefore ? S.toTimestamp(q.dueBefore) : null,
            dueAfter: q.dueAfter ? S.toTimestamp(q.dueAfter) : null,
          },
          token,
        );
      },
    },
    {
      method: "post",
      path: "/v1/report-requests",
      summary: "Require a report from one, several or all CSPs",
      tag: "Report requests",
      body: S.bodies.createRequest,
      response: S.ReportRequest,
      status: 201,
      handler: ({ body, token }) => {
        const b = body as z.infer<typeof S.bodies.createRequest>;
        return d.reports.CreateReportRequest(
          { ...b, reportRequest: { ...b.reportRequest, dueTime: S.toTimestamp(b.reportRequest.dueTime) } },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}",
      summary: "Get a report request",
      tag: "Report requests",
      params: S.ids.request,
      response: S.ReportRequest,
      handler: ({ params, token }) => d.reports.GetReportRequest({ name: reqName(params.id as string) }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/history",
      summary: "Every transition of a report request, with who and when",
      tag: "Report requests",
      params: S.ids.request,
      query: S.queries.page,
      response: S.lists.history,
      handler: ({ params, query, token }) =>
        d.reports.ListReportRequestHistory({ name: reqName(params.id as string), ...query }, token),
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/acknowledge",
      summary: "Acknowledge a request addressed to your partnership",
      tag: "Report requests",
      params: S.ids.request,
      body: S.bodies.acknowledge,
      response: S.ReportRequest,
      handler: ({ params, body, token }) =>
        d.reports.AcknowledgeReportRequest({ name: reqName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/withdraw",
      summary: "Withdraw a request from one addressee or all of them",
      tag: "Report requests",
      params: S.ids.request,
      body: S.bodies.withdraw,
      response: S.ReportRequest,
      handler: ({ params, body, token }) => {
        const b = body as z.infer<typeof S.bodies.withdraw>;
        return d.reports.WithdrawReportRequest(
          { name: reqName(params.id as string), ...b, partner: b.partner ? partnerName(b.partner) : "" },
          token,
        );
      },
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/draft",
      summary: "Your partnership's saved draft",
      tag: "Submissions",
      params: S.ids.request,
      response: S.Submission,
      handler: ({ params, token }) => d.reports.GetDraft({ parent: reqName(params.id as string) }, token),
    },
    {
      method: "put",
      path: "/v1/report-requests/{id}/draft",
      summary: "Save your partnership's draft",
      tag: "Submissions",
      params: S.ids.request,
      body: S.bodies.draft,
      response: S.Submission,
      handler: ({ params, body, token }) =>
        d.reports.SaveDraft({ parent: reqName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/submissions",
      summary: "Submitted versions (a partnership sees its own)",
      tag: "Submissions",
      params: S.ids.request,
      query: S.queries.submissions,
      response: S.lists.submissions,
      handler: ({ params, query, token }) => {
        const q = query as z.infer<typeof S.queries.submissions>;
        return d.reports.ListSubmissions(
          { parent: reqName(params.id as string), ...q, partner: q.partner ? partnerName(q.partner) : "" },
          token,
        );
      },
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/submissions",
      summary: "Submit a new version (from answers, or from the saved draft)",
      tag: "Submissions",
      params: S.ids.request,
      body: S.bodies.submit,
      response: S.Submission,
      status: 201,
      handler: ({ params, body, token }) =>
        d.reports.SubmitReport({ parent: reqName(params.id as string), ...(body as object) }, token),
    },
    {
      method: "get",
      path: "/v1/report-requests/{id}/submissions/{partner}/versions/{version}",
      summary: "One submitted version",
      tag: "Submissions",
      params: S.ids.version,
      response: S.Submission,
      handler: ({ params, token }) =>
        d.reports.GetSubmission(
          { name: `${reqName(params.id as string)}/submissions/${params.partner}/versions/${params.version}` },
          token,
        ),
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/review",
      summary: "Accept or return the latest version of a partnership's report",
      tag: "Submissions",
      params: S.ids.request,
      body: S.bodies.review,
      response: S.ReportRequest,
      handler: ({ params, body, token }) => {
        const b = body as z.infer<typeof S.bodies.review>;
        return d.reports.ReviewSubmission(
          { name: reqName(params.id as string), ...b, partner: partnerName(b.partner) },
          token,
        );
      },
    },
    {
      method: "post",
      path: "/v1/report-requests/{id}/attachments",
      summary: `Upload an attachment (PDF, CSV, XLSX, DOCX, ODT; at most ${Math.round(uploadMaxBytes / 1048576)} MB) as the raw request body`,
      tag: "Attachments",
      params: S.ids.request,
      query: S.queries.upload,
      response: S.Attachment,
      status: 201,
      stream: "upload",
      handler: ({ params, query, token, req }) =>
        uploadStream(
          d.reports.UploadAttachment,
          { parent: reqName(params.id as string), filename: (query as { filename: string }).filename },
          bodyChunks(req),
          token,
        ),
    },
    {
      method: "get",
      path: "/v1/attachments/{id}",
      summary: "Download an attachment",
      tag: "Attachments",
      params: S.ids.attachment,
      stream: "download",
      handler: ({ params, token, res }) =>
        sendDownload(d.reports.DownloadAttachment, { name: `attachments/${params.id}` }, token, res),
    },
    {
      method: "get",
      path: "/v1/published-reports",
      summary: "Accepted reports released to the Police and Crime Panel",
      tag: "Submissions",
      query: S.queries.page,
      response: S.lists.submissions,
      handler: ({ query, token }) => d.reports.ListPublishedReports(query, token),
    },
    ...meetingRoutes(d),
    ...assessmentRoutes(d),
    ...webhookRoutes(d),
    ...settingsRoutes(d),
  ];
}

export function openApiDocument(routes: RestRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  const problemResponse = (description: string) => ({
    description,
    content: { "application/problem+json": { schema: S.Problem } },
  });
  for (const r of routes) {
    const config: RouteConfig = {
      method: r.method,
      path: r.path,
      summary: r.summary,
      tags: [r.tag],
      security: [{ bearer: [] }],
      request: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.body ? { body: { content: { "application/json": { schema: r.body } }, required: true } } : {}),
        ...(r.stream === "upload"
          ? { body: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } } }
          : {}),
      },
      responses: {
        [r.status ?? 200]: r.response
          ? { description: "OK", content: { "application/json": { schema: r.response } } }
          : {
              description: "The file",
              content: {
                [r.downloadType ?? "application/octet-stream"]: { schema: z.string().openapi({ format: "binary" }) },
              },
            },
        400: problemResponse("Invalid request: it breaks this document's schema (see errors)"),
        401: problemResponse("No valid token"),
        403: problemResponse("Not allowed"),
        404: problemResponse("Not found, or not visible to you"),
        409: problemResponse("Conflict or not possible in the current state"),
        ...(r.params || r.query || r.body || r.stream === "upload"
          ? {
              422: problemResponse(
                "Well-formed, but refused by a rule a schema cannot state, such as a due date in the past or a partner that does not exist (see errors)",
              ),
            }
          : {}),
        ...(r.body || r.stream === "upload" ? { 413: problemResponse("The body is too large") } : {}),
        ...(r.body ? { 415: problemResponse("The body is not application/json") } : {}),
        429: problemResponse("Too many requests"),
        431: problemResponse("The request's header fields are too large"),
        503: problemResponse("A service is unavailable"),
      },
    };
    registry.registerPath(config);
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "csp-mesh REST API",
      version: "1.0.0",
      description:
        "Report requests, priority-issue meetings and joint strategic assessments between the Office of the Police and Crime Commissioner and Community Safety Partnerships. Authenticate with a bearer token from the directory (client credentials for partner systems).",
    },
    servers: [{ url: "/" }],
  });
}

/** The methods the documented routes allow on a concrete path (HEAD with GET), for 405 answers. */
export function allowedMethods(routes: RestRoute[]): (path: string) => string[] {
  const patterns = routes.map((r) => ({
    re: new RegExp(`^${r.path.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
    method: r.method.toUpperCase(),
  }));
  return (path) => {
    const methods = new Set(patterns.filter((p) => p.re.test(path)).map((p) => p.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}

/** Registers every route on an express router: validation, token, handler, problem details. */
export function restRouter(routes: RestRoute[], tokenOf: (req: Request) => string | undefined): Router {
  const router = Router();
  for (const r of routes) {
    const expressPath = r.path.replace(/\{(\w+)\}/g, ":$1");
    router[r.method](expressPath, async (req, res) => {
      const send = (p: ReturnType<typeof problem>) => res.status(p.status).type("application/problem+json").json(p);
      try {
        const token = tokenOf(req);
        if (!token) return send(problem(401, "Not signed in", "send a bearer token in the Authorization header"));
        // A JSON route given another media type would otherwise read as an empty body.
        if (r.body && hasBody(req) && !req.is("application/json"))
          return send(problem(415, "Unsupported media type", "send the body as application/json"));
        const params = r.params ? r.params.safeParse(req.params) : { success: true as const, data: {} };
        const query = r.query ? r.query.safeParse(req.query) : { success: true as const, data: {} };
        const body = r.body ? r.body.safeParse(req.body ?? {}) : { success: true as const, data: undefined };
        for (const [where, parsed] of [
          ["path", params],
          ["query", query],
          ["body", body],
        ] as const) {
          if (!parsed.success) {
            const e = fromZodError(parsed.error);
            return send(problem(400, "Invalid request", `invalid ${where}: ${e.message}`, e.fieldViolations));
          }
        }
        const result = await r.handler({
          params: params.data as Record<string, string>,
          query: query.data as Record<string, unknown>,
          body: body.data,
          token,
          req,
          res,
        });
        if (r.stream !== "download") res.status(r.status ?? 200).json(result);
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const p = problemFrom(err);
        // The request met the documented schema, so a service's refusal is a rule a schema cannot state
        // (a due date in the past, a partner that does not exist): 422, not 400.
        send(p.status === 400 ? problem(422, "Unprocessable request", p.detail, p.errors) : p);
      }
    });
  }
  return router;
}
