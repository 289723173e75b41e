import { baseConfigSchema, ConfigError, loadConfig } from "./config";

const good = {
  GRPC_PORT: "50051",
  HTTP_PORT: "9401",
  MONGO_URL: "mongodb://127.0.0.1:27017",
  MONGO_DB: "csp_directory",
  KAFKA_BROKERS: "127.0.0.1:9092, 127.0.0.1:9094",
};

describe("loadConfig", () => {
  it("coerces numbers, splits brokers and applies defaults", () => {
    const c = loadConfig(baseConfigSchema, good);
    expect(c.GRPC_PORT).toBe(50051);
    expect(c.KAFKA_BROKERS).toEqual(["127.0.0.1:9092", "127.0.0.1:9094"]);
    expect(c.LOG_LEVEL).toBe("info");
    expect(c.KAFKA_TOPIC_PREFIX).toBe("");
  });

  it("stops with one line naming every bad variable", () => {
    let err: unknown;
    try {
      loadConfig(baseConfigSchema, { ...good, MONGO_URL: "postgres://x", GRPC_PORT: "seventy", KAFKA_BROKERS: "x" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    for (const v of ["MONGO_URL", "GRPC_PORT", "KAFKA_BROKERS"]) expect(message).toContain(v);
  });

  it("reports a missing required variable", () => {
    const { MONGO_DB: _omit, ...rest } = good;
    expect(() => loadConfig(baseConfigSchema, rest)).toThrow(/MONGO_DB/);
  });
});
