/**
 * One mesh service's objects: ServiceAccount, ConfigMap, Deployment, a Service per port and a
 * PodDisruptionBudget. Pure functions of the catalogue; the YAML is written by generate.ts.
 */
import { LIVENESS_HEALTH_SERVICE } from "@csp-mesh/kit";
import {
  grpcServiceName,
  httpServiceName,
  IMAGE,
  type MeshService,
  mongoSecret,
  RUN_AS,
  serviceConfig,
} from "./catalogue";

export type K8sObject = { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<
  string,
  unknown
>;

export const PART_OF = "csp-mesh";

export function labels(s: MeshService): Record<string, string> {
  return { "app.kubernetes.io/name": s.name, "app.kubernetes.io/part-of": PART_OF };
}

export const selector = (s: MeshService) => ({ "app.kubernetes.io/name": s.name });

export const configMapName = (s: MeshService) => `${s.name}-config`;

/** Memory from the measured peak with headroom for a burst; the heap itself is capped by NODE_OPTIONS. */
export function resources(s: MeshService) {
  const requestMi = Math.ceil((s.peakRssMb * 1.25) / 16) * 16;
  return {
    requests: {
      cpu: s.web || s.name === "reports" ? "200m" : "100m",
      memory: `${requestMi}Mi`,
      "ephemeral-storage": "64Mi",
    },
    limits: { cpu: "1", memory: `${requestMi * 2}Mi`, "ephemeral-storage": "128Mi" },
  };
}

function grpcProbe(s: MeshService, service: string, periodSeconds: number, failureThreshold: number) {
  return { grpc: { port: s.grpcPort, service }, periodSeconds, timeoutSeconds: 2, failureThreshold };
}

export function deployment(s: MeshService): K8sObject {
  const env = [
    { name: "MONGO_URL", valueFrom: { secretKeyRef: { name: mongoSecret(s.name)[0], key: mongoSecret(s.name)[1] } } },
    ...Object.entries(s.secrets).map(([name, [secret, key]]) => ({
      name,
      valueFrom: { secretKeyRef: { name: secret, key } },
    })),
  ];
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: s.name, labels: labels(s) },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selector(s) },
      // A rolling upgrade never drops below the running count: a new pod must be ready first.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(s) },
        spec: {
          serviceAccountName: s.name,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          // Longer than SHUTDOWN_GRACE_MS (10 s): in-flight calls finish and the outbox stops cleanly.
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS,
            runAsGroup: RUN_AS,
            fsGroup: RUN_AS,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: s.name,
              image: IMAGE,
              imagePullPolicy: "Always",
              command: ["node", `services/${s.name}/dist/main.js`],
              ports: [
                { name: "grpc", containerPort: s.grpcPort, protocol: "TCP" },
                { name: "http", containerPort: s.httpPort, protocol: "TCP" },
              ],
              envFrom: [{ configMapRef: { name: configMapName(s) } }],
              env,
              // Start-up runs migrations and creates topics: up to two minutes before the first SERVING.
              startupProbe: grpcProbe(s, "", 2, 60),
              // Ready while its database answers (the kit's health watch), so no call is sent that can only fail.
              readinessProbe: grpcProbe(s, s.grpcServices[0] ?? "", 5, 2),
              // Alive while the process answers at all: a database outage is not a reason to restart.
              livenessProbe: grpcProbe(s, LIVENESS_HEALTH_SERVICE, 10, 3),
              resources: resources(s),
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: RUN_AS,
                runAsGroup: RUN_AS,
                capabilities: { drop: ["ALL"] },
              },
              // The only place a service writes to its own disk (Node's temporary files).
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}

export function serviceAccount(s: MeshService): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: s.name, labels: labels(s) },
    // The services never call the Kubernetes API.
    automountServiceAccountToken: false,
  };
}

export function configMap(s: MeshService): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: configMapName(s), labels: labels(s) },
    data: serviceConfig(s),
  };
}

/** One Service per container port: gRPC for callers and partner systems, HTTP for metrics, JWKS and the web. */
export function services(s: MeshService): K8sObject[] {
  const one = (name: string, port: "grpc" | "http", number: number): K8sObject => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels: labels(s) },
    spec: {
      type: "ClusterIP",
      selector: selector(s),
      ports: [
        {
          name: port,
          port: number,
          targetPort: port,
          protocol: "TCP",
          ...(port === "grpc" ? { appProtocol: "grpc" } : {}),
        },
      ],
    },
  });
  return [one(grpcServiceName(s), "grpc", s.grpcPort), one(httpServiceName(s), "http", s.httpPort)];
}

export function disruptionBudget(s: MeshService): K8sObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: s.name, labels: labels(s) },
    // One pod at a time may be drained: with two or more replicas one always serves.
    spec: { maxUnavailable: 1, selector: { matchLabels: selector(s) } },
  };
}

export function horizontalAutoscaler(s: MeshService): K8sObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: s.name, labels: labels(s) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: s.name },
      minReplicas: 2,
      maxReplicas: s.maxReplicas,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
      ],
    },
  };
}

/** Production: replicas on different nodes (and zones where there are any). */
export function topologySpread(s: MeshService) {
  return [
    {
      maxSkew: 1,
      topologyKey: "kubernetes.io/hostname",
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector: { matchLabels: selector(s) },
    },
    {
      maxSkew: 1,
      topologyKey: "topology.kubernetes.io/zone",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels: selector(s) },
    },
  ];
}

/** Production: prefer a node without another replica (the spread above makes it a rule). */
export function antiAffinity(s: MeshService) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector(s) } },
        },
      ],
    },
  };
}
