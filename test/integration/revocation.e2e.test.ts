/**
 * Revoking a partner system stops it within the stated bound, not when its token expires: at once at
 * the directory (which holds the truth), and within AUTH_REVOCATION_REFRESH_MS (here 1 s) at every
 * other service, which re-reads the directory's list of revoked systems.
 */
import type { RunningService } from "@csp-mesh/kit";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { call, clients, dropDatabase, failure, isolation, signIn, startDirectory, startReports } from "../support/mesh";

const BOUND_MS = 1_000;

describe("revoking a partner system", () => {
  const iso = isolation("revoke");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, {
      AUTH_REVOCATION_REFRESH_MS: String(BOUND_MS),
    });
  });

  afterAll(async () => {
    for (const svc of [reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
  });

  test("its token is refused at the directory at once and everywhere else within the bound", async () => {
    const dir = clients(directory.grpcPort);
    const rep = clients(reports.grpcPort).reports;
    const admin = await signIn(dir.identity, "people/opcc-admin-1");
    const created = await call<{ partnerSystem: { name: string; clientId: string }; clientSecret: string }>(
      dir.directory,
      "CreatePartnerSystem",
      { systemId: "revoked-soon", partnerSystem: { displayName: "Revoked soon", partner: "partners/csp-maidstone" } },
      admin,
    );
    const credentials = { clientId: created.partnerSystem.clientId, clientSecret: created.clientSecret };
    const { accessToken } = await call<{ accessToken: string }>(dir.identity, "ExchangeClientCredentials", credentials);
    // Working before: the reports service has read the (empty) list.
    await call(rep, "ListReportRequests", {}, accessToken);
    await call(dir.directory, "ListPartners", { pageSize: 1 }, accessToken);

    await call(dir.directory, "RevokePartnerSystem", { name: created.partnerSystem.name }, admin);
    const atDirectory = await failure(call(dir.directory, "ListPartners", { pageSize: 1 }, accessToken));
    expect([atDirectory.code, atDirectory.details]).toEqual([16, "this partner system has been revoked"]);
    expect((await failure(call(dir.identity, "ExchangeClientCredentials", credentials))).code).toBe(16);

    await new Promise((r) => setTimeout(r, BOUND_MS + 500));
    const atReports = await failure(call(rep, "ListReportRequests", {}, accessToken));
    expect([atReports.code, atReports.details]).toEqual([16, "this partner system has been revoked"]);
    // People are unaffected.
    await call(rep, "ListReportRequests", {}, admin);
  });
});
