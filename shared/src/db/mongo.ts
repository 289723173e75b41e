import { type Db, MongoClient, type MongoClientOptions } from "mongodb";

export interface Mongo {
  client: MongoClient;
  db: Db;
}

/**
 * How writes are acknowledged: "1" for a single server, "majority" (and retries) for a replica set;
 * and how often the driver's monitor asks the server how it is (the service's HEALTH_CHECK_MS, at
 * most every 2 s).
 */
export interface ClientSettings {
  writeConcern: "1" | "majority";
  retryWrites: boolean;
  heartbeatMs?: number;
}

/** The driver's settings for a service's client (see ClientSettings). */
export function clientOptions(
  appName: string,
  settings: ClientSettings = { writeConcern: "1", retryWrites: false },
): MongoClientOptions {
  return {
    appName,
    // A lost database is reported within a call's deadline (UNAVAILABLE), not after it.
    serverSelectionTimeoutMS: 2_500,
    connectTimeoutMS: 5_000,
    // The driver's server monitor decides when a server that went away is usable again. Its
    // default streaming mode (a long-held "awaitable hello") never recovered from some restarts of
    // the local database: the server stayed Unknown and every call failed with the old error for
    // minutes (test/reliability/database-stop). Polling hello every 2 s on a fresh exchange did;
    // a service that checks its database less often (HEALTH_CHECK_MS) has it polled as seldom.
    serverMonitoringMode: "poll",
    heartbeatFrequencyMS: Math.max(settings.heartbeatMs ?? 0, 2_000),
    // Set by configuration, not left to the URL: FerretDB and a standalone server have no
    // retryable writes, while a production replica set must not acknowledge a write one member holds.
    retryWrites: settings.retryWrites,
    writeConcern: { w: settings.writeConcern === "majority" ? "majority" : 1 },
    ignoreUndefined: true,
  };
}

/** Connects and checks the server answers, so a service never reports SERVING without its database. */
export async function connectMongo(
  url: string,
  dbName: string,
  appName: string,
  settings?: ClientSettings,
): Promise<Mongo> {
  const client = new MongoClient(url, clientOptions(appName, settings));
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (err) {
    // Nothing left monitoring a server the caller will try again with a new client.
    await client.close().catch(() => undefined);
    throw err;
  }
}
