/**
 * Partner developers reach for grpcurl or `buf curl` first, with nothing but server reflection. This
 * drives `buf curl` (a client nobody here wrote) against every service's port: each lists exactly
 * the services it implements plus health, and every type can be resolved, so a token can be
 * obtained and methods called.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { BaseConfig, RunningService } from "@csp-mesh/kit";
import { dropDatabase, isolation, startBesideDirectory, startDirectory, startGateway } from "../support/mesh";

const run = promisify(execFile);
const BUF = path.resolve(__dirname, "..", "..", "node_modules", ".bin", "buf");

async function bufCurl(args: string[]): Promise<{ out: string; err: string; code: number }> {
  try {
    const r = await run(BUF, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args], { timeout: 30_000 });
    return { out: r.stdout, err: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number };
    return { out: x.stdout ?? "", err: x.stderr ?? "", code: x.code ?? 1 };
  }
}

describe("gRPC server reflection with buf curl", () => {
  const iso = isolation("reflect");
  let running: Record<string, RunningService<BaseConfig>>;

  beforeAll(async () => {
    const directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    const { reports, audit, meetings, assessments, notifier, grants } = await startBesideDirectory(iso, directory, [
      "reports",
      "audit",
      "meetings",
      "assessments",
      "notifier",
      "grants",
    ]);
    const gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments);
    running = { directory, reports, audit, meetings, assessments, gateway, notifier, grants } as unknown as Record<
      string,
      RunningService<BaseConfig>
    >;
  });

  afterAll(async () => {
    for (const svc of Object.values(running ?? {}).reverse()) {
      await dropDatabase(svc);
      await svc.stop();
    }
  });

  const url = (svc: string, method = "") => `http://127.0.0.1:${running[svc]?.grpcPort}${method}`;

  test.each([
    [
      "directory",
      [
        "csp.directory.v1.DirectoryService",
        "csp.directory.v1.IdentityService",
        "csp.directory.v1.CombinationsService",
        "grpc.health.v1.Health",
      ],
    ],
    ["reports", ["csp.reports.v1.ReportsService", "grpc.health.v1.Health"]],
    ["audit", ["csp.audit.v1.AuditService", "grpc.health.v1.Health"]],
    ["meetings", ["csp.meetings.v1.MeetingsService", "grpc.health.v1.Health"]],
    ["assessments", ["csp.assessments.v1.AssessmentsService", "grpc.health.v1.Health"]],
    [
      "grants",
      [
        "csp.grants.v1.PlansService",
        "csp.grants.v1.GrantsService",
        "csp.grants.v1.GrantsRegisterService",
        "grpc.health.v1.Health",
      ],
    ],
    ["gateway", ["grpc.health.v1.Health"]],
    [
      "notifier",
      ["csp.notifier.v1.WebhooksService", "csp.notifier.v1.NotificationSettingsService", "grpc.health.v1.Health"],
    ],
  ])("%s lists exactly what it serves, health included, and reports SERVING", async (svc, expected) => {
    const listed = await bufCurl(["--list-services", url(svc as string)]);
    expect(listed.err).toBe("");
    expect(listed.out.trim().split("\n").sort()).toEqual([...expected].sort());
    const health = await bufCurl(["-d", "{}", url(svc as string, "/grpc.health.v1.Health/Check")]);
    expect(JSON.parse(health.out)).toEqual({ status: "SERVING" });
  });

  test("a token from IdentityService, then calls resolved by reflection alone (Timestamp and all)", async () => {
    const signIn = await bufCurl([
      "-d",
      JSON.stringify({ person: "people/opcc-staff-1" }),
      url("directory", "/csp.directory.v1.IdentityService/DevSignIn"),
    ]);
    expect(signIn.err).toBe("");
    const { accessToken, person } = JSON.parse(signIn.out) as { accessToken: string; person: { createTime: string } };
    expect(accessToken).toMatch(/^ey/);
    // A google.protobuf.Timestamp came back as RFC 3339: the well-known types resolved.
    expect(person.createTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    const auth = ["-H", `Authorization: Bearer ${accessToken}`];

    const list = await bufCurl([
      ...auth,
      "-d",
      '{"pageSize":1}',
      url("reports", "/csp.reports.v1.ReportsService/ListReportRequests"),
    ]);
    expect(list.err).toBe("");
    expect(JSON.parse(list.out)).toHaveProperty("stateCounts");
    const partners = await bufCurl([
      ...auth,
      "-d",
      '{"pageSize":2}',
      url("directory", "/csp.directory.v1.DirectoryService/ListPartners"),
    ]);
    expect((JSON.parse(partners.out) as { partners: unknown[] }).partners).toHaveLength(2);
    const combinations = await bufCurl([
      ...auth,
      "-d",
      "{}",
      url("directory", "/csp.directory.v1.CombinationsService/ListCombinations"),
    ]);
    expect(combinations.err).toBe("");
    expect(JSON.parse(combinations.out)).toEqual({});
    const audit = await bufCurl([
      ...auth,
      "-d",
      '{"pageSize":1}',
      url("audit", "/csp.audit.v1.AuditService/ListAuditRecords"),
    ]);
    expect(audit.err).toBe("");
    const cycles = await bufCurl([
      ...auth,
      "-d",
      '{"pageSize":1}',
      url("assessments", "/csp.assessments.v1.AssessmentsService/ListCycles"),
    ]);
    expect(cycles.err).toBe("");
    expect(JSON.parse(cycles.out)).toEqual({});
    const hooks = await bufCurl([
      ...auth,
      "-d",
      "{}",
      url("notifier", "/csp.notifier.v1.WebhooksService/ListWebhookSubscriptions"),
    ]);
    expect([hooks.err, JSON.parse(hooks.out)]).toEqual(["", {}]);
    // Money is an int64 of pence: by reflection alone a JSON client sends and reads it as a string.
    const programme = await bufCurl([
      ...auth,
      "-d",
      JSON.stringify({
        programmeId: "reflected",
        validateOnly: true,
        programme: {
          year: "2027/28",
          title: "A programme checked by reflection",
          kind: "PROGRAMME_KIND_OPEN_ROUND",
          budgetPence: "1000000",
          objectives: ["plans/none/objectives/X"],
          windowOpenTime: "2027-01-01T00:00:00Z",
          windowCloseTime: "2099-03-31T00:00:00Z",
          projectMaxPence: "100000",
        },
      }),
      url("grants", "/csp.grants.v1.GrantsService/CreateProgramme"),
    ]);
    // No plan exists: refused, naming the objective (not a decoding failure).
    expect(programme.out + programme.err).toContain("programme.objectives[0]");

    // Without a token every advertised method answers UNAUTHENTICATED, never UNIMPLEMENTED.
    const anonymous = await bufCurl(["-d", "{}", url("reports", "/csp.reports.v1.ReportsService/ListReportRequests")]);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.out + anonymous.err).toContain("unauthenticated");
  });
});
