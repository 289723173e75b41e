import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

/**
 * The small operational HTTP surface of a gRPC service: /metrics (Prometheus), /healthz (alive),
 * /readyz (dependencies answer), plus routes a service adds (the directory's JWKS).
 */
export function startOpsServer(
  host: string,
  port: number,
  registry: Registry,
  ready: () => Promise<boolean>,
  routes: HttpRoute[],
): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = (req.url ?? "/").split("?")[0];
        if (req.method === "GET" && url === "/metrics") {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(await registry.metrics());
          return;
        }
        if (req.method === "GET" && url === "/healthz") {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"status":"ok"}');
          return;
        }
        if (req.method === "GET" && url === "/readyz") {
          const ok = await ready();
          res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: ok ? "ready" : "not ready" }));
          return;
        }
        for (const route of routes) if (await route(req, res)) return;
        res.writeHead(404, { "content-type": "application/json" });
        res.end('{"error":"not found"}');
      } catch {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end('{"error":"internal error"}');
      }
    })();
  });
  // Requests Node refuses before any handler runs (header fields over its limit, a malformed request
  // line) still get a problem document saying why, rather than a bare status line.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const [status, title] =
      err.code === "HPE_HEADER_OVERFLOW"
        ? [431, "Request Header Fields Too Large"]
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "Request Timeout"]
          : [400, "Bad Request"];
    const body = JSON.stringify({ type: "about:blank", title, status, detail: title.toLowerCase() });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
