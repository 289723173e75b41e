import { AggregateStore, channelCredentials, DirectoryClient, type ServiceSpec } from "@csp-mesh/kit";
import { plansMethods } from "./api/plans-api";
import { programmesMethods } from "./api/programmes-api";
import type { Stores } from "./api/stores";
import { type GrantsConfig, grantsConfigSchema } from "./config";
import { GRANT_EVENTS, GRANT_PLAN, GRANT_PROGRAMME } from "./contract";
import { COLLECTIONS } from "./store/documents";
import { planLists, programmeLists } from "./store/lists";

export const grantsSpec: ServiceSpec<GrantsConfig> = {
  name: "grants",
  configSchema: grantsConfigSchema,
  protoFiles: ["csp/grants/v1/grants.proto", "csp/directory/v1/directory.proto"],
  grpcServices: ["csp.grants.v1.PlansService", "csp.grants.v1.GrantsService"],
  events: GRANT_EVENTS.events,
  outboxCollections: Object.values(COLLECTIONS),
  async setup(kit) {
    const { db } = kit.mongo;
    const listsOfPlans = planLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const listsOfProgrammes = programmeLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const stores: Stores = {
      plans: new AggregateStore(db.collection(COLLECTIONS.plans), kit.nudgeOutbox, GRANT_PLAN, "plan", listsOfPlans),
      programmes: new AggregateStore(
        db.collection(COLLECTIONS.programmes),
        kit.nudgeOutbox,
        GRANT_PROGRAMME,
        "programme",
        listsOfProgrammes,
      ),
    };
    for (const store of Object.values(stores)) await store.ensureIndexes();
    await listsOfPlans.projection.open(db, "grants.plan-lists-v1");
    await listsOfProgrammes.projection.open(db, "grants.programme-lists-v1");
    const directory = new DirectoryClient(kit.protos, kit.config.DIRECTORY_ADDRESS, channelCredentials(kit.config));
    return {
      grpc: {
        "csp.grants.v1.PlansService": plansMethods(stores),
        "csp.grants.v1.GrantsService": programmesMethods(stores, directory),
      },
      onStop: async () => {
        await listsOfPlans.projection.stop();
        await listsOfProgrammes.projection.stop();
        directory.close();
      },
    };
  },
};
