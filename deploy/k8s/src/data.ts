/**
 * The data services, declared through the operators that run them in practice: Strimzi for Kafka
 * (KRaft, one node pool of three combined controller-brokers) and the MongoDB Community operator for
 * a three-member replica set. Topics come from the event catalogue in code, so a new event domain
 * gets its KafkaTopic by regenerating (a test fails until it is).
 */
import { meshTopics, TOPIC_PARTITIONS } from "@csp-mesh/kit";
import { MESH_EVENT_DOMAINS } from "@csp-mesh/notifier/contract";
import { KAFKA_CLUSTER, MONGO_RESOURCE, SERVICES } from "./catalogue";
import { type K8sObject, PART_OF } from "./workloads";

export const KAFKA_VERSION = "3.9.0";
export const MONGODB_VERSION = "7.0.15";
/** Replication: a write is acknowledged by two of three brokers, so one may be lost or restarted. */
export const REPLICATION = { nodes: 3, replicationFactor: 3, minInsyncReplicas: 2 };
/** Events are kept four weeks: enough to replay a consumer after an outage; the database is the record. */
export const RETENTION_MS = 28 * 24 * 3600 * 1000;

const partOf = { "app.kubernetes.io/part-of": PART_OF };

/** Every topic the mesh's code uses (each domain's events and dead letters), in production form. */
export function kafkaTopics(): K8sObject[] {
  const domains = MESH_EVENT_DOMAINS.map((d) => d.domain).sort();
  return meshTopics("", domains).map((topic) => ({
    apiVersion: "kafka.strimzi.io/v1beta2",
    kind: "KafkaTopic",
    metadata: { name: topic, labels: { "strimzi.io/cluster": KAFKA_CLUSTER, ...partOf } },
    spec: {
      topicName: topic,
      partitions: TOPIC_PARTITIONS,
      replicas: REPLICATION.replicationFactor,
      config: {
        "min.insync.replicas": REPLICATION.minInsyncReplicas,
        "retention.ms": RETENTION_MS,
        "cleanup.policy": "delete",
      },
    },
  }));
}

export function kafkaCluster(): K8sObject[] {
  return [
    {
      apiVersion: "kafka.strimzi.io/v1beta2",
      kind: "KafkaNodePool",
      metadata: { name: "combined", labels: { "strimzi.io/cluster": KAFKA_CLUSTER, ...partOf } },
      spec: {
        replicas: REPLICATION.nodes,
        roles: ["controller", "broker"],
        storage: {
          type: "jbod",
          volumes: [{ id: 0, type: "persistent-claim", size: "100Gi", deleteClaim: false, kraftMetadata: "shared" }],
        },
        resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "2Gi" } },
      },
    },
    {
      apiVersion: "kafka.strimzi.io/v1beta2",
      kind: "Kafka",
      metadata: {
        name: KAFKA_CLUSTER,
        labels: partOf,
        annotations: { "strimzi.io/node-pools": "enabled", "strimzi.io/kraft": "enabled" },
      },
      spec: {
        kafka: {
          version: KAFKA_VERSION,
          metadataVersion: "3.9-IV0",
          // Inside the cluster only; NetworkPolicy "kafka" admits the mesh's pods.
          listeners: [{ name: "plain", port: 9092, type: "internal", tls: false }],
          config: {
            "default.replication.factor": REPLICATION.replicationFactor,
            "min.insync.replicas": REPLICATION.minInsyncReplicas,
            "offsets.topic.replication.factor": REPLICATION.replicationFactor,
            "transaction.state.log.replication.factor": REPLICATION.replicationFactor,
            "transaction.state.log.min.isr": REPLICATION.minInsyncReplicas,
            // Topics are declared (KafkaTopic) or created by the services, never by a typo.
            "auto.create.topics.enable": false,
            // A replica that is not in sync never becomes leader: no acknowledged event is lost.
            "unclean.leader.election.enable": false,
          },
          rack: { topologyKey: "topology.kubernetes.io/zone" },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    },
  ];
}

/** One database user per service, allowed only its own database; passwords are Secrets made at install. */
export function mongoReplicaSet(): K8sObject {
  return {
    apiVersion: "mongodbcommunity.mongodb.com/v1",
    kind: "MongoDBCommunity",
    metadata: { name: MONGO_RESOURCE, labels: partOf },
    spec: {
      members: 3,
      type: "ReplicaSet",
      version: MONGODB_VERSION,
      security: { authentication: { modes: ["SCRAM"] } },
      users: SERVICES.map((s) => ({
        name: s.name,
        db: "admin",
        passwordSecretRef: { name: `${MONGO_RESOURCE}-${s.name}-password` },
        roles: [
          { name: "readWrite", db: `csp_${s.name}` },
          { name: "dbAdmin", db: `csp_${s.name}` },
        ],
        scramCredentialsSecretName: `${MONGO_RESOURCE}-${s.name}-scram`,
      })),
      additionalMongodConfig: { "storage.wiredTiger.engineConfig.journalCompressor": "zlib" },
      statefulSet: {
        spec: {
          volumeClaimTemplates: [
            {
              metadata: { name: "data-volume" },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "400Gi" } } },
            },
          ],
        },
      },
    },
  };
}
