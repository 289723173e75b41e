import { randomBytes } from "node:crypto";
import { up } from "../../deploy/local/src/infra";
import { startContainers } from "./testcontainers";

/**
 * Brings up Kafka and the database once for all integration suites, through the same code as
 * `npm run infra:up` (or uses MONGO_URL/KAFKA_BROKERS, or Docker via CSP_INFRA=testcontainers).
 * Every run gets its own database names and topic prefix, so runs never see each other's data.
 */
export default async function globalSetup(): Promise<void> {
  process.env.CSP_TEST_RUN_ID = `t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  if (process.env.CSP_INFRA === "testcontainers") {
    const c = await startContainers();
    process.env.MONGO_URL = c.mongoUrl;
    process.env.KAFKA_BROKERS = c.kafkaBrokers;
    process.env.SMTP_URL = c.smtpUrl;
    process.env.MAIL_UI_URL = c.mailUrl;
    (globalThis as Record<string, unknown>).__CSP_STOP__ = c.stop;
    return;
  }
  const e = await up(process.env, (m) => console.error(`[infra] ${m}`));
  process.env.MONGO_URL = e.mongoUrl;
  process.env.KAFKA_BROKERS = e.kafkaBrokers;
  process.env.SMTP_URL = e.smtpUrl;
  process.env.MAIL_UI_URL = e.mailUrl;
  (globalThis as Record<string, unknown>).__CSP_STARTED__ = e.started;
}
