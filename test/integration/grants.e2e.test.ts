/**
 * Grants, first slice, end to end through gRPC against the real database and Kafka: the Police and
 * Crime Plan as versioned data, and a year's Crime Reduction Grant drafted with an allocation to
 * named partnerships, refused with every problem named (and nothing stored) when its money or its
 * links are wrong, then opened to the partnerships and the panel; every step on Kafka and in the
 * audit ledger.
 */
import type { RunningService } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { AuditConfig } from "../../services/audit/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GrantsConfig } from "../../services/grants/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  failure,
  freePort,
  isolation,
  signIn,
  startAssessments,
  startAudit,
  startDirectory,
  startGrants,
  startMeetings,
  startReports,
} from "../support/mesh";

interface Programme {
  name: string;
  state: string;
  budgetPence: string;
  unallocatedPence: string;
  allocations: { partner: string; amountPence: string; partnerName: string }[];
  conditions: { code: string; text: string }[];
  tranches: { numerator: number; denominator: number; trigger: string }[];
  etag: string;
}

/** An award as far as its variations go. */
interface Varied {
  amountPence: string;
  purposes: string[];
  tranches: { amountPence: string }[];
  agreementSha256: string;
  variations: { number: number; state: string; termsSha256: string; proposedBySide: string }[];
}

const ALLOCATED = {
  "partners/csp-maidstone": "3600000",
  "partners/csp-dover": "3600000",
  "partners/csp-medway": "8672400",
};
const BUDGET = "15872400";

