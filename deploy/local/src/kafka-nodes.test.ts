import { kafkaNodeCount, kafkaNodes, kafkaProperties } from "./kafka-nodes";
import { cachePaths } from "./paths";
import { portsFrom } from "./ports";

const env = { CSP_MESH_CACHE: "/cache", CSP_MESH_RUN_DIR: "/cache/run" };
const props = (text: string) =>
  Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );

describe("the local Kafka's shape", () => {
  it("is one node unless CSP_KAFKA_NODES=3, and refuses anything else", () => {
    expect(kafkaNodeCount({})).toBe(1);
    expect(kafkaNodeCount({ CSP_KAFKA_NODES: "3" })).toBe(3);
    expect(() => kafkaNodeCount({ CSP_KAFKA_NODES: "2" })).toThrow(/1 or 3/);
  });

  it("gives three nodes their own ports (the first keeps 9092), folders and pid files", () => {
    const nodes = kafkaNodes(cachePaths(env), portsFrom({}), 3);
    expect(nodes.map((n) => [n.port, n.controllerPort])).toEqual([
      [9092, 9093],
      [9094, 9095],
      [9096, 9097],
    ]);
    expect(new Set(nodes.map((n) => n.dataDir)).size).toBe(3);
    expect(new Set(nodes.map((n) => n.proc.pidFile)).size).toBe(3);
    // Apart from the single node's, so switching shapes never mixes their metadata.
    const [single] = kafkaNodes(cachePaths(env), portsFrom({}), 1);
    for (const n of nodes) expect(n.dataDir.startsWith(single?.dataDir ?? "")).toBe(false);
  });

  it("replicates three ways with two in sync on three nodes, and not at all on one", () => {
    const three = kafkaNodes(cachePaths(env), portsFrom({}), 3);
    const p = props(kafkaProperties(three[1] as (typeof three)[number], three));
    expect(p).toMatchObject({
      "node.id": "2",
      "controller.quorum.voters": "1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097",
      listeners: "PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9095",
      "default.replication.factor": "3",
      "min.insync.replicas": "2",
      "offsets.topic.replication.factor": "3",
      "transaction.state.log.min.isr": "2",
      "unclean.leader.election.enable": "false",
    });
    const one = kafkaNodes(cachePaths(env), portsFrom({}), 1);
    expect(props(kafkaProperties(one[0] as (typeof one)[number], one))).toMatchObject({
      "default.replication.factor": "1",
      "min.insync.replicas": "1",
    });
  });
});
