import { loadProtos, serviceConstructor } from "./protos";

describe("protos loaded once per process", () => {
  test("the same files give the same loaded protos; files loaded together keep every service", () => {
    const both = loadProtos(["csp/reports/v1/reports.proto", "csp/directory/v1/directory.proto"]);
    expect(loadProtos(["csp/reports/v1/reports.proto", "csp/directory/v1/directory.proto"])).toBe(both);
    for (const name of ["csp.reports.v1.ReportsService", "csp.directory.v1.DirectoryService"])
      expect(serviceConstructor(both, name).service).toBeDefined();
  });

  test("a file's messages encode and decode alike whether it was loaded alone or with others", () => {
    const alone = serviceConstructor(loadProtos(["csp/reports/v1/reports.proto"]), "csp.reports.v1.ReportsService");
    const merged = serviceConstructor(
      loadProtos(["csp/directory/v1/directory.proto", "csp/reports/v1/reports.proto"]),
      "csp.reports.v1.ReportsService",
    );
    const request = {
      requests: [{ pageSize: 10, state: "ADDRESSEE_STATE_SUBMITTED", dueBefore: { seconds: "86400" } }],
    };
    const method = "BatchListReportRequests";
    const bytes = alone.service[method]?.requestSerialize(request) as Buffer;
    expect(merged.service[method]?.requestSerialize(request)).toEqual(bytes);
    expect(merged.service[method]?.requestDeserialize(bytes)).toEqual(alone.service[method]?.requestDeserialize(bytes));
    expect(bytes.length).toBeGreaterThan(0);
  });
});
