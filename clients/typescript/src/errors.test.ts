import { Metadata, status } from "@grpc/grpc-js";
import protobuf from "protobufjs";
import { MeshError } from "./errors";

/** A trailer as a server writes it, encoded independently of the client's own declarations. */
function trailer(violations: { field: string; description: string }[]): Metadata {
  const FieldViolation = new protobuf.Type("FieldViolation")
    .add(new protobuf.Field("field", 1, "string"))
    .add(new protobuf.Field("description", 2, "string"));
  const BadRequest = new protobuf.Type("BadRequest").add(
    new protobuf.Field("field_violations", 1, "FieldViolation", "repeated"),
  );
  const Any = new protobuf.Type("Any")
    .add(new protobuf.Field("type_url", 1, "string"))
    .add(new protobuf.Field("value", 2, "bytes"));
  const Status = new protobuf.Type("Status")
    .add(new protobuf.Field("code", 1, "int32"))
    .add(new protobuf.Field("message", 2, "string"))
    .add(new protobuf.Field("details", 3, "Any", "repeated"));
  new protobuf.Root().define("google.rpc").add(FieldViolation).add(BadRequest).add(Any).add(Status);
  const value = BadRequest.encode(BadRequest.fromObject({ field_violations: violations })).finish();
  const bytes = Status.encode(
    Status.fromObject({
      code: 3,
      message: "invalid request",
      details: [{ type_url: "type.googleapis.com/google.rpc.BadRequest", value }],
    }),
  ).finish();
  const md = new Metadata();
  md.set("grpc-status-details-bin", Buffer.from(bytes));
  return md;
}

describe("MeshError", () => {
  test("names the fields the server said were wrong", () => {
    const err = MeshError.from(
      {
        code: status.INVALID_ARGUMENT,
        details: "invalid request: report_request.title",
        metadata: trailer([{ field: "report_request.title", description: "at least 5 characters" }]),
      },
      "csp.reports.v1.ReportsService/CreateReportRequest",
    );
    expect(err).toBeInstanceOf(MeshError);
    expect(err.codeName).toBe("INVALID_ARGUMENT");
    expect(err.violation("report_request.title")?.description).toBe("at least 5 characters");
    expect(err.message).toContain("CreateReportRequest: INVALID_ARGUMENT");
  });

  test("an error without details, or with an unreadable trailer, has no violations", () => {
    const md = new Metadata();
    md.set("grpc-status-details-bin", Buffer.from([0xff, 0xff, 0xff]));
    expect(
      MeshError.from({ code: status.NOT_FOUND, details: "no such request", metadata: md }, "m").fieldViolations,
    ).toEqual([]);
    expect(MeshError.from(new Error("socket hang up"), "m").code).toBe(status.UNKNOWN);
  });
});
