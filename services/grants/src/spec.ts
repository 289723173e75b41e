import {
  AggregateStore,
  channelCredentials,
  DirectoryClient,
  PeriodicTask,
  runOnce,
  type ServiceSpec,
} from "@csp-mesh/kit";
import { ReportAccepted } from "@csp-mesh/reports/contract";
import { applicationsMethods } from "./api/applications-api";
import { assessmentMethods } from "./api/assessment-api";
import { awardsMethods } from "./api/awards-api";
import { closeOutMethods } from "./api/closeout-api";
import { sweepLedgers } from "./api/ledger-sweep";
import { monitoringMethods, returnAccepted } from "./api/monitoring-api";
import { plansMethods } from "./api/plans-api";
import { PriorityLinks } from "./api/priority-links";
import { programmesMethods } from "./api/programmes-api";
import { registerMethods } from "./api/register-api";
import { ReturnRequests } from "./api/return-requests";
import type { Stores } from "./api/stores";
import { summaryMethods } from "./api/summary-api";
import { variationsMethods } from "./api/variations-api";
import { type GrantsConfig, grantsConfigSchema } from "./config";
import { GRANT_APPLICATION, GRANT_AWARD, GRANT_EVENTS, GRANT_LEDGER, GRANT_PLAN, GRANT_PROGRAMME } from "./contract";
import {
  type AwardDoc,
  COLLECTIONS,
  type LedgerDoc,
  RECIPIENTS,
  RETURN_LINKS,
  type RecipientDoc,
  type ReturnLinkDoc,
} from "./store/documents";
import { applicationLists, awardLists, planLists, programmeLists } from "./store/lists";

export const grantsSpec: ServiceSpec<GrantsConfig> = {
  name: "grants",
  configSchema: grantsConfigSchema,
  protoFiles: [
    "csp/grants/v1/grants.proto",
    "csp/grants/v1/register.proto",
    "csp/directory/v1/directory.proto",
    "csp/assessments/v1/assessments.proto",
    "csp/reports/v1/reports.proto",
  ],
  grpcServices: ["csp.grants.v1.PlansService", "csp.grants.v1.GrantsService", "csp.grants.v1.GrantsRegisterService"],
  // Its own, and the one it consumes (a monitoring return accepted in the reports service).
  events: [...GRANT_EVENTS.events, ReportAccepted],
  outboxCollections: Object.values(COLLECTIONS),
  async setup(kit) {
    const { db } = kit.mongo;
    const listsOfPlans = planLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const listsOfProgrammes = programmeLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const listsOfApplications = applicationLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const listsOfAwards = awardLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const stores: Stores = {
      plans: new AggregateStore(db.collection(COLLECTIONS.plans), kit.nudgeOutbox, GRANT_PLAN, "plan", listsOfPlans),
      programmes: new AggregateStore(
        db.collection(COLLECTIONS.programmes),
        kit.nudgeOutbox,
        GRANT_PROGRAMME,
        "programme",
        listsOfProgrammes,
      ),
      applications: new AggregateStore(
        db.collection(COLLECTIONS.applications),
        kit.nudgeOutbox,
        GRANT_APPLICATION,
        "application",
        listsOfApplications,
      ),
      ledgers: new AggregateStore(db.collection(COLLECTIONS.ledgers), kit.nudgeOutbox, GRANT_LEDGER, "ledger"),
      awards: new AggregateStore(
        db.collection(COLLECTIONS.awards),
        kit.nudgeOutbox,
        GRANT_AWARD,
        "award",
        listsOfAwards,
      ),
    };
    for (const store of Object.values(stores)) await store.ensureIndexes();
    await listsOfPlans.projection.open(db, "grants.plan-lists-v1");
    await listsOfProgrammes.projection.open(db, "grants.programme-lists-v1");
    await listsOfApplications.projection.open(db, "grants.application-lists-v1");
    // Awards accepted before acceptance released them to the panel are released, then the lists rebuilt.
    await runOnce(db, "grants.awards-released-v1", async () => {
      await db
        .collection<AwardDoc>(COLLECTIONS.awards)
        .updateMany({ acceptTime: { $exists: true } }, { $set: { releasedToPanel: true } });
    });
    await listsOfAwards.projection.open(db, "grants.award-lists-v3");
    const directory = new DirectoryClient(kit.protos, kit.config.DIRECTORY_ADDRESS, channelCredentials(kit.config));
    const priorities = new PriorityLinks(kit.protos, kit.config.ASSESSMENTS_ADDRESS, channelCredentials(kit.config));
    const returnRequests = new ReturnRequests(kit.protos, kit.config.REPORTS_ADDRESS, channelCredentials(kit.config));
    const returnLinks = db.collection<ReturnLinkDoc>(RETURN_LINKS);
    const sweep = new PeriodicTask(
      "grants ledger sweep (decisions stopped before their award)",
      kit.config.LEDGER_SWEEP_MS,
      () => sweepLedgers(stores, db.collection<LedgerDoc>(COLLECTIONS.ledgers), kit.log),
      kit.log,
    );
    sweep.start();
    return {
      consumers: [
        {
          group: "grants.monitoring",
          domains: ["reports"],
          handlers: { "report.accepted": returnAccepted(stores, returnLinks) },
        },
      ],
      grpc: {
        "csp.grants.v1.PlansService": plansMethods(stores),
        "csp.grants.v1.GrantsService": {
          ...programmesMethods(stores, directory),
          ...applicationsMethods(stores, directory, priorities),
          ...assessmentMethods(stores),
          ...awardsMethods(stores, directory, { prefix: kit.config.PUBLISHER_PREFIX }),
          ...monitoringMethods(stores, returnRequests, returnLinks),
          ...closeOutMethods(stores, returnRequests, db.collection<RecipientDoc>(RECIPIENTS)),
          ...variationsMethods(stores),
          ...summaryMethods(stores),
        },
        "csp.grants.v1.GrantsRegisterService": registerMethods(stores, kit.config),
      },
      onStop: async () => {
        await sweep.stop();
        await listsOfPlans.projection.stop();
        await listsOfProgrammes.projection.stop();
        await listsOfApplications.projection.stop();
        await listsOfAwards.projection.stop();
        directory.close();
        priorities.close();
        returnRequests.close();
      },
    };
  },
};
