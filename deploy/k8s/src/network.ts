/**
 * Who may talk to whom. Everything is denied, then each real flow is allowed by its own policy:
 * the ingress controller to the gateway (web) and to the partner-facing gRPC services, the gateway
 * and services to the directory, every service to Kafka and MongoDB, Prometheus to the metrics ports,
 * the notifier to SMTP and webhook endpoints. Nothing else.
 */
import {
  grpcServiceName,
  httpServiceName,
  KAFKA_CLUSTER,
  type MeshService,
  MONGO_RESOURCE,
  SERVICES,
  serviceNamed,
} from "./catalogue";
import { type K8sObject, PART_OF, selector } from "./workloads";

/** Namespaces of the cluster's shared components, by their standard name label. */
export const INGRESS_NAMESPACE = "ingress-nginx";
export const MONITORING_NAMESPACE = "monitoring";
export const STRIMZI_NAMESPACE = "strimzi";
export const MONGODB_OPERATOR_NAMESPACE = "mongodb";

const nsSelector = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
const meshPods = { podSelector: { matchLabels: { "app.kubernetes.io/part-of": PART_OF } } };
const kafkaPods = { podSelector: { matchLabels: { "strimzi.io/cluster": KAFKA_CLUSTER } } };
/** The MongoDB operator labels its replica-set pods app=<resource>-svc. */
const mongoPods = { podSelector: { matchLabels: { app: `${MONGO_RESOURCE}-svc` } } };
const tcp = (port: number) => ({ protocol: "TCP", port });
/** Private ranges: webhooks and SMTP go to the outside world, never back into the cluster. */
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10"];

function policy(
  name: string,
  podSelector: object,
  spec: Record<string, unknown>,
  why: string,
  operatorPods?: string,
): K8sObject {
  const annotations: Record<string, string> = { "csp-mesh/flow": why };
  if (operatorPods) {
    // kube-score looks for the selected pods among the manifests; these pods are made by an operator.
    annotations["kube-score/ignore"] = "networkpolicy-targets-pod";
    annotations["csp-mesh/kube-score-ignore-reason"] =
      `selects the pods ${operatorPods} creates at run time, which no manifest here declares`;
  }
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, labels: { "app.kubernetes.io/part-of": PART_OF }, annotations },
    spec: { podSelector, ...spec },
  };
}

/** The namespace-wide rules: deny all, then name resolution for every pod. */
export function baselinePolicies(): K8sObject[] {
  return [
    policy("default-deny", {}, { policyTypes: ["Ingress", "Egress"] }, "nothing flows unless a policy below allows it"),
    policy(
      "allow-dns",
      {},
      {
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ...nsSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
      "every pod resolves Service names through the cluster DNS",
    ),
  ];
}

/** Ingress and egress of one mesh service. */
export function servicePolicy(s: MeshService): K8sObject {
  const callers = SERVICES.filter((c) => c.calls.includes(s.name));
  const jwksReaders = s.name === "directory" ? SERVICES.filter((c) => c.name !== "directory") : [];
  const partnerFacing = s.grpcServices.length > 0;
  const ingress: object[] = [];
  if (s.web) ingress.push({ from: [nsSelector(INGRESS_NAMESPACE)], ports: [tcp(s.httpPort)] });
  if (partnerFacing) ingress.push({ from: [nsSelector(INGRESS_NAMESPACE)], ports: [tcp(s.grpcPort)] });
  if (callers.length > 0)
    ingress.push({
      from: callers.map((c) => ({ podSelector: { matchLabels: selector(c) } })),
      ports: [tcp(s.grpcPort)],
    });
  if (jwksReaders.length > 0) ingress.push({ from: [meshPods], ports: [tcp(s.httpPort)] });
  ingress.push({ from: [nsSelector(MONITORING_NAMESPACE)], ports: [tcp(s.httpPort)] });

  const directory = serviceNamed("directory");
  const egress: object[] = [
    { to: [kafkaPods], ports: [tcp(9092)] },
    { to: [mongoPods], ports: [tcp(27017)] },
  ];
  if (s.name !== "directory")
    egress.push({ to: [{ podSelector: { matchLabels: selector(directory) } }], ports: [tcp(directory.httpPort)] });
  for (const callee of s.calls) {
    const c = serviceNamed(callee);
    egress.push({ to: [{ podSelector: { matchLabels: selector(c) } }], ports: [tcp(c.grpcPort)] });
  }
  if (s.externalEgress)
    egress.push({ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: PRIVATE } }], ports: s.externalEgress.ports.map(tcp) });

  const flows = [
    s.web ? "browsers through the ingress" : "",
    partnerFacing ? "partner systems' gRPC through the ingress" : "",
    callers.length > 0 ? `calls from ${callers.map((c) => c.name).join(", ")}` : "",
    jwksReaders.length > 0 ? "signing keys read by every service" : "",
    "metrics scraped by Prometheus",
  ].filter(Boolean);
  return policy(
    s.name,
    { matchLabels: selector(s) },
    { policyTypes: ["Ingress", "Egress"], ingress, egress },
    `in: ${flows.join("; ")}. out: Kafka, MongoDB${s.name === "directory" ? "" : ", the directory"}${s.calls.length ? `, ${s.calls.join(", ")}` : ""}${s.externalEgress ? `, ${s.externalEgress.why}` : ""}`,
  );
}

