import { type AddressInfo, createServer } from "node:net";
import {
  type BaseConfig,
  bearer,
  clientStream,
  createClient,
  fieldViolationsOf,
  loadProtos,
  type RunningService,
  serverStream,
  serviceConstructor,
  startService,
  unary,
} from "@csp-mesh/kit";
import type { Client, ServiceError } from "@grpc/grpc-js";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import { assessmentsSpec } from "../../services/assessments/src/spec";
import type { AuditConfig } from "../../services/audit/src/config";
import { auditSpec } from "../../services/audit/src/spec";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { directorySpec, JWKS_PATH } from "../../services/directory/src/spec";
import type { GatewayConfig } from "../../services/gateway/src/config";
import { gatewaySpec } from "../../services/gateway/src/spec";
import type { GrantsConfig } from "../../services/grants/src/config";
import { grantsSpec } from "../../services/grants/src/spec";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import { meetingsSpec } from "../../services/meetings/src/spec";
import type { NotifierConfig } from "../../services/notifier/src/config";
import { notifierSpec } from "../../services/notifier/src/spec";
import type { ReportsConfig } from "../../services/reports/src/config";
import { reportsSpec } from "../../services/reports/src/spec";

let counter = 0;

/** Names unique to this run and this call: a fresh database and topic prefix per suite. */
export function isolation(label: string) {
  const run = process.env.CSP_TEST_RUN_ID ?? `t${Date.now().toString(36)}`;
  counter += 1;
  return { db: `${run}_${label}_${counter}`.slice(0, 60), topicPrefix: `${run}.${label}${counter}.` };
}

/**
 * The same databases with topics of their own: services started with these publish and consume
 * where audit and the notifier, started with `iso`, do not listen. For a suite that makes much work
 * (the access matrix: some 1,600 events) and looks at neither the audit records nor the
 * notifications of that work: each event costs audit about nine database commands (its ledger, the
 * hash chain's head, lists, the processed mark) and the notifier four: 30% of the matrix's
 * database commands. The directory stays on `iso`'s topics, so audit and the notifier still
 * know the partners and people and record the directory's changes.
 */
export const unheardBy = (iso: { db: string; topicPrefix: string }) => ({
  db: iso.db,
  topicPrefix: `${iso.topicPrefix}w.`,
});

/**
 * A port free on 127.0.0.1 now: for two services that must each know the other's address before
 * either starts (grants and assessments link to each other).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * For the suites that wait for a deadline to pass (overdue reports and actions, unanswered
 * invitations): scans every 300 ms instead of the services' 30 s. Only those suites ask for it: each
 * pass reads every open request or meeting in full, so at this rate it is work that grows with a
 * suite's data (the matrix, Schemathesis) and that no other suite looks at.
 */
export const FAST_SCANS = { OVERDUE_SCAN_MS: "300", MEETINGS_SCAN_MS: "300" } as const;

export function baseEnv(db: string, topicPrefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    MONGO_URL: process.env.MONGO_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGO_DB: db,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    GRPC_PORT: "0",
    HTTP_PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    SHUTDOWN_GRACE_MS: "2000",
    // The database checked every 5 s instead of 2 (the service's ping and the driver's monitor):
    // no suite but database-stop (which asks for 500 ms) watches it go away, and the two were
    // over half of an idle mesh's database commands (about 480 of 820 a minute).
    HEALTH_CHECK_MS: "5000",
    ...extra,
  };
}

export function startDirectory(
  db: string,
  topicPrefix: string,
  extra: Record<string, string> = {},
): Promise<RunningService<DirectoryConfig>> {
  return startService(
    directorySpec,
    baseEnv(db, topicPrefix, { DEV_SIGN_IN_ENABLED: "true", SEED_DEMO_ON_EMPTY: "true", ...extra }),
  );
}

