import { type Db, MongoClient } from "mongodb";

export interface Mongo {
  client: MongoClient;
  db: Db;
}

/** How writes are acknowledged: "1" for a single server, "majority" (and retries) for a replica set. */
export interface WriteSettings {
  writeConcern: "1" | "majority";
  retryWrites: boolean;
}

/** Connects and checks the server answers, so a service never reports SERVING without its database. */
export async function connectMongo(
  url: string,
  dbName: string,
  appName: string,
  writes: WriteSettings = { writeConcern: "1", retryWrites: false },
): Promise<Mongo> {
  const client = new MongoClient(url, {
    appName,
    // A lost database is reported within a call's deadline (UNAVAILABLE), not after it.
    serverSelectionTimeoutMS: 2_500,
    connectTimeoutMS: 5_000,
    // The driver's server monitor decides when a server that went away is usable again. Its
    // default streaming mode (a long-held "awaitable hello") never recovered from some restarts of
    // the local database: the server stayed Unknown and every call failed with the old error for
    // minutes (test/reliability/database-stop). Polling hello every 2 s on a fresh exchange did.
    serverMonitoringMode: "poll",
    heartbeatFrequencyMS: 2_000,
    // Set by configuration, not left to the URL: FerretDB and a standalone server have no
    // retryable writes, while a production replica set must not acknowledge a write one member holds.
    retryWrites: writes.retryWrites,
    writeConcern: { w: writes.writeConcern === "majority" ? "majority" : 1 },
    ignoreUndefined: true,
  });
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

/** A write refused by a unique index (E11000): a retry of a create, or a race another writer won. */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;
