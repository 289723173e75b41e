import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { channelCredentials, type ServiceSpec } from "@csp-mesh/kit";
import { createApp } from "./app";
import { type GatewayConfig, gatewayConfigSchema } from "./config";
import { GrpcDownstream } from "./downstream";
import { type PendingFormDoc, PendingForms, type SessionDoc, SessionStore } from "./web/frame/sessions";
import type { DemoPerson } from "./web/router";

/** The demonstration people offered by the development sign-in (the directory's seed file). */
const DEMO_PEOPLE_FILE = path.resolve(__dirname, "..", "..", "directory", "seed", "kent-and-medway.demo.json");

function demoPeople(): DemoPerson[] {
  const data = JSON.parse(readFileSync(DEMO_PEOPLE_FILE, "utf8")) as { people: DemoPerson[] };
  return data.people;
}

export const gatewaySpec: ServiceSpec<GatewayConfig> = {
  name: "gateway",
  configSchema: gatewayConfigSchema,
  protoFiles: [
    "csp/directory/v1/directory.proto",
    "csp/directory/v1/combinations.proto",
    "csp/reports/v1/reports.proto",
    "csp/meetings/v1/meetings.proto",
    "csp/assessments/v1/assessments.proto",
    "csp/notifier/v1/notifier.proto",
    "csp/grants/v1/grants.proto",
    "csp/grants/v1/register.proto",
  ],
  grpcServices: [],
  events: [],
  async setup(kit) {
    const c = kit.config;
    const downstream = new GrpcDownstream(
      kit.protos,
      {
        directory: c.DIRECTORY_ADDRESS,
        reports: c.REPORTS_ADDRESS,
        meetings: c.MEETINGS_ADDRESS,
        assessments: c.ASSESSMENTS_ADDRESS,
        ...(c.NOTIFIER_ADDRESS ? { notifier: c.NOTIFIER_ADDRESS } : {}),
        ...(c.GRANTS_ADDRESS ? { grants: c.GRANTS_ADDRESS } : {}),
      },
      c.DOWNSTREAM_DEADLINE_MS,
      c.GRPC_MAX_MESSAGE_BYTES,
      channelCredentials(c),
    );
    const sessions = new SessionStore(
      kit.mongo.db.collection<SessionDoc>("web_sessions"),
      { idleSeconds: c.SESSION_IDLE_TIMEOUT_SECONDS, maxSeconds: c.SESSION_MAX_SECONDS },
      // Renewal re-issues the person's token; with development sign-in that is DevSignIn. (An
      // OpenID Connect sign-in would use its refresh token here.)
      async (person) => (c.DEV_SIGN_IN_ENABLED ? downstream.identity.DevSignIn({ person }) : undefined),
    );
    if (!c.COOKIE_SECRET)
      kit.log.warn("COOKIE_SECRET is not set: using a per-process secret (set it when running replicas)");
    const app = createApp({
      downstream,
      topicPrefix: c.KAFKA_TOPIC_PREFIX,
      verifier: kit.verifier,
      sessions,
      pendingForms: new PendingForms(kit.mongo.db.collection<PendingFormDoc>("web_pending_forms")),
      sessionIdleSeconds: c.SESSION_IDLE_TIMEOUT_SECONDS,
      sessionMaxSeconds: c.SESSION_MAX_SECONDS,
      log: kit.log,
      secureCookies: !c.INSECURE_COOKIES,
      cookieSecret: c.COOKIE_SECRET ?? randomBytes(32).toString("hex"),
      devSignIn: c.DEV_SIGN_IN_ENABLED ? demoPeople() : undefined,
      uploadMaxBytes: c.UPLOAD_MAX_BYTES,
      rateLimitPerMinute: c.HTTP_RATE_LIMIT_PER_MINUTE,
      registry: kit.metrics.registry,
    });
    return {
      grpc: {},
      httpRoutes: [
        (req, res) => {
          app(req as never, res as never);
          return true;
        },
      ],
      ready: () => downstream.ready(),
      onStop: async () => downstream.close(),
    };
  },
};
