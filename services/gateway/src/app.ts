/** The gateway's express application: security middleware, REST API, OpenAPI, web pages. */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { asyncApiDocument, type Logger, type TokenVerifier } from "@csp-mesh/kit";
import { MESH_EVENT_DOMAINS } from "@csp-mesh/notifier/contract";
import cookieParser from "cookie-parser";
import { doubleCsrf } from "csrf-csrf";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import nunjucks from "nunjucks";
import { Histogram, type Registry } from "prom-client";
import { openApiDocument } from "./api/openapi";
import { restRoutes } from "./api/rest-routes";
import { allowedMethods, restRouter } from "./api/router";
import { apiToken, SESSION_COOKIE } from "./auth";
import type { Downstream } from "./downstream";
import { problem } from "./problems";
import type { PendingForms, SessionStore } from "./web/frame/sessions";
import { type DemoPerson, webRouter } from "./web/router";

const GOVUK = path.dirname(require.resolve("govuk-frontend/package.json"));
const VIEWS = path.resolve(__dirname, "..", "views");

export interface AppOptions {
  downstream: Downstream;
  /** Prefix of the Kafka topics, for the event API document's channel addresses. */
  topicPrefix: string;
  verifier: TokenVerifier;
  sessions: SessionStore;
  pendingForms: PendingForms;
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  log: Logger;
  secureCookies: boolean;
  cookieSecret: string;
  devSignIn: DemoPerson[] | undefined;
  uploadMaxBytes: number;
  rateLimitPerMinute: number;
  registry: Registry;
}