export function startAudit(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<AuditConfig>> {
  return startService(
    auditSpec,
    baseEnv(db, topicPrefix, { AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`, ...extra }),
  );
}

export function startNotifier(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<NotifierConfig>> {
  return startService(
    notifierSpec,
    baseEnv(db, topicPrefix, {
      AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
      WEBHOOK_ALLOW_LOOPBACK_HTTP: "true",
      ...extra,
    }),
  );
}

export function startReports(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<ReportsConfig>> {
  return startService(
    reportsSpec,
    baseEnv(db, topicPrefix, {
      AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
      DIRECTORY_ADDRESS: `127.0.0.1:${directory.grpcPort}`,
      ...extra,
    }),
  );
}

export function startMeetings(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<MeetingsConfig>> {
  return startService(
    meetingsSpec,
    baseEnv(db, topicPrefix, {
      AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
      DIRECTORY_ADDRESS: `127.0.0.1:${directory.grpcPort}`,
      ...extra,
    }),
  );
}

export function startAssessments(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<AssessmentsConfig>> {
  return startService(
    assessmentsSpec,
    baseEnv(db, topicPrefix, {
      AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
      DIRECTORY_ADDRESS: `127.0.0.1:${directory.grpcPort}`,
      ...extra,
    }),
  );
}

export function startGrants(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<GrantsConfig>> {
  return startService(
    grantsSpec,
    baseEnv(db, topicPrefix, {
      AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
      DIRECTORY_ADDRESS: `127.0.0.1:${directory.grpcPort}`,
      ...extra,
    }),
  );
}

/** The services that need only the directory, each with the suffix of its database name. */
const BESIDE_DIRECTORY = {
  reports: [startReports, "_r"],
  meetings: [startMeetings, "_m"],
  assessments: [startAssessments, "_s"],
  notifier: [startNotifier, "_n"],
  grants: [startGrants, "_gr"],
  audit: [startAudit, "_a"],
} as const;
type BesideDirectory = typeof BESIDE_DIRECTORY;

/**
 * Starts the named services that need only the directory, together: their waits for topics and
 * consumer groups overlap (a whole mesh started in 7.3 s one after another, 4.2 s so). Each gets the
 * database `<iso.db><suffix>` and the same `extra` settings.
 */
export async function startBesideDirectory<K extends keyof BesideDirectory>(
  iso: { db: string; topicPrefix: string },
  directory: RunningService<DirectoryConfig>,
  names: readonly K[],
  extra: Record<string, string> = {},
): Promise<{ [P in K]: Awaited<ReturnType<BesideDirectory[P][0]>> }> {
  const started = await Promise.all(
    names.map((name) => {
      const [start, suffix] = BESIDE_DIRECTORY[name];
      return start(`${iso.db}${suffix}`, iso.topicPrefix, directory, extra);
    }),
  );
  return Object.fromEntries(names.map((name, i) => [name, started[i]])) as never;
}

export function startGateway(
  db: string,
  topicPrefix: string,
  directory: RunningService<DirectoryConfig>,
  reports: RunningService<ReportsConfig>,
  meetings: RunningService<MeetingsConfig>,
  assessments: RunningService<AssessmentsConfig>,
  extra: Record<string, string> = {},
): Promise<RunningService<GatewayConfig>> {
  return startService(
    gatewaySpec,
    baseEnv(db, topicPrefix, {
      AUTH_JWKS_URL: `http://127.0.0.1:${directory.httpPort}${JWKS_PATH}`,
      DIRECTORY_ADDRESS: `127.0.0.1:${directory.grpcPort}`,
      REPORTS_ADDRESS: `127.0.0.1:${reports.grpcPort}`,
      MEETINGS_ADDRESS: `127.0.0.1:${meetings.grpcPort}`,
      ASSESSMENTS_ADDRESS: `127.0.0.1:${assessments.grpcPort}`,
      DEV_SIGN_IN_ENABLED: "true",
      COOKIE_SECRET: "test-cookie-secret-of-at-least-32-characters",
      ...extra,
    }),
  );
}

const protos = loadProtos([
  "csp/directory/v1/directory.proto",
  "csp/directory/v1/combinations.proto",
  "csp/audit/v1/audit.proto",
  "csp/reports/v1/reports.proto",
  "csp/meetings/v1/meetings.proto",
  "csp/assessments/v1/assessments.proto",
  "csp/notifier/v1/notifier.proto",
  "csp/grants/v1/grants.proto",
  "csp/grants/v1/register.proto",
]);

export function clients(grpcPort: number) {
  const address = `127.0.0.1:${grpcPort}`;
  return {
    directory: createClient<Client>(serviceConstructor(protos, "csp.directory.v1.DirectoryService"), address),
    identity: createClient<Client>(serviceConstructor(protos, "csp.directory.v1.IdentityService"), address),
    combinations: createClient<Client>(serviceConstructor(protos, "csp.directory.v1.CombinationsService"), address),
    audit: createClient<Client>(serviceConstructor(protos, "csp.audit.v1.AuditService"), address),
    webhooks: createClient<Client>(serviceConstructor(protos, "csp.notifier.v1.WebhooksService"), address),
    notificationSettings: createClient<Client>(
      serviceConstructor(protos, "csp.notifier.v1.NotificationSettingsService"),
      address,
    ),
    meetings: createClient<Client>(serviceConstructor(protos, "csp.meetings.v1.MeetingsService"), address),
    assessments: createClient<Client>(serviceConstructor(protos, "csp.assessments.v1.AssessmentsService"), address),
    plans: createClient<Client>(serviceConstructor(protos, "csp.grants.v1.PlansService"), address),
    grants: createClient<Client>(serviceConstructor(protos, "csp.grants.v1.GrantsService"), address),
    register: createClient<Client>(serviceConstructor(protos, "csp.grants.v1.GrantsRegisterService"), address),
    reports: createClient<Client>(serviceConstructor(protos, "csp.reports.v1.ReportsService"), address, {
      maxMessageBytes: 8 * 1024 * 1024,
      defaultDeadlineMs: 60_000,
    }),
  };
}

/** A unary call as a given token (or none). */
export function call<Res = Record<string, unknown>>(
  client: Client,
  method: string,
  request: unknown,
  token?: string,
): Promise<Res> {
  return unary<unknown, Res>(client, method, request, token ? bearer(token) : undefined);
}

/** The error a call fails with, or a test failure if it succeeds. */
export async function failure(p: Promise<unknown>): Promise<ServiceError & { violations: string[] }> {
  try {
    await p;
  } catch (err) {
    const e = err as ServiceError;
    return Object.assign(e, { violations: fieldViolationsOf(e).map((v) => v.field) });
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export async function signIn(identity: Client, person: string): Promise<string> {
  const r = await call<{ accessToken: string }>(identity, "DevSignIn", { person });
  return r.accessToken;
}

/** A person's token from the directory at `grpcPort` (development sign-in). */
export async function devToken(grpcPort: number, person: string): Promise<string> {
  const all = clients(grpcPort);
  try {
    return await signIn(all.identity, person);
  } finally {
    for (const client of Object.values(all)) client.close();
  }
}

/** POST /v1/report-requests on a gateway: a one-section informal request to Maidstone, due in 30 days. */
export function createReportRequestOverRest(gateway: string, token: string, title: string): Promise<Response> {
  return fetch(`${gateway}/v1/report-requests`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      reportRequest: {
        title,
        issueOfConcern: "Created by a test of the whole mesh.",
        addressees: [{ partner: "partners/csp-maidstone" }],
        sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
        dueTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        legalBasis: "LEGAL_BASIS_INFORMAL",
      },
    }),
  });
}