/** Kafka brokers and controllers among themselves, the services' client port, the operators. */
export function dataPolicies(): K8sObject[] {
  return [
    policy(
      "kafka",
      kafkaPods.podSelector,
      {
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          { from: [kafkaPods] },
          { from: [meshPods], ports: [tcp(9092)] },
          { from: [nsSelector(STRIMZI_NAMESPACE)] },
          { from: [nsSelector(MONITORING_NAMESPACE)], ports: [tcp(9404)] },
        ],
        // The entity operator watches KafkaTopic resources through the Kubernetes API.
        egress: [{ to: [kafkaPods] }, { ports: [tcp(443), tcp(6443)] }],
      },
      "in: brokers and controllers, the services' client port 9092, the Strimzi operator. out: one another, the Kubernetes API (topic operator)",
      "the Strimzi operator",
    ),
    policy(
      "mongodb",
      mongoPods.podSelector,
      {
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          { from: [mongoPods] },
          { from: [meshPods], ports: [tcp(27017)] },
          { from: [nsSelector(MONGODB_OPERATOR_NAMESPACE)] },
        ],
        egress: [{ to: [mongoPods], ports: [tcp(27017)] }],
      },
      "in: replica-set members, the services, the MongoDB operator. out: the other members",
      "the MongoDB operator",
    ),
  ];
}

export const WEB_HOST = "csp-mesh.example.org";
export const GRPC_HOST = "grpc.csp-mesh.example.org";
export const TLS_SECRET = "csp-mesh-tls";

/** The web ingress (browsers and the REST API) and the gRPC ingress (partner systems), both TLS only. */
export function ingresses(): K8sObject[] {
  const gateway = serviceNamed("gateway");
  const common = (name: string, annotations: Record<string, string>, host: string, paths: object[]): K8sObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name,
      labels: { "app.kubernetes.io/part-of": PART_OF },
      annotations: {
        // cert-manager issues and renews the certificate into TLS_SECRET.
        "cert-manager.io/cluster-issuer": "letsencrypt",
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
        ...annotations,
      },
    },
    spec: {
      ingressClassName: "nginx",
      tls: [{ hosts: [host], secretName: TLS_SECRET }],
      rules: [{ host, http: { paths } }],
    },
  });
  const backend = (service: string, port: string) => ({ service: { name: service, port: { name: port } } });
  return [
    common(
      "web",
      // Uploads up to UPLOAD_MAX_BYTES (20 MB) plus form overhead.
      { "nginx.ingress.kubernetes.io/proxy-body-size": "25m" },
      WEB_HOST,
      [{ path: "/", pathType: "Prefix", backend: backend(httpServiceName(gateway), "http") }],
    ),
    common(
      "grpc",
      { "nginx.ingress.kubernetes.io/backend-protocol": "GRPC", "nginx.ingress.kubernetes.io/proxy-body-size": "25m" },
      GRPC_HOST,
      SERVICES.flatMap((s) =>
        s.grpcServices.map((full) => ({
          path: `/${full}/`,
          pathType: "Prefix",
          backend: backend(grpcServiceName(s), "grpc"),
        })),
      ),
    ),
  ];
}
