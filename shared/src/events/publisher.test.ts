import type { Admin } from "kafkajs";
import { ensureTopics, waitForLeaders } from "./publisher";

/** An admin client whose broker has just started: it creates the topics but cannot describe them at once. */
function youngBroker(answersAfter: number) {
  let asked = 0;
  const admin = {
    listTopics: async () => [],
    createTopics: async () => {
      throw Object.assign(new Error("This server does not host this topic-partition"), {
        type: "UNKNOWN_TOPIC_OR_PARTITION",
      });
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      asked += 1;
      if (asked < answersAfter) throw Object.assign(new Error("not yet"), { type: "UNKNOWN_TOPIC_OR_PARTITION" });
      return { topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })) };
    },
  };
  return { admin: admin as unknown as Admin, asked: () => asked };
}

describe("ensureTopics", () => {
  test("a broker that has just created the topics but cannot yet describe them: it waits for their leaders", async () => {
    const b = youngBroker(3);
    await expect(ensureTopics(b.admin, ["t.events"])).resolves.toBeUndefined();
    expect(b.asked()).toBe(3);
  });

  test("topics that never get a leader: it gives up with the error", async () => {
    const b = youngBroker(Number.POSITIVE_INFINITY);
    await expect(waitForLeaders(b.admin, ["t.events"], 3, 1)).rejects.toThrow("not yet");
  });

  test("any other failure to create them is an error", async () => {
    const admin = {
      listTopics: async () => [],
      createTopics: async () => {
        throw Object.assign(new Error("no"), { type: "TOPIC_AUTHORIZATION_FAILED" });
      },
    } as unknown as Admin;
    await expect(ensureTopics(admin, ["t.events"])).rejects.toThrow("no");
  });
});
