import { loadProtos, serviceConstructor } from "@csp-mesh/kit";
import { attachmentsMethods } from "./attachments-api";
import { listsMethods } from "./lists-api";
import { publishedMethods } from "./published-api";
import type { ReportsDeps } from "./request-commands";
import { requestsMethods } from "./requests-api";
import { submissionsMethods } from "./submissions-api";

describe("the reports handler groups", () => {
  it("implement every ReportsService method exactly once between them", () => {
    // Building the groups reads no dependency, so none is needed to list their methods.
    const deps = {} as ReportsDeps;
    const groups = [requestsMethods, listsMethods, submissionsMethods, publishedMethods, attachmentsMethods];
    const implemented = groups.flatMap((g) => Object.keys(g(deps)));
    const service = serviceConstructor(loadProtos(["csp/reports/v1/reports.proto"]), "csp.reports.v1.ReportsService");
    expect([...implemented].sort()).toEqual(Object.keys(service.service).sort());
  });
});
