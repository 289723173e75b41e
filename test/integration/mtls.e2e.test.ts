/**
 * gRPC over TLS with certificate-bound tokens (RFC 8705), against real services: a partner system
 * registered with its client certificate's fingerprint gets a token only over a connection that
 * presents that certificate, and the token is refused on any connection that does not (none, or
 * another partner system's); people and unbound systems need server TLS only.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MeshClient, type MeshError } from "@csp-mesh/client";
import type { RunningService } from "@csp-mesh/kit";
import { credentials } from "@grpc/grpc-js";
import { type DevelopmentCertificates, developmentCertificates, tlsEnv } from "../../deploy/local/src/certs";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { dropDatabase, isolation, startDirectory, startReports } from "../support/mesh";

describe("mutual TLS and certificate-bound tokens", () => {
  const iso = isolation("mtls");
  const dir = mkdtempSync(path.join(tmpdir(), "csp-mtls-"));
  let certs: DevelopmentCertificates;
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let endpoints: Record<string, string>;
  const open: MeshClient[] = [];

  /** A client over TLS trusting the mesh's CA, presenting `client`'s certificate if named. */
  const over = (
    client: string | undefined,
    auth: { token?: string; credentials?: { clientId: string; clientSecret: string } },
  ) => {
    const ca = readFileSync(certs.ca);
    const pair = client ? certs.clients[client] : undefined;
    const channel = pair
      ? credentials.createSsl(ca, readFileSync(pair.key), readFileSync(pair.cert))
      : credentials.createSsl(ca);
    const token = auth.token;
    const mesh = new MeshClient({
      endpoints,
      channelCredentials: channel,
      attempts: 1,
      ...(auth.credentials ? { credentials: auth.credentials } : {}),
      ...(token ? { token: () => token } : {}),
    });
    open.push(mesh);
    return mesh;
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as MeshError,
    );

  beforeAll(async () => {
    certs = developmentCertificates(dir, ["maidstone-system", "dover-system"]);
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix, tlsEnv(certs));
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, tlsEnv(certs));
    endpoints = {
      identity: `localhost:${directory.grpcPort}`,
      directory: `localhost:${directory.grpcPort}`,
      reports: `localhost:${reports.grpcPort}`,
    };
  });

  afterAll(async () => {
    for (const m of open) m.close();
    for (const svc of [reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("a bound system's token works only with its own certificate", async () => {
    // A person signs in over server TLS alone; the OPCC administrator registers the system.
    const { accessToken: admin } = await over(undefined, {}).identity.DevSignIn({ person: "people/opcc-admin-1" });
    const created = await over(undefined, { token: admin }).directory.CreatePartnerSystem({
      systemId: "maidstone-bound",
      partnerSystem: {
        displayName: "Maidstone bound case system",
        partner: "partners/csp-maidstone",
        certificateSha256: certs.clients["maidstone-system"]?.sha256,
      },
    });
    expect(created.partnerSystem?.certificateSha256).toBe(
      certs.clients["maidstone-system"]?.sha256.replace(/:/g, "").toLowerCase(),
    );
    const secret = { clientId: created.partnerSystem?.clientId ?? "", clientSecret: created.clientSecret };

    // Obtaining a token: only with the registered certificate.
    for (const client of [undefined, "dover-system"]) {
      const refused = await failure(over(client, {}).identity.ExchangeClientCredentials(secret));
      expect([client, refused?.codeName]).toEqual([client, "UNAUTHENTICATED"]);
    }
    const bound = over("maidstone-system", { credentials: secret });
    expect(await bound.reports.ListReportRequests({})).toMatchObject({ reportRequests: [] });
    const { accessToken } = await over("maidstone-system", {}).identity.ExchangeClientCredentials(secret);
    const claims = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString());
    expect(claims.cnf["x5t#S256"]).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Using the token: refused without the certificate and with another partner system's.
    for (const client of [undefined, "dover-system"]) {
      const refused = await failure(over(client, { token: accessToken }).reports.ListReportRequests({}));
      expect([client, refused?.codeName, refused?.details]).toEqual([
        client,
        "UNAUTHENTICATED",
        expect.stringContaining("bound to a client certificate"),
      ]);
    }
    expect(await over("maidstone-system", { token: accessToken }).reports.ListReportRequests({})).toMatchObject({
      reportRequests: [],
    });
  });

  test("unbound systems and people are unaffected; plaintext does not reach a TLS server", async () => {
    const demo = { clientId: "demo-maidstone-case-system", clientSecret: "demo-secret-maidstone-not-for-production" };
    expect(await over(undefined, { credentials: demo }).reports.ListReportRequests({})).toMatchObject({
      reportRequests: [],
    });
    const plain = new MeshClient({ endpoints, attempts: 1, deadlineMs: 2_000 });
    open.push(plain);
    const refused = await failure(plain.identity.DevSignIn({ person: "people/opcc-admin-1" }));
    expect(refused?.codeName).toBe("UNAVAILABLE");
  });
});
