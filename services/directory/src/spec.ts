import {
  AggregateStore,
  FileStore,
  type Kit,
  newEvent,
  PeriodicTask,
  REVOKED_SYSTEMS_PATH,
  runOnce,
  type ServiceSpec,
  updateWithEvents,
} from "@csp-mesh/kit";
import type { Collection } from "mongodb";
import { combinationDocumentsMethods } from "./api/combination-documents-api";
import { CombinationEffects } from "./api/combination-effects";
import { combinationsMethods } from "./api/combinations-api";
import { directoryMethods } from "./api/directory-api";
import { identityMethods } from "./api/identity-api";
import { personSnapshot } from "./api/mapping";
import { type DirectoryConfig, directoryConfigSchema } from "./config";
import { COMBINATION, DIRECTORY_EVENTS, PARTNER, PARTNER_SYSTEM, PERSON, PersonUpdated } from "./contract";
import { TokenIssuer } from "./identity/issuer";
import { SigningKeys } from "./identity/keys";
import { seedDemoDirectory } from "./seed/seed";
import { SOURCE } from "./source";
import { COMBINATIONS, type CombinationDoc, combinationLists } from "./store/combinations";
import { COLLECTIONS, type PartnerDoc, type PersonDoc, type SystemDoc } from "./store/documents";
import { directoryLists } from "./store/lists";
import { ResourceStore } from "./store/resource-store";

export const JWKS_PATH = "/.well-known/jwks.json";

/** Each running directory's signing keys, shared by its token verification and its issuer. */
const keysOf = new WeakMap<object, SigningKeys>();
const signingKeysFor = (kit: Kit<DirectoryConfig>) => {
  let keys = keysOf.get(kit);
  if (!keys) {
    keys = new SigningKeys(
      kit.mongo.db,
      kit.config.SIGNING_KEY_ROTATE_DAYS * 86_400_000,
      kit.config.TOKEN_TTL_SECONDS * 1000,
    );
    keysOf.set(kit, keys);
  }
  return keys;
};

/**
 * Person events began to carry the work email address (the notifier writes to people from them):
 * each person's current snapshot is published once, so consumers that saw only the earlier events
 * learn the addresses. Idempotent in effect: a repeat publishes the same snapshots again.
 */
async function republishPeople(people: Collection<PersonDoc>): Promise<void> {
  for await (const p of people.find({}, { projection: { _outbox: 0 } })) {
    const event = newEvent(PersonUpdated, SOURCE, p._id, personSnapshot(p));
    await people.updateOne({ _id: p._id }, updateWithEvents<PersonDoc>({}, [event]));
  }
}

