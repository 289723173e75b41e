/**
 * What the cluster runs: each service's ports, the gRPC services it answers for, whom it calls, the
 * settings it takes from its ConfigMap and the secrets it references. The manifests are generated
 * from this table (npm run k8s:generate), so a port or a flow is written down once.
 */

/** The Strimzi Kafka cluster and the MongoDB replica set the production overlay declares. */
export const KAFKA_CLUSTER = "csp-kafka";
export const KAFKA_BOOTSTRAP = `${KAFKA_CLUSTER}-kafka-bootstrap:9092`;
export const MONGO_RESOURCE = "csp-mongo";
/** The one image every service runs (deploy/docker/Dockerfile); overlays set registry and tag. */
export const IMAGE = "csp-mesh/service:0.1.0";
/** A user and group id above 10000, so nothing in the image or on the node shares them. */
export const RUN_AS = 10001;

export type ServiceName =
  | "directory"
  | "reports"
  | "meetings"
  | "assessments"
  | "grants"
  | "audit"
  | "notifier"
  | "gateway";

export interface MeshService {
  name: ServiceName;
  grpcPort: number;
  httpPort: number;
  /** gRPC services it implements (readiness checks the first; partner systems reach them through the gRPC ingress). */
  grpcServices: string[];
  /** Other mesh services it calls over gRPC. */
  calls: ServiceName[];
  /** Settings beyond the ones every service gets (see commonConfig). */
  config: Record<string, string>;
  /** Environment variables read from Secrets: variable -> [secret, key]. */
  secrets: Record<string, [string, string]>;
  /** Outbound flows leaving the cluster, e.g. SMTP and partners' webhook endpoints. */
  externalEgress?: { ports: number[]; why: string };
  /** Peak resident memory measured here (MB): docs/benchmark.md and the soak in docs/reliability.md. */
  peakRssMb: number;
  /** Served to browsers through the web ingress. */
  web?: boolean;
  /** Most replicas the production autoscaler may run (docs/capacity.md). */
  maxReplicas: number;
}

/** Every service's MongoDB user and its connection string, from the MongoDB operator's secret. */
export const mongoSecret = (service: ServiceName): [string, string] => [
  `${MONGO_RESOURCE}-admin-${service}`,
  "connectionString.standard",
];

export const SERVICES: MeshService[] = [
  {
    name: "directory",
    grpcPort: 50051,
    httpPort: 9401,
    grpcServices: ["csp.directory.v1.DirectoryService", "csp.directory.v1.IdentityService"],
    calls: [],
    config: { DEV_SIGN_IN_ENABLED: "false", SEED_DEMO_ON_EMPTY: "false" },
    secrets: {},
    peakRssMb: 132,
    maxReplicas: 4,
  },
  {
    name: "reports",
    grpcPort: 50053,
    httpPort: 9403,
    grpcServices: ["csp.reports.v1.ReportsService"],
    calls: ["directory", "grants"],
    config: {},
    secrets: {},
    peakRssMb: 160,
    maxReplicas: 8,
  },
  {
    name: "meetings",
    grpcPort: 50055,
    httpPort: 9405,
    grpcServices: ["csp.meetings.v1.MeetingsService"],
    calls: ["directory", "grants"],
    config: { PUBLIC_BASE_URL: "https://csp-mesh.example.org" },
    secrets: {},
    peakRssMb: 133,
    maxReplicas: 4,
  },
  {
    name: "assessments",
    grpcPort: 50057,
    httpPort: 9407,
    grpcServices: ["csp.assessments.v1.AssessmentsService"],
    calls: ["directory", "grants"],
    config: {},
    secrets: {},
    peakRssMb: 126,
    maxReplicas: 4,
  },
  {
    name: "grants",
    grpcPort: 50063,
    httpPort: 9413,
    grpcServices: ["csp.grants.v1.PlansService", "csp.grants.v1.GrantsService", "csp.grants.v1.GrantsRegisterService"],
    calls: ["directory", "assessments", "reports"],
    config: {},
    secrets: {},
    peakRssMb: 126,
    maxReplicas: 4,
  },
  {
    name: "audit",
    grpcPort: 50059,
    httpPort: 9409,
    grpcServices: ["csp.audit.v1.AuditService"],
    calls: [],
    config: {},
    secrets: {},
    peakRssMb: 128,
    maxReplicas: 4,
  },
  {
    name: "notifier",
    grpcPort: 50061,
    httpPort: 9411,
    grpcServices: ["csp.notifier.v1.WebhooksService", "csp.notifier.v1.NotificationSettingsService"],
    calls: [],
    config: { PUBLIC_BASE_URL: "https://csp-mesh.example.org" },
    secrets: { SMTP_URL: ["csp-notifier-smtp", "url"] },
    externalEgress: {
      ports: [25, 443, 465, 587],
      why: "the SMTP relay, and partner systems' webhook endpoints (HTTPS)",
    },
    peakRssMb: 133,
    maxReplicas: 4,
  },
  {
    name: "gateway",
    grpcPort: 50060,
    httpPort: 8080,
    grpcServices: [],
    calls: ["directory", "reports", "meetings", "assessments", "grants", "notifier"],
    config: { INSECURE_COOKIES: "false", DEV_SIGN_IN_ENABLED: "false" },
    secrets: { COOKIE_SECRET: ["csp-gateway-cookie", "secret"] },
    peakRssMb: 135,
    web: true,
    maxReplicas: 8,
  },
];

export function serviceNamed(name: ServiceName): MeshService {
  const s = SERVICES.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

/** Names of the two Services of a mesh service: one per port. */
export const grpcServiceName = (s: MeshService): string => (s.name === "gateway" ? "gateway-grpc" : s.name);
export const httpServiceName = (s: MeshService): string => (s.name === "gateway" ? "gateway" : `${s.name}-http`);

/** The settings every service's ConfigMap carries, then its own. */
export function serviceConfig(s: MeshService): Record<string, string> {
  const directory = serviceNamed("directory");
  const addresses: Record<string, string> = {};
  for (const callee of s.calls) {
    const c = serviceNamed(callee);
    addresses[`${callee.toUpperCase()}_ADDRESS`] = `${grpcServiceName(c)}:${c.grpcPort}`;
  }
  return {
    SERVICE_NAME: s.name,
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    GRPC_HOST: "0.0.0.0",
    GRPC_PORT: String(s.grpcPort),
    HTTP_PORT: String(s.httpPort),
    MONGO_DB: `csp_${s.name}`,
    // A replica set: acknowledged by a majority, and a write retried once across a failover.
    MONGO_WRITE_CONCERN: "majority",
    MONGO_RETRY_WRITES: "true",
    KAFKA_BROKERS: KAFKA_BOOTSTRAP,
    ...(s.name === "directory"
      ? {}
      : { AUTH_JWKS_URL: `http://${httpServiceName(directory)}:${directory.httpPort}/.well-known/jwks.json` }),
    ...addresses,
    ...s.config,
  };
}
