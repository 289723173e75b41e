/**
 * A service that is waiting for its dependencies is starting, not absent: its port answers from
 * the first moment, health says NOT_SERVING (liveness SERVING, so a liveness probe never restarts
 * it), reflection describes it, and its methods answer UNAVAILABLE, which callers retry; when it
 * gives up waiting, the port closes. Remove the early bind in the kit (grpc/server.ts, service.ts)
 * and every probe here reads UNREACHABLE.
 */
import { createServer } from "node:net";
import { HealthProbe, startService } from "@csp-mesh/kit";
import { credentials, makeGenericClientConstructor, type ServiceError, status } from "@grpc/grpc-js";
import { auditSpec } from "../../services/audit/src/spec";
import { baseEnv, isolation } from "../support/mesh";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test("while it waits for its database: NOT_SERVING, alive, methods UNAVAILABLE; the port closes when it gives up", async () => {
  const iso = isolation("start");
  const [grpcPort, deadDb] = [await freePort(), await freePort()];
  const starting = startService(
    auditSpec,
    baseEnv(iso.db, iso.topicPrefix, {
      GRPC_PORT: String(grpcPort),
      // Nothing listens here: the database never answers, so the service waits, then gives up.
      MONGO_URL: `mongodb://127.0.0.1:${deadDb}/?serverSelectionTimeoutMS=500`,
      START_TIMEOUT_MS: "6000",
      AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json",
    }),
  );
  const outcome = starting.then(
    () => "started",
    (err: Error) => err.message,
  );
  const address = `127.0.0.1:${grpcPort}`;
  const health = new HealthProbe(address);
  try {
    let whole = "UNREACHABLE";
    for (let i = 0; i < 40 && whole === "UNREACHABLE"; i++) {
      whole = await health.check(500);
      if (whole === "UNREACHABLE") await new Promise((r) => setTimeout(r, 100));
    }
    expect(whole).toBe("NOT_SERVING");
    expect(await health.check(1000, "csp.audit.v1.AuditService")).toBe("NOT_SERVING");
    expect(await health.check(1000, "liveness")).toBe("SERVING");

    const Audit = makeGenericClientConstructor(
      {
        ListAuditRecords: {
          path: "/csp.audit.v1.AuditService/ListAuditRecords",
          requestStream: false,
          responseStream: false,
          requestSerialize: (v: Buffer) => v,
          requestDeserialize: (v: Buffer) => v,
          responseSerialize: (v: Buffer) => v,
          responseDeserialize: (v: Buffer) => v,
        },
      },
      "AuditService",
    );
    const client = new Audit(address, credentials.createInsecure());
    const err = await new Promise<ServiceError | null>((resolve) =>
      (
        client as unknown as { ListAuditRecords: (m: Buffer, cb: (e: ServiceError | null) => void) => void }
      ).ListAuditRecords(Buffer.alloc(0), (e) => resolve(e)),
    );
    client.close();
    expect(err?.code).toBe(status.UNAVAILABLE);
    expect(err?.details).toContain("starting");

    expect(await outcome).toMatch(/ECONNREFUSED|database/);
    expect(await health.check(500)).toBe("UNREACHABLE");
  } finally {
    health.close();
    await outcome;
  }
});
