/**
 * Soak: the whole mesh as processes (as `npm start` runs it) under a steady mixed load: OPCC staff
 * create requests and list them, a CSP officer reads and answers them, people read partners and
 * meetings. Throughout, no call fails with a server error and no service dies; each service's
 * resident memory is sampled, and under `npm run test:reliability` (five minutes) its trend after
 * warm-up must be flat: under 2 MB a minute. Inside `npm test` the run is half a minute and the trend is
 * reported, not judged (too short to tell a leak from the collector's sawtooth).
 */
import { bearer, createClient, loadProtos, serviceConstructor, unary } from "@csp-mesh/kit";
import type { Client } from "@grpc/grpc-js";
import { residentMb, startMesh } from "../../deploy/local/src/mesh";
import { FULL, healthAfterwards, Outcomes, recordRow, size } from "../support/reliability";

const OFFSET = 700;

/** Least-squares slope of (minute, MB) points. */
function slopePerMinute(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

test("a steady mixed load: no server errors, no service lost, memory flat", async () => {
  const durationMs = size(30_000, 300_000);
  const run = process.env.CSP_TEST_RUN_ID as string;
  const mesh = await startMesh({
    mongoUrl: process.env.MONGO_URL as string,
    kafkaBrokers: process.env.KAFKA_BROKERS as string,
    portOffset: OFFSET,
    namePrefix: `${run}_soak_`,
    env: { KAFKA_TOPIC_PREFIX: `${run}.soak.`, LOG_LEVEL: "warn", RATE_LIMIT_PER_MINUTE: "100000000" },
    stdio: "ignore",
  });
  const exits: string[] = [];
  mesh.onUnexpectedExit((name, code) => exits.push(`${name} exited (${code})`));
  const port = (name: string) => mesh.services.find((s) => s.name === name)?.grpcPort as number;
  const protos = loadProtos([
    "csp/directory/v1/directory.proto",
    "csp/reports/v1/reports.proto",
    "csp/meetings/v1/meetings.proto",
  ]);
  const make = (service: string, name: string) =>
    createClient<Client>(serviceConstructor(protos, service), `127.0.0.1:${port(name)}`, { defaultDeadlineMs: 10_000 });
  const identity = make("csp.directory.v1.IdentityService", "directory");
  const directory = make("csp.directory.v1.DirectoryService", "directory");
  const reports = make("csp.reports.v1.ReportsService", "reports");
  const meetings = make("csp.meetings.v1.MeetingsService", "meetings");
  const token = async (person: string) =>
    (await unary<unknown, { accessToken: string }>(identity, "DevSignIn", { person })).accessToken;
  const [opcc, officer] = [await token("people/opcc-staff-1"), await token("people/maidstone-officer")];
  const outcomes = new Outcomes();
  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      const r = await fn();
      outcomes.add(undefined);
      return r;
    } catch (err) {
      outcomes.add(err);
      return undefined;
    }
  };

  const started = Date.now();
  const samples: Record<string, [number, number][]> = {};
  const sampler = setInterval(() => {
    const minute = (Date.now() - started) / 60_000;
    for (const [name, mb] of Object.entries(residentMb(mesh.pids()))) {
      samples[name] = [...(samples[name] ?? []), [minute, mb]];
    }
  }, 2_000);
  let ops = 0;
  const worker = async (w: number) => {
    for (let i = 0; Date.now() - started < durationMs; i++) {
      const created = (await attempt(() =>
        unary(
          reports,
          "CreateReportRequest",
          {
            reportRequest: {
              title: `Soak request ${w}-${i}: shop theft in the town centre`,
              issueOfConcern: "A steady load for the soak test.",
              addressees: [{ partner: "partners/csp-maidstone" }],
              sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
              dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 7 * 86_400), nanos: 0 },
              classification: "CLASSIFICATION_OFFICIAL",
              legalBasis: "LEGAL_BASIS_INFORMAL",
            },
          },
          bearer(opcc),
        ),
      )) as { name: string } | undefined;
      if (created) {
        await attempt(() => unary(reports, "GetReportRequest", { name: created.name }, bearer(officer)));
        await attempt(() =>
          unary(
            reports,
            "SubmitReport",
            { parent: created.name, answers: [{ sectionId: "summary", text: `Answer ${w}-${i}` }] },
            bearer(officer),
          ),
        );
      }
      await attempt(() => unary(reports, "ListReportRequests", { pageSize: 20, query: "shop theft" }, bearer(opcc)));
      await attempt(() => unary(meetings, "ListMeetings", { pageSize: 20 }, bearer(officer)));
      await attempt(() => unary(directory, "GetPartner", { name: "partners/csp-dover" }, bearer(officer)));
      ops += 6;
    }
  };
  try {
    await Promise.all([0, 1, 2].map(worker));
    clearInterval(sampler);
    const health = await healthAfterwards(mesh.services.map((s) => s.grpcPort));
    // The trend after the first quarter (start-up and warm-up allocations).
    const slopes = Object.fromEntries(
      Object.entries(samples).map(([name, pts]) => [
        name,
        Math.round(slopePerMinute(pts.filter(([m]) => m >= durationMs / 60_000 / 4)) * 10) / 10,
      ]),
    );
    const peak = Object.fromEntries(Object.entries(samples).map(([n, pts]) => [n, Math.max(...pts.map((p) => p[1]))]));
    const growing = Object.entries(slopes).filter(([, s]) => s >= 2);
    recordRow({
      scenario: "soak",
      proves: "a steady mixed load on the whole mesh: no errors, no service lost, memory flat",
      operations: ops,
      lost: 0,
      duplicated: 0,
      serverErrors: outcomes.serverErrors,
      recoverySeconds: 0,
      notes: `${durationMs / 60_000} min, 3 workers, ${Math.round(ops / (durationMs / 1000))} calls/s; outcomes ${outcomes}; memory trend MB/min ${JSON.stringify(slopes)}; peak MB ${JSON.stringify(peak)}; exits ${exits.length}; health ${health.join(",")}`,
    });
    expect(outcomes.serverErrors).toBe(0);
    expect(outcomes.byCode.get("OK")).toBe(ops);
    expect(exits).toEqual([]);
    expect(health.every((h) => h === "SERVING")).toBe(true);
    if (FULL) expect(growing).toEqual([]);
  } finally {
    clearInterval(sampler);
    for (const c of [identity, directory, reports, meetings]) c.close();
    await mesh.stop();
  }
}, 900_000);
