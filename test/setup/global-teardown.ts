import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { down } from "../../deploy/local/src/infra";

/**
 * Removes this run's test databases and topics (named after CSP_TEST_RUN_ID, so nothing else is
 * touched), then stops exactly what global-setup started; infrastructure found running is left alone.
 */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const run = process.env.CSP_TEST_RUN_ID;
  if (run && process.env.MONGO_URL && process.env.KAFKA_BROKERS) {
    await removeRunData(run, process.env.MONGO_URL, process.env.KAFKA_BROKERS).catch((err: unknown) =>
      console.error(`[teardown] could not remove this run's test data: ${(err as Error).message}`),
    );
  }
  const stopContainers = g.__CSP_STOP__ as (() => Promise<void>) | undefined;
  if (stopContainers) await stopContainers();
  const started = (g.__CSP_STARTED__ as string[] | undefined) ?? [];
  if (started.length > 0) await down(process.env, started);
}

async function removeRunData(run: string, mongoUrl: string, brokers: string): Promise<void> {
  const mongo = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  let databases = 0;
  try {
    const { databases: all } = await mongo.db("admin").admin().listDatabases({ nameOnly: true });
    for (const d of all.filter((x) => x.name.startsWith(`${run}_`))) {
      await mongo.db(d.name).dropDatabase();
      databases += 1;
    }
  } finally {
    await mongo.close();
  }
  const admin = new Kafka({
    clientId: "csp-test-teardown",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  let topics: string[] = [];
  try {
    topics = (await admin.listTopics()).filter((t) => t.startsWith(`${run}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
  console.error(`[teardown] removed this run's ${databases} test databases and ${topics.length} test topics`);
}
