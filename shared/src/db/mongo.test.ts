/** The database client's settings: the monitor's interval follows the service's health check. */
import { clientOptions } from "./mongo";

describe("clientOptions", () => {
  test("polls the server every 2 s by default", () => {
    const o = clientOptions("svc");
    expect([o.serverMonitoringMode, o.heartbeatFrequencyMS]).toEqual(["poll", 2_000]);
    expect([o.retryWrites, o.writeConcern]).toEqual([false, { w: 1 }]);
  });

  test("as seldom as a service that checks its database less often asks", () => {
    const o = clientOptions("svc", { writeConcern: "majority", retryWrites: true, heartbeatMs: 5_000 });
    expect(o.heartbeatFrequencyMS).toBe(5_000);
    expect([o.retryWrites, o.writeConcern]).toEqual([true, { w: "majority" }]);
  });

  test("never more often than every 2 s, however often the service checks", () => {
    expect(clientOptions("svc", { writeConcern: "1", retryWrites: false, heartbeatMs: 500 }).heartbeatFrequencyMS).toBe(
      2_000,
    );
  });
});
