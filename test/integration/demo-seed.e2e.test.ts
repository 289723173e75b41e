/**
 * The demonstration `npm start` loads on an empty mesh, made through the services' own APIs: what a
 * new user then sees on each role's lists, once only, and nothing at all with CSP_DEMO=off.
 */
import { bearer, unary } from "@csp-mesh/kit";
import { runDemoSeed } from "../../deploy/local/src/demo/seed";
import { type RunningMesh, startMesh } from "../../deploy/local/src/mesh";
import { clients, devToken, eventually } from "../support/mesh";

const OFFSET = 600;

describe("demonstration content on an empty mesh", () => {
  let mesh: RunningMesh;
  const run = process.env.CSP_TEST_RUN_ID as string;
  const port = (name: string) => mesh.services.find((s) => s.name === name)?.grpcPort as number;
  const addresses = () => ({
    directory: `127.0.0.1:${port("directory")}`,
    reports: `127.0.0.1:${port("reports")}`,
    meetings: `127.0.0.1:${port("meetings")}`,
    assessments: `127.0.0.1:${port("assessments")}`,
    grants: `127.0.0.1:${port("grants")}`,
  });
  const quiet = () => undefined;

  beforeAll(async () => {
    mesh = await startMesh({
      mongoUrl: process.env.MONGO_URL as string,
      kafkaBrokers: process.env.KAFKA_BROKERS as string,
      portOffset: OFFSET,
      namePrefix: `${run}_demo_`,
      // The overdue scan every second, so the overdue request is marked within the seed's wait.
      env: { KAFKA_TOPIC_PREFIX: `${run}.demo.`, LOG_LEVEL: "warn", OVERDUE_SCAN_MS: "1000" },
      stdio: "ignore",
    });
  }, 180_000);

  afterAll(async () => {
    await mesh?.stop();
  });

  test("off: nothing is made", async () => {
    expect(await runDemoSeed({ addresses: addresses(), env: { CSP_DEMO: "off" }, log: quiet })).toBe("off");
    const opcc = await devToken(port("directory"), "people/opcc-staff-1");
    const { reports } = clients(port("reports"));
    const list = await unary<unknown, { reportRequests: unknown[] }>(reports, "ListReportRequests", {}, bearer(opcc));
    expect(list.reportRequests).toEqual([]);
  });

  test("on: every state, meetings and an assessment; a second start adds nothing", async () => {
    const lines: string[] = [];
    expect(await runDemoSeed({ addresses: addresses(), env: {}, log: (l) => lines.push(l) })).toBe("loaded");
    const opcc = await devToken(port("directory"), "people/opcc-staff-1");
    const { reports } = clients(port("reports"));
    const list = await unary<
      unknown,
      {
        reportRequests: { title: string; legalBasis: string }[];
        stateCounts: { state: string; count: number }[];
        overdueCount: number;
      }
    >(reports, "ListReportRequests", { pageSize: 50 }, bearer(opcc));
    const count = (s: string) => list.stateCounts.find((c) => c.state === `ADDRESSEE_STATE_${s}`)?.count ?? 0;
    for (const s of ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "SUBMITTED", "ACCEPTED", "RETURNED"])
      expect([s, count(s) > 0]).toEqual([s, true]);
    expect(list.overdueCount).toBeGreaterThan(0);
    expect(list.reportRequests.some((r) => r.legalBasis === "LEGAL_BASIS_FORMAL_S7")).toBe(true);
    // Maidstone's grant: its mid-year monitoring return is a report request like any other.
    expect(
      list.reportRequests.some((r) => /^Mid-year monitoring return: Crime Reduction Grant \d{4}\/\d{2}$/.test(r.title)),
    ).toBe(true);

    const panel = await devToken(port("directory"), "people/panel-member-1");
    const published = await unary<unknown, { submissions: unknown[] }>(
      reports,
      "ListPublishedReports",
      {},
      bearer(panel),
    );
    expect(published.submissions.length).toBeGreaterThan(0);

    const { meetings } = clients(port("meetings"));
    const held = await unary<unknown, { meetings: { state: string }[] }>(meetings, "ListMeetings", {}, bearer(opcc));
    expect(held.meetings.map((m) => m.state).sort()).toEqual(expect.arrayContaining(["MEETING_STATE_CONVENED"]));
    const actions = await unary<unknown, { actions: unknown[] }>(meetings, "ListActions", {}, bearer(opcc));
    expect(actions.actions.length).toBeGreaterThan(0);

    const { assessments } = clients(port("assessments"));
    const cycles = await unary<unknown, { cycles: { name: string }[] }>(assessments, "ListCycles", {}, bearer(opcc));
    expect(cycles.cycles).toHaveLength(1);
    const editions = await unary<unknown, { editions: unknown[] }>(
      assessments,
      "ListEditions",
      { cycle: cycles.cycles[0]?.name },
      bearer(panel),
    );
    expect(editions.editions.length).toBeGreaterThan(0);

    // The plan and this year's programmes, open: a partnership reads its allocation.
    const { grants, plans, register } = clients(port("grants"));
    const officer = await devToken(port("directory"), "people/maidstone-officer");
    const plan = await unary<unknown, { objectives: unknown[] }>(
      plans,
      "GetPlan",
      { name: "plans/making-kent-safer" },
      bearer(officer),
    );
    expect(plan.objectives).toHaveLength(6);
    const open = await eventually(async () => {
      const r = await unary<
        unknown,
        { programmes: { kind: string; budgetPence: string; allocations: { partner: string; amountPence: string }[] }[] }
      >(grants, "ListProgrammes", { state: "PROGRAMME_STATE_OPEN" }, bearer(officer));
      return r.programmes.length === 2 ? r.programmes : undefined;
    });
    const crg = open.find((p) => p.kind === "PROGRAMME_KIND_ALLOCATION");
    expect(crg?.budgetPence).toBe("55838500");
    expect(crg?.allocations.find((a) => a.partner === "partners/csp-maidstone")?.amountPence).toBe("3600000");
    // Business cases: Maidstone's awarded, Thanet's awaiting the OPCC's review.
    const awards = await unary<
      unknown,
      { awards: { recipient: string; amountPence: string; state: string; paidPence: string }[] }
    >(grants, "ListAwards", {}, bearer(officer));
    // Accepted by Maidstone's chair, tranche one (two thirds) paid.
    expect(awards.awards.map((w) => [w.recipient, w.amountPence, w.state, w.paidPence])).toEqual([
      ["partners/csp-maidstone", "3600000", "AWARD_STATE_ACTIVE", "2400000"],
    ]);
    // The register of grants made, public: Maidstone's, received by its council.
    const grantsMade = await unary<
      unknown,
      { grants: { recipient: { identifier: string }; amountAwardedPence: string }[] }
    >(register, "ListPublishedGrants", {});
    expect(grantsMade.grants.map((x) => [x.recipient.identifier, x.amountAwardedPence])).toEqual([
      ["GB-LAE-MAI", "3600000"],
    ]);
    const staff = await devToken(port("directory"), "people/opcc-staff-1");
    const waiting = await unary<unknown, { applications: { partner: string }[] }>(
      grants,
      "ListApplications",
      { programme: "programmes/-", state: "APPLICATION_STATE_SUBMITTED" },
      bearer(staff),
    );
    expect(waiting.applications.map((x) => x.partner)).toEqual(["partners/csp-thanet"]);

    // A combination under way: three of its parties have consented, the rest are awaited.
    const { combinations } = clients(port("directory"));
    const proposals = await unary<
      unknown,
      { combinations: { state: string; consents: unknown[]; outstanding: string[] }[] }
    >(combinations, "ListCombinations", {}, bearer(staff));
    expect(proposals.combinations.map((c) => [c.state, c.consents.length, c.outstanding.length])).toEqual([
      ["COMBINATION_STATE_PROPOSED", 3, 4],
    ]);

    expect(await runDemoSeed({ addresses: addresses(), env: {}, log: quiet })).toBe("not-empty");
  }, 240_000);
});
