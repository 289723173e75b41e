/**
 * Report requests end to end through gRPC, against the real database and Kafka: the OPCC asks three
 * CSPs; one is accepted first time, one is returned and resubmits, one misses the due date.
 */

import { createHash } from "node:crypto";
import type { RunningService } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  downloadStream,
  dropDatabase,
  eventually,
  FAST_SCANS,
  failure,
  isolation,
  signIn,
  startDirectory,
  startReports,
  uploadStream,
} from "../support/mesh";

type Addressee = { partner: string; state: string; overdue: boolean; latestVersion: number; reasons: string };
type ReportRequest = { name: string; addressees: Addressee[]; withdrawn: boolean; etag: string };
type Submission = {
  name: string;
  version: number;
  contentSha256: string;
  answers: Record<string, unknown>[];
  attachments: { name: string; sha256: string }[];
};

const MAIDSTONE = "partners/csp-maidstone";
const DOVER = "partners/csp-dover";
const SWALE = "partners/csp-swale";
const MB = 1024 * 1024;

const seconds = (ms: number) => ({ seconds: String(Math.floor(ms / 1000)), nanos: 0 });

const SECTIONS = [
  {
    id: "summary",
    title: "Summary of the problem",
    help: "",
    type: "SECTION_TYPE_TEXT",
    required: true,
    maxLength: 500,
    options: [],
  },
  {
    id: "incidents",
    title: "Incidents last quarter",
    help: "",
    type: "SECTION_TYPE_NUMBER",
    required: true,
    min: 0,
    options: [],
  },
  {
    id: "trend",
    title: "Trend",
    help: "",
    type: "SECTION_TYPE_SINGLE_CHOICE",
    required: true,
    options: ["rising", "stable", "falling"],
  },
];

const answers = (summary: string, incidents = 12) => [
  { sectionId: "summary", text: summary },
  { sectionId: "incidents", number: incidents },
  { sectionId: "trend", choice: "rising" },
];

const newRequest = (addressees: string[], dueInMs: number, extra: Record<string, unknown> = {}) => ({
  reportRequest: {
    title: "E-scooter nuisance in town centres",
    issueOfConcern: "Residents report a rise in e-scooter nuisance and unsafe riding in town centres.",
    addressees: addressees.map((partner) => ({ partner })),
    sections: SECTIONS,
    dueTime: seconds(Date.now() + dueInMs),
    classification: "CLASSIFICATION_OFFICIAL",
    legalBasis: "LEGAL_BASIS_INFORMAL",
    ...extra,
  },
});

