/**
 * Generated hostile input on every gRPC method of every service (fast-check, from the methods' own
 * message descriptors), as an OPCC administrator and as a CSP officer, plus bytes that are not a
 * message at all. Every answer must be a refusal in the caller's-mistake family (INVALID_ARGUMENT,
 * NOT_FOUND, PERMISSION_DENIED, ...) or a success; never INTERNAL, UNKNOWN or DATA_LOSS; an
 * INVALID_ARGUMENT for a message that decoded names the offending field; and every service is still
 * SERVING afterwards.
 *
 * Found and fixed by it: grpc-js answers undecodable request bytes with INTERNAL; the kit now turns
 * them into INVALID_ARGUMENT (grpc/handlers.ts tolerantDefinition).
 */
import {
  bearer,
  clientStream,
  createClient,
  fieldViolationsOf,
  loadProtos,
  type RunningService,
  serverStream,
  serviceConstructor,
  unary,
} from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import fc from "fast-check";
import { GARBAGE, HostileMessages } from "../support/hostile";
import { clients, dropDatabase, isolation, signIn, startBesideDirectory, startDirectory } from "../support/mesh";
import { healthAfterwards, recordRow, size } from "../support/reliability";

const SERVER_ERRORS = new Set([2, 13, 15]); // UNKNOWN, INTERNAL, DATA_LOSS
const PROTOS = [
  "csp/directory/v1/directory.proto",
  "csp/directory/v1/combinations.proto",
  "csp/audit/v1/audit.proto",
  "csp/reports/v1/reports.proto",
  "csp/meetings/v1/meetings.proto",
  "csp/assessments/v1/assessments.proto",
  "csp/notifier/v1/notifier.proto",
  "csp/grants/v1/grants.proto",
  "csp/grants/v1/register.proto",
];

describe("reliability: generated hostile input on every gRPC method", () => {
  const iso = isolation("rel-hostile");
  const running: RunningService<never>[] = [];
  const unlimited = { RATE_LIMIT_PER_MINUTE: "1000000" };

  afterAll(async () => {
    for (const svc of running.reverse()) {
      await dropDatabase(svc);
      await svc.stop();
    }
  });

  test("no server error, fields named, everything SERVING afterwards", async () => {
    const samples = size(5, 50);
    const directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, unlimited);
    const others = await startBesideDirectory(
      iso,
      directory,
      ["reports", "meetings", "assessments", "audit", "notifier", "grants"],
      unlimited,
    );
    running.push(directory as never, ...(Object.values(others) as never[]));
    const ports: Record<string, number> = {
      "csp.directory.v1.DirectoryService": directory.grpcPort,
      "csp.directory.v1.IdentityService": directory.grpcPort,
      "csp.directory.v1.CombinationsService": directory.grpcPort,
      "csp.reports.v1.ReportsService": others.reports.grpcPort,
      "csp.meetings.v1.MeetingsService": others.meetings.grpcPort,
      "csp.assessments.v1.AssessmentsService": others.assessments.grpcPort,
      "csp.audit.v1.AuditService": others.audit.grpcPort,
      "csp.notifier.v1.WebhooksService": others.notifier.grpcPort,
      "csp.notifier.v1.NotificationSettingsService": others.notifier.grpcPort,
      "csp.grants.v1.PlansService": others.grants.grpcPort,
      "csp.grants.v1.GrantsService": others.grants.grpcPort,
      "csp.grants.v1.GrantsRegisterService": others.grants.grpcPort,
    };
    const identity = clients(directory.grpcPort).identity;
    const tokens = [await signIn(identity, "people/opcc-admin-1"), await signIn(identity, "people/maidstone-officer")];
    const protos = loadProtos(PROTOS);
    const hostile = new HostileMessages(protos.definition);
    const serverErrors: string[] = [];
    const unnamed: string[] = [];
    const codes = new Map<number, number>();
    let calls = 0;
    let methods = 0;

    const judge = (where: string, err: unknown, decoded: boolean) => {
      const code = err === undefined ? 0 : ((err as { code?: number }).code ?? 2);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      calls += 1;
      if (SERVER_ERRORS.has(code)) serverErrors.push(`${where}: ${code} ${(err as Error).message.slice(0, 200)}`);
      if (code === 3 && decoded && fieldViolationsOf(err as never).length === 0)
        unnamed.push(`${where}: ${(err as Error).message.slice(0, 200)}`);
    };

    for (const [service, port] of Object.entries(ports)) {
      const pkg = service.split(".").slice(0, -1).join(".");
      const definition = protos.definition[service] as unknown as Record<
        string,
        { path: string; requestStream: boolean; responseStream: boolean; requestType: { type: never } }
      >;
      const client = createClient<Client>(serviceConstructor(protos, service), `127.0.0.1:${port}`, {
        defaultDeadlineMs: 15_000,
        maxMessageBytes: 64 * 1024 * 1024,
      });
      for (const [method, def] of Object.entries(definition)) {
        methods += 1;
        const messages = fc.sample(hostile.message(def.requestType.type, pkg), { numRuns: samples, seed: 42 });
        for (const [i, message] of messages.entries()) {
          const md = bearer(tokens[i % 2] as string);
          const where = `${service}/${method}`;
          try {
            if (def.requestStream) await clientStream(client, method, [message, message], md);
            else if (def.responseStream) for await (const _ of serverStream(client, method, message, md));
            else await unary(client, method, message, md);
            judge(where, undefined, true);
          } catch (err) {
            // The client library refusing to encode a value never reached the server.
            if ((err as { code?: number }).code === undefined) continue;
            judge(where, err, true);
          }
        }
        // Bytes that are not a message of any kind, through a client that does not encode.
        for (const bytes of GARBAGE) {
          const err = await new Promise<unknown>((resolve) => {
            const cb = (e: unknown) => resolve(e ?? undefined);
            const id = (b: Buffer) => b;
            const md = bearer(tokens[0] as string);
            const opts = { deadline: Date.now() + 10_000 };
            if (def.requestStream) {
              const call = client.makeClientStreamRequest(def.path, id, id, md, opts, cb);
              call.write(bytes);
              call.end();
            } else if (def.responseStream) {
              const call = client.makeServerStreamRequest(def.path, id, id, bytes, md, opts);
              call.on("data", () => undefined);
              call.on("error", (e) => resolve(e));
              call.on("end", () => resolve(undefined));
            } else client.makeUnaryRequest(def.path, id, id, bytes, md, opts, cb);
          });
          judge(`${service}/${method} (garbage)`, err, false);
        }
      }
      client.close();
    }

    const health = await healthAfterwards([directory, ...Object.values(others)].map((s) => s.grpcPort));
    recordRow({
      scenario: "hostile-grpc",
      proves: "generated hostile messages and undecodable bytes on every gRPC method: refusals, never server errors",
      operations: calls,
      lost: 0,
      duplicated: 0,
      serverErrors: serverErrors.length,
      recoverySeconds: 0,
      notes: `${methods} methods; status codes ${[...codes.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([c, n]) => `${c}:${n}`)
        .join(" ")}; INVALID_ARGUMENT without a field: ${unnamed.length}; health ${health.join(",")}`,
    });
    expect(serverErrors).toEqual([]);
    expect(unnamed).toEqual([]);
    expect(health.every((h) => h === "SERVING")).toBe(true);
  }, 900_000);
});