describe("grants: the plan and a programme", () => {
  const iso = isolation("grants");
  let directory: RunningService<DirectoryConfig>;
  let grants: RunningService<GrantsConfig>;
  let audit: RunningService<AuditConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let plans: Client;
  let g: Client;
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    audit = await startAudit(`${iso.db}_a`, iso.topicPrefix, directory);
    // Each links to the other (plan objectives; JSA priorities; monitoring returns are report
    // requests): the assessments and grants ports are chosen first.
    const [assessmentsPort, grantsPort] = [await freePort(), await freePort()];
    const plansAt = { GRANTS_ADDRESS: `127.0.0.1:${grantsPort}` };
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, plansAt);
    meetings = await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory, plansAt);
    grants = await startGrants(`${iso.db}_g`, iso.topicPrefix, directory, {
      GRPC_PORT: String(grantsPort),
      // The ledger sweep every half second, for the interrupted decision below.
      LEDGER_SWEEP_MS: "500",
      ASSESSMENTS_ADDRESS: `127.0.0.1:${assessmentsPort}`,
      REPORTS_ADDRESS: `127.0.0.1:${reports.grpcPort}`,
    });
    assessments = await startAssessments(`${iso.db}_s`, iso.topicPrefix, directory, {
      GRPC_PORT: String(assessmentsPort),
      GRANTS_ADDRESS: `127.0.0.1:${grants.grpcPort}`,
    });
    const dir = clients(directory.grpcPort);
    ({ plans, grants: g } = clients(grants.grpcPort));
    for (const p of [
      "opcc-staff-1",
      "opcc-admin-1",
      "panel-member-1",
      "maidstone-officer",
      "dover-chair",
      "dover-officer",
      "thanet-officer",
      "opcc-staff-2",
    ])
      t[p] = await signIn(dir.identity, `people/${p}`);
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "grants");
  });

  afterAll(async () => {
    await reader?.stop();
    for (const s of [assessments, grants, meetings, reports, audit, directory]) {
      if (!s) continue;
      await dropDatabase(s);
      await s.stop();
    }
  });

  const programme = (over: Record<string, unknown> = {}) => ({
    year: "2027/28",
    title: "Crime Reduction Grant 2027/28",
    description: "Each partnership's grant towards the plan's objectives",
    kind: "PROGRAMME_KIND_ALLOCATION",
    budgetPence: BUDGET,
    objectives: ["plans/making-kent-safer/objectives/VAWG", "plans/making-kent-safer/objectives/PREVENT-ASB"],
    windowOpenTime: { seconds: String(Math.floor(Date.now() / 1000)), nanos: 0 },
    windowCloseTime: { seconds: String(Math.floor(Date.now() / 1000) + 90 * 86_400), nanos: 0 },
    allocations: Object.entries(ALLOCATED).map(([partner, amountPence]) => ({ partner, amountPence })),
    ...over,
  });

  test("the plan: versions keep every objective code; everyone reads it, only the OPCC writes it", async () => {
    const opcc = t["opcc-staff-1"];
    const content = {
      title: "Making Kent Safer",
      period: "2025-2029",
      objectives: [
        { code: "VAWG", title: "Tackle violence against women and girls", description: "" },
        { code: "PREVENT-ASB", title: "Prevent anti-social behaviour", description: "" },
      ],
    };
    // validate_only checks everything and stores nothing.
    await call(plans, "CreatePlan", { planId: "making-kent-safer", plan: content, validateOnly: true }, opcc);
    expect((await failure(call(plans, "GetPlan", { name: "plans/making-kent-safer" }, opcc))).code).toBe(
      status.NOT_FOUND,
    );
    const officerTry = await failure(
      call(plans, "CreatePlan", { planId: "making-kent-safer", plan: content }, t["maidstone-officer"]),
    );
    expect(officerTry.code).toBe(status.PERMISSION_DENIED);
    const bad = await failure(
      call(
        plans,
        "CreatePlan",
        {
          planId: "making-kent-safer",
          plan: { ...content, period: "2029", objectives: [{ code: "vawg", title: "x" }] },
        },
        opcc,
      ),
    );
    expect([bad.code, bad.violations]).toEqual([status.INVALID_ARGUMENT, ["plan.period", "plan.objectives[0].code"]]);

    const plan = await call<{
      name: string;
      etag: string;
      objectives: { name: string }[];
      versions: { sha256: string }[];
    }>(plans, "CreatePlan", { planId: "making-kent-safer", plan: content, requestId: "plan-1" }, opcc);
    expect(plan.objectives.map((o) => o.name)).toEqual([
      "plans/making-kent-safer/objectives/VAWG",
      "plans/making-kent-safer/objectives/PREVENT-ASB",
    ]);
    expect(plan.versions[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // A retry with the same request id is the first result; other content under it is refused.
    const again = await call<{ etag: string }>(
      plans,
      "CreatePlan",
      { planId: "making-kent-safer", plan: content, requestId: "plan-1" },
      opcc,
    );
    expect(again.etag).toBe(plan.etag);

    const dropped = await failure(
      call(
        plans,
        "PublishPlanVersion",
        { name: plan.name, plan: { ...content, objectives: [content.objectives[0]] } },
        opcc,
      ),
    );
    expect([dropped.code, dropped.violations]).toEqual([status.INVALID_ARGUMENT, ["plan.objectives"]]);
    const v2 = await call<{ latestVersion: number; objectives: { code: string; title: string }[] }>(
      plans,
      "PublishPlanVersion",
      {
        name: plan.name,
        etag: plan.etag,
        plan: {
          ...content,
          objectives: [...content.objectives, { code: "ROADS", title: "Safer roads", description: "" }],
        },
      },
      opcc,
    );
    expect([v2.latestVersion, v2.objectives.map((o) => o.code)]).toEqual([2, ["VAWG", "PREVENT-ASB", "ROADS"]]);
    // The etag as read before version 2: refused, nothing published twice.
    const stale = await failure(
      call(plans, "PublishPlanVersion", { name: plan.name, etag: plan.etag, plan: content }, opcc),
    );
    expect(stale.code).toBe(status.ABORTED);

    for (const who of ["maidstone-officer", "dover-chair", "panel-member-1"]) {
      const read = await call<{ latestVersion: number }>(plans, "GetPlan", { name: plan.name }, t[who]);
      expect([who, read.latestVersion]).toEqual([who, 2]);
    }
    const listed = await eventually(async () => {
      const l = await call<{ plans: { name: string }[] }>(plans, "ListPlans", {}, t["panel-member-1"]);
      return l.plans.length > 0 ? l : undefined;
    });
    expect(listed.plans.map((p) => p.name)).toEqual([plan.name]);
  });

  test("bad money and broken links: every problem named in one round, nothing stored", async () => {
    const opcc = t["opcc-staff-1"];
    const bad = await failure(
      call(
        g,
        "CreateProgramme",
        {
          programmeId: "crg-bad",
          programme: programme({
            budgetPence: "1000000000000",
            objectives: ["plans/making-kent-safer/objectives/NOPE", "plans/no-such-plan/objectives/VAWG"],
            allocations: [
              { partner: "partners/csp-maidstone", amountPence: "-1" },
              { partner: "partners/csp-nowhere", amountPence: "100" },
            ],
          }),
        },
        opcc,
      ),
    );
    // The amounts are refused by their form first (13 digits; a negative int64), naming each field.
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.violations).toEqual(["programme.budget_pence", "programme.allocations[0].amount_pence"]);

    const links = await failure(
      call(
        g,
        "CreateProgramme",
        {
          programmeId: "crg-bad",
          programme: programme({
            budgetPence: "100",
            objectives: ["plans/making-kent-safer/objectives/NOPE", "plans/no-such-plan/objectives/VAWG"],
            allocations: [
              { partner: "partners/csp-maidstone", amountPence: "100" },
              { partner: "partners/csp-nowhere", amountPence: "100" },
            ],
          }),
        },
        opcc,
      ),
    );
    expect(links.violations).toEqual([
      "programme.allocations",
      "programme.objectives[0]",
      "programme.objectives[1]",
      "programme.allocations[1].partner",
    ]);
    const listed = await call<{ programmes: unknown[] }>(g, "ListProgrammes", {}, opcc);
    expect(listed.programmes).toEqual([]);
    expect((await failure(call(g, "GetProgramme", { name: "programmes/crg-bad" }, opcc))).code).toBe(status.NOT_FOUND);
  });

  test("a programme drafted, seen by the OPCC only, then opened to the partnerships and the panel", async () => {
    const opcc = t["opcc-staff-1"];
    const checked = await call<Programme>(
      g,
      "CreateProgramme",
      { programmeId: "crg-2027-28", programme: programme(), validateOnly: true },
      opcc,
    );
    expect(checked.state).toBe("PROGRAMME_STATE_DRAFT");
    expect((await failure(call(g, "GetProgramme", { name: "programmes/crg-2027-28" }, opcc))).code).toBe(
      status.NOT_FOUND,
    );

    const draft = await call<Programme>(
      g,
      "CreateProgramme",
      { programmeId: "crg-2027-28", programme: programme(), requestId: "crg-1" },
      opcc,
    );
    expect(draft).toMatchObject({ state: "PROGRAMME_STATE_DRAFT", budgetPence: BUDGET, unallocatedPence: "0" });
    expect(draft.allocations.map((a) => [a.partner, a.amountPence, a.partnerName.length > 0])).toEqual(
      Object.entries(ALLOCATED).map(([p, a]) => [p, a, true]),
    );
    // The defaults: the whole conditions library, two thirds on agreement and one third mid-year.
    expect(draft.conditions.map((c) => c.code)).toContain("UNSPENT-RETURNED");
    expect(draft.tranches).toEqual([
      { numerator: 2, denominator: 3, trigger: "TRANCHE_TRIGGER_ON_AGREEMENT" },
      { numerator: 1, denominator: 3, trigger: "TRANCHE_TRIGGER_ON_MID_YEAR_RETURN" },
    ]);
    const other = await failure(
      call(
        g,
        "CreateProgramme",
        { programmeId: "crg-2027-28", programme: programme({ title: "Other" }), requestId: "crg-1" },
        opcc,
      ),
    );
    expect(other.code).toBe(status.ALREADY_EXISTS);

    // A draft is the OPCC's alone: partnerships and the panel do not know it exists.
    for (const who of ["maidstone-officer", "dover-chair", "panel-member-1"]) {
      const e = await failure(call(g, "GetProgramme", { name: draft.name }, t[who]));
      expect([who, e.code]).toEqual([who, status.NOT_FOUND]);
    }
    expect((await failure(call(g, "OpenProgramme", { name: draft.name }, t["maidstone-officer"]))).code).toBe(
      status.NOT_FOUND,
    );

    const open = await call<Programme>(
      g,
      "OpenProgramme",
      { name: draft.name, etag: draft.etag, requestId: "o-1" },
      opcc,
    );
    expect(open.state).toBe("PROGRAMME_STATE_OPEN");
    expect((await failure(call(g, "OpenProgramme", { name: draft.name }, opcc))).code).toBe(status.FAILED_PRECONDITION);
    for (const who of ["maidstone-officer", "dover-chair", "panel-member-1"]) {
      const read = await call<Programme>(g, "GetProgramme", { name: draft.name }, t[who]);
      expect([who, read.state]).toEqual([who, "PROGRAMME_STATE_OPEN"]);
    }
    expect((await failure(call(g, "CloseProgramme", { name: draft.name }, t["dover-chair"]))).code).toBe(
      status.PERMISSION_DENIED,
    );
    const lists = await eventually(async () => {
      const open_ = await call<{ programmes: Programme[] }>(
        g,
        "ListProgrammes",
        { state: "PROGRAMME_STATE_OPEN" },
        t["maidstone-officer"],
      );
      return open_.programmes.length === 1 ? open_ : undefined;
    });
    expect(lists.programmes[0]?.name).toBe(draft.name);

    const events = await eventually(async () => {
      const types = reader.events.map((e) => e.type);
      return types.includes("grant.programme-opened") ? reader.events : undefined;
    });
    const opened = events.find((e) => e.type === "grant.programme-opened");
    expect(opened?.data).toMatchObject({
      programme: draft.name,
      budgetPence: Number(BUDGET),
      addressees: Object.keys(ALLOCATED),
      classification: "OFFICIAL",
    });
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["grant.plan-published", "grant.programme-created", "grant.programme-opened"]),
    );
    // The audit ledger records the grants domain like every other.
    const audit_ = clients(audit.grpcPort).audit;
    const recorded = await eventually(async () => {
      const r = await call<{ records: { type: string }[] }>(
        audit_,
        "ListAuditRecords",
        { type: "grant.programme-opened" },
        t["opcc-admin-1"],
      );
      return r.records.length === 1 ? r : undefined;
    });
    expect(recorded.records[0]?.type).toBe("grant.programme-opened");
  });

  test("a business case: checked with every problem named and nothing stored, submitted, returned, resubmitted and accepted; another partnership never sees it", async () => {
    const opcc = t["opcc-staff-1"];
    const officer = t["dover-officer"];
    const a = clients(assessments.grpcPort).assessments;
    const cycle = await call<{ name: string }>(
      a,
      "OpenCycle",
      {
        cycle: {
          year: "2026/27",
          title: "Dover's assessment",
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          partners: ["partners/csp-dover"],
          classification: "CLASSIFICATION_OFFICIAL",
        },
      },
      opcc,
    );
    const VAWG = "plans/making-kent-safer/objectives/VAWG";
    const ASB = "plans/making-kent-safer/objectives/PREVENT-ASB";
    const project = (title: string, pence: string, objective: string, priority: string) => ({
      title,
      summary: `${title}: what it does`,
      lines: [{ description: "Coordinator", amountPence: pence }],
      measures: [{ title: "Repeat victims", unit: "MEASURE_UNIT_COUNT", baseline: 40, target: 30 }],
      objectives: [objective],
      jsaPriorities: [`${cycle.name}/priorities/${priority}`],
    });
    const content = {
      projects: [project("Street pastors", "1500000", VAWG, "VAWG"), project("Youth diversion", "1000000", ASB, "ASB")],
      declarations: { conflictOfInterest: false, policeStaffInvolved: true, policeStaffDetails: "A PCSO co-leads" },
      narrative: "Two projects for the partnership's priorities",
    };
    const programmeName = "programmes/crg-2027-28";
    const applicationName = `${programmeName}/applications/csp-dover`;

    // Every problem in one round: an unknown JSA priority, an objective the programme does not serve,
    // more than the allocation; and nothing is stored.
    const bad = await failure(
      call(
        g,
        "SubmitApplication",
        {
          programme: programmeName,
          content: {
            ...content,
            projects: [
              project("Street pastors", "3000000", "plans/making-kent-safer/objectives/ROADS", "NOPE"),
              project("Youth diversion", "1000000", ASB, "ASB"),
            ],
          },
        },
        officer,
      ),
    );
    expect([bad.code, bad.violations]).toEqual([
      status.INVALID_ARGUMENT,
      ["content.projects[0].objectives[0]", "content.projects", "content.projects[0].jsa_priorities[0]"],
    ]);
    for (const amount of ["1000000000000", "9223372036854775807", "-1"]) {
      const e = await failure(
        call(
          g,
          "SaveApplicationDraft",
          { programme: programmeName, content: { ...content, projects: [project("X", amount, VAWG, "VAWG")] } },
          officer,
        ),
      );
      expect([amount, e.code, e.violations]).toEqual([
        amount,
        status.INVALID_ARGUMENT,
        ["content.projects[0].lines[0].amount_pence"],
      ]);
    }
    expect((await failure(call(g, "GetApplication", { name: applicationName }, officer))).code).toBe(status.NOT_FOUND);
    // Partnerships without an allocation in it, the OPCC and the panel do not apply.
    const unallocated = await failure(
      call(g, "SubmitApplication", { programme: programmeName, content }, t["thanet-officer"]),
    );
    expect(unallocated.code).toBe(status.PERMISSION_DENIED);
    expect((await failure(call(g, "SubmitApplication", { programme: programmeName, content }, opcc))).code).toBe(
      status.PERMISSION_DENIED,
    );

    const v1 = await call<{ state: string; requestedPence: string; versions: { sha256: string }[] }>(
      g,
      "SubmitApplication",
      { programme: programmeName, content, requestId: "case-1" },
      officer,
    );
    expect([v1.state, v1.requestedPence]).toEqual(["APPLICATION_STATE_SUBMITTED", "2500000"]);
    expect(v1.versions[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const same = await failure(call(g, "SubmitApplication", { programme: programmeName, content }, officer));
    expect(same.code).toBe(status.FAILED_PRECONDITION);

    // Another partnership and the panel do not know it exists.
    for (const who of ["maidstone-officer", "panel-member-1"]) {
      const e = await failure(call(g, "GetApplication", { name: applicationName }, t[who]));
      expect([who, e.code]).toEqual([who, status.NOT_FOUND]);
    }
    const theirs = await call<{ applications: unknown[]; totalSize: number }>(
      g,
      "ListApplications",
      { programme: "programmes/-" },
      t["maidstone-officer"],
    );
    expect([theirs.applications, theirs.totalSize]).toEqual([[], 0]);
    expect(
      (
        await failure(
          call(g, "ReturnApplication", { name: applicationName, version: 1, reasons: "Not mine to return" }, officer),
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);

    const awaiting = await eventually(async () => {
      const l = await call<{ applications: { name: string }[]; totalSize: number }>(
        g,
        "ListApplications",
        { programme: "programmes/-", state: "APPLICATION_STATE_SUBMITTED" },
        opcc,
      );
      return l.totalSize === 1 ? l : undefined;
    });
    expect(awaiting.applications.map((x) => x.name)).toEqual([applicationName]);

    const returned = await call<{ state: string }>(
      g,
      "ReturnApplication",
      { name: applicationName, version: 1, reasons: "Cost the coordinator's hours" },
      opcc,
    );
    expect(returned.state).toBe("APPLICATION_STATE_RETURNED");
    const revised = { ...content, projects: [project("Street pastors", "1400000", VAWG, "VAWG"), content.projects[1]] };
    await call(g, "SaveApplicationDraft", { programme: programmeName, content: revised }, officer);
    const v2 = await call<{ state: string; requestedPence: string; versions: { outcome: string }[] }>(
      g,
      "SubmitApplication",
      { programme: programmeName },
      officer,
    );
    expect([v2.state, v2.requestedPence, v2.versions.map((v) => v.outcome)]).toEqual([
      "APPLICATION_STATE_SUBMITTED",
      "2400000",
      ["APPLICATION_STATE_RETURNED", "APPLICATION_STATE_SUBMITTED"],
    ]);
    const stale = await failure(call(g, "AcceptApplication", { name: applicationName, version: 1 }, opcc));
    expect(stale.code).toBe(status.FAILED_PRECONDITION);
    const accepted = await call<{ state: string; draft: unknown }>(
      g,
      "AcceptApplication",
      { name: applicationName, version: 2 },
      opcc,
    );
    // The OPCC reads the versions, never the partnership's working copy.
    expect([accepted.state, accepted.draft]).toEqual(["APPLICATION_STATE_ACCEPTED", null]);
    const after = await failure(call(g, "SaveApplicationDraft", { programme: programmeName, content }, officer));
    expect(after.code).toBe(status.FAILED_PRECONDITION);

    const events = await eventually(async () =>
      reader.events.some((e) => e.type === "grant.application-accepted") ? reader.events : undefined,
    );
    expect(
      events
        .filter((e) => e.type.startsWith("grant.application-"))
        .map((e) => [e.type, (e.data as { version: number }).version]),
    ).toEqual([
      ["grant.application-submitted", 1],
      ["grant.application-returned", 1],
      ["grant.application-submitted", 2],
      ["grant.application-accepted", 2],
    ]);
    expect(events.find((e) => e.type === "grant.application-submitted")?.data).toMatchObject({
      application: applicationName,
      partner: "partners/csp-dover",
      requestedPence: 2_500_000,
    });
  });

  test("assessed: declare first, a conflicted scorer refused, two scores, then an award within the budget; the recipient sees it, no one else", async () => {
    const [staff1, staff2, admin] = [t["opcc-staff-1"], t["opcc-staff-2"], t["opcc-admin-1"]];
    const name = "programmes/crg-2027-28/applications/csp-dover";
    const programme = await call<{ rubric: { code: string }[]; minScorers: number }>(
      g,
      "GetProgramme",
      { name: "programmes/crg-2027-28" },
      staff1,
    );
    expect([programme.rubric.length, programme.minScorers]).toEqual([5, 2]);
    const scores = (n: number) => programme.rubric.map((c) => ({ code: c.code, score: n }));

    const early = await failure(call(g, "ScoreApplication", { name, version: 2, scores: scores(4) }, staff1));
    expect([early.code, early.message]).toEqual([
      status.FAILED_PRECONDITION,
      expect.stringContaining("declare any conflict"),
    ]);
    await call(g, "DeclareInterest", { name, conflict: false }, staff1);
    const twice = await failure(
      call(g, "DeclareInterest", { name, conflict: true, details: "Changed my mind" }, staff1),
    );
    expect(twice.code).toBe(status.FAILED_PRECONDITION);
    await call(g, "DeclareInterest", { name, conflict: true, details: "Sits on the Dover partnership board" }, staff2);
    const conflicted = await failure(call(g, "ScoreApplication", { name, version: 2, scores: scores(5) }, staff2));
    expect([conflicted.code, conflicted.message]).toEqual([
      status.PERMISSION_DENIED,
      expect.stringContaining("you declared a conflict of interest"),
    ]);
    const badScores = await failure(
      call(g, "ScoreApplication", { name, version: 2, scores: [{ code: "NEED", score: 6 }] }, staff1),
    );
    expect(badScores.violations).toEqual(["scores[0].score", "scores"]);
    await call(g, "ScoreApplication", { name, version: 2, scores: scores(4) }, staff1);
    const decideEarly = await failure(
      call(
        g,
        "DecideApplication",
        { name, decision: "DECISION_AWARD", amountPence: "2000000", reasons: "A strong case" },
        staff1,
      ),
    );
    expect([decideEarly.code, decideEarly.message]).toEqual([
      status.FAILED_PRECONDITION,
      expect.stringContaining("2 scorers must score it first; 1 has"),
    ]);
    await call(g, "DeclareInterest", { name, conflict: false }, admin);
    const scored = await call<{ assessment: { meanTotal: number; maxTotal: number; scorings: unknown[] } }>(
      g,
      "ScoreApplication",
      { name, version: 2, scores: scores(3) },
      admin,
    );
    expect([scored.assessment.scorings.length, scored.assessment.meanTotal, scored.assessment.maxTotal]).toEqual([
      2, 35, 50,
    ]);
    // The applicant never sees the scoring.
    const seen = await call<{ assessment: unknown }>(g, "GetApplication", { name }, t["dover-officer"]);
    expect(seen.assessment).toBeNull();

    const tooMuch = await failure(
      call(
        g,
        "DecideApplication",
        { name, decision: "DECISION_AWARD", amountPence: "2400001", reasons: "A strong case" },
        admin,
      ),
    );
    expect(tooMuch.violations).toEqual(["amount_pence"]);
    expect(
      (
        await failure(
          call(g, "DecideApplication", { name, decision: "DECISION_AWARD", amountPence: "1", reasons: "x" }, staff2),
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
    const decide = {
      name,
      decision: "DECISION_AWARD",
      amountPence: "2000000",
      reasons: "A strong case, costs trimmed",
    };
    await call(g, "DecideApplication", { ...decide, validateOnly: true }, admin);
    expect((await failure(call(g, "GetAward", { name: "awards/crg-2027-28-csp-dover" }, admin))).code).toBe(
      status.NOT_FOUND,
    );
    const decided = await call<{ state: string; decision: { award: string; amountPence: string } }>(
      g,
      "DecideApplication",
      { ...decide, requestId: "decide-1" },
      admin,
    );
    expect([decided.state, decided.decision.award, decided.decision.amountPence]).toEqual([
      "APPLICATION_STATE_AWARDED",
      "awards/crg-2027-28-csp-dover",
      "2000000",
    ]);
    const again = await call<{ state: string }>(g, "DecideApplication", { ...decide, requestId: "decide-1" }, admin);
    expect(again.state).toBe("APPLICATION_STATE_AWARDED");

    const award = await call<{ amountPence: string; state: string; tranches: { amountPence: string }[] }>(
      g,
      "GetAward",
      { name: "awards/crg-2027-28-csp-dover" },
      t["dover-officer"],
    );
    expect([award.state, award.amountPence, award.tranches.map((x) => x.amountPence)]).toEqual([
      "AWARD_STATE_OFFERED",
      "2000000",
      ["1333333", "666667"],
    ]);
    for (const who of ["maidstone-officer", "panel-member-1"]) {
      const e = await failure(call(g, "GetAward", { name: "awards/crg-2027-28-csp-dover" }, t[who]));
      expect([who, e.code]).toEqual([who, status.NOT_FOUND]);
    }
    const ledger = await call<{ committedPence: string; remainingPence: string; commitments: unknown[] }>(
      g,
      "GetProgrammeLedger",
      { programme: "programmes/crg-2027-28" },
      staff1,
    );
    expect([ledger.committedPence, ledger.remainingPence, ledger.commitments.length]).toEqual([
      "2000000",
      String(Number(BUDGET) - 2_000_000),
      1,
    ]);
    expect(
      (await failure(call(g, "GetProgrammeLedger", { programme: "programmes/crg-2027-28" }, t["dover-chair"]))).code,
    ).toBe(status.PERMISSION_DENIED);
    const events = await eventually(async () =>
      reader.events.some((e) => e.type === "grant.award-offered") ? reader.events : undefined,
    );
    expect(
      events.filter((e) => e.type === "grant.interest-declared").map((e) => (e.data as { partner: string }).partner),
    ).toEqual(["", "", ""]);
    expect(events.find((e) => e.type === "grant.award-offered")?.data).toMatchObject({
      award: "awards/crg-2027-28-csp-dover",
      partner: "partners/csp-dover",
      amountPence: 2_000_000,
    });
  });

  test("the chair accepts the agreement as offered; the first tranche is proposed by one person, approved by another, and paid", async () => {
    const award = "awards/crg-2027-28-csp-dover";
    const [staff1, staff2] = [t["opcc-staff-1"], t["opcc-staff-2"]];
    const offered = await call<{ agreementSha256: string; state: string }>(
      g,
      "GetAward",
      { name: award },
      t["dover-chair"],
    );
    expect([offered.state, offered.agreementSha256]).toEqual([
      "AWARD_STATE_OFFERED",
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    const early = await failure(call(g, "ProposeTranche", { award, number: 1, amountPence: "1333333" }, staff1));
    expect(early.code).toBe(status.FAILED_PRECONDITION);
    expect(
      (
        await failure(
          call(g, "AcceptAgreement", { name: award, agreementSha256: offered.agreementSha256 }, t["dover-officer"]),
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
    const stale = await failure(
      call(g, "AcceptAgreement", { name: award, agreementSha256: "0".repeat(64) }, t["dover-chair"]),
    );
    expect(stale.code).toBe(status.FAILED_PRECONDITION);
    // An offer is not yet a grant made: the register does not list it.
    const before = clients(grants.grpcPort).register;
    expect((await call<{ grants: unknown[] }>(before, "ListPublishedGrants", {})).grants).toEqual([]);
    before.close();
    const active = await call<{ state: string; acceptedBy: string; tranches: { state: string }[] }>(
      g,
      "AcceptAgreement",
      { name: award, agreementSha256: offered.agreementSha256 },
      t["dover-chair"],
    );
    expect([active.state, active.acceptedBy, active.tranches.map((x) => x.state)]).toEqual([
      "AWARD_STATE_ACTIVE",
      "people/dover-chair",
      ["TRANCHE_STATE_DUE", "TRANCHE_STATE_SCHEDULED"],
    ]);
    // Published once accepted, to anyone without a token: the council that receives the money, by its org-id.
    const register = clients(grants.grpcPort).register;
    const published = await call<{ grants: Record<string, unknown>[] }>(register, "ListPublishedGrants", {
      year: "2027/28",
    });
    expect(published.grants).toEqual([
      expect.objectContaining({
        identifier: "360G-kentpcc-crg-2027-28-csp-dover",
        award,
        recipient: { identifier: "GB-LAE-DOV", name: "Dover District Council" },
        partnershipDisplayName: "Dover Community Safety Partnership",
        beneficiaryLocations: [{ code: "E07000108", codeType: "NMD", name: "Dover" }],
        fromOpenCall: false,
      }),
    ]);
    register.close();
    const over = await failure(call(g, "ProposeTranche", { award, number: 1, amountPence: "1333334" }, staff1));
    expect([over.code, over.violations]).toEqual([status.INVALID_ARGUMENT, ["amount_pence"]]);
    await call(g, "ProposeTranche", { award, number: 1, amountPence: "1333333" }, staff1);
    const self = await failure(call(g, "ApproveTranche", { award, number: 1 }, staff1));
    expect([self.code, self.message]).toEqual([
      status.PERMISSION_DENIED,
      expect.stringContaining("you proposed this payment; another person must approve it"),
    ]);
    await call(g, "ApproveTranche", { award, number: 1 }, staff2);
    const paid = await call<{ paidPence: string; tranches: { state: string; reference: string }[] }>(
      g,
      "RecordDisbursement",
      { award, number: 1, paidDate: new Date().toISOString().slice(0, 10), reference: "BACS-0042" },
      staff1,
    );
    expect([paid.paidPence, paid.tranches[0]?.state, paid.tranches[0]?.reference]).toEqual([
      "1333333",
      "TRANCHE_STATE_PAID",
      "BACS-0042",
    ]);
    const events = await eventually(async () =>
      reader.events.some((e) => e.type === "grant.payment-recorded") ? reader.events : undefined,
    );
    // The award's own events, in order (its name is their Kafka key).
    const own = events.filter(
      (e) => (e.data as { award?: string }).award === award && e.type !== "grant.application-decided",
    );
    expect(own.map((e) => e.type)).toEqual([
      "grant.award-offered",
      "grant.agreement-accepted",
      "grant.tranche-proposed",
      "grant.tranche-approved",
      "grant.payment-recorded",
    ]);
  });

  test("the mid-year monitoring return: a report request to the recipient from the award; accepted there, tranche two falls due", async () => {
    const award = "awards/crg-2027-28-csp-dover";
    const [staff1] = [t["opcc-staff-1"]];
    const due = { seconds: String(Math.floor(Date.now() / 1000) + 30 * 86_400), nanos: 0 };
    const past = await failure(
      call(
        g,
        "IssueMonitoringReturn",
        { award, kind: "RETURN_KIND_MID_YEAR", dueTime: { seconds: "1", nanos: 0 } },
        staff1,
      ),
    );
    expect([past.code, past.violations]).toEqual([status.INVALID_ARGUMENT, ["due_time"]]);
    const partnership = await failure(
      call(g, "IssueMonitoringReturn", { award, kind: "RETURN_KIND_MID_YEAR", dueTime: due }, t["dover-chair"]),
    );
    expect(partnership.code).toBe(status.PERMISSION_DENIED);
    const issued = await call<{ returns: { kind: string; reportRequest: string; state: string }[] }>(
      g,
      "IssueMonitoringReturn",
      { award, kind: "RETURN_KIND_MID_YEAR", dueTime: due, requestId: "mid-1" },
      staff1,
    );
    const [ret] = issued.returns;
    expect([ret?.kind, ret?.state]).toEqual(["RETURN_KIND_MID_YEAR", "RETURN_STATE_ISSUED"]);
    // The same request again is the same answer; another request for the same return is refused.
    const again = await call<{ returns: unknown[] }>(
      g,
      "IssueMonitoringReturn",
      { award, kind: "RETURN_KIND_MID_YEAR", dueTime: due, requestId: "mid-1" },
      staff1,
    );
    expect(again.returns).toHaveLength(1);
    const twice = await failure(
      call(
        g,
        "IssueMonitoringReturn",
        { award, kind: "RETURN_KIND_MID_YEAR", dueTime: due, requestId: "mid-2" },
        staff1,
      ),
    );
    expect(twice.code).toBe(status.FAILED_PRECONDITION);

    // In the reports service: addressed to Dover, its sections made from the award.
    const rep = clients(reports.grpcPort).reports;
    const request = await call<{
      title: string;
      addressees: { partner: string }[];
      sections: { id: string; type: string; max?: number }[];
    }>(rep, "GetReportRequest", { name: ret?.reportRequest }, t["dover-officer"]);
    expect(request.title).toBe("Mid-year monitoring return: Crime Reduction Grant 2027/28");
    expect(request.addressees.map((a) => a.partner)).toEqual(["partners/csp-dover"]);
    expect(request.sections[0]).toMatchObject({ id: "spend", type: "SECTION_TYPE_NUMBER" });
    expect(request.sections.at(-1)).toMatchObject({ id: "progress", type: "SECTION_TYPE_TEXT" });
    const answers = request.sections.map((x) =>
      x.type === "SECTION_TYPE_TEXT"
        ? { sectionId: x.id, text: "Both projects running; patrols on Friday and Saturday nights." }
        : { sectionId: x.id, number: x.id === "spend" ? 12000.5 : 7 },
    );
    await call(rep, "SubmitReport", { parent: ret?.reportRequest, answers, requestId: "ret-1" }, t["dover-officer"]);
    await call(
      rep,
      "ReviewSubmission",
      {
        name: ret?.reportRequest,
        partner: "partners/csp-dover",
        version: 1,
        decision: "REVIEW_DECISION_ACCEPT",
        requestId: "ret-accept",
      },
      staff1,
    );
    // report.accepted reaches the grants service: the return accepted, tranche two due.
    const after = await eventually(async () => {
      const w = await call<{ returns: { state: string }[]; tranches: { state: string }[] }>(
        g,
        "GetAward",
        { name: award },
        staff1,
      );
      return w.returns[0]?.state === "RETURN_STATE_ACCEPTED" ? w : undefined;
    });
    expect(after.tranches.map((x) => x.state)).toEqual(["TRANCHE_STATE_PAID", "TRANCHE_STATE_DUE"]);
    const events = await eventually(async () =>
      reader.events.some((e) => e.type === "grant.return-accepted") ? reader.events : undefined,
    );
    expect(events.find((e) => e.type === "grant.return-accepted")?.data).toMatchObject({
      award,
      kind: "MID_YEAR",
      tranchesDue: [2],
    });
    rep.close();
  });

  test("a variation: proposed by one side with reasons, every problem named, agreed once by the other side to the terms read; the ledger follows; a declined one changes nothing", async () => {
    const award = "awards/crg-2027-28-csp-dover";
    const [staff1, staff2, chair] = [t["opcc-staff-1"], t["opcc-staff-2"], t["dover-chair"]];
    const reasons = "Fewer patrol hours are needed over the winter";
    const propose = (changes: Record<string, unknown>, token: string | undefined, more: Record<string, unknown> = {}) =>
      call<Varied>(g, "ProposeVariation", { name: award, changes, reasons, ...more }, token);
    expect((await failure(propose({ amountPence: "1900000" }, t["dover-officer"]))).code).toBe(
      status.PERMISSION_DENIED,
    );
    // Tranche one is paid (£13,333.33): it keeps its amount, and the tranches must add up to a new amount.
    const unbalanced = await failure(
      propose({ amountPence: "1900000", tranches: [{ number: 1, amountPence: "1233334" }] }, staff1),
    );
    expect([unbalanced.code, unbalanced.violations]).toEqual([
      status.INVALID_ARGUMENT,
      ["changes.tranches[0].amount_pence", "changes.tranches"],
    ]);
    const over = await failure(
      propose({ amountPence: "15872401", tranches: [{ number: 2, amountPence: String(15872401 - 1333333) }] }, staff1),
    );
    expect([over.code, over.violations]).toEqual([status.INVALID_ARGUMENT, ["changes.amount_pence"]]);
    const decrease = { amountPence: "1900000", tranches: [{ number: 2, amountPence: "566667" }] };
    await propose(decrease, staff1, { validateOnly: true });
    expect((await call<Varied>(g, "GetAward", { name: award }, staff1)).variations).toEqual([]);
    const proposed = await propose(decrease, staff1, { requestId: "vary-1" });
    const v1 = proposed.variations[0] as Varied["variations"][number];
    expect(v1).toMatchObject({
      number: 1,
      state: "VARIATION_STATE_PROPOSED",
      proposedBySide: "AGREEMENT_SIDE_FUNDER",
      previousAmountPence: "2000000",
      termsSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(proposed.amountPence).toBe("2000000");
    expect((await failure(propose({ purposes: ["Taxi marshals"] }, chair))).code).toBe(status.FAILED_PRECONDITION);
    // The funder's own side never agrees it; the chair agrees only the terms read.
    expect(
      (await failure(call(g, "AgreeVariation", { name: award, number: 1, termsSha256: v1.termsSha256 }, staff2))).code,
    ).toBe(status.PERMISSION_DENIED);
    expect(
      (await failure(call(g, "AgreeVariation", { name: award, number: 1, termsSha256: "0".repeat(64) }, chair))).code,
    ).toBe(status.FAILED_PRECONDITION);
    // Two agreements at once (two tabs): one is recorded, the other told it is agreed already.
    const both = await Promise.allSettled(
      ["a", "b"].map((k) =>
        call<Varied>(g, "AgreeVariation", { name: award, number: 1, termsSha256: v1.termsSha256, requestId: k }, chair),
      ),
    );
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const agreed = await call<Varied>(g, "GetAward", { name: award }, staff1);
    expect([agreed.amountPence, agreed.tranches.map((x) => x.amountPence), agreed.agreementSha256]).toEqual([
      "1900000",
      ["1333333", "566667"],
      v1.termsSha256,
    ]);
    expect(agreed.variations[0]).toMatchObject({ state: "VARIATION_STATE_AGREED", respondedBy: "people/dover-chair" });
    const ledger = await call<{ commitments: { award: string; amountPence: string }[] }>(
      g,
      "GetProgrammeLedger",
      { programme: "programmes/crg-2027-28" },
      staff1,
    );
    expect(ledger.commitments.find((c) => c.award === award)?.amountPence).toBe("1900000");

    // The recipient proposes a change of purpose; the OPCC declines it with reasons; nothing changes.
    const asked = await propose({ purposes: ["Street pastors", "Taxi marshals"] }, chair);
    expect(asked.variations[1]).toMatchObject({ number: 2, proposedBySide: "AGREEMENT_SIDE_RECIPIENT" });
    expect(
      (await failure(call(g, "DeclineVariation", { name: award, number: 2, reasons: "no" }, staff1))).violations,
    ).toEqual(["reasons"]);
    const declined = await call<Varied>(
      g,
      "DeclineVariation",
      { name: award, number: 2, reasons: "Taxi marshals are funded by the council this year" },
      staff1,
    );
    expect([declined.variations[1]?.state, declined.purposes, declined.agreementSha256]).toEqual([
      "VARIATION_STATE_DECLINED",
      agreed.purposes,
      v1.termsSha256,
    ]);
    const events = await eventually(async () =>
      reader.events.some((e) => e.type === "grant.variation-declined") ? reader.events : undefined,
    );
    expect(events.filter((e) => e.type.startsWith("grant.variation-")).map((e) => [e.type, e.data.variation])).toEqual([
      ["grant.variation-proposed", 1],
      ["grant.variation-agreed", 1],
      ["grant.variation-proposed", 2],
      ["grant.variation-declined", 2],
    ]);
  });

  test("close-out: the year-end return accepted, the award closed with the underspend to repay, the repayment recorded", async () => {
    const award = "awards/crg-2027-28-csp-dover";
    const staff1 = t["opcc-staff-1"];
    const early = await failure(call(g, "CloseAward", { name: award }, staff1));
    expect([early.code, early.message]).toEqual([
      status.FAILED_PRECONDITION,
      expect.stringContaining("once its year-end return is accepted"),
    ]);
    const due = { seconds: String(Math.floor(Date.now() / 1000) + 30 * 86_400), nanos: 0 };
    const issued = await call<{ returns: { kind: string; reportRequest: string }[] }>(
      g,
      "IssueMonitoringReturn",
      { award, kind: "RETURN_KIND_YEAR_END", dueTime: due },
      staff1,
    );
    const yearEnd = issued.returns.find((r) => r.kind === "RETURN_KIND_YEAR_END")?.reportRequest as string;
    const rep = clients(reports.grpcPort).reports;
    const request = await call<{ sections: { id: string; type: string }[] }>(
      rep,
      "GetReportRequest",
      { name: yearEnd },
      t["dover-officer"],
    );
    // Paid £13,333.33 (tranche one); spent £13,177.33: £156.00 to repay.
    const answers = request.sections.map((x) =>
      x.type === "SECTION_TYPE_TEXT"
        ? { sectionId: x.id, text: "Patrols ran all year; the last month's hours were not all needed." }
        : { sectionId: x.id, number: x.id === "spend" ? 13177.33 : 9 },
    );
    await call(rep, "SubmitReport", { parent: yearEnd, answers }, t["dover-officer"]);
    await call(
      rep,
      "ReviewSubmission",
      { name: yearEnd, partner: "partners/csp-dover", version: 1, decision: "REVIEW_DECISION_ACCEPT" },
      staff1,
    );
    await eventually(async () => {
      const w = await call<{ returns: { kind: string; state: string }[] }>(g, "GetAward", { name: award }, staff1);
      return w.returns.find((r) => r.kind === "RETURN_KIND_YEAR_END")?.state === "RETURN_STATE_ACCEPTED"
        ? w
        : undefined;
    });
    const closed = await call<{ state: string; closeOut: Record<string, unknown> }>(
      g,
      "CloseAward",
      { name: award, requestId: "close-1" },
      staff1,
    );
    expect([closed.state, closed.closeOut]).toEqual([
      "AWARD_STATE_CLOSED",
      expect.objectContaining({
        spentPence: "1317733",
        underspendPence: "15600",
        repaymentState: "REPAYMENT_STATE_REQUESTED",
        holdBack: false,
      }),
    ]);
    // The recipient never closes its own award.
    expect((await failure(call(g, "RecordRepayment", { name: award }, t["dover-chair"]))).code).toBe(
      status.PERMISSION_DENIED,
    );
    const wrong = await failure(
      call(
        g,
        "RecordRepayment",
        { name: award, amountPence: "15000", paidDate: "2026-01-05", reference: "R1" },
        staff1,
      ),
    );
    expect([wrong.code, wrong.violations]).toEqual([status.INVALID_ARGUMENT, ["amount_pence"]]);
    const repaid = await call<{ closeOut: Record<string, unknown> }>(
      g,
      "RecordRepayment",
      { name: award, amountPence: "15600", paidDate: "2026-01-05", reference: "REPAY-0001" },
      staff1,
    );
    expect(repaid.closeOut).toMatchObject({ repaymentState: "REPAYMENT_STATE_REPAID", repaidPence: "15600" });
    const twice = await failure(
      call(
        g,
        "RecordRepayment",
        { name: award, amountPence: "15600", paidDate: "2026-01-05", reference: "R2" },
        staff1,
      ),
    );
    expect(twice.code).toBe(status.FAILED_PRECONDITION);
    rep.close();
  });

  test("the programme's money and outcomes: the OPCC's whole programme, the panel's grants made, a partnership's own", async () => {
    const programme = "programmes/crg-2027-28";
    type Summary = {
      committedPence: string;
      paidPence: string;
      underspendPence: string;
      repaidPence: string;
      complete: boolean;
      recipients: { partner: string; state: string; awardedPence: string; paidPence: string }[];
      objectives: {
        objective: string;
        title: string;
        awards: number;
        projects: number;
        awardedPence: string;
        outcomes: { project: string; hasActual: boolean; actual: number; target: number }[];
      }[];
    };
    const opcc = await call<Summary>(g, "GetProgrammeSummary", { programme }, t["opcc-staff-1"]);
    // Dover's award, varied to £19,000, paid £13,333.33, £156 underspent and repaid.
    expect(opcc).toMatchObject({
      committedPence: "1900000",
      paidPence: "1333333",
      underspendPence: "15600",
      repaidPence: "15600",
      complete: true,
    });
    expect(opcc.recipients.map((r) => [r.partner, r.state, r.awardedPence])).toEqual([
      ["partners/csp-dover", "AWARD_STATE_CLOSED", "1900000"],
    ]);
    // The award shared between its two projects as the resubmitted case asked (£14,000 and £10,000), each measure's
    // actual from the accepted year-end return.
    expect(opcc.objectives.map((o) => [o.objective, o.awards, o.projects, o.awardedPence])).toEqual([
      ["plans/making-kent-safer/objectives/VAWG", 1, 1, "1108333"],
      ["plans/making-kent-safer/objectives/PREVENT-ASB", 1, 1, "791667"],
    ]);
    expect(opcc.objectives[0]?.title).not.toBe("");
    expect(opcc.objectives[0]?.outcomes).toEqual([
      expect.objectContaining({ project: "Street pastors", target: 30, hasActual: true, actual: 9 }),
    ]);
    // The panel sees the grant made (accepted, so published); another partnership sees none of it.
    const panel = await call<Summary>(g, "GetProgrammeSummary", { programme }, t["panel-member-1"]);
    expect([panel.committedPence, panel.recipients.length]).toEqual(["1900000", 1]);
    const other = await call<Summary>(g, "GetProgrammeSummary", { programme }, t["maidstone-officer"]);
    expect([other.committedPence, other.recipients, other.complete, other.objectives[0]?.outcomes]).toEqual([
      "0",
      [],
      false,
      [],
    ]);
    expect(
      (await failure(call(g, "GetProgrammeSummary", { programme: "programmes/nope" }, t["opcc-staff-1"]))).code,
    ).toBe(status.NOT_FOUND);
  });

  test("20 decisions at once against a budget with room for 5 commit exactly 5, each refusal naming the amount", async () => {
    const [staff, admin] = [t["opcc-staff-1"], t["opcc-admin-1"]];
    const dir = clients(directory.grpcPort);
    const now = Math.floor(Date.now() / 1000);
    const round = await call<{ name: string }>(
      g,
      "CreateProgramme",
      {
        programmeId: "race-2027-28",
        programme: programme({
          title: "Race fund",
          kind: "PROGRAMME_KIND_OPEN_ROUND",
          budgetPence: "500000",
          allocations: [],
          projectMaxPence: "100000",
          windowOpenTime: { seconds: String(now), nanos: 0 },
        }),
      },
      staff,
    );
    await call(g, "OpenProgramme", { name: round.name }, staff);
    const content = {
      projects: [
        {
          title: "Street pastors",
          summary: "Night-time economy",
          lines: [{ description: "Coordinator", amountPence: "100000" }],
          measures: [{ title: "People reached", unit: "MEASURE_UNIT_COUNT", baseline: 0, target: 50 }],
          objectives: ["plans/making-kent-safer/objectives/VAWG"],
        },
      ],
      narrative: "One project",
    };
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `race-csp-${i}`;
      await call(
        dir.directory,
        "CreatePartner",
        {
          partnerId: id,
          partner: {
            displayName: `Race CSP ${i}`,
            kind: "PARTNER_KIND_CSP",
            classification: "CLASSIFICATION_OFFICIAL",
          },
        },
        admin,
      );
      await call(
        dir.directory,
        "CreatePerson",
        {
          personId: `race-officer-${i}`,
          person: {
            displayName: `Race officer ${i}`,
            email: `race-${i}@example.test`,
            partner: `partners/${id}`,
            roles: ["csp-officer"],
          },
        },
        admin,
      );
      const officer = await signIn(dir.identity, `people/race-officer-${i}`);
      const submitted = await call<{ name: string }>(
        g,
        "SubmitApplication",
        { programme: round.name, content },
        officer,
      );
      await call(g, "AcceptApplication", { name: submitted.name, version: 1 }, staff);
      for (const scorer of [staff, admin]) {
        await call(g, "DeclareInterest", { name: submitted.name, conflict: false }, scorer);
        await call(
          g,
          "ScoreApplication",
          {
            name: submitted.name,
            version: 1,
            scores: ["STRATEGIC-FIT", "NEED", "OUTCOMES", "VALUE", "DELIVERY"].map((code) => ({ code, score: 3 })),
          },
          scorer,
        );
      }
      names.push(submitted.name);
    }
    const results = await Promise.allSettled(
      names.map((name) =>
        call(
          g,
          "DecideApplication",
          { name, decision: "DECISION_AWARD", amountPence: "100000", reasons: "Funded in the race" },
          staff,
        ),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled").length;
    const refused = await Promise.all(
      results
        .filter((r) => r.status === "rejected")
        .map((r) => failure(Promise.reject((r as PromiseRejectedResult).reason))),
    );
    expect(won).toBe(5);
    expect(refused.map((e) => [e.code, e.violations])).toEqual(
      Array.from({ length: 15 }, () => [status.INVALID_ARGUMENT, ["amount_pence"]]),
    );
    const ledger = await call<{ committedPence: string; commitments: unknown[] }>(
      g,
      "GetProgrammeLedger",
      { programme: round.name },
      staff,
    );
    expect([ledger.committedPence, ledger.commitments.length]).toEqual(["500000", 5]);
    const awarded = await call<{ awards: unknown[]; totalSize: number }>(
      g,
      "ListAwards",
      { programme: round.name },
      staff,
    );
    expect([awarded.awards.length, awarded.totalSize]).toEqual([5, 5]);
  });

  test("a first submission only inside the window: before it opens, refused naming the programme; a draft may be saved", async () => {
    const opcc = t["opcc-staff-1"];
    const soon = Math.floor(Date.now() / 1000) + 86_400;
    const later = await call<Programme>(
      g,
      "CreateProgramme",
      {
        programmeId: "crg-later",
        programme: programme({
          title: "Later grant",
          windowOpenTime: { seconds: String(soon), nanos: 0 },
          windowCloseTime: { seconds: String(soon + 30 * 86_400), nanos: 0 },
        }),
      },
      opcc,
    );
    await call(g, "OpenProgramme", { name: later.name }, opcc);
    const content = { projects: [{ title: "Early bird", lines: [], measures: [], objectives: [], jsaPriorities: [] }] };
    await call(g, "SaveApplicationDraft", { programme: later.name, content }, t["maidstone-officer"]);
    const early = await failure(
      call(
        g,
        "SubmitApplication",
        {
          programme: later.name,
          content: {
            projects: [
              {
                title: "Early bird",
                summary: "Starts early",
                lines: [{ description: "Staff", amountPence: "100000" }],
                measures: [{ title: "People reached", unit: "MEASURE_UNIT_COUNT", baseline: 0, target: 50 }],
                objectives: ["plans/making-kent-safer/objectives/VAWG"],
                jsaPriorities: [],
              },
            ],
            narrative: "Early",
          },
        },
        t["maidstone-officer"],
      ),
    );
    expect([early.code, early.violations]).toEqual([status.INVALID_ARGUMENT, ["programme"]]);
  });

  test("a s.10 response links to a plan objective by name: checked against the plan, its title kept; an unknown one refused", async () => {
    const opcc = t["opcc-staff-1"];
    const a = clients(assessments.grpcPort).assessments;
    const cycle = await call<{ name: string }>(
      a,
      "OpenCycle",
      {
        cycle: {
          year: "2026/27",
          title: "Assessment linked to the plan",
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          partners: ["partners/csp-maidstone"],
          compileFrom: "COMPILE_FROM_SUBMITTED",
          classification: "CLASSIFICATION_OFFICIAL",
        },
      },
      opcc,
    );
    const content = {
      priorities: [{ rank: 1, code: "ASB", emergingTitle: "", rationale: "Town centre", evidence: "" }],
      indicators: [],
      population: "180000",
      emergingThreats: "",
      communityViews: "",
      narrative: "Our priorities this year",
    };
    await call(a, "SubmitContribution", { cycle: cycle.name, content }, t["maidstone-officer"]);
    const name = `${cycle.name}/contributions/csp-maidstone`;
    const priorityKey = "ASB";
    const unknown = await failure(
      call(
        a,
        "RecordPriorityResponse",
        {
          name,
          priorityKey,
          response: "The plan funds town centre patrols",
          objective: "plans/making-kent-safer/objectives/NOPE",
        },
        opcc,
      ),
    );
    expect([unknown.code, unknown.violations]).toEqual([status.INVALID_ARGUMENT, ["objective"]]);
    const linked = await call<{ responses: { objective: string; objectiveTitle: string }[] }>(
      a,
      "RecordPriorityResponse",
      {
        name,
        priorityKey,
        response: "The plan funds town centre patrols",
        objective: "plans/making-kent-safer/objectives/PREVENT-ASB",
      },
      opcc,
    );
    expect(linked.responses).toEqual([
      expect.objectContaining({
        objective: "plans/making-kent-safer/objectives/PREVENT-ASB",
        objectiveTitle: "Prevent anti-social behaviour",
      }),
    ]);
  });

  test("a report request and an agenda item link to plan objectives: checked against the plan, the title kept; an unknown one refused naming the field", async () => {
    const opcc = t["opcc-staff-1"];
    const rep = clients(reports.grpcPort).reports;
    const due = { seconds: String(Math.floor(Date.now() / 1000) + 7 * 86_400), nanos: 0 };
    const request = (objective: string) => ({
      reportRequest: {
        title: "Town centre anti-social behaviour",
        issueOfConcern: "Evening disorder around the bus station",
        addressees: [{ partner: "partners/csp-maidstone" }],
        sections: [{ id: "q1", title: "What you see", help: "", type: "SECTION_TYPE_TEXT", required: true }],
        dueTime: due,
        classification: "CLASSIFICATION_OFFICIAL",
        legalBasis: "LEGAL_BASIS_INFORMAL",
        objective,
      },
    });
    // Every problem in one round: the objective's with the due time's.
    const unknown = await failure(
      call(
        rep,
        "CreateReportRequest",
        {
          ...request("plans/making-kent-safer/objectives/NOPE"),
          reportRequest: {
            ...request("plans/making-kent-safer/objectives/NOPE").reportRequest,
            dueTime: { seconds: "1", nanos: 0 },
          },
        },
        opcc,
      ),
    );
    expect([unknown.code, unknown.violations]).toEqual([
      status.INVALID_ARGUMENT,
      ["report_request.due_time", "report_request.objective"],
    ]);
    const made = await call<{ name: string; objective: string; objectiveTitle: string }>(
      rep,
      "CreateReportRequest",
      request("plans/making-kent-safer/objectives/PREVENT-ASB"),
      opcc,
    );
    expect([made.objective, made.objectiveTitle]).toEqual([
      "plans/making-kent-safer/objectives/PREVENT-ASB",
      "Prevent anti-social behaviour",
    ]);
    const seen = await call<{ objectiveTitle: string }>(
      rep,
      "GetReportRequest",
      { name: made.name },
      t["maidstone-officer"],
    );
    expect(seen.objectiveTitle).toBe("Prevent anti-social behaviour");

    const m = clients(meetings.grpcPort).meetings;
    const at = (ms: number) => ({ seconds: String(Math.floor((Date.now() + ms) / 1000)), nanos: 0 });
    const meeting = await call<{ name: string }>(
      m,
      "CreateMeeting",
      {
        meeting: {
          title: "Priority issue: town centre disorder",
          purpose: "Agree joint action on evening disorder in the town centre and around the bus station.",
          basis: "MEETING_BASIS_INVITATION",
          place: "Maidstone House",
          onlineJoining: "",
          classification: "CLASSIFICATION_OFFICIAL",
          invitations: [{ partner: "partners/csp-maidstone" }],
          allActiveCsps: false,
          startTime: at(14 * 86_400_000),
          endTime: at(14 * 86_400_000 + 3_600_000),
          responseDeadline: at(7 * 86_400_000),
        },
      },
      opcc,
    );
    const item = (links: string[]) => ({
      id: "",
      title: "Town centre disorder",
      description: "",
      presenter: "",
      minutesAllotted: 20,
      links,
    });
    const bad = await failure(
      call(
        m,
        "SaveAgenda",
        { name: meeting.name, items: [item([made.name, "plans/making-kent-safer/objectives/NOPE"])] },
        opcc,
      ),
    );
    expect([bad.code, bad.violations]).toEqual([status.INVALID_ARGUMENT, ["items[0].links[1]"]]);
    const saved = await call<{ agenda: { items: { links: string[] }[] } }>(
      m,
      "SaveAgenda",
      { name: meeting.name, items: [item([made.name, "plans/making-kent-safer/objectives/PREVENT-ASB"])] },
      opcc,
    );
    expect(saved.agenda.items[0]?.links).toEqual([made.name, "plans/making-kent-safer/objectives/PREVENT-ASB"]);
    rep.close();
    m.close();
  });

  test("a decision stopped between its ledger commitment and its award: the sweep releases the budget it held; one in flight is left", async () => {
    const programme = "programmes/crg-2027-28";
    const ledgerId = `${programme}/ledger`;
    const hour = new Date(Date.now() - 3_600_000).toISOString();
    // What a process stopped after the ledger write leaves: a commitment with no award.
    await grants.kit.mongo.db.collection<{ _id: string }>("ledgers").updateOne(
      { _id: ledgerId },
      {
        $push: {
          commitments: {
            $each: [
              {
                award: "awards/crg-2027-28-csp-stopped",
                recipient: "partners/csp-thanet",
                amountPence: 5_000,
                time: hour,
              },
              {
                award: "awards/crg-2027-28-csp-in-flight",
                recipient: "partners/csp-medway",
                amountPence: 7_000,
                time: new Date().toISOString(),
              },
            ],
          },
        } as never,
      },
    );
    const ledger = await eventually(async () => {
      const l = await call<{ commitments: { award: string }[] }>(
        g,
        "GetProgrammeLedger",
        { programme },
        t["opcc-staff-1"],
      );
      return l.commitments.some((c) => c.award === "awards/crg-2027-28-csp-stopped") ? undefined : l;
    });
    expect(ledger.commitments.map((c) => c.award)).toEqual([
      "awards/crg-2027-28-csp-dover",
      "awards/crg-2027-28-csp-in-flight",
    ]);
  });
});
