/**
 * A joint strategic assessment end to end, through gRPC against the real database and Kafka: a cycle
 * for every active CSP; twelve contribute (one through its partner system), one is returned and
 * resubmits, one never contributes. The compilation, recompiled from the events, equals the figures
 * worked out by hand below; an edition is published and its JSON, CSV and HTML agree; s.10 responses
 * reach the right partnership only; every step is on Kafka and in the audit ledger.
 */
import type { BaseConfig, RunningService } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import { parse } from "csv-parse/sync";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  failure,
  isolation,
  signIn,
  startAssessments,
  startAudit,
  startDirectory,
} from "../support/mesh";

const P = (id: string) => `partners/csp-${id}`;
const GROUP_A = ["ashford", "canterbury", "dartford", "dover", "folkestone-hythe", "gravesham", "medway", "sevenoaks"];
const GROUP_B = ["swale", "thanet", "tonbridge-malling", "tunbridge-wells"];

interface Version {
  version: number;
  sha256: string;
  outcome: string;
}
interface Contribution {
  name: string;
  cycle: string;
  partner: string;
  state: string;
  versions: Version[];
  responses: { priorityKey: string; response: string }[];
  draft: unknown;
}
interface Provenance {
  partner: string;
  version: number;
  sha256: string;
  rank: number;
}
interface Compilation {
  sha256: string;
  inputs: { partner: string; version: number; sha256: string }[];
  gaps: string[];
  priorities: {
    position: number;
    key: string;
    score: number;
    partnerCount: number;
    bestRank: number;
    emerging: boolean;
    provenance: Provenance[];
  }[];
  indicators: { code: string; combined: boolean; value: number; areas: number }[];
}

const priority = (rank: number, code: string, emergingTitle = "") => ({
  rank,
  code,
  emergingTitle,
  rationale: "Named by the partnership's analysis",
  evidence: "",
});
const value = (code: string, v: number, unit: string) => ({
  code,
  value: v,
  unit,
  period: "2025/26",
  trend: "TREND_RISING",
  source: "Kent Police recorded crime",
});
const content = (priorities: unknown[], crime: number, population: number, rate: number, extra: unknown[] = []) => ({
  priorities,
  indicators: [value("TOTAL-CRIME", crime, "UNIT_COUNT"), value("DA-RATE", rate, "UNIT_RATE_PER_1000"), ...extra],
  population: String(population),
  emergingThreats: "",
  communityViews: "Residents' survey, 2025",
  narrative: "The partnership's assessment for the year.",
});

