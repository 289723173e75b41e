/**
 * The event publisher against a real broker when a send's acknowledgement is lost: the broker wrote
 * the batch, the connection died before its answer arrived, and the broker then stayed unreachable
 * until the send gave up. The outbox relay sends those events again, with more staged since, in a
 * new send. On the same idempotent producer that send carries sequence numbers the broker has
 * already used, and the broker refuses it (OUT_OF_ORDER_SEQUENCE_NUMBER) on every retry, for ever:
 * in test/reliability/broker-kill.test.ts the relay stalled so and 88 changes never reached Kafka.
 * The publisher renews its producer after a failed send; remove that and this test fails.
 *
 * The fault is made in this process: kafkajs connects through a socket factory that can swallow a
 * produce answer and then refuse connections, so the shared local broker is never disturbed.
 */
import net from "node:net";
import { PartnerUpdated } from "@csp-mesh/directory/contract";
import {
  createLogger,
  createMetrics,
  type DomainEvent,
  EventCatalog,
  EventPublisher,
  ensureTopics,
  newEvent,
} from "@csp-mesh/kit";
import { type ISocketFactory, Kafka, logLevel } from "kafkajs";
import { collectEvents } from "../support/kafka";
import { eventually, isolation } from "../support/mesh";

/** A connection the test can break: `loseNextProduceAnswer`, then `unreachable` until lifted. */
function faultySockets() {
  const state = { loseNextProduceAnswer: false, unreachable: false, answersLost: 0 };
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    // Port 1 on loopback refuses: the broker is "down" for this client only.
    const socket = net.connect({ host, port: state.unreachable ? 1 : port }, onConnect);
    socket.setNoDelay(true);
    let cut = false;
    const write = socket.write.bind(socket) as (chunk: Buffer, ...rest: unknown[]) => boolean;
    socket.write = ((chunk: Buffer, ...rest: unknown[]) => {
      // A Kafka request: INT32 size, then INT16 api key (0 is Produce).
      if (state.loseNextProduceAnswer && Buffer.isBuffer(chunk) && chunk.length > 6 && chunk.readInt16BE(4) === 0) {
        state.loseNextProduceAnswer = false;
        state.unreachable = true;
        cut = true;
      }
      return write(chunk, ...rest);
    }) as typeof socket.write;
    const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === "data" && cut) {
        // The broker has written the batch and answered; the answer never arrives.
        state.answersLost += 1;
        socket.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
        return true;
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
    return socket;
  };
  return { state, factory };
}

describe("event publisher: a lost acknowledgement does not stall later sends", () => {
  const iso = isolation("lost-ack");
  const brokers = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";

  test("events sent again with more after a failed send all reach Kafka", async () => {
    const { state, factory } = faultySockets();
    const kafka = new Kafka({
      clientId: "lost-ack-test",
      brokers: brokers.split(","),
      socketFactory: factory,
      logLevel: logLevel.NOTHING,
      // Give up quickly while "down", as a send does when the broker stays away.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 300 },
    });
    const publisher = new EventPublisher(
      kafka,
      new EventCatalog([PartnerUpdated]),
      iso.topicPrefix,
      createMetrics("lost-ack-test"),
      createLogger("lost-ack-test", "silent"),
    );
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, publisher.topics());
    await admin.disconnect();
    await publisher.connect();

    const event = (i: number): DomainEvent =>
      newEvent(PartnerUpdated, "test", "partners/csp-dover", {
        name: "partners/csp-dover",
        displayName: `Dover ${i}`,
        kind: "CSP",
        status: "ACTIVE",
        members: [],
        etag: String(i),
        classification: "OFFICIAL",
      });
    const first = [1, 2, 3].map(event);
    const later = [4, 5].map(event);
    const reader = await collectEvents(brokers, iso.topicPrefix, "directory");
    try {
      await publisher.publish([event(0)]); // the producer has a history with the broker
      state.loseNextProduceAnswer = true;
      await expect(publisher.publish(first)).rejects.toThrow();
      expect(state.answersLost).toBe(1);
      state.unreachable = false;
      // What the relay does next: the same events, and what was staged meanwhile, in one send.
      await publisher.publish([...first, ...later]);

      const wanted = [event(0), ...first, ...later].length;
      await eventually(
        async () => (new Set(reader.events.map((e) => e.id)).size >= wanted ? true : undefined),
        30_000,
        `${wanted} events on Kafka`,
      );
      const names = [...new Set(reader.events.map((e) => e.data.displayName))];
      expect(names).toEqual(["Dover 0", "Dover 1", "Dover 2", "Dover 3", "Dover 4", "Dover 5"]);
      // The lost-answer batch was written, then sent again: its events are there twice, in order.
      expect(reader.events.map((e) => e.data.displayName)).toEqual([
        "Dover 0",
        "Dover 1",
        "Dover 2",
        "Dover 3",
        "Dover 1",
        "Dover 2",
        "Dover 3",
        "Dover 4",
        "Dover 5",
      ]);
    } finally {
      await reader.stop();
      await publisher.disconnect();
    }
  }, 120_000);
});
