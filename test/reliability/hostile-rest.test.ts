/**
 * Hostile input on every REST route of the OpenAPI document, beyond what Schemathesis generates from
 * the schemas (openapi-contract.e2e.test.ts): malformed and truncated JSON, the wrong content type,
 * deeply nested and oversized bodies, prototype-pollution keys, truncated multipart, and hostile path
 * and query values. Every answer must be a 4xx (or a success), never a 5xx, and the gateway and the
 * services behind it still SERVING afterwards.
 */
import type { RunningService } from "@csp-mesh/kit";
import {
  clients,
  dropDatabase,
  isolation,
  signIn,
  startBesideDirectory,
  startDirectory,
  startGateway,
} from "../support/mesh";
import { healthAfterwards, recordRow } from "../support/reliability";

const PATH_VALUES = [
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%E2%80%AE",
  "a".repeat(3000),
  "%F0%9F%99%82",
  "-1",
  "%25",
  "x%20y",
];
const QUERY = "?pageSize=-1&pageToken=%00garbage&page_size=1e309&state=NOPE&q=%E2%80%AE&due_before=yesterday";
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

describe("reliability: hostile input on every REST route", () => {
  const iso = isolation("rel-rest");
  const running: RunningService<never>[] = [];

  afterAll(async () => {
    for (const svc of running.reverse()) {
      await dropDatabase(svc);
      await svc.stop();
    }
  });

  test("4xx for everything malformed, never 5xx, everything SERVING afterwards", async () => {
    const unlimited = { RATE_LIMIT_PER_MINUTE: "1000000" };
    const directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, unlimited);
    const { reports, meetings, assessments, notifier, grants } = await startBesideDirectory(
      iso,
      directory,
      ["reports", "meetings", "assessments", "notifier", "grants"],
      unlimited,
    );
    const gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments, {
      ...unlimited,
      HTTP_RATE_LIMIT_PER_MINUTE: "1000000",
      UPLOAD_MAX_BYTES: String(1024 * 1024),
      NOTIFIER_ADDRESS: `127.0.0.1:${notifier.grpcPort}`,
      GRANTS_ADDRESS: `127.0.0.1:${grants.grpcPort}`,
    });
    const all = [directory, reports, meetings, assessments, notifier, grants, gateway];
    running.push(...(all as never[]));
    const base = `http://127.0.0.1:${gateway.httpPort}`;
    const token = await signIn(clients(directory.grpcPort).identity, "people/opcc-admin-1");
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let calls = 0;
    const send = async (method: string, url: string, body?: string, type?: string) => {
      const res = await fetch(url, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, ...(type ? { "content-type": type } : {}) },
        body,
        redirect: "manual",
      });
      await res.arrayBuffer().catch(() => undefined);
      calls += 1;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500)
        failures.push(
          `${method.toUpperCase()} ${url.slice(base.length, base.length + 120)} (${type ?? "no body"}): ${res.status}`,
        );
    };

    const bodies: [string, string, string][] = [
      ["truncated JSON", '{"reportRequest": {"title": "x"', "application/json"],
      ["not JSON", "title=x&y=z", "application/json"],
      ["wrong content type", '{"a":1}', "text/plain"],
      ["XML", "<a>1</a>", "application/xml"],
      ["deep nesting", deep(10_000), "application/json"],
      ["prototype pollution", '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}', "application/json"],
      ["huge", JSON.stringify({ title: "a".repeat(3 * 1024 * 1024) }), "application/json"],
      ["NUL and bidi", JSON.stringify({ title: "a\u0000b\u202e", name: "\u2066" }), "application/json"],
      [
        "truncated multipart",
        '--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b',
        "multipart/form-data; boundary=b",
      ],
      ["multipart without boundary", "--b\r\n", "multipart/form-data"],
    ];

    // Each hostile path value and each hostile body on every operation, but not every pair of them:
    // the body parsers run before a path's values are read, so the body cases take a plain id and
    // the path cases a well-formed body (4,500 calls and 400 three-megabyte bodies became about 1,300
    // and 52, finding the same).
    for (const [template, operations] of Object.entries(doc.paths)) {
      const paths = template.includes("{") ? PATH_VALUES.map((v) => template.replace(/\{[^}]+\}/g, v)) : [template];
      const plain = template.replace(/\{[^}]+\}/g, "x1");
      for (const method of Object.keys(operations)) {
        const query = method === "get" || method === "delete" ? QUERY : "";
        for (const path of paths)
          await send(
            method,
            `${base}${path}${query}`,
            query ? undefined : "{}",
            query ? undefined : "application/json",
          );
        if (query) continue;
        for (const [, body, type] of bodies) await send(method, `${base}${plain}`, body, type);
      }
    }
    const health = await healthAfterwards(all.map((s) => s.grpcPort));
    recordRow({
      scenario: "hostile-rest",
      proves: "malformed, oversized, wrongly typed and truncated requests on every REST route: 4xx, never 5xx",
      operations: calls,
      lost: 0,
      duplicated: 0,
      serverErrors: failures.length,
      recoverySeconds: 0,
      notes: `${Object.keys(doc.paths).length} paths; statuses ${[...statuses.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}:${n}`)
        .join(" ")}; health ${health.join(",")}`,
    });
    expect(failures.slice(0, 30)).toEqual([]);
    expect(health.every((h) => h === "SERVING")).toBe(true);
  }, 900_000);
});
