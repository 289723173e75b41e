import { channelCredentials, DirectoryClient, PlanLinks, runOnce, type ServiceSpec } from "@csp-mesh/kit";
import { attachmentsMethods } from "./api/attachments-api";
import { listsMethods } from "./api/lists-api";
import { publishedMethods } from "./api/published-api";
import type { ReportsDeps } from "./api/request-commands";
import { requestsMethods } from "./api/requests-api";
import { submissionsMethods } from "./api/submissions-api";
import { type ReportsConfig, reportsConfigSchema } from "./config";
import { REPORT_EVENTS } from "./contract";
import { OverdueScanner } from "./overdue-scanner";
import { AttachmentStore } from "./store/attachment-store";
import { COLLECTIONS } from "./store/documents";
import { requestLists } from "./store/lists";
import { RequestStore } from "./store/requests-store";
import { SearchIndex } from "./store/search-index";
import { SubmissionStore } from "./store/submissions-store";

export const reportsSpec: ServiceSpec<ReportsConfig> = {
  name: "reports",
  configSchema: reportsConfigSchema,
  protoFiles: ["csp/reports/v1/reports.proto", "csp/directory/v1/directory.proto", "csp/grants/v1/grants.proto"],
  grpcServices: ["csp.reports.v1.ReportsService"],
  events: REPORT_EVENTS.events,
  outboxCollections: [COLLECTIONS.requests],
  async setup(kit) {
    const { db } = kit.mongo;
    const lists = requestLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const requests = new RequestStore(
      db.collection(COLLECTIONS.requests),
      kit.nudgeOutbox,
      new SearchIndex(db.collection(COLLECTIONS.searchIndex), db.collection(COLLECTIONS.searchTerms)),
      lists.projection,
      lists.index,
    );
    const submissions = new SubmissionStore(db.collection(COLLECTIONS.submissions), db.collection(COLLECTIONS.drafts));
    const attachments = new AttachmentStore(
      db,
      db.collection(COLLECTIONS.attachments),
      kit.config.ATTACHMENT_MAX_BYTES,
    );
    await requests.ensureIndexes();
    await runOnce(db, "reports.request-search-v1", () => requests.backfillSearch());
    await runOnce(db, "reports.request-commands-v1", () => requests.backfillCommands());
    // Fills the list read models for requests written before them (and rebuilds them on demand:
    // `npm run lists:rebuild`).
    await lists.projection.open(db, "reports.request-lists-v1");
    await submissions.ensureIndexes();
    await attachments.ensureIndexes();
    const directory = new DirectoryClient(kit.protos, kit.config.DIRECTORY_ADDRESS, channelCredentials(kit.config));
    const scanner = new OverdueScanner(requests, kit.config.OVERDUE_SCAN_MS, kit.log);
    scanner.start();
    const plans = new PlanLinks(kit.protos, kit.config.GRANTS_ADDRESS, channelCredentials(kit.config));
    const deps: ReportsDeps = { requests, submissions, attachments, directory, plans };
    return {
      grpc: {
        "csp.reports.v1.ReportsService": {
          ...requestsMethods(deps),
          ...listsMethods(deps),
          ...submissionsMethods(deps),
          ...publishedMethods(deps),
          ...attachmentsMethods(deps),
        },
      },
      onStop: async () => {
        await scanner.stop();
        await lists.projection.stop();
        directory.close();
        plans.close();
      },
    };
  },
};
