import { status } from "@grpc/grpc-js";
import { z } from "zod";
import { AppError, classifyError, fieldPath, fromZodError, grpcStatusOf, isInvalidArgument } from "./errors";

describe("fromZodError", () => {
  it("names every wrong field in snake_case proto paths", () => {
    const schema = z.object({ partner: z.object({ displayName: z.string().min(2), members: z.array(z.string()) }) });
    const r = schema.safeParse({ partner: { displayName: "x", members: ["a", 3] } });
    if (r.success) throw new Error("expected failure");
    const err = fromZodError(r.error);
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.fieldViolations.map((v) => v.field).sort()).toEqual(["partner.display_name", "partner.members[1]"]);
    expect(err.message).toContain("partner.display_name");
  });

  it("applies a prefix, and names the request itself when the path is empty", () => {
    const r = z.string().safeParse(1);
    if (r.success) throw new Error("expected failure");
    expect(fromZodError(r.error).fieldViolations[0]?.field).toBe("(request)");
    expect(fromZodError(r.error, ["answers", "q1"]).fieldViolations[0]?.field).toBe("answers.q1");
  });

  it("joins array indexes without a dot", () => {
    expect(fieldPath(["sections", 2, "maxLength"])).toBe("sections[2].max_length");
  });
});

describe("classifyError", () => {
  it("keeps AppErrors as they are", () => {
    const e = new AppError("NOT_FOUND", "x not found");
    expect(classifyError(e)).toBe(e);
  });

  it("maps a duplicate key to ALREADY_EXISTS", () => {
    const dup = Object.assign(new Error("E11000"), { name: "MongoServerError", code: 11000 });
    expect(classifyError(dup).code).toBe("ALREADY_EXISTS");
  });

  it("maps a lost database or broker to UNAVAILABLE", () => {
    expect(classifyError(Object.assign(new Error("x"), { name: "MongoServerSelectionError" })).code).toBe(
      "UNAVAILABLE",
    );
    expect(classifyError(Object.assign(new Error("x"), { name: "KafkaJSConnectionError" })).code).toBe("UNAVAILABLE");
  });

  it("maps a database answering that it is shutting down (or a retryable write) to UNAVAILABLE; other server errors INTERNAL", () => {
    const { MongoServerError } = require("mongodb") as { MongoServerError: new (e: object) => Error };
    for (const code of [11600, 91, 6, 89])
      expect(classifyError(new MongoServerError({ code, errmsg: "stopping" })).code).toBe("UNAVAILABLE");
    expect(
      classifyError(new MongoServerError({ code: 1, errmsg: "x", errorLabels: ["RetryableWriteError"] })).code,
    ).toBe("UNAVAILABLE");
    expect(classifyError(new MongoServerError({ code: 2, errmsg: "bad value" })).code).toBe("INTERNAL");
  });

  it("maps FerretDB's InternalError for a write it was in the middle of when it stopped to UNAVAILABLE; other InternalErrors INTERNAL", () => {
    const { MongoServerError } = require("mongodb") as { MongoServerError: new (e: object) => Error };
    // As FerretDB 1.24 answered an update in flight when it was stopped (SQLite backend).
    const stopped =
      "[msg_update.go:133 handler.(*Handler).updateDocument] [update.go:114 common.UpdateDocument] " +
      "[collection.go:191 sqlite.(*collection).UpdateAll] [db.go:167 fsql.(*DB).InTransaction] " +
      "sql: transaction has already been committed or rolled back";
    expect(classifyError(new MongoServerError({ code: 1, errmsg: stopped })).code).toBe("UNAVAILABLE");
    expect(classifyError(new MongoServerError({ code: 1, errmsg: "[x.go:1 f] context canceled" })).code).toBe(
      "UNAVAILABLE",
    );
    expect(classifyError(new MongoServerError({ code: 1, errmsg: "[x.go:1 f] unexpected type" })).code).toBe(
      "INTERNAL",
    );
  });

  it("maps the driver's own connection-pool errors (a call queued when the database went) to UNAVAILABLE", () => {
    // Not exported by the driver's index; built from its module so their real names are tested.
    const pool = require("mongodb/lib/cmap/errors") as Record<string, new (...a: unknown[]) => Error>;
    const at = { address: "127.0.0.1:27017" };
    for (const e of [
      new (pool.PoolClearedError as new (p: unknown) => Error)(at),
      new (pool.PoolClearedOnNetworkError as new (p: unknown) => Error)(at),
      new (pool.PoolClosedError as new (p: unknown) => Error)(at),
      new (pool.WaitQueueTimeoutError as new (m: string, a: string) => Error)("timed out", at.address),
    ])
      expect([e.name, classifyError(e).code]).toEqual([e.name, "UNAVAILABLE"]);
  });

  it("maps a call ended by its client being closed (the database watch reconnecting it) to UNAVAILABLE", () => {
    const driver = require("mongodb") as Record<string, new () => Error>;
    for (const e of [
      new (driver.MongoClientClosedError as new () => Error)(),
      new (driver.MongoServerClosedError as new () => Error)(),
    ])
      expect([e.name, classifyError(e).code]).toEqual([e.name, "UNAVAILABLE"]);
  });

  it("keeps the status of a downstream gRPC error, and never yields UNKNOWN", () => {
    const downstream = Object.assign(new Error("5 NOT_FOUND: gone"), {
      code: status.NOT_FOUND,
      details: "gone",
      metadata: {},
    });
    expect(classifyError(downstream)).toMatchObject({ code: "NOT_FOUND", message: "gone" });
    const unknown = Object.assign(new Error("?"), { code: status.UNKNOWN, details: "?", metadata: {} });
    expect(classifyError(unknown).code).toBe("INTERNAL");
  });

  it("hides the message of an unexpected error", () => {
    const e = classifyError(new TypeError("cannot read secret of undefined"));
    expect(e.code).toBe("INTERNAL");
    expect(e.message).not.toContain("secret");
  });

  it("maps codes to gRPC status numbers", () => {
    expect(grpcStatusOf("INVALID_ARGUMENT")).toBe(status.INVALID_ARGUMENT);
    expect(grpcStatusOf("UNAVAILABLE")).toBe(status.UNAVAILABLE);
  });
});

describe("isInvalidArgument", () => {
  test("only a gRPC error with INVALID_ARGUMENT", () => {
    const grpcError = (code: number) => Object.assign(new Error("x"), { code, metadata: {} });
    expect(isInvalidArgument(grpcError(status.INVALID_ARGUMENT))).toBe(true);
    expect(isInvalidArgument(grpcError(status.NOT_FOUND))).toBe(false);
    expect(isInvalidArgument(new Error("plain"))).toBe(false);
    expect(isInvalidArgument({ code: status.INVALID_ARGUMENT })).toBe(false);
  });
});