export function createApp(o: AppOptions) {
  const app = express();
  app.disable("x-powered-by");

  const env = nunjucks.configure([VIEWS, path.join(GOVUK, "dist")], { autoescape: true, express: app });
  env.addFilter("urlencode", (s: string) => encodeURIComponent(s));
  app.set("view engine", "njk");

  const seconds = new Histogram({
    name: "http_server_request_duration_seconds",
    help: "Gateway HTTP requests, by method, route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [o.registry],
  });
  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    const end = seconds.startTimer();
    // The matched route pattern, not the URL, so ids do not explode the label set.
    res.on("finish", () =>
      end({
        method: req.method,
        route: (req.route?.path as string | undefined) ?? "unmatched",
        status: String(res.statusCode),
      }),
    );
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          // TLS is terminated in front of the gateway; upgrading here would break http://localhost.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: o.rateLimitPerMinute,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      handler: (_req, res) =>
        res
          .status(429)
          .type("application/problem+json")
          .json(problem(429, "Too many requests", "slow down and retry later")),
    }),
  );

  const assets = path.join(GOVUK, "dist", "govuk");
  app.use("/assets", express.static(path.join(assets, "assets"), { maxAge: "1h" }));
  app.get("/assets/govuk-frontend.min.css", (_req, res) => res.sendFile(path.join(assets, "govuk-frontend.min.css")));
  app.use("/assets/app", express.static(path.resolve(__dirname, "..", "public"), { maxAge: "1h" }));
  app.get("/assets/govuk-frontend.min.js", (_req, res) => res.sendFile(path.join(assets, "govuk-frontend.min.js")));

  app.use(cookieParser());

  // REST: bearer tokens only (no cookies, so no CSRF exposure); JSON bodies up to 1 MB.
  const routes = restRoutes(o.downstream, o.uploadMaxBytes);
  // Both documents are made on first request: making them took a third of a second of every
  // gateway start (and of every handler test's app), for documents most runs never serve.
  const document = once(() => openApiDocument(routes));
  app.get("/openapi.json", (_req, res) => res.json(document()));
  const events = once(() => asyncApiDocument(MESH_EVENT_DOMAINS, o.topicPrefix));
  app.get("/asyncapi.json", (_req, res) => res.json(events()));
  app.use("/v1", (req, res, next) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    // Uploads (report attachments, meeting papers, proposals' documents): refused by their declared size before a byte
    // reaches a service; a body that runs past it is cut by the service's own limit.
    if (req.method === "POST" && /\/(attachments|papers|documents)$/.test(req.path) && declared > o.uploadMaxBytes)
      return res
        .status(413)
        .type("application/problem+json")
        .json(problem(413, "Too large", `uploads are limited to ${o.uploadMaxBytes} bytes`));
    next();
  });
  app.use("/v1", express.json({ limit: "1mb" }));
  app.use(restRouter(routes, apiToken)); // its paths are the documented ones, /v1 included
  const allowedOn = allowedMethods(routes);
  app.use("/v1", (req, res) => {
    // A route that exists with other methods: 405 with Allow (RFC 9110), not "no such route".
    const allow = allowedOn(req.baseUrl + req.path);
    if (allow.length > 0)
      return res
        .status(405)
        .setHeader("allow", allow.join(", "))
        .type("application/problem+json")
        .json(problem(405, "Method not allowed", `${req.method} is not allowed here; allowed: ${allow.join(", ")}`));
    res
      .status(404)
      .type("application/problem+json")
      .json(problem(404, "Not found", "no such API route"));
  });
  // Whatever failed under /v1 before a route answered (malformed JSON, a body over the limit, an
  // unsupported charset) is a problem document too, never the web pages' HTML error page.
  app.use("/v1", (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; type?: string; message?: string };
    const status = typeof e.status === "number" && e.status >= 400 && e.status < 500 ? e.status : 500;
    if (status === 500) o.log.error({ err, path: req.path }, "REST request failed");
    const [title, detail] =
      e.type === "entity.parse.failed"
        ? ["Malformed JSON", "the request body is not valid JSON"]
        : e.type === "entity.too.large"
          ? ["Too large", "JSON bodies are limited to 1 MB"]
          : status === 500
            ? ["Internal error", "internal error"]
            : ["Invalid request", e.message ?? "invalid request"];
    res
      .status(status)
      .type("application/problem+json")
      .json(problem(status, title, detail));
  });

  // Web: forms protected by double-submit CSRF tokens bound to the session.
  const csrf = doubleCsrf({
    getSecret: () => o.cookieSecret,
    getSessionIdentifier: (req) => (req.cookies as Record<string, string>)[SESSION_COOKIE] ?? "anonymous",
    cookieName: o.secureCookies ? "__Host-csp.x-csrf" : "csp.x-csrf",
    cookieOptions: { sameSite: "lax", secure: o.secureCookies, httpOnly: true, path: "/" },
    getCsrfTokenFromRequest: (req) =>
      ((req.body as Record<string, string> | undefined)?._csrf ?? (req.query._csrf as string | undefined)) || null,
  });
  app.use(express.urlencoded({ extended: false, limit: "256kb", parameterLimit: 500 }));
  app.use(csrf.doubleCsrfProtection);
  app.use((req, res, next) => {
    res.locals.csrfToken = csrf.generateCsrfToken(req, res);
    next();
  });
  app.get("/api-docs", (_req, res) => {
    const operations = routes.map((r) => [
      { text: r.method.toUpperCase() },
      { html: `<code>${r.path}</code>` },
      { text: r.summary },
    ]);
    res.render("api-docs.njk", { title: "REST API", operations, cspNonce: res.locals.cspNonce, navigation: [] });
  });
  app.get("/event-api", (_req, res) => {
    const { channels, components } = events();
    const topics = Object.values(channels).map((ch) => ({
      caption: `${ch.title}: topic ${ch.address}`,
      rows: Object.keys(ch.messages).map((name) => {
        const m = components.messages[name] as {
          name: string;
          summary: string;
          payload: { properties?: object };
        };
        return [
          { html: `<code>${m.name}</code>` },
          { text: m.summary },
          { text: Object.keys(m.payload.properties ?? {}).join(", ") },
        ];
      }),
    }));
    res.render("event-api.njk", { title: "Event API", topics, cspNonce: res.locals.cspNonce, navigation: [] });
  });
  app.use(webRouter({ ...o, downstream: o.downstream }));

  app.use((_req, res) =>
    res.status(404).render("message.njk", {
      title: "Page not found",
      message: "If you typed the web address, check it is correct.",
      cspNonce: res.locals.cspNonce,
      link: { href: "/", text: "Go to the start" },
    }),
  );
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const code = (err as { code?: string; status?: number }).code;
    if (code === "EBADCSRFTOKEN" || (err as { status?: number }).status === 403) {
      return res.status(403).render("message.njk", {
        title: "Your form has expired",
        message: "For your security, go back, reload the page and try again.",
        cspNonce: res.locals.cspNonce,
      });
    }
    const status = (err as { status?: number }).status;
    if (status === 413 || status === 400) {
      return res.status(status).render("message.njk", {
        title: status === 413 ? "That was too large" : "There was a problem with the request",
        message: (err as Error).message,
        cspNonce: res.locals.cspNonce,
      });
    }
    o.log.error({ err, path: req.path }, "web request failed");
    res.status(500).render("message.njk", {
      title: "Sorry, there is a problem with the service",
      message: "Try again later. Nothing you sent has been lost or half-saved.",
      cspNonce: res.locals.cspNonce,
    });
  });
  return app;
}

/** `make`'s value, made on the first call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
