import { runWithContext } from "./context";
import { createLogger } from "./log";

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => lines.push(s) } };
}

test("secrets and tokens never reach a log line, however deep", () => {
  const out = capture();
  const log = createLogger("test", "info", out.stream);
  log.info(
    {
      authorization: "Bearer eyJhbGciOiJFUzI1NiJ9.secret-token",
      request: { clientSecret: "cms_super_secret", token: "t0ken" },
      call: { metadata: { accessToken: "a.b.c" } },
      harmless: "kept",
    },
    "a call",
  );
  const line = out.lines.join("");
  for (const secret of ["secret-token", "cms_super_secret", "t0ken", "a.b.c"]) expect(line).not.toContain(secret);
  expect(line).toContain("[redacted]");
  expect(line).toContain("kept");
});

test("lines written while handling a request carry its correlation id and caller", () => {
  const out = capture();
  const log = createLogger("test", "info", out.stream);
  const caller = {
    subject: "people/a",
    partner: "partners/x",
    roles: ["csp-officer" as const],
    kind: "person" as const,
  };
  runWithContext({ correlationId: "corr-42", caller }, () => log.info("inside"));
  const parsed = JSON.parse(out.lines[0] as string) as Record<string, unknown>;
  expect(parsed).toMatchObject({ correlationId: "corr-42", caller: "people/a", service: "test", msg: "inside" });
});