export const directorySpec: ServiceSpec<DirectoryConfig> = {
  name: "directory",
  configSchema: directoryConfigSchema,
  protoFiles: ["csp/directory/v1/directory.proto", "csp/directory/v1/combinations.proto"],
  grpcServices: [
    "csp.directory.v1.DirectoryService",
    "csp.directory.v1.IdentityService",
    "csp.directory.v1.CombinationsService",
  ],
  events: DIRECTORY_EVENTS.events,
  outboxCollections: [...Object.values(COLLECTIONS), COMBINATIONS],
  async verificationKeys(kit) {
    const keys = signingKeysFor(kit);
    await keys.ensureCurrent();
    return keys.verificationKeys();
  },
  // The directory holds the truth: a revoked system's token is refused here at once.
  async revocations(kit) {
    const systems = kit.mongo.db.collection<SystemDoc>(COLLECTIONS.systems);
    return async (subject) =>
      (await systems.findOne({ _id: subject, revoked: true }, { projection: { _id: 1 } })) !== null;
  },
  async setup(kit) {
    const { db } = kit.mongo;
    const lists = directoryLists(db, kit.log, kit.config.LIST_SWEEP_MS);
    const { partners: partnerLists, people: personLists, systems: systemLists } = lists;
    const partners = new ResourceStore<PartnerDoc>(
      db.collection(COLLECTIONS.partners),
      PARTNER,
      "partner",
      kit.nudgeOutbox,
      partnerLists,
    );
    const people = new ResourceStore<PersonDoc>(
      db.collection(COLLECTIONS.people),
      PERSON,
      "person",
      kit.nudgeOutbox,
      personLists,
    );
    const systems = new ResourceStore<SystemDoc>(
      db.collection(COLLECTIONS.systems),
      PARTNER_SYSTEM,
      "partner system",
      kit.nudgeOutbox,
      systemLists,
    );
    for (const s of [partners, people, systems]) await s.ensureIndexes();
    await people.col.createIndex({ email: 1 }, { unique: true });
    await systems.col.createIndex({ clientId: 1 }, { unique: true });
    await partners.col.createIndex({ kind: 1, status: 1 });

    const empty = (await partners.col.countDocuments({}, { limit: 1 })) === 0;
    if (kit.config.SEED_DEMO_ON_EMPTY && empty) {
      const r = await seedDemoDirectory(db);
      kit.log.info(r, "empty directory: loaded the DEMONSTRATION seed");
    }
    await partnerLists.projection.open(db, "directory.partner-lists-v1");
    await personLists.projection.open(db, "directory.person-lists-v1");
    await systemLists.projection.open(db, "directory.system-lists-v1");
    // A directory started empty publishes addresses from its first event; an older one, once now.
    await runOnce(db, "person-events-carry-email", async () => {
      if (!empty) await republishPeople(people.col);
    });

    const combinations = new AggregateStore<CombinationDoc>(
      db.collection(COMBINATIONS),
      kit.nudgeOutbox,
      COMBINATION,
      "combination",
      combinationLists(db, kit.log, kit.config.LIST_SWEEP_MS),
    );
    await combinations.ensureIndexes();
    await combinations.col.createIndex({ due: 1 });
    await combinations.lists?.projection.open(db, "directory.combination-lists-v1");
    const effects = new CombinationEffects(combinations, partners, kit.log);
    // Agreements signed for a later date come into force (or end) on the day, on every replica.
    new PeriodicTask(
      "combination agreements due",
      kit.config.COMBINATION_SWEEP_MS,
      () => effects.sweep(),
      kit.log,
    ).start();

    const signing = signingKeysFor(kit);
    const issuer = new TokenIssuer(
      signing,
      kit.config.AUTH_ISSUER,
      kit.config.AUTH_AUDIENCE,
      kit.config.TOKEN_TTL_SECONDS,
    );
    return {
      grpc: {
        "csp.directory.v1.DirectoryService": directoryMethods({ partners, people, systems }),
        "csp.directory.v1.CombinationsService": {
          ...combinationsMethods({ combinations, partners, effects }),
          ...combinationDocumentsMethods({
            combinations,
            files: new FileStore(db, "combination_documents", kit.config.DOCUMENT_MAX_BYTES),
          }),
        },
        "csp.directory.v1.IdentityService": identityMethods({
          partners,
          people,
          systems,
          issuer,
          devSignInEnabled: kit.config.DEV_SIGN_IN_ENABLED,
        }),
      },
      httpRoutes: [
        // Systems revoked within the last token lifetime (older ones hold no live token): the other
        // services read this to refuse their tokens within AUTH_REVOCATION_REFRESH_MS.
        async (req, res) => {
          if (req.method !== "GET" || req.url !== REVOKED_SYSTEMS_PATH) return false;
          const since = new Date(Date.now() - (kit.config.TOKEN_TTL_SECONDS + 60) * 1000);
          const docs = await systems.col
            .find({ revoked: true, revokeTime: { $gte: since } }, { projection: { _id: 1 } })
            .toArray();
          res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
          res.end(JSON.stringify({ revoked: docs.map((d) => d._id), asOf: new Date().toISOString() }));
          return true;
        },
        async (req, res) => {
          if (req.method !== "GET" || req.url !== JWKS_PATH) return false;
          res.writeHead(200, { "content-type": "application/jwk-set+json", "cache-control": "max-age=300" });
          res.end(JSON.stringify(await signing.jwks()));
          return true;
        },
      ],
    };
  },
};