describe("joint strategic assessments end to end", () => {
  const iso = isolation("jsa");
  let directory: RunningService<DirectoryConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let audit: RunningService<BaseConfig>;
  let a: Client;
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    audit = await startAudit(`${iso.db}_a`, iso.topicPrefix, directory);
    assessments = await startAssessments(`${iso.db}_s`, iso.topicPrefix, directory);
    const dir = clients(directory.grpcPort);
    a = clients(assessments.grpcPort).assessments;
    const people = ["opcc-staff-1", "opcc-admin-1", "panel-member-1", "maidstone-officer", "kent-county-officer"];
    for (const p of [...people, ...[...GROUP_A, ...GROUP_B].map((c) => `${c}-officer`)])
      t[p] = await signIn(dir.identity, `people/${p}`);
    // Thanet's case system submits through its own client credentials.
    const created = await call<{ partnerSystem: { clientId: string }; clientSecret: string }>(
      dir.directory,
      "CreatePartnerSystem",
      { systemId: "thanet-jsa", partnerSystem: { displayName: "Thanet case system", partner: P("thanet") } },
      t["opcc-admin-1"],
    );
    const token = await call<{ accessToken: string }>(dir.identity, "ExchangeClientCredentials", {
      clientId: created.partnerSystem.clientId,
      clientSecret: created.clientSecret,
    });
    t["thanet-system"] = token.accessToken;
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "assessments");
  });

  afterAll(async () => {
    await reader?.stop();
    for (const s of [assessments, audit, directory]) {
      if (!s) continue;
      await dropDatabase(s);
      await s.stop();
    }
  });

  test("a cycle: contributions, a return, a gap, the compilation by hand, an edition, s.10 responses", async () => {
    const opcc = t["opcc-staff-1"];
    // The kit's text rule: a title that would display differently from what was typed is refused.
    const trojan = await failure(
      call(a, "OpenCycle", { cycle: { year: "2026/27", title: "Assessment\u202Egnp.exe", allActiveCsps: true } }, opcc),
    );
    expect([trojan.code, trojan.violations]).toEqual([status.INVALID_ARGUMENT, ["cycle.title"]]);
    const twoLines = await failure(
      call(a, "OpenCycle", { cycle: { year: "2026/27", title: "Assessment\nsecond line", allActiveCsps: true } }, opcc),
    );
    expect(twoLines.violations).toContain("cycle.title");
    const cycle = await call<{ name: string; partners: string[]; template: { taxonomyVersion: string } }>(
      a,
      "OpenCycle",
      {
        cycle: {
          year: "2026/27",
          title: "Kent and Medway joint strategic assessment",
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          allActiveCsps: true,
          compileFrom: "COMPILE_FROM_ACCEPTED",
          classification: "CLASSIFICATION_OFFICIAL",
        },
        requestId: "open-2026",
      },
      opcc,
    );
    expect(cycle.partners).toHaveLength(14);
    expect(cycle.template.taxonomyVersion).toBe("2026.1");
    const name = cycle.name;
    const contribution = (csp: string) => `${name}/contributions/csp-${csp}`;

    // Checked against the template: the wrong field is named.
    const bad = await failure(
      call(
        a,
        "SaveContributionDraft",
        { cycle: name, content: content([priority(1, "NOPE")], 1, 1, 1) },
        t["dover-officer"],
      ),
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.violations).toEqual(["content.priorities[0].code"]);
    const unit = await failure(
      call(
        a,
        "SubmitContribution",
        { cycle: name, content: content([priority(1, "ASB")], 1, 1, 1, [value("FEEL-SAFE", 50, "UNIT_COUNT")]) },
        t["dover-officer"],
      ),
    );
    expect(unit.violations).toEqual(["content.indicators[2].unit"]);
    // The OPCC does not contribute.
    expect(
      (await failure(call(a, "SaveContributionDraft", { cycle: name, content: content([], 1, 1, 1) }, opcc))).code,
    ).toBe(status.PERMISSION_DENIED);

    // Validating changes nothing: Kent County checks a draft and a submission but stays NOT_STARTED (below).
    const county = t["kent-county-officer"];
    const countyContent = content([priority(1, "ASB")], 10, 1_000, 1);
    await call(a, "SaveContributionDraft", { cycle: name, content: countyContent, validateOnly: true }, county);
    await call(a, "SubmitContribution", { cycle: name, content: countyContent, validateOnly: true }, county);
    const countyBad = await failure(
      call(a, "SubmitContribution", { cycle: name, content: content([], 10, 1_000, 1), validateOnly: true }, county),
    );
    expect(countyBad.violations).toEqual(["content.priorities"]);

    // Group A: a draft, then submitted.
    for (const csp of GROUP_A) {
      const token = t[`${csp}-officer`];
      const saved = await call<Contribution>(
        a,
        "SaveContributionDraft",
        { cycle: name, content: content([priority(1, "VAWG"), priority(2, "ASB")], 1000, 100_000, 10) },
        token,
      );
      expect(saved.state).toBe("CONTRIBUTION_STATE_DRAFT");
      const sent = await call<Contribution>(
        a,
        "SubmitContribution",
        { cycle: name, requestId: `submit-${csp}` },
        token,
      );
      expect(sent.versions.map((v) => v.version)).toEqual([1]);
    }
    // Group B in one step each; Thanet through its partner system.
    for (const csp of GROUP_B) {
      const token = csp === "thanet" ? t["thanet-system"] : t[`${csp}-officer`];
      const local = csp === "swale" ? [value("LOCAL-MEASURE", 7, "UNIT_COUNT")] : [];
      await call<Contribution>(
        a,
        "SubmitContribution",
        {
          cycle: name,
          content: content(
            [priority(1, "ASB"), priority(2, "DRUGS-COUNTY-LINES"), priority(3, "", "Vape sales to children")],
            2000,
            150_000,
            20,
            local,
          ),
        },
        token,
      );
    }
    // Maidstone submits, is returned, and resubmits.
    const maidstone = t["maidstone-officer"];
    await call(
      a,
      "SubmitContribution",
      { cycle: name, content: content([priority(1, "FRAUD")], 3000, 180_000, 15) },
      maidstone,
    );
    const returned = await call<Contribution>(
      a,
      "ReturnContribution",
      { name: contribution("maidstone"), version: 1, reasons: "Fraud is not supported by the evidence given." },
      opcc,
    );
    expect(returned.state).toBe("CONTRIBUTION_STATE_RETURNED");
    await call(
      a,
      "SubmitContribution",
      {
        cycle: name,
        content: content([priority(1, "VAWG"), priority(2, "", "vape sales to  children ")], 3000, 180_000, 15),
      },
      maidstone,
    );

    // A partnership cannot see another's contribution, by any name it might try.
    expect(
      (await failure(call(a, "GetContribution", { name: contribution("maidstone") }, t["dover-officer"]))).code,
    ).toBe(status.NOT_FOUND);
    const listed = await call<{ contributions: Contribution[] }>(
      a,
      "ListContributions",
      { cycle: name },
      t["dover-officer"],
    );
    expect(listed.contributions.map((c) => c.name)).toEqual([contribution("dover")]);
    // The cycles with the caller's own contribution to each (a partnership's home panel): Dover's
    // own only; the OPCC, which contributes nothing, gets none.
    const withOwn = await call<{ cycles: { name: string }[]; ownContributions: Contribution[] }>(
      a,
      "ListCycles",
      { pageSize: 10, withOwnContributions: true },
      t["dover-officer"],
    );
    expect(withOwn.cycles.map((c) => c.name)).toContain(name);
    expect(withOwn.ownContributions.filter((c) => c.cycle === name).map((c) => c.name)).toEqual([
      contribution("dover"),
    ]);
    expect(withOwn.ownContributions.every((c) => c.partner === "partners/csp-dover")).toBe(true);
    const opccOwn = await call<{ ownContributions: Contribution[] }>(
      a,
      "ListCycles",
      { pageSize: 10, withOwnContributions: true },
      opcc,
    );
    expect(opccOwn.ownContributions).toEqual([]);
    // Every cycle's awaiting review, from one list view with its count (the OPCC's home panel): all
    // thirteen submitted; a partnership's "every cycle" is its own only.
    const submitted = await call<{ contributions: Contribution[]; totalSize: number }>(
      a,
      "ListContributions",
      { cycle: "assessments/-", state: "CONTRIBUTION_STATE_SUBMITTED", pageSize: 50 },
      opcc,
    );
    const ours = submitted.contributions.filter((c) => c.cycle === name);
    expect(ours.map((c) => c.state)).toEqual(ours.map(() => "CONTRIBUTION_STATE_SUBMITTED"));
    expect(ours).toHaveLength(GROUP_A.length + GROUP_B.length + 1);
    expect(submitted.totalSize).toBe(submitted.contributions.length);
    const ownEverywhere = await call<{ contributions: Contribution[] }>(
      a,
      "ListContributions",
      { cycle: "assessments/-" },
      t["dover-officer"],
    );
    expect(ownEverywhere.contributions.map((c) => c.partner)).toEqual(
      ownEverywhere.contributions.map(() => "partners/csp-dover"),
    );
    // The OPCC sees submitted versions, never a partnership's working copy.
    expect((await call<Contribution>(a, "GetContribution", { name: contribution("dover") }, opcc)).draft).toBeNull();

    // The OPCC accepts every latest version (Maidstone's second).
    for (const csp of [...GROUP_A, ...GROUP_B, "maidstone"]) {
      const version = csp === "maidstone" ? 2 : 1;
      await call(a, "AcceptContribution", { name: contribution(csp), version, requestId: `accept-${csp}` }, opcc);
    }
    const stale = await failure(
      call(
        a,
        "ReturnContribution",
        { name: contribution("maidstone"), version: 1, reasons: "Too late to return this." },
        opcc,
      ),
    );
    expect(stale.code).toBe(status.FAILED_PRECONDITION);

    // Recompiled from the events until all thirteen accepted versions are in.
    const compilation = await eventually(
      async () => {
        const c = await call<Compilation>(a, "GetCompilation", { cycle: name }, opcc).catch(() => undefined);
        return c && c.inputs.length === 13 && c.inputs.some((i) => i.version === 2) ? c : undefined;
      },
      30_000,
      "the compilation of thirteen accepted contributions",
    );
    // Worked out by hand (rank r earns 11 - r):
    //   ASB: group A rank 2 (8 x 9 = 72) + group B rank 1 (4 x 10 = 40) = 112, 12 partnerships
    //   VAWG: group A rank 1 (8 x 10) + Maidstone v2 rank 1 (10) = 90, 9 partnerships
    //   Vape sales (emerging): group B rank 3 (4 x 8 = 32) + Maidstone rank 2 (9) = 41, 5 partnerships
    //   Drugs and county lines: group B rank 2 (4 x 9) = 36, 4 partnerships
    //   Fraud: only in Maidstone's returned version 1, so absent.
    expect(compilation.priorities.map((p) => [p.position, p.key, p.score, p.partnerCount, p.bestRank])).toEqual([
      [1, "ASB", 112, 12, 1],
      [2, "VAWG", 90, 9, 1],
      [3, "EMERGING:vape sales to children", 41, 5, 2],
      [4, "DRUGS-COUNTY-LINES", 36, 4, 2],
    ]);
    expect(compilation.gaps).toEqual([P("kent-county")]);
    const maidstoneDoc = await call<Contribution>(a, "GetContribution", { name: contribution("maidstone") }, opcc);
    const v2 = maidstoneDoc.versions[1] as Version;
    expect(v2.outcome).toBe("CONTRIBUTION_STATE_ACCEPTED");
    const vawg = compilation.priorities.find((p) => p.key === "VAWG");
    expect(vawg?.provenance.find((x) => x.partner === P("maidstone"))).toMatchObject({
      version: 2,
      sha256: v2.sha256,
      rank: 1,
    });
    expect(compilation.inputs.find((i) => i.partner === P("maidstone"))?.sha256).toBe(v2.sha256);
    // Indicators: TOTAL-CRIME is summed: 8 x 1,000 + 4 x 2,000 + 3,000 = 19,000. DA-RATE is weighted by
    // population: (8 x 100,000 x 10 + 4 x 150,000 x 20 + 180,000 x 15) / 1,580,000 = 14.367088... -> 14.3671.
    const fig = (code: string) => compilation.indicators.find((f) => f.code === code);
    expect(fig("TOTAL-CRIME")).toMatchObject({ combined: true, value: 19_000, areas: 13 });
    expect(fig("DA-RATE")).toMatchObject({ combined: true, value: 14.3671, areas: 13 });
    expect(fig("LOCAL-MEASURE")).toMatchObject({ combined: false, areas: 1 });
    // The compilation is the OPCC's: partnerships and the panel do not see it.
    expect((await failure(call(a, "GetCompilation", { cycle: name }, maidstone))).code).toBe(status.NOT_FOUND);

    // Publish an edition of what was reviewed; exports agree with each other.
    const edition = await call<{ name: string; number: number; sha256: string }>(
      a,
      "PublishEdition",
      { cycle: name, note: "First edition", compilationSha256: compilation.sha256, requestId: "publish-1" },
      opcc,
    );
    expect(edition.number).toBe(1);
    const exported = async (format: string) =>
      (
        await call<{ data: Buffer; contentType: string; editionSha256: string }>(
          a,
          "ExportEdition",
          { name: edition.name, format },
          t["panel-member-1"],
        )
      ).data.toString("utf8");
    const json = JSON.parse(await exported("EXPORT_FORMAT_JSON")) as { sha256: string; compilation: Compilation };
    const csv = await exported("EXPORT_FORMAT_CSV");
    const html = await exported("EXPORT_FORMAT_HTML");
    expect(json.sha256).toBe(edition.sha256);
    const fromJson = json.compilation.priorities.map((p) => `${p.key}=${p.score}`);
    const fromCsv = (parse(csv, { columns: true }) as Record<string, string>[])
      .filter((row) => row.record_type === "priority")
      .map((row) => `${row.key}=${row.value}`);
    const fromHtml = [
      ...html.matchAll(
        /<tr data-key="([^"]+)">.*?<td class="num">(\d+)<\/td><td class="num">\d+<\/td><td class="num">\d+<\/td><\/tr>/g,
      ),
    ].map((m) => `${m[1]}=${m[2]}`);
    expect(fromJson).toEqual(["ASB=112", "VAWG=90", "EMERGING:vape sales to children=41", "DRUGS-COUNTY-LINES=36"]);
    expect(fromCsv).toEqual(fromJson);
    expect(fromHtml).toEqual(fromJson);
    expect(html).toContain("<svg");
    // Every partnership of the cycle sees the edition, even one that did not contribute.
    await call(a, "GetEdition", { name: edition.name }, t["kent-county-officer"]);

    // s.10: the OPCC records how the plan had regard to Maidstone's priorities.
    await call(
      a,
      "RecordPriorityResponse",
      {
        name: contribution("maidstone"),
        priorityKey: "VAWG",
        response: "Objective 2 of the plan funds a VAWG coordinator in Maidstone.",
        planObjective: "Objective 2: tackle violence against women and girls",
        requestId: "s10-vawg",
      },
      opcc,
    );
    const unknownKey = await failure(
      call(
        a,
        "RecordPriorityResponse",
        { name: contribution("maidstone"), priorityKey: "FRAUD", response: "Not one of its priorities." },
        opcc,
      ),
    );
    expect(unknownKey.violations).toEqual(["priority_key"]);
    const own = await call<Contribution>(a, "GetContribution", { name: contribution("maidstone") }, maidstone);
    expect(own.responses.map((r) => r.priorityKey)).toEqual(["VAWG"]);
    const dover = await call<Contribution>(a, "GetContribution", { name: contribution("dover") }, t["dover-officer"]);
    expect(dover.responses).toEqual([]);
    const progress = await call<{
      partners: { partner: string; state: string; unansweredPriorities: string[]; overdue: boolean }[];
    }>(a, "GetCycleProgress", { name }, opcc);
    const of = (csp: string) => progress.partners.find((p) => p.partner === P(csp));
    expect(of("maidstone")?.unansweredPriorities).toEqual(["EMERGING:vape sales to children"]);
    expect(of("dover")?.unansweredPriorities).toEqual(["VAWG", "ASB"]);
    expect(of("kent-county")).toMatchObject({ state: "CONTRIBUTION_STATE_NOT_STARTED", unansweredPriorities: [] });
    expect((await failure(call(a, "GetCycleProgress", { name }, maidstone))).code).toBe(status.PERMISSION_DENIED);

    // Every change is an event on the cycle's topic, and in the audit ledger.
    const types = await eventually(async () => {
      const seen = new Set(reader.events.map((e) => e.type));
      return seen.has("assessment.response-recorded") && seen.has("assessment.edition-published") ? seen : undefined;
    });
    expect([...types].sort()).toEqual([
      "assessment.compilation-updated",
      "assessment.contribution-accepted",
      "assessment.contribution-returned",
      "assessment.contribution-submitted",
      "assessment.cycle-opened",
      "assessment.edition-published",
      "assessment.response-recorded",
    ]);
    expect(reader.events.filter((e) => e.type === "assessment.contribution-submitted")).toHaveLength(14);
    const ledger = clients(audit.grpcPort).audit;
    await eventually(async () => {
      const r = await call<{ records: unknown[] }>(
        ledger,
        "ListAuditRecords",
        { type: "assessment.edition-published", pageSize: 10 },
        t["opcc-admin-1"],
      );
      return r.records.length === 1 ? r : undefined;
    });
  });
});
