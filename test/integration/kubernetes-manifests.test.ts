/**
 * Every overlay under deploy/k8s/overlays, built with kustomize and checked offline: strict schema
 * validation against Kubernetes 1.33, kube-score with nothing critical, and each workload holding to
 * what an operator of a public-sector service expects (probes, limits, hardening, disruption budget,
 * a Service per port, network policies, TLS). The tools are installed by deploy/k8s on first use.
 */
import { installTools, type K8sTools } from "../../deploy/k8s/src/tools";
import { type OverlayReport, overlays, validateOverlay } from "../../deploy/k8s/src/validate";
import type { K8sObject } from "../../deploy/k8s/src/workloads";

interface Container {
  name: string;
  ports: { name: string; containerPort: number }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  readinessProbe: { grpc?: { port: number; service: string } };
  livenessProbe: { grpc?: { port: number; service: string } };
  startupProbe: { grpc?: { port: number; service: string } };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: object }[];
  topologySpreadConstraints?: { topologyKey: string }[];
}
type Deployment = K8sObject & {
  spec: { replicas?: number; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
};

const reports = new Map<string, OverlayReport>();
let tools: K8sTools;

beforeAll(() => {
  tools = installTools();
  for (const overlay of overlays()) reports.set(overlay, validateOverlay(tools, overlay));
}, 900_000);

const report = (overlay: string): OverlayReport => {
  const r = reports.get(overlay);
  if (!r) throw new Error(`overlay ${overlay} was not built`);
  return r;
};
const ofKind = <T extends K8sObject>(r: OverlayReport, kind: string) => r.objects.filter((o) => o.kind === kind) as T[];
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe("Kubernetes manifests (deploy/k8s)", () => {
  it("has the overlays dev and production", () => {
    expect(overlays()).toEqual(["dev", "production"]);
  });

  describe.each(["dev", "production"])("overlay %s", (overlay) => {
    it("builds, and every Kubernetes object passes strict schema validation for 1.33", () => {
      const r = report(overlay);
      expect(r.objects.length).toBeGreaterThan(50);
      expect(r.schemaErrors).toEqual([]);
    });

    it("has no CRITICAL kube-score finding, and every exception is annotated with its reason", () => {
      const r = report(overlay);
      expect(r.critical).toEqual([]);
      for (const o of r.objects) {
        const a = (o.metadata.annotations ?? {}) as Record<string, string>;
        if (a["kube-score/ignore"]) expect(a["csp-mesh/kube-score-ignore-reason"]).toMatch(/.{20,}/);
      }
    });

    it("runs every service hardened, probed over native gRPC and sized from measured memory", () => {
      const r = report(overlay);
      const deployments = ofKind<Deployment>(r, "Deployment");
      expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
        "assessments",
        "audit",
        "directory",
        "gateway",
        "grants",
        "meetings",
        "notifier",
        "reports",
      ]);
      const accounts = ofKind<K8sObject & { automountServiceAccountToken: boolean }>(r, "ServiceAccount");
      for (const d of deployments) {
        const pod = d.spec.template.spec;
        const c = pod.containers[0] as Container;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
        // What must be written goes to an emptyDir.
        const tmp = pod.volumes.find((v) => v.name === c.volumeMounts[0]?.name);
        expect(tmp?.emptyDir).toBeDefined();
        for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
          expect(probe.grpc?.port).toBe(c.ports.find((p) => p.name === "grpc")?.containerPort);
          expect(typeof probe.grpc?.service).toBe("string");
        }
        expect(c.livenessProbe.grpc?.service).toBe("liveness");
        expect(c.readinessProbe.grpc?.service).not.toBe(c.livenessProbe.grpc?.service);
        for (const key of ["cpu", "memory"]) {
          expect(c.resources.requests[key]).toBeDefined();
          expect(c.resources.limits[key]).toBeDefined();
        }
        // Measured peaks are 109-160 MB (docs/benchmark.md): the request must hold one.
        expect(Number.parseInt(c.resources.requests.memory ?? "0", 10)).toBeGreaterThanOrEqual(160);
        expect(c.ports.map((p) => p.name).sort()).toEqual(["grpc", "http"]);
        expect(pod.automountServiceAccountToken).toBe(false);
        const account = accounts.find((a) => a.metadata.name === pod.serviceAccountName);
        expect(account?.automountServiceAccountToken).toBe(false);
      }
    });

    it("gives every workload a disruption budget, a Service per port and a network policy", () => {
      const r = report(overlay);
      const labelsOf = (d: Deployment) => d.spec.template.metadata.labels;
      const budgets = ofKind<K8sObject & { spec: { selector: { matchLabels: Record<string, string> } } }>(
        r,
        "PodDisruptionBudget",
      );
      const services = ofKind<
        K8sObject & { spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] } }
      >(r, "Service");
      const policies = ofKind<
        K8sObject & { spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes: string[] } }
      >(r, "NetworkPolicy");
      for (const d of ofKind<Deployment>(r, "Deployment")) {
        expect(budgets.filter((b) => selects(b.spec.selector.matchLabels, labelsOf(d)))).toHaveLength(1);
        for (const port of ["grpc", "http"]) {
          const exposing = services.filter(
            (s) => selects(s.spec.selector, labelsOf(d)) && s.spec.ports.some((p) => p.targetPort === port),
          );
          expect(exposing).toHaveLength(1);
          expect(exposing[0]?.spec.ports).toHaveLength(1);
        }
        const own = policies.filter(
          (p) => p.spec.podSelector.matchLabels && selects(p.spec.podSelector.matchLabels, labelsOf(d)),
        );
        expect(own.map((p) => p.spec.policyTypes.sort())).toEqual([["Egress", "Ingress"]]);
      }
      const deny = policies.find((p) => p.metadata.name === "default-deny");
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("serves the web and partner gRPC only through TLS ingresses", () => {
      const ingresses = ofKind<
        K8sObject & { spec: { tls: { hosts: string[]; secretName: string }[]; rules: { host: string }[] } }
      >(report(overlay), "Ingress");
      expect(ingresses.map((i) => i.metadata.name).sort()).toEqual(["grpc", "web"]);
      for (const i of ingresses) expect(i.spec.tls[0]?.hosts).toEqual(i.spec.rules.map((x) => x.host));
    });
  });

  it("production runs at least two replicas of everything, autoscaled and spread across nodes", () => {
    const r = report("production");
    const hpas = ofKind<K8sObject & { spec: { minReplicas: number; scaleTargetRef: { name: string } } }>(
      r,
      "HorizontalPodAutoscaler",
    );
    for (const d of ofKind<Deployment>(r, "Deployment")) {
      // The autoscaler owns the count: a fixed one would fight it.
      expect(d.spec.replicas).toBeUndefined();
      expect(hpas.find((h) => h.spec.scaleTargetRef.name === d.metadata.name)?.spec.minReplicas).toBeGreaterThanOrEqual(
        2,
      );
      expect(d.spec.template.spec.topologySpreadConstraints?.map((t) => t.topologyKey)).toContain(
        "kubernetes.io/hostname",
      );
    }
  });

  it("production declares the Strimzi Kafka (3 nodes) and the MongoDB replica set (3 members), with majority writes", () => {
    const r = report("production");
    expect(r.operatorObjects).toEqual(
      expect.arrayContaining(["KafkaNodePool/combined", "Kafka/csp-kafka", "MongoDBCommunity/csp-mongo"]),
    );
    const pool = r.objects.find((o) => o.kind === "KafkaNodePool") as K8sObject & { spec: { replicas: number } };
    expect(pool.spec.replicas).toBe(3);
    const mongo = r.objects.find((o) => o.kind === "MongoDBCommunity") as K8sObject & { spec: { members: number } };
    expect(mongo.spec.members).toBe(3);
    for (const cm of ofKind<K8sObject & { data: Record<string, string> }>(r, "ConfigMap"))
      expect(cm.data).toMatchObject({ MONGO_WRITE_CONCERN: "majority", MONGO_RETRY_WRITES: "true" });
  });
});