export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Drops the service's test database; nothing to do when the service never started. */
export async function dropDatabase(svc: RunningService<BaseConfig> | undefined): Promise<void> {
  await svc?.kit.mongo.db.dropDatabase().catch(() => undefined);
}

/** A client-streamed upload: the metadata message, then the bytes. */
export function uploadStream<Res>(
  client: Client,
  method: string,
  metadata: Record<string, unknown>,
  chunks: Iterable<Buffer>,
  token: string,
): Promise<Res> {
  const messages = (function* () {
    yield { metadata };
    for (const chunk of chunks) yield { chunk };
  })();
  return clientStream<unknown, Res>(client, method, messages, bearer(token));
}

/** A server-streamed download: its metadata message and the bytes that followed. */
export async function downloadStream<Meta = Record<string, unknown>>(
  client: Client,
  method: string,
  request: unknown,
  token: string,
): Promise<{ metadata: Meta; bytes: Buffer }> {
  const parts: Buffer[] = [];
  let metadata: Meta | undefined;
  for await (const m of serverStream<unknown, { part: string; chunk: Buffer; metadata: Meta }>(
    client,
    method,
    request,
    bearer(token),
  )) {
    if (m.part === "chunk") parts.push(m.chunk);
    else metadata = m.metadata;
  }
  return { metadata: metadata as Meta, bytes: Buffer.concat(parts) };
}
