/**
 * Serves the route table over express: each route's path, query and body are checked against the
 * schemas the OpenAPI document shows, and failures come back as problem details.
 */
import { fromZodError } from "@csp-mesh/kit";
import { type Request, Router } from "express";
import { hasBody } from "../http/uploads";
import { problem, problemFrom } from "../problems";
import type { RestRoute } from "./route";

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
