import { GenericContainer, Wait } from "testcontainers";

/**
 * For developers with Docker: genuine MongoDB 7 and Apache Kafka 3.9 images instead of the local
 * stand-ins (and Mailpit's image for email). Chosen with CSP_INFRA=testcontainers. (CI here has no Docker engine.)
 */
export async function startContainers() {
  const mongo = await new GenericContainer("mongo:7")
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  const kafkaPort = 19092;
  const kafka = await new GenericContainer("apache/kafka:3.9.1")
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${kafkaPort},CONTROLLER://0.0.0.0:9093`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const mailpit = await new GenericContainer("axllent/mailpit:v1.27.11")
    .withExposedPorts(1025, 8025)
    .withWaitStrategy(Wait.forHttp("/readyz", 8025))
    .start();
  return {
    mongoUrl: `mongodb://127.0.0.1:${mongo.getMappedPort(27017)}/`,
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    smtpUrl: `smtp://127.0.0.1:${mailpit.getMappedPort(1025)}`,
    mailUrl: `http://127.0.0.1:${mailpit.getMappedPort(8025)}`,
    stop: async () => {
      await mailpit.stop();
      await kafka.stop();
      await mongo.stop();
    },
  };
}
