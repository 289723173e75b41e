/**
 * The OpenAPI 3.1 document, generated from the route table: each route's schemas are the ones the
 * router validates with, and every route answers with the same problem-details responses.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { Problem } from "./common-schemas";
import type { RestRoute } from "./route";

export function openApiDocument(routes: RestRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  const problemResponse = (description: string) => ({
    description,
    content: { "application/problem+json": { schema: Problem } },
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
        "Report requests, priority-issue meetings, joint strategic assessments, crime reduction grants and combination agreements between the Office of the Police and Crime Commissioner and Community Safety Partnerships. Authenticate with a bearer token from the directory (client credentials for partner systems).",
    },
    servers: [{ url: "/" }],
  });
}
