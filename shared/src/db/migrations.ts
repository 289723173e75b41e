import type { Db } from "mongodb";

interface MigrationDoc {
  _id: string;
  done: Date;
}

/**
 * Runs a data migration once per database, recording it in `_migrations` when it has finished, so
 * later start-ups read one document by `_id` instead of scanning a collection for what still needs
 * it. `migrate` must be idempotent: replicas starting together may both run it, and a migration cut
 * off part-way runs again at the next start.
 */
export async function runOnce(db: Db, name: string, migrate: () => Promise<void>): Promise<void> {
  const col = db.collection<MigrationDoc>("_migrations");
  if (await col.findOne({ _id: name })) return;
  await migrate();
  await col.updateOne({ _id: name }, { $setOnInsert: { done: new Date() } }, { upsert: true });
}
