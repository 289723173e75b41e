import { type Db, MongoClient } from "mongodb";

export interface Mongo {
  client: MongoClient;
  db: Db;
}

/** Connects and checks the server answers, so a service never reports SERVING without its database. */
export async function connectMongo(url: string, dbName: string, appName: string): Promise<Mongo> {
  const client = new MongoClient(url, {
    appName,
    // A lost database is reported within a call's deadline (UNAVAILABLE), not after it.
    serverSelectionTimeoutMS: 2_500,
    connectTimeoutMS: 5_000,
    // FerretDB and a standalone test server have no retryable-write support to rely on.
    retryWrites: false,
    ignoreUndefined: true,
  });
  await client.connect();
  const db = client.db(dbName);
  await db.command({ ping: 1 });
  return { client, db };
}

/** A write refused by a unique index (E11000): a retry of a create, or a race another writer won. */
export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;
