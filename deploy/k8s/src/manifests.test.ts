import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { meshTopics } from "@csp-mesh/kit";
import { MESH_EVENT_DOMAINS } from "@csp-mesh/notifier/contract";
import { parseAllDocuments } from "yaml";
import type { z } from "zod";
import { assessmentsConfigSchema } from "../../../services/assessments/src/config";
import { auditConfigSchema } from "../../../services/audit/src/config";
import { directoryConfigSchema } from "../../../services/directory/src/config";
import { gatewayConfigSchema } from "../../../services/gateway/src/config";
import { grantsConfigSchema } from "../../../services/grants/src/config";
import { meetingsConfigSchema } from "../../../services/meetings/src/config";
import { notifierConfigSchema } from "../../../services/notifier/src/config";
import { reportsConfigSchema } from "../../../services/reports/src/config";
import { SERVICES, type ServiceName } from "./catalogue";
import { manifestFiles } from "./generate";
import type { K8sObject } from "./workloads";

const K8S_DIR = path.resolve(__dirname, "..");
const SCHEMAS: Record<ServiceName, z.ZodObject> = {
  directory: directoryConfigSchema,
  reports: reportsConfigSchema,
  meetings: meetingsConfigSchema,
  assessments: assessmentsConfigSchema,
  grants: grantsConfigSchema,
  audit: auditConfigSchema,
  notifier: notifierConfigSchema,
  gateway: gatewayConfigSchema,
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) return f === "src" || f === "dist" ? [] : yamlFiles(full);
    return f.endsWith(".yaml") ? [path.relative(K8S_DIR, full)] : [];
  });
}

const objectsOf = (file: string): K8sObject[] =>
  parseAllDocuments(readFileSync(path.join(K8S_DIR, file), "utf8")).map((d) => d.toJS() as K8sObject);

/** What a Secret reference stands for when the configuration is checked: a value of the right form. */
const SECRET_STAND_INS: Record<string, string> = {
  MONGO_URL: "mongodb://reports:password@csp-mongo-svc.csp-mesh.svc:27017/admin?replicaSet=csp-mongo",
  COOKIE_SECRET: "x".repeat(48),
  SMTP_URL: "smtps://mesh:password@relay.example.org:465",
};

describe("deploy/k8s manifests", () => {
  it("are exactly what the catalogue in code generates (run npm run k8s:generate after a change)", () => {
    const generated = manifestFiles();
    expect(yamlFiles(K8S_DIR).sort()).toEqual(Object.keys(generated).sort());
    for (const [file, text] of Object.entries(generated)) {
      expect({ file, text: readFileSync(path.join(K8S_DIR, file), "utf8") }).toEqual({ file, text });
    }
  });

  describe.each(SERVICES.map((s) => [s.name, s] as const))("%s's configuration", (name) => {
    const schema = SCHEMAS[name];
    const base = objectsOf(`base/services/${name}.yaml`);
    const configMap = base.find((o) => o.kind === "ConfigMap") as K8sObject & { data: Record<string, string> };
    const deployment = base.find((o) => o.kind === "Deployment") as K8sObject;
    const container = (deployment.spec as { template: { spec: { containers: { env: { name: string }[] }[] } } })
      .template.spec.containers[0];
    const secretVars = (container?.env ?? []).map((e) => e.name);
    const overlayData = ["dev"].flatMap((o) =>
      objectsOf(`overlays/${o}/config.yaml`)
        .filter((p) => p.kind === "ConfigMap" && p.metadata.name === configMap.metadata.name)
        .map((p) => ({ overlay: o, data: (p as unknown as { data: Record<string, string> }).data })),
    );

    it("names only settings the service's zod schema knows (ConfigMap, overlays and Secret references)", () => {
      const known = new Set(Object.keys(schema.shape));
      const keys = [...Object.keys(configMap.data), ...secretVars, ...overlayData.flatMap((d) => Object.keys(d.data))];
      // OTEL_* are OpenTelemetry's standard variables, read by its SDK rather than by the schema.
      expect(keys.filter((k) => !known.has(k) && !k.startsWith("OTEL_"))).toEqual([]);
    });

    it("is a complete, valid configuration for the schema, in the base and in every overlay", () => {
      const stands = Object.fromEntries(secretVars.map((v) => [v, SECRET_STAND_INS[v] ?? "unknown"]));
      for (const data of [configMap.data, ...overlayData.map((d) => ({ ...configMap.data, ...d.data }))]) {
        const parsed = schema.safeParse({ ...data, ...stands });
        expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([]);
      }
    });

    it("takes secrets from Secrets, never from the ConfigMap", () => {
      expect(secretVars).toContain("MONGO_URL");
      for (const key of Object.keys(configMap.data)) expect(key).not.toMatch(/SECRET|PASSWORD|MONGO_URL|SMTP_URL|KEY/);
    });
  });

  it("declares one KafkaTopic per topic in the event catalogue, replicated three times with two in sync", () => {
    const domains = MESH_EVENT_DOMAINS.map((d) => d.domain).sort();
    const topics = objectsOf("base/kafka-topics.yaml") as (K8sObject & {
      spec: { topicName: string; replicas: number; config: Record<string, unknown> };
    })[];
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(meshTopics("", domains).sort());
    for (const t of topics) {
      expect(t.spec.replicas).toBe(3);
      expect(t.spec.config["min.insync.replicas"]).toBe(2);
    }
  });

  it("declares the Strimzi Kafka of three nodes and a three-member MongoDB replica set", () => {
    const kafka = objectsOf("base/kafka.yaml");
    const pool = kafka.find((o) => o.kind === "KafkaNodePool") as K8sObject & {
      spec: { replicas: number; roles: string[] };
    };
    expect(pool.spec).toMatchObject({ replicas: 3, roles: ["controller", "broker"] });
    const cluster = kafka.find((o) => o.kind === "Kafka") as K8sObject & {
      spec: { kafka: { config: Record<string, unknown> } };
    };
    expect(cluster.spec.kafka.config).toMatchObject({ "default.replication.factor": 3, "min.insync.replicas": 2 });
    const [mongo] = objectsOf("base/mongodb.yaml") as (K8sObject & { spec: { members: number; type: string } })[];
    expect(mongo?.kind).toBe("MongoDBCommunity");
    expect(mongo?.spec).toMatchObject({ members: 3, type: "ReplicaSet" });
  });
});
