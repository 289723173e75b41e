import { loadProtos } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import { GrpcDownstream } from "./downstream";
import { problemFrom } from "./problems";

test("a service the gateway is not configured with refuses as UNAVAILABLE: 503, never a 500", async () => {
  const protos = loadProtos([
    "csp/directory/v1/directory.proto",
    "csp/directory/v1/combinations.proto",
    "csp/reports/v1/reports.proto",
    "csp/meetings/v1/meetings.proto",
    "csp/assessments/v1/assessments.proto",
    "csp/notifier/v1/notifier.proto",
    "csp/grants/v1/grants.proto",
    "csp/grants/v1/register.proto",
  ]);
  const a = "127.0.0.1:9";
  const d = new GrpcDownstream(protos, { directory: a, reports: a, meetings: a, assessments: a }, 1000, 1024 * 1024);
  try {
    const calls: (() => Promise<unknown>)[] = [
      () => d.plans.ListPlans({}, "t"),
      () => d.notifier.ListWebhookSubscriptions({}, "t"),
    ];
    for (const call of calls) {
      const err = await Promise.resolve()
        .then(call)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err).toMatchObject({ code: status.UNAVAILABLE });
      expect(problemFrom(err)).toMatchObject({ status: 503, detail: expect.stringContaining("is not configured") });
    }
    // A rejected promise, never a throw at the call: `.catch` on a call sees the refusal (the home page's
    // grants panel is left out this way when there is no grants service).
    const pending = d.grants.ListApplications({ programme: "programmes/-" }, "t");
    await expect(pending).rejects.toMatchObject({ code: status.UNAVAILABLE, metadata: expect.anything() });
  } finally {
    d.close();
  }
});