describe("report requests end to end", () => {
  const iso = isolation("rep");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let rep: Client;
  let dir: ReturnType<typeof clients>;
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const t = { opcc: "", maidstone: "", dover: "", swale: "", panel: "" };

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, FAST_SCANS);
    dir = clients(directory.grpcPort);
    rep = clients(reports.grpcPort).reports;
    for (const [k, person] of Object.entries({
      opcc: "opcc-staff-1",
      maidstone: "maidstone-officer",
      dover: "dover-officer",
      swale: "swale-officer",
      panel: "panel-member-1",
    }))
      t[k as keyof typeof t] = await signIn(dir.identity, `people/${person}`);
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "reports");
  });

  afterAll(async () => {
    await reader?.stop();
    await dropDatabase(reports);
    await reports?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  test("three CSPs: accepted, returned and resubmitted, overdue; events in order per request", async () => {
    const dueInMs = 8_000;
    const created = await call<ReportRequest>(
      rep,
      "CreateReportRequest",
      { ...newRequest([MAIDSTONE, DOVER, SWALE], dueInMs), requestId: "create-1" },
      t.opcc,
    );
    const name = created.name;
    expect(created.addressees.map((a) => [a.partner, a.state])).toEqual([
      [MAIDSTONE, "ADDRESSEE_STATE_REQUESTED"],
      [DOVER, "ADDRESSEE_STATE_REQUESTED"],
      [SWALE, "ADDRESSEE_STATE_REQUESTED"],
    ]);
    // A CSP sees only its own slot.
    const seen = await call<ReportRequest>(rep, "GetReportRequest", { name }, t.dover);
    expect(seen.addressees.map((a) => a.partner)).toEqual([DOVER]);

    // Maidstone: acknowledge, submit, accepted.
    await call(rep, "AcknowledgeReportRequest", { name }, t.maidstone);
    const m1 = await call<Submission>(
      rep,
      "SubmitReport",
      { parent: name, answers: answers("Pavement riding at night"), requestId: "m-1" },
      t.maidstone,
    );
    expect(m1.version).toBe(1);
    expect(m1.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    await call(
      rep,
      "ReviewSubmission",
      { name, partner: MAIDSTONE, version: 1, decision: "REVIEW_DECISION_ACCEPT", requestId: "rv-m1" },
      t.opcc,
    );

    // Dover: draft, submit, returned with reasons, resubmit, accepted; both versions kept and readable.
    await call(
      rep,
      "SaveDraft",
      { parent: name, answers: [{ sectionId: "summary", text: "Work in progress" }] },
      t.dover,
    );
    const stillDraft = await failure(call(rep, "SubmitReport", { parent: name, fromDraft: true }, t.dover));
    expect(stillDraft.code).toBe(status.INVALID_ARGUMENT);
    expect(stillDraft.violations).toEqual(expect.arrayContaining(["answers.incidents", "answers.trend"]));
    await call(rep, "SaveDraft", { parent: name, answers: answers("First attempt", 3) }, t.dover);
    const d1 = await call<Submission>(
      rep,
      "SubmitReport",
      { parent: name, fromDraft: true, requestId: "d-1" },
      t.dover,
    );
    const returned = await call<ReportRequest>(
      rep,
      "ReviewSubmission",
      {
        name,
        partner: DOVER,
        version: 1,
        decision: "REVIEW_DECISION_RETURN",
        reasons: "Please include the ward breakdown",
        requestId: "rv-d1",
      },
      t.opcc,
    );
    expect(returned.addressees.find((a) => a.partner === DOVER)).toMatchObject({
      state: "ADDRESSEE_STATE_RETURNED",
      reasons: "Please include the ward breakdown",
    });
    const mineAfterReturn = await call<ReportRequest>(rep, "GetReportRequest", { name }, t.dover);
    expect(mineAfterReturn.addressees[0]?.reasons).toBe("Please include the ward breakdown");
    const d2 = await call<Submission>(
      rep,
      "SubmitReport",
      { parent: name, answers: answers("With wards: High St, Castle", 5), requestId: "d-2" },
      t.dover,
    );
    expect(d2.version).toBe(2);
    expect(d2.contentSha256).not.toBe(d1.contentSha256);
    // Accepting a superseded version is refused; the latest is accepted.
    const stale = await failure(
      call(rep, "ReviewSubmission", { name, partner: DOVER, version: 1, decision: "REVIEW_DECISION_ACCEPT" }, t.opcc),
    );
    expect(stale.code).toBe(status.FAILED_PRECONDITION);
    await call(
      rep,
      "ReviewSubmission",
      { name, partner: DOVER, version: 2, decision: "REVIEW_DECISION_ACCEPT", requestId: "rv-d2" },
      t.opcc,
    );
    const versions = await call<{ submissions: Submission[] }>(
      rep,
      "ListSubmissions",
      { parent: name, partner: DOVER },
      t.opcc,
    );
    expect(versions.submissions.map((s) => s.version)).toEqual([1, 2]);
    const v1 = await call<Submission>(rep, "GetSubmission", { name: d1.name }, t.dover);
    expect(v1.answers).toEqual(
      expect.arrayContaining([expect.objectContaining({ sectionId: "summary", text: "First attempt" })]),
    );
    expect(v1.contentSha256).toBe(d1.contentSha256);

    // An illegal transition says what is allowed.
    const again = await failure(call(rep, "SubmitReport", { parent: name, answers: answers("Too late") }, t.dover));
    expect(again.code).toBe(status.FAILED_PRECONDITION);
    expect(again.details).toContain("ACCEPTED");

    // Swale does nothing: overdue once the due time passes, raised exactly once.
    await eventually(
      async () => {
        const r = await call<ReportRequest>(rep, "GetReportRequest", { name }, t.opcc);
        return r.addressees.find((a) => a.partner === SWALE)?.overdue ? r : undefined;
      },
      dueInMs + 15_000,
      "swale overdue",
    );
    const overdueEvents = () => reader.events.filter((e) => e.subject === name && e.type === "report.overdue");
    await eventually(async () => (overdueEvents().length > 0 ? true : undefined), 15_000, "report.overdue on Kafka");
    await new Promise((r) => setTimeout(r, 1500)); // several more scans
    expect(overdueEvents().map((e) => e.data.partner)).toEqual([SWALE]);
    const dash = await call<{ overdueCount: number; stateCounts: { state: string; count: number }[] }>(
      rep,
      "ListReportRequests",
      { overdueOnly: true },
      t.opcc,
    );
    expect(dash.overdueCount).toBe(1);
    expect(dash.stateCounts.find((c) => c.state === "ADDRESSEE_STATE_ACCEPTED")?.count).toBe(2);

    // A home page's lists in one call: each answered as it is alone, in the order asked, for each caller.
    const asks = [{ overdueOnly: true }, { state: "ADDRESSEE_STATE_ACCEPTED" }, { awaitingPartner: true, pageSize: 1 }];
    for (const token of [t.opcc, t.dover]) {
      const batch = await call<{ responses: unknown[] }>(rep, "BatchListReportRequests", { requests: asks }, token);
      const alone = await Promise.all(asks.map((ask) => call(rep, "ListReportRequests", ask, token)));
      expect(batch.responses).toEqual(alone);
    }

    // Kafka carries the request's events in the order of its history.
    const history = await call<{ entries: { action: string; partner: string }[] }>(
      rep,
      "ListReportRequestHistory",
      { name },
      t.opcc,
    );
    const expected = history.entries
      .filter((h) => h.action !== "save-draft")
      .map(
        (h) =>
          `${h.action === "create" ? "requested" : h.action === "accept" ? "accepted" : h.action === "return" ? "returned" : h.action === "acknowledge" ? "acknowledged" : h.action === "submit" ? "submitted" : h.action}:${h.partner}`,
      );
    const onKafka = await eventually(
      async () => {
        const evs = reader.events.filter((e) => e.subject === name);
        return evs.length >= expected.length ? evs : undefined;
      },
      15_000,
      "all events of the request",
    );
    expect(new Set(onKafka.map((e) => e.partition)).size).toBe(1);
    expect(onKafka.map((e) => `${e.type.replace("report.", "")}:${e.data.partner}`)).toEqual(expected);
  });

  test("a title with a right-to-left override or a NUL is refused over gRPC, naming the field", async () => {
    for (const title of ["Budget\u202Etxt.exe review", "E-scooter\u0000 nuisance"]) {
      const err = await failure(
        call(rep, "CreateReportRequest", newRequest([MAIDSTONE], 86_400_000, { title }), t.opcc),
      );
      expect([err.code, err.violations]).toEqual([status.INVALID_ARGUMENT, ["report_request.title"]]);
    }
  });

  test("a batch of lists is refused naming the list and field at fault, and needs one to eight lists", async () => {
    const bad = await failure(
      call(rep, "BatchListReportRequests", { requests: [{}, { orderBy: "sideways" }] }, t.opcc),
    );
    expect([bad.code, bad.violations]).toEqual([status.INVALID_ARGUMENT, ["requests[1].order_by"]]);
    for (const requests of [[], Array.from({ length: 9 }, () => ({}))]) {
      const err = await failure(call(rep, "BatchListReportRequests", { requests }, t.opcc));
      expect([err.code, err.violations]).toEqual([status.INVALID_ARGUMENT, ["requests"]]);
    }
  });

  test("a FORMAL_S7 request without both findings is refused, naming them", async () => {
    const err = await failure(
      call(
        rep,
        "CreateReportRequest",
        newRequest([MAIDSTONE], 86_400_000, {
          legalBasis: "LEGAL_BASIS_FORMAL_S7",
          formalS7: { reasoning: "Repeated failure to deliver the ASB plan.", publish: false },
        }),
        t.opcc,
      ),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.violations).toEqual([
      "report_request.formal_s7.not_satisfied_effective_efficient",
      "report_request.formal_s7.reasonable_and_proportionate",
    ]);
    // With both findings it is issued.
    const formal = {
      legalBasis: "LEGAL_BASIS_FORMAL_S7",
      formalS7: {
        notSatisfiedEffectiveEfficient: true,
        reasonableAndProportionate: true,
        reasoning: "Repeated failure to deliver the ASB plan.",
        publish: true,
        publicationManner: "With the panel papers",
      },
    };
    const ok = await call<ReportRequest>(
      rep,
      "CreateReportRequest",
      newRequest([MAIDSTONE], 86_400_000, formal),
      t.opcc,
    );
    // Accepted, it is released to the panel.
    await call(rep, "SubmitReport", { parent: ok.name, answers: answers("Our plan") }, t.maidstone);
    await call(
      rep,
      "ReviewSubmission",
      { name: ok.name, partner: MAIDSTONE, version: 1, decision: "REVIEW_DECISION_ACCEPT" },
      t.opcc,
    );
    const published = await call<{ submissions: Submission[] }>(rep, "ListPublishedReports", {}, t.panel);
    expect(published.submissions.map((s) => s.name)).toContain(`${ok.name}/submissions/csp-maidstone/versions/1`);

    // Three partnerships' reports on one request: page_size counts reports, and a page may end
    // inside a request; walking pages of one gives exactly the whole list, each report once.
    const three = await call<ReportRequest>(
      rep,
      "CreateReportRequest",
      newRequest([MAIDSTONE, DOVER, SWALE], 86_400_000, formal),
      t.opcc,
    );
    for (const [partner, token] of [
      [MAIDSTONE, t.maidstone],
      [DOVER, t.dover],
      [SWALE, t.swale],
    ] as const) {
      await call(rep, "SubmitReport", { parent: three.name, answers: answers("Our plan") }, token);
      await call(
        rep,
        "ReviewSubmission",
        { name: three.name, partner, version: 1, decision: "REVIEW_DECISION_ACCEPT" },
        t.opcc,
      );
    }
    type Published = { submissions: Submission[]; nextPageToken: string };
    const whole = await call<Published>(rep, "ListPublishedReports", { pageSize: 500 }, t.panel);
    const walked: string[] = [];
    let pageToken = "";
    do {
      const page = await call<Published>(rep, "ListPublishedReports", { pageSize: 1, pageToken }, t.panel);
      expect(page.submissions.length).toBeLessThanOrEqual(1);
      walked.push(...page.submissions.map((s) => s.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(walked).toEqual(whole.submissions.map((s) => s.name));
    expect(walked.filter((n) => n.startsWith(`${three.name}/`))).toHaveLength(3);
  });

  test("validate_only checks everything and creates nothing; history records who acted by name", async () => {
    const body = { ...newRequest([MAIDSTONE], 86_400_000), validateOnly: true };
    const checked = await call<ReportRequest>(rep, "CreateReportRequest", body, t.opcc);
    await expect(call(rep, "GetReportRequest", { name: checked.name }, t.opcc)).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    const bad = await failure(
      call(rep, "CreateReportRequest", { ...body, reportRequest: { ...body.reportRequest, title: "x" } }, t.opcc),
    );
    expect(bad.violations).toContain("report_request.title");

    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE], 86_400_000), t.opcc);
    await call(rep, "AcknowledgeReportRequest", { name: r.name }, t.maidstone);
    const history = await call<{ entries: { action: string; actor: string; actorDisplayName: string }[] }>(
      rep,
      "ListReportRequestHistory",
      { name: r.name },
      t.opcc,
    );
    expect(history.entries.map((h) => [h.action, h.actorDisplayName])).toEqual([
      ["create", expect.stringMatching(/\S/)],
      ["acknowledge", expect.stringMatching(/\S/)],
    ]);
    expect(history.entries[0]?.actorDisplayName).not.toBe(history.entries[0]?.actor);
  });

  test("the latest answers side by side: the OPCC all, a partnership its own, others nothing; a download is recorded", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE, DOVER], 86_400_000), t.opcc);
    await call(rep, "SubmitReport", { parent: r.name, answers: answers("First look") }, t.maidstone);
    await call(rep, "SubmitReport", { parent: r.name, answers: answers("Second look", 20) }, t.maidstone);
    await call(rep, "SubmitReport", { parent: r.name, answers: answers("Dover's view") }, t.dover);
    const all = await call<{ latest: { partner: string; version: number; authorDisplayName: string }[] }>(
      rep,
      "ExportLatestAnswers",
      { name: r.name, forDownload: true, format: "csv" },
      t.opcc,
    );
    expect(all.latest.map((x) => [x.partner, x.version]).sort()).toEqual([
      [DOVER, 1],
      [MAIDSTONE, 2],
    ]);
    // Who submitted is kept by name, as their token named them.
    expect(all.latest.every((x) => /\S/.test(x.authorDisplayName) && !x.authorDisplayName.includes("/"))).toBe(true);
    const own = await call<{ latest: { partner: string }[] }>(rep, "ExportLatestAnswers", { name: r.name }, t.dover);
    expect(own.latest.map((x) => x.partner)).toEqual([DOVER]);
    for (const who of ["swale", "panel"] as const)
      expect((await failure(call(rep, "ExportLatestAnswers", { name: r.name }, t[who]))).code).toBe(status.NOT_FOUND);
    const recorded = await eventually(
      async () => reader.events.find((e) => e.type === "report.answers-exported" && e.subject === r.name),
      15_000,
      "the export event",
    );
    expect(recorded.data).toMatchObject({ format: "csv", partnerships: 2, partner: "" });
  });

  test("search finds requests by their words, scoped like the list; paging keeps the query", async () => {
    const tag = `zq${Date.now().toString(36)}`; // a word no other test's request holds
    const make = (title: string, addressees: string[], issue = "Partners report a rising problem in the town.") =>
      call<ReportRequest>(
        rep,
        "CreateReportRequest",
        newRequest(addressees, 86_400_000, { title: `${title} ${tag}`, issueOfConcern: issue }),
        t.opcc,
      );
    const knives = await make("Knife crime in Dover", [DOVER]);
    const swale = await make("Knife crime in Swale", [SWALE]);
    const scooters = await make("E-scooters in Maidstone", [MAIDSTONE], "Scooter riders and knives on pavements.");
    type List = { reportRequests: ReportRequest[]; nextPageToken: string; stateCounts: unknown[] };
    const search = (query: string, token: string, extra: Record<string, unknown> = {}) =>
      call<List>(rep, "ListReportRequests", { query, ...extra }, token);
    const names = (l: List) => l.reportRequests.map((r) => r.name).sort();

    // Every word must match, in any form ("knives" and "knife" are different words; "crimes" is "crime").
    expect(names(await search(`${tag} dover crimes`, t.opcc))).toEqual([knives.name]);
    expect(names(await search(`${tag} knife`, t.opcc))).toEqual([knives.name, swale.name].sort());
    expect(names(await search(`${tag} scooter`, t.opcc))).toEqual([scooters.name]);
    expect(names(await search(`${tag} nothingmatches`, t.opcc))).toEqual([]);
    // A partnership finds only what is addressed to it, and no counts are given for a search.
    const dover = await search(`${tag} knife`, t.dover);
    expect(names(dover)).toEqual([knives.name]);
    expect(dover.stateCounts).toEqual([]);
    expect(names(await search(`${tag} swale`, t.dover))).toEqual([]);
    expect(names(await search(tag, t.panel))).toEqual([]);
    // Paging: one at a time, in title order, the token bound to the same query.
    const first = await search(tag, t.opcc, { pageSize: 1, orderBy: "title" });
    expect(first.reportRequests.map((r) => (r as unknown as { title: string }).title)).toEqual([
      `E-scooters in Maidstone ${tag}`,
    ]);
    const second = await search(tag, t.opcc, { pageSize: 1, orderBy: "title", pageToken: first.nextPageToken });
    expect(second.reportRequests.map((r) => (r as unknown as { title: string }).title)).toEqual([
      `Knife crime in Dover ${tag}`,
    ]);
    const bad = await failure(search(`${tag} knife`, t.opcc, { pageSize: 1, pageToken: first.nextPageToken }));
    expect(bad.violations).toEqual(["page_token"]);
    // Combined with filters.
    expect(names(await search(tag, t.opcc, { addressee: SWALE }))).toEqual([swale.name]);
    expect(names(await search(tag, t.opcc, { classification: "CLASSIFICATION_OFFICIAL_SENSITIVE" }))).toEqual([]);
    const none = await failure(search("the of", t.opcc));
    expect(none.violations).toEqual(["query"]);
  });

  test("withdrawing a whole request is idempotent by request_id", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE, DOVER], 86_400_000), t.opcc);
    const body = { name: r.name, reasons: "Superseded by the county review", requestId: "withdraw-all-1" };
    const first = await call<ReportRequest>(rep, "WithdrawReportRequest", body, t.opcc);
    expect(first.withdrawn).toBe(true);
    const retry = await call<ReportRequest>(rep, "WithdrawReportRequest", body, t.opcc);
    expect(retry.etag).toBe(first.etag);
    const other = await failure(call(rep, "WithdrawReportRequest", { ...body, requestId: "withdraw-all-2" }, t.opcc));
    expect(other.code).toBe(status.FAILED_PRECONDITION);
  });

  test("answers are checked against the sections, naming the section", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE], 86_400_000), t.opcc);
    const err = await failure(
      call(
        rep,
        "SubmitReport",
        {
          parent: r.name,
          answers: [
            { sectionId: "summary", text: "x".repeat(501) },
            { sectionId: "incidents", text: "twelve" },
          ],
        },
        t.maidstone,
      ),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.violations.sort()).toEqual(["answers.incidents", "answers.summary", "answers.trend"]);
  });

  test("a retried submit with the same request_id creates no second version", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE], 86_400_000), t.opcc);
    const body = { parent: r.name, answers: answers("Once only"), requestId: "retry-me" };
    const first = await call<Submission>(rep, "SubmitReport", body, t.maidstone);
    const second = await call<Submission>(rep, "SubmitReport", body, t.maidstone);
    expect(second.name).toBe(first.name);
    const versions = await call<{ submissions: Submission[] }>(rep, "ListSubmissions", { parent: r.name }, t.maidstone);
    expect(versions.submissions).toHaveLength(1);
    const reuse = await failure(call(rep, "SubmitReport", { ...body, answers: answers("Different") }, t.maidstone));
    expect(reuse.code).toBe(status.ALREADY_EXISTS);
  });

  test("CSP A cannot read B's submission or attachment, nor act for B", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE, DOVER], 86_400_000), t.opcc);
    const onlyDover = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([DOVER], 86_400_000), t.opcc);
    const file = await upload(rep, t.dover, r.name, "wards.csv", [Buffer.from("ward,incidents\nCastle,3\n")]);
    const sub = await call<Submission>(
      rep,
      "SubmitReport",
      { parent: r.name, answers: answers("Dover's"), attachments: [file.name] },
      t.dover,
    );
    const codes = async (p: Promise<unknown>) => (await failure(p)).code;
    expect(await codes(call(rep, "GetSubmission", { name: sub.name }, t.maidstone))).toBe(status.NOT_FOUND);
    expect(await codes(download(rep, t.maidstone, file.name))).toBe(status.NOT_FOUND);
    expect(await codes(call(rep, "GetReportRequest", { name: onlyDover.name }, t.maidstone))).toBe(status.NOT_FOUND);
    expect(await codes(call(rep, "SubmitReport", { parent: onlyDover.name, answers: answers("x") }, t.maidstone))).toBe(
      status.NOT_FOUND,
    );
    expect(
      await codes(
        call(
          rep,
          "ReviewSubmission",
          { name: r.name, partner: DOVER, version: 1, decision: "REVIEW_DECISION_ACCEPT" },
          t.maidstone,
        ),
      ),
    ).toBe(status.PERMISSION_DENIED);
    // Attaching another partnership's upload to one's own submission is refused too.
    const steal = await failure(
      call(rep, "SubmitReport", { parent: r.name, answers: answers("mine"), attachments: [file.name] }, t.maidstone),
    );
    expect(steal.code).toBe(status.INVALID_ARGUMENT);
    const listed = await call<{ submissions: Submission[] }>(
      rep,
      "ListSubmissions",
      { parent: r.name, partner: DOVER },
      t.maidstone,
    );
    expect(listed.submissions).toEqual([]);
    // The panel sees nothing unpublished either.
    expect(await codes(call(rep, "GetSubmission", { name: sub.name }, t.panel))).toBe(status.NOT_FOUND);
  });

  test("attachments: 15 MB round-trips with the same SHA-256; 25 MB and a disguised executable are refused, nothing stored", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE], 86_400_000), t.opcc);
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(15 * MB, 0x41)]);
    const sha = createHash("sha256").update(big).digest("hex");
    const stored = await upload(rep, t.maidstone, r.name, "evidence.pdf", chunked(big));
    expect(stored).toMatchObject({ sha256: sha, sizeBytes: String(big.length), contentType: "application/pdf" });
    const back = await download(rep, t.maidstone, stored.name);
    expect(createHash("sha256").update(back).digest("hex")).toBe(sha);
    // The OPCC can read it too.
    expect((await download(rep, t.opcc, stored.name)).length).toBe(big.length);

    const db = reports.kit.mongo.db;
    const before = {
      docs: await db.collection("attachments").countDocuments(),
      files: await db.collection("attachments.files").countDocuments(),
      chunks: await db.collection("attachments.chunks").countDocuments(),
    };
    const tooBig = await failure(
      upload(
        rep,
        t.maidstone,
        r.name,
        "huge.pdf",
        chunked(Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(25 * MB)])),
      ),
    );
    expect(tooBig.code).toBe(status.INVALID_ARGUMENT);
    expect(tooBig.details).toContain("20 MB");
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]);
    const disguised = await failure(upload(rep, t.maidstone, r.name, "report.pdf", [exe]));
    expect(disguised.code).toBe(status.INVALID_ARGUMENT);
    expect(disguised.details).toContain("not a .pdf file");
    const wrongType = await failure(upload(rep, t.maidstone, r.name, "tool.exe", [exe]));
    expect(wrongType.violations).toEqual(["metadata.filename"]);
    expect({
      docs: await db.collection("attachments").countDocuments(),
      files: await db.collection("attachments.files").countDocuments(),
      chunks: await db.collection("attachments.chunks").countDocuments(),
    }).toEqual(before);
  });

  test("a service stopped between the database write and the Kafka publish loses no event", async () => {
    const r = await call<ReportRequest>(rep, "CreateReportRequest", newRequest([MAIDSTONE], 86_400_000), t.opcc);
    // A replica that writes but never publishes stands in for one killed right after its write.
    const writer = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, {
      ...FAST_SCANS,
      OUTBOX_RELAY: "off",
    });
    await reports.stop(); // and no other replica is publishing either
    try {
      const w = clients(writer.grpcPort).reports;
      const sub = await call<Submission>(
        w,
        "SubmitReport",
        { parent: r.name, answers: answers("Written, not yet published") },
        t.maidstone,
      );
      const pending = await writer.kit.mongo.db
        .collection("report_requests")
        .countDocuments({ _id: r.name as never, _outboxPending: true });
      expect(pending).toBe(1);
      await writer.stop();
      expect(reader.events.some((e) => e.type === "report.submitted" && e.data.submission === sub.name)).toBe(false);
      reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory, FAST_SCANS);
      rep = clients(reports.grpcPort).reports;
      await eventually(
        async () =>
          reader.events.some((e) => e.type === "report.submitted" && e.data.submission === sub.name) ? true : undefined,
        20_000,
        "the pending report.submitted after restart",
      );
    } finally {
      await writer.stop().catch(() => undefined);
    }
  });
});

function* chunked(buf: Buffer, size = MB): Iterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

function upload(client: Client, token: string, parent: string, filename: string, chunks: Iterable<Buffer>) {
  return uploadStream<{ name: string; sha256: string; sizeBytes: string; contentType: string }>(
    client,
    "UploadAttachment",
    { parent, filename },
    chunks,
    token,
  );
}

async function download(client: Client, token: string, name: string): Promise<Buffer> {
  return (await downloadStream(client, "DownloadAttachment", { name }, token)).bytes;
}
