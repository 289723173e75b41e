/**
 * The REST API through the gateway, against the real services, database and broker: every route's
 * happy path and its error statuses, and the OpenAPI document (valid 3.1, every route in it served).
 */
import { createHash } from "node:crypto";
import { request } from "node:http";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Parser } from "@asyncapi/parser";
import type { RunningService } from "@csp-mesh/kit";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { NotifierConfig } from "../../services/notifier/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import {
  clients,
  dropDatabase,
  eventually,
  isolation,
  signIn,
  startBesideDirectory,
  startDirectory,
  startGateway,
} from "../support/mesh";

type Json = Record<string, unknown> & { status?: number; errors?: { field: string }[] };

describe("REST API", () => {
  const iso = isolation("rest");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let notifier: RunningService<NotifierConfig>;
  let base: string;
  const t = { opcc: "", maidstone: "", dover: "" };

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    ({ reports, meetings, assessments, notifier } = await startBesideDirectory(iso, directory, [
      "reports",
      "meetings",
      "assessments",
      "notifier",
    ]));
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments, {
      UPLOAD_MAX_BYTES: String(1024 * 1024),
      NOTIFIER_ADDRESS: `127.0.0.1:${notifier.grpcPort}`,
    });
    base = `http://127.0.0.1:${gateway.httpPort}`;
    const identity = clients(directory.grpcPort).identity;
    t.opcc = await signIn(identity, "people/opcc-staff-1");
    t.maidstone = await signIn(identity, "people/maidstone-officer");
    t.dover = await signIn(identity, "people/dover-officer");
  });

  afterAll(async () => {
    await gateway?.stop();
    await dropDatabase(notifier);
    await notifier?.stop();
    await dropDatabase(meetings);
    await meetings?.stop();
    await dropDatabase(assessments);
    await assessments?.stop();
    await dropDatabase(reports);
    await reports?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  async function api(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !(body instanceof Uint8Array) ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const type = res.headers.get("content-type") ?? "";
    const json = type.includes("json") ? ((await res.json()) as Json) : undefined;
    return { status: res.status, type, json, res };
  }

  const createBody = (addressees: string[], extra: Record<string, unknown> = {}) => ({
    reportRequest: {
      title: "Retail crime rise",
      issueOfConcern: "Shop theft reports have risen in town centres this year.",
      addressees: addressees.map((partner) => ({ partner })),
      sections: [
        { id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true },
        { id: "incidents", title: "Incidents", type: "SECTION_TYPE_NUMBER", required: true, min: 0 },
      ],
      dueTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      legalBasis: "LEGAL_BASIS_INFORMAL",
      ...extra,
    },
  });
  const answers = (summary: string, incidents: number) => [
    { sectionId: "summary", text: summary },
    { sectionId: "incidents", number: incidents },
  ];

  test("the OpenAPI document is valid 3.1 and every documented route is served", async () => {
    const doc = (await api("GET", "/openapi.json", undefined)).json as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => [m, p] as const));
    expect(operations.length).toBeGreaterThanOrEqual(17);
    for (const [method, p] of operations) {
      const concrete = p
        .replace(
          "{id}",
          p.startsWith("/v1/attachments")
            ? "0123456789abcdef01234567"
            : p.startsWith("/v1/meetings")
              ? "m-none"
              : p.startsWith("/v1/actions")
                ? "a-none"
                : p.startsWith("/v1/assessments")
                  ? "a-2026-27-00000000"
                  : "rq-none",
        )
        .replace("{paperId}", "0123456789abcdef01234567")
        .replace("{partner}", "csp-none")
        .replace("{version}", "1")
        .replace("{number}", "1");
      const r = await api(method.toUpperCase(), concrete, undefined, method === "get" ? undefined : {});
      // Unauthenticated: the route exists and asks for a token (the fallback would say "no such API route").
      expect([method, p, r.status, r.json?.detail]).toEqual([method, p, 401, expect.stringContaining("bearer token")]);
    }
    const unknown = await api("GET", "/v1/no-such-thing", t.opcc);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain("application/problem+json");
    // And the readable page lists them.
    const page = await fetch(`${base}/api-docs`);
    expect(await page.text()).toContain("/v1/report-requests/{id}/submissions");
    // The event API: an AsyncAPI 3 document the AsyncAPI parser accepts, and its readable page.
    const events = await (await fetch(`${base}/asyncapi.json`)).text();
    const parsed = await new Parser().parse(events);
    expect(parsed.diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    expect(
      parsed.document
        ?.messages()
        .all()
        .map((m) => m.name()),
    ).toEqual(expect.arrayContaining(["report.submitted"]));
    expect(await (await fetch(`${base}/event-api`)).text()).toContain("assessment.edition-published");
  });

  test("happy paths: create, list, acknowledge, draft, attach, submit, return, resubmit, accept, download, withdraw", async () => {
    expect((await api("GET", "/v1/partners?kind=PARTNER_KIND_CSP", t.dover)).json?.partners).toHaveLength(13);
    expect((await api("GET", "/v1/partners/csp-maidstone", t.dover)).json?.displayName).toContain("Maidstone");

    const created = await api("POST", "/v1/report-requests", t.opcc, {
      ...createBody(["partners/csp-maidstone", "partners/csp-dover"]),
      requestId: "rest-1",
    });
    expect(created.status).toBe(201);
    const id = String(created.json?.name).replace("reportRequests/", "");
    const again = await api("POST", "/v1/report-requests", t.opcc, {
      ...createBody(["partners/csp-maidstone", "partners/csp-dover"]),
      requestId: "rest-1",
    });
    expect(again.json?.name).toBe(created.json?.name);

    const list = await api("GET", "/v1/report-requests?addressee=csp-maidstone&pageSize=10", t.opcc);
    expect(list.status).toBe(200);
    expect((list.json?.reportRequests as Json[]).map((r) => r.name)).toContain(created.json?.name);
    const inbox = await api("GET", "/v1/report-requests", t.maidstone);
    expect((inbox.json?.reportRequests as Json[]).map((r) => r.name)).toContain(created.json?.name);
    expect((await api("GET", `/v1/report-requests/${id}`, t.maidstone)).json?.title).toBe("Retail crime rise");
    expect((await api("POST", `/v1/report-requests/${id}/acknowledge`, t.maidstone, {})).status).toBe(200);

    expect(
      (
        await api("PUT", `/v1/report-requests/${id}/draft`, t.maidstone, {
          answers: [{ sectionId: "summary", text: "Draft" }],
        })
      ).status,
    ).toBe(200);
    expect(((await api("GET", `/v1/report-requests/${id}/draft`, t.maidstone)).json?.answers as Json[])[0]?.text).toBe(
      "Draft",
    );

    const csv = new TextEncoder().encode("store,thefts\nHigh St,40\n");
    const upload = await api("POST", `/v1/report-requests/${id}/attachments?filename=thefts.csv`, t.maidstone, csv, {
      "content-type": "application/octet-stream",
    });
    expect(upload.status).toBe(201);
    expect(upload.json?.sha256).toBe(createHash("sha256").update(csv).digest("hex"));

    const v1 = await api("POST", `/v1/report-requests/${id}/submissions`, t.maidstone, {
      answers: answers("Thefts up 20%", 40),
      attachments: [upload.json?.name],
      requestId: "m1",
    });
    expect(v1.status).toBe(201);
    expect(v1.json?.version).toBe(1);
    const returned = await api("POST", `/v1/report-requests/${id}/review`, t.opcc, {
      partner: "csp-maidstone",
      version: 1,
      decision: "REVIEW_DECISION_RETURN",
      reasons: "Add the figures for last year",
    });
    expect(returned.status).toBe(200);
    const v2 = await api("POST", `/v1/report-requests/${id}/submissions`, t.maidstone, {
      answers: answers("Thefts up 20% on last year's 33", 40),
    });
    expect(v2.json?.version).toBe(2);
    const accepted = await api("POST", `/v1/report-requests/${id}/review`, t.opcc, {
      partner: "partners/csp-maidstone",
      version: 2,
      decision: "REVIEW_DECISION_ACCEPT",
    });
    expect((accepted.json?.addressees as Json[]).find((a) => a.partner === "partners/csp-maidstone")?.state).toBe(
      "ADDRESSEE_STATE_ACCEPTED",
    );
    const versions = await api("GET", `/v1/report-requests/${id}/submissions?partner=csp-maidstone`, t.opcc);
    expect((versions.json?.submissions as Json[]).map((s) => s.version)).toEqual([1, 2]);
    const one = await api("GET", `/v1/report-requests/${id}/submissions/csp-maidstone/versions/1`, t.maidstone);
    expect(one.json?.contentSha256).toBe(v1.json?.contentSha256);
    const history = await api("GET", `/v1/report-requests/${id}/history`, t.opcc);
    expect((history.json?.entries as Json[]).map((h) => h.action)).toEqual(
      expect.arrayContaining(["create", "acknowledge", "save-draft", "submit", "return", "accept"]),
    );

    const download = await fetch(`${base}/v1/attachments/${String(upload.json?.name).replace("attachments/", "")}`, {
      headers: { authorization: `Bearer ${t.opcc}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("thefts.csv");
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(csv))).toBe(true);

    const withdrawn = await api("POST", `/v1/report-requests/${id}/withdraw`, t.opcc, {
      partner: "csp-dover",
      reasons: "No longer needed",
    });
    expect((withdrawn.json?.addressees as Json[]).find((a) => a.partner === "partners/csp-dover")?.state).toBe(
      "ADDRESSEE_STATE_WITHDRAWN",
    );
    expect((await api("GET", "/v1/published-reports", t.opcc)).status).toBe(200);
  });

  test("meetings: create, convene, answer, calendar download; a partnership not invited gets 404", async () => {
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const created = await api("POST", "/v1/meetings", t.opcc, {
      meeting: {
        title: "Retail crime: joint priorities",
        purpose: "Agree how the partnerships respond to the rise in shop theft.",
        basis: "MEETING_BASIS_INVITATION",
        startTime: at(7 * 86_400_000),
        endTime: at(7 * 86_400_000 + 7_200_000),
        responseDeadline: at(5 * 86_400_000),
        place: "Maidstone House",
        invitations: [{ partner: "csp-maidstone" }],
      },
    });
    expect(created.status).toBe(201);
    const id = String(created.json?.name).replace("meetings/", "");
    expect((await api("POST", `/v1/meetings/${id}/convene`, t.opcc, {})).json?.state).toBe("MEETING_STATE_CONVENED");
    const answered = await api("POST", `/v1/meetings/${id}/respond`, t.maidstone, {
      response: "INVITATION_STATE_ACCEPTED",
      representative: "Morgan Clarke",
    });
    expect(answered.status).toBe(200);
    expect((answered.json?.invitations as { state: string }[])[0]?.state).toBe("INVITATION_STATE_ACCEPTED");
    const ics = await fetch(`${base}/v1/meetings/${id}/calendar.ics`, {
      headers: { authorization: `Bearer ${t.maidstone}` },
    });
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VEVENT");
    const hidden = await api("GET", `/v1/meetings/${id}`, t.dover);
    expect([hidden.status, hidden.type]).toEqual([404, expect.stringContaining("application/problem+json")]);

    // Agenda, a paper as the raw body, the papers list, the paper and the pack.
    const agenda = await api("POST", `/v1/meetings/${id}/agenda`, t.opcc, {
      items: [{ title: "Shop theft in Maidstone", presenter: "csp-maidstone", minutesAllotted: 20 }],
    });
    expect((agenda.json?.agenda as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(["item-1"]);
    expect((await api("POST", `/v1/meetings/${id}/publish-agenda`, t.opcc, {})).status).toBe(200);
    const pdf = new Uint8Array(Buffer.from("%PDF-1.7\n% retail figures\n%%EOF\n"));
    const paper = await api(
      "POST",
      `/v1/meetings/${id}/papers?agendaItem=item-1&title=Retail%20figures&filename=figures.pdf`,
      t.opcc,
      pdf,
      { "content-type": "application/octet-stream" },
    );
    expect(paper.status).toBe(201);
    const badPaper = await api(
      "POST",
      `/v1/meetings/${id}/papers?agendaItem=item-9&title=Nowhere&filename=n.pdf`,
      t.opcc,
      pdf,
      {
        "content-type": "application/octet-stream",
      },
    );
    // A well-formed item id that is not on the agenda: the meetings service's rule, so 422.
    expect([badPaper.status, (badPaper.json?.errors as { field: string }[] | undefined)?.[0]?.field]).toEqual([
      422,
      "metadata.agenda_item",
    ]);
    const listed = await api("GET", `/v1/meetings/${id}/papers`, t.maidstone);
    expect((listed.json?.papers as { name: string }[]).map((x) => x.name)).toEqual([paper.json?.name]);
    const paperId = String(paper.json?.name).split("/").pop();
    const bytes = await fetch(`${base}/v1/meetings/${id}/papers/${paperId}`, {
      headers: { authorization: `Bearer ${t.maidstone}` },
    });
    expect([bytes.status, bytes.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    const pack = await fetch(`${base}/v1/meetings/${id}/papers-pack`, {
      headers: { authorization: `Bearer ${t.maidstone}` },
    });
    expect(pack.headers.get("content-type")).toBe("application/zip");
    expect(
      Buffer.from(await pack.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    expect((await api("GET", `/v1/meetings/${id}/papers`, t.dover)).status).toBe(404);

    // The calendar feed: issued with its address, read with no token, revoked.
    const feed = await api("POST", "/v1/calendar-feed", t.maidstone, {});
    expect(feed.status).toBe(201);
    const url = String(feed.json?.url);
    expect(url).toMatch(/\/feeds\/meetings\/[A-Za-z0-9_-]{43}\.ics$/);
    const subscribed = await fetch(url);
    expect(subscribed.status).toBe(200);
    expect(await subscribed.text()).toContain("Retail crime: joint priorities");
    expect((await api("GET", "/v1/calendar-feed", t.maidstone)).json).toMatchObject({ active: true, secret: "" });
    expect((await api("DELETE", "/v1/calendar-feed", t.maidstone)).json?.active).toBe(false);
    expect((await fetch(url)).status).toBe(404);
    const invalid = await api("POST", "/v1/meetings", t.opcc, { meeting: { title: "x" } });
    expect(invalid.status).toBe(400);
  });

  test("assessments: open, submit, a wrong code named, accept, compiled, published, exported; others' contributions 404", async () => {
    const opened = await api("POST", "/v1/assessments", t.opcc, {
      cycle: {
        year: "2026/27",
        title: "REST joint strategic assessment",
        dueTime: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        partners: ["csp-maidstone", "partners/csp-dover"],
      },
    });
    expect(opened.status).toBe(201);
    const id = String(opened.json?.name).split("/")[1];
    const content = {
      priorities: [{ rank: 1, code: "ASB", rationale: "Town centre reports doubled" }],
      indicators: [{ code: "TOTAL-CRIME", value: 1200, unit: "UNIT_COUNT", period: "2025/26", source: "Kent Police" }],
      population: 180000,
      narrative: "Maidstone's assessment.",
    };
    const wrong = await api("POST", `/v1/assessments/${id}/submit`, t.maidstone, {
      content: { ...content, priorities: [{ rank: 1, code: "NOPE", rationale: "x" }] },
    });
    // Well-formed by the document, refused by the template: a rule a schema cannot state.
    expect(wrong.status).toBe(422);
    expect(wrong.type).toContain("application/problem+json");
    expect(wrong.json?.errors?.map((e) => e.field)).toEqual(["content.priorities[0].code"]);
    const sent = await api("POST", `/v1/assessments/${id}/submit`, t.maidstone, { content });
    expect(sent.status).toBe(200);
    expect(sent.json?.state).toBe("CONTRIBUTION_STATE_SUBMITTED");
    expect((await api("GET", `/v1/assessments/${id}/contributions/csp-maidstone`, t.dover)).status).toBe(404);
    const accepted = await api("POST", `/v1/assessments/${id}/contributions/csp-maidstone/accept`, t.opcc, {
      version: 1,
    });
    expect(accepted.json?.state).toBe("CONTRIBUTION_STATE_ACCEPTED");
    const compiled = await eventually(async () => {
      const r = await api("GET", `/v1/assessments/${id}/compilation`, t.opcc);
      return r.status === 200 && (r.json?.inputs as unknown[]).length === 1 ? r.json : undefined;
    });
    expect(compiled.gaps).toEqual(["partners/csp-dover"]);
    const published = await api("POST", `/v1/assessments/${id}/editions`, t.opcc, {
      compilationSha256: compiled.sha256,
    });
    expect(published.status).toBe(201);
    const csv = await api("GET", `/v1/assessments/${id}/editions/1/export?format=csv`, t.dover);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    expect(await csv.res.text()).toContain("priority,1,ASB,Anti-social behaviour");
    const progress = await api("GET", `/v1/assessments/${id}/progress`, t.opcc);
    expect((progress.json?.partners as { state: string }[]).map((p) => p.state)).toEqual([
      "CONTRIBUTION_STATE_NOT_STARTED",
      "CONTRIBUTION_STATE_ACCEPTED",
    ]);
  });

  test("webhook subscriptions: create (secret once), list, pause and resume, deliveries, delete; others' 404", async () => {
    const chair = await signIn(clients(directory.grpcPort).identity, "people/maidstone-chair");
    const created = await api("POST", "/v1/webhook-subscriptions", chair, {
      subscriptionId: "rest-hooks",
      subscription: { url: "http://127.0.0.1:9/rest-hooks", eventTypes: ["report.requested"] },
    });
    expect(created.status).toBe(201);
    expect(String(created.json?.secret)).toMatch(/^whsec_/);
    expect(created.json?.subscription).toMatchObject({
      name: "webhookSubscriptions/rest-hooks",
      partner: "partners/csp-maidstone",
      state: "SUBSCRIPTION_STATE_ACTIVE",
    });
    const listed = await api("GET", "/v1/webhook-subscriptions", t.maidstone);
    expect((listed.json?.subscriptions as { name: string }[]).map((s) => s.name)).toContain(
      "webhookSubscriptions/rest-hooks",
    );
    expect((await api("GET", "/v1/webhook-subscriptions/rest-hooks", t.dover)).status).toBe(404);
    // An officer sees it but may not change it.
    expect((await api("POST", "/v1/webhook-subscriptions/rest-hooks/pause", t.maidstone, {})).status).toBe(403);
    const paused = await api("POST", "/v1/webhook-subscriptions/rest-hooks/pause", chair, {});
    expect(paused.json?.state).toBe("SUBSCRIPTION_STATE_PAUSED");
    const resumed = await api("POST", "/v1/webhook-subscriptions/rest-hooks/resume", chair, {});
    expect(resumed.json?.state).toBe("SUBSCRIPTION_STATE_ACTIVE");
    const deliveries = await api("GET", "/v1/webhook-subscriptions/rest-hooks/deliveries", chair);
    expect(deliveries.json).toMatchObject({ deliveries: [] });
    const wrongType = await api("POST", "/v1/webhook-subscriptions", chair, {
      subscriptionId: "rest-hooks-2",
      subscription: { url: "https://example.org/hooks", eventTypes: ["no.such-event"] },
    });
    expect([wrongType.status, wrongType.json?.errors?.[0]?.field]).toEqual([400, "subscription.event_types[0]"]);
    expect((await api("DELETE", "/v1/webhook-subscriptions/rest-hooks", chair)).status).toBe(200);
    expect((await api("GET", "/v1/webhook-subscriptions/rest-hooks", chair)).status).toBe(404);
  });

  test("notification settings: read and choose a daily digest for yourself; a wrong value is a 400 naming the field", async () => {
    const read = await api("GET", "/v1/me/notification-settings", t.maidstone);
    expect(read.json).toMatchObject({
      name: "people/maidstone-officer/notificationSettings",
      emailDelivery: "EMAIL_DELIVERY_IMMEDIATE",
    });
    const chosen = await api("PUT", "/v1/me/notification-settings", t.maidstone, {
      emailDelivery: "EMAIL_DELIVERY_DAILY_DIGEST",
    });
    expect([chosen.status, chosen.json?.emailDelivery]).toEqual([200, "EMAIL_DELIVERY_DAILY_DIGEST"]);
    expect((await api("GET", "/v1/me/notification-settings", t.maidstone)).json?.emailDelivery).toBe(
      "EMAIL_DELIVERY_DAILY_DIGEST",
    );
    const wrong = await api("PUT", "/v1/me/notification-settings", t.maidstone, { emailDelivery: "HOURLY" });
    expect([wrong.status, wrong.json?.errors?.[0]?.field]).toEqual([400, "email_delivery"]);
  });

  test("error statuses are problem details naming what was wrong", async () => {
    const noToken = await api("GET", "/v1/report-requests", undefined);
    expect([noToken.status, noToken.type]).toEqual([401, expect.stringContaining("application/problem+json")]);
    const badToken = await api("GET", "/v1/report-requests", "not.a.token");
    expect(badToken.status).toBe(401);

    const invalid = await api("POST", "/v1/report-requests", t.opcc, createBody([], { title: "" }));
    expect(invalid.status).toBe(400);
    expect(invalid.json?.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(["report_request.title"]));
    // Titles that would display differently from what was typed, or carry a NUL: refused, field named.
    for (const title of ["Budget\u202Etxt.exe review", "Retail crime\u0000 rise"]) {
      const unsafe = await api(
        "POST",
        "/v1/report-requests",
        t.opcc,
        createBody(["partners/csp-maidstone"], { title }),
      );
      expect([unsafe.status, unsafe.json?.errors?.[0]?.field]).toEqual([400, "report_request.title"]);
    }
    const badShape = await api("POST", "/v1/report-requests", t.opcc, { reportRequest: { title: 3 } });
    expect(badShape.status).toBe(400);
    expect(badShape.json?.errors?.length).toBeGreaterThan(0);
    const badQuery = await api("GET", "/v1/report-requests?pageSize=-1", t.opcc);
    expect(badQuery.status).toBe(400);

    // Whatever goes wrong under /v1 is a problem document: malformed JSON, another media type, a
    // method the route does not have (405 with Allow), header fields over the server's limit.
    const problemOf = async (res: Response) => [res.status, res.headers.get("content-type"), await res.json()];
    const malformed = await fetch(`${base}/v1/report-requests`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.opcc}`, "content-type": "application/json" },
      body: '{"reportRequest": ',
    });
    expect(await problemOf(malformed)).toEqual([
      400,
      expect.stringContaining("application/problem+json"),
      expect.objectContaining({ title: "Malformed JSON" }),
    ]);
    const wrongType = await fetch(`${base}/v1/report-requests`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.opcc}`, "content-type": "text/plain" },
      body: "title=x",
    });
    expect((await problemOf(wrongType)).slice(0, 2)).toEqual([
      415,
      expect.stringContaining("application/problem+json"),
    ]);
    for (const method of ["DELETE", "PUT"]) {
      const r = await fetch(`${base}/v1/report-requests`, { method, headers: { authorization: `Bearer ${t.opcc}` } });
      expect([method, r.status, r.headers.get("allow")]).toEqual([method, 405, "GET, HEAD, POST"]);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    // fetch refuses to send TRACE; node:http does, as a scanner would.
    const trace = await new Promise<{ status?: number; allow?: string }>((resolve, reject) => {
      const req = request(`${base}/v1/report-requests`, { method: "TRACE" }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, allow: String(res.headers.allow) });
      });
      req.on("error", reject);
      req.end();
    });
    expect(trace).toEqual({ status: 405, allow: "GET, HEAD, POST" });
    const huge = await fetch(`${base}/v1/report-requests`, { headers: { "x-padding": "x".repeat(20_000) } });
    expect((await problemOf(huge)).slice(0, 2)).toEqual([431, expect.stringContaining("application/problem+json")]);
    const doc = (await api("GET", "/openapi.json", undefined)).json as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths["/v1/report-requests"]?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(["413", "415", "431"]),
    );

    const created = await api("POST", "/v1/report-requests", t.opcc, createBody(["partners/csp-maidstone"]));
    const id = String(created.json?.name).replace("reportRequests/", "");
    // Another CSP cannot see it at all; a CSP cannot review; an illegal transition is a conflict.
    expect((await api("GET", `/v1/report-requests/${id}`, t.dover)).status).toBe(404);
    expect((await api("GET", `/v1/report-requests/${id}/submissions/csp-maidstone/versions/1`, t.dover)).status).toBe(
      404,
    );
    const review = await api("POST", `/v1/report-requests/${id}/review`, t.maidstone, {
      partner: "csp-maidstone",
      version: 1,
      decision: "REVIEW_DECISION_ACCEPT",
    });
    expect(review.status).toBe(403);
    await api("POST", `/v1/report-requests/${id}/acknowledge`, t.maidstone, {});
    const twice = await api("POST", `/v1/report-requests/${id}/acknowledge`, t.maidstone, {});
    expect(twice.status).toBe(409);
    expect(String(twice.json?.detail)).toContain("ACKNOWLEDGED");
    const wrongAnswer = await api("POST", `/v1/report-requests/${id}/submissions`, t.maidstone, {
      answers: [{ sectionId: "incidents", text: "many" }],
    });
    expect(wrongAnswer.status).toBe(422);
    expect(wrongAnswer.json?.errors?.map((e) => e.field)).toEqual(
      expect.arrayContaining(["answers.incidents", "answers.summary"]),
    );

    const exe = new Uint8Array([0x4d, 0x5a, ...new Array(200).fill(0)]);
    const disguised = await api("POST", `/v1/report-requests/${id}/attachments?filename=report.pdf`, t.maidstone, exe, {
      "content-type": "application/octet-stream",
    });
    expect(disguised.status).toBe(422);
    const tooLarge = await api(
      "POST",
      `/v1/report-requests/${id}/attachments?filename=big.pdf`,
      t.maidstone,
      new Uint8Array(2 * 1024 * 1024),
      {
        "content-type": "application/octet-stream",
      },
    );
    expect(tooLarge.status).toBe(413);
    expect((await api("GET", "/v1/attachments/0123456789abcdef01234567", t.maidstone)).status).toBe(404);
  });
});
