import {
  AggregateStore,
  channelCredentials,
  DirectoryClient,
  type DomainEvent,
  PlanLinks,
  type ServiceSpec,
} from "@csp-mesh/kit";
import { contributionsMethods } from "./api/contributions-api";
import { cyclesMethods } from "./api/cycles-api";
import { editionsMethods } from "./api/editions-api";
import type { Stores } from "./api/stores";
import { Compiler } from "./compiler";
import { type AssessmentsConfig, assessmentsConfigSchema } from "./config";
import {
  ASSESSMENT_COMPILATION,
  ASSESSMENT_CONTRIBUTION,
  ASSESSMENT_CYCLE,
  ASSESSMENT_EDITION,
  ASSESSMENT_EVENTS,
  AssessmentContributionAccepted,
  AssessmentContributionReturned,
  AssessmentContributionSubmitted,
  AssessmentCycleOpened,
} from "./contract";
import { COLLECTIONS } from "./store/documents";
import { contributionLists, cycleLists, editionLists } from "./store/lists";

export const assessmentsSpec: ServiceSpec<AssessmentsConfig> = {
  name: "assessments",
  configSchema: assessmentsConfigSchema,
  protoFiles: [
    "csp/assessments/v1/assessments.proto",
    "csp/directory/v1/directory.proto",
    "csp/grants/v1/grants.proto",
  ],
  grpcServices: ["csp.assessments.v1.AssessmentsService"],
  events: ASSESSMENT_EVENTS.events,
  outboxCollections: Object.values(COLLECTIONS),
  async setup(kit) {
    const { db } = kit.mongo;
    const listsOfCycles = cycleLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const listsOfEditions = editionLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const listsOfContributions = contributionLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const stores: Stores = {
      cycles: new AggregateStore(
        db.collection(COLLECTIONS.cycles),
        kit.nudgeOutbox,
        ASSESSMENT_CYCLE,
        "cycle",
        listsOfCycles,
      ),
      contributions: new AggregateStore(
        db.collection(COLLECTIONS.contributions),
        kit.nudgeOutbox,
        ASSESSMENT_CONTRIBUTION,
        "contribution",
        listsOfContributions,
      ),
      compilations: new AggregateStore(
        db.collection(COLLECTIONS.compilations),
        kit.nudgeOutbox,
        ASSESSMENT_COMPILATION,
        "compilation",
      ),
      editions: new AggregateStore(
        db.collection(COLLECTIONS.editions),
        kit.nudgeOutbox,
        ASSESSMENT_EDITION,
        "edition",
        listsOfEditions,
      ),
    };
    for (const store of Object.values(stores)) await store.ensureIndexes();
    // Every top-level key the queries filter on (docs/architecture.md, data shape rules).
    for (const key of ["addressees", "owner"]) await stores.cycles.col.createIndex({ [key]: 1 });
    for (const key of ["cycle", "owner"]) await stores.contributions.col.createIndex({ [key]: 1 });
    for (const key of ["cycle", "addressees", "owner"]) await stores.editions.col.createIndex({ [key]: 1 });
    await listsOfCycles.projection.open(db, "assessments.cycle-lists-v1");
    await listsOfEditions.projection.open(db, "assessments.edition-lists-v1");
    await listsOfContributions.projection.open(db, "assessments.contribution-lists-v1");
    const directory = new DirectoryClient(kit.protos, kit.config.DIRECTORY_ADDRESS, channelCredentials(kit.config));
    const links = new PlanLinks(kit.protos, kit.config.GRANTS_ADDRESS, channelCredentials(kit.config));
    const compiler = new Compiler(stores, kit.log);
    const recompile = async (e: DomainEvent) => compiler.recompile(String(e.data.cycle));
    return {
      grpc: {
        "csp.assessments.v1.AssessmentsService": {
          ...cyclesMethods(stores, directory),
          ...contributionsMethods(stores, links),
          ...editionsMethods(stores),
        },
      },
      // The compilation follows the contributions through their events: at least once, idempotent.
      consumers: [
        {
          group: "assessments.compiler",
          domains: ["assessments"],
          handlers: Object.fromEntries(
            [
              AssessmentCycleOpened,
              AssessmentContributionSubmitted,
              AssessmentContributionReturned,
              AssessmentContributionAccepted,
            ].map((c) => [c.type, recompile]),
          ),
        },
      ],
      onStop: async () => {
        await listsOfCycles.projection.stop();
        await listsOfEditions.projection.stop();
        await listsOfContributions.projection.stop();
        directory.close();
        links.close();
      },
    };
  },
};
