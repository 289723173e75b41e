/**
 * The report-request area's pages over the fake mesh: what each page renders from the reports
 * service's answers, what it asks (resource names, page sizes, enum values, the person's token),
 * what its forms send and how they say what is wrong; the attachment upload and download streams.
 */
import { refusedFields } from "../../api/testing";
import type { Reply } from "../../downstream";
import {
  chosen,
  errorSummary,
  type FakeMesh,
  fieldValue,
  grpcError,
  headingOf,
  type PageTests,
  routesOf,
  startFakeMesh,
  summaryRows,
  tables,
  textOf,
  titleOf,
  webCoverage,
} from "../../testing/fake-mesh";
import { registerAnswerPages } from "./answers";
import { registerCreateRequestPages } from "./create";
import { registerRequestList } from "./list";
import { registerReportPages } from "./report";
import { registerRequestPages } from "./request-page";
import { registerVersionPages } from "./versions";

type RequestView = Reply<"reports", "GetReportRequest">;
type Addressee = RequestView["addressees"][number];
type Section = RequestView["sections"][number];
type Submission = Reply<"reports", "GetSubmission">;
type Answer = Submission["answers"][number];

const ts = (iso: string) => ({ seconds: String(Math.floor(Date.parse(iso) / 1000)), nanos: 0 });
/** 5pm on 1 July 2027 in London. */
const DUE = ts("2027-07-01T16:00:00Z");

const section = (id: string, title: string, type: Section["type"], over: Partial<Section> = {}): Section => ({
  id,
  title,
  help: "",
  type,
  required: true,
  options: [],
  ...over,
});
const addressee = (partner: string, state: Addressee["state"], over: Partial<Addressee> = {}): Addressee => ({
  partner,
  state,
  overdue: false,
  latestVersion: 0,
  reasons: "",
  updateTime: ts("2027-06-20T09:00:00Z"),
  ...over,
});
const request = (over: Partial<RequestView> = {}): RequestView => ({
  name: "reportRequests/rq-1",
  requester: "partners/opcc-kent",
  addressees: [
    addressee("partners/csp-dover", "ADDRESSEE_STATE_SUBMITTED", { latestVersion: 2 }),
    addressee("partners/csp-maidstone", "ADDRESSEE_STATE_REQUESTED", { overdue: true }),
  ],
  title: "Retail crime",
  issueOfConcern: "Shop theft in town centres",
  sections: [
    section("q1", "Summary", "SECTION_TYPE_TEXT"),
    section("q2", "Incidents", "SECTION_TYPE_NUMBER"),
    section("q3", "Last operation", "SECTION_TYPE_DATE", { required: false }),
  ],
  dueTime: DUE,
  classification: "CLASSIFICATION_OFFICIAL",
  legalBasis: "LEGAL_BASIS_INFORMAL",
  formalS7: null,
  withdrawn: false,
  etag: "e1",
  createTime: ts("2027-06-01T09:00:00Z"),
  updateTime: null,
  createdBy: "people/opcc-staff-1",
  ...over,
});
const attachment = (id: string, filename: string, sizeBytes = "2048") => ({
  name: `attachments/${id}`,
  filename,
  contentType: "application/pdf",
  sizeBytes,
  sha256: "",
});
const submission = (version: number, answers: Answer[], over: Partial<Submission> = {}): Submission => ({
  name: `reportRequests/rq-1/submissions/csp-dover/versions/${version}`,
  reportRequest: "reportRequests/rq-1",
  partner: "partners/csp-dover",
  version,
  answers,
  attachments: [],
  contentSha256: `${version}`.repeat(64),
  author: "people/dover-officer",
  createTime: ts("2027-06-20T09:00:00Z"),
  classification: "CLASSIFICATION_OFFICIAL",
  published: false,
  authorDisplayName: "Sam Patel",
  ...over,
});
const draft = (answers: Answer[], over: Partial<Submission> = {}) =>
  submission(0, answers, { name: "reportRequests/rq-1/submissions/csp-dover/draft", contentSha256: "", ...over });
const list = (
  reportRequests: RequestView[],
  extra: Partial<Reply<"reports", "ListReportRequests">> = {},
): Reply<"reports", "ListReportRequests"> => ({
  reportRequests,
  nextPageToken: "",
  stateCounts: [],
  overdueCount: 0,
  awaitingCount: 0,
  ...extra,
});

const ATTACHMENT_ID = "0123456789abcdef01234567";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("reports", "GetReportRequest", request())
    .on("reports", "ListReportRequestHistory", { entries: [], nextPageToken: "" })
    .on("reports", "ListSubmissions", { submissions: [], nextPageToken: "" })
    .on("reports", "GetDraft", () => {
      throw grpcError("NOT_FOUND", "no draft");
    });
});

/** The calls made, as "service.Method", without the frame's partner names. */
const called = () =>
  mesh.downstream.calls.filter((c) => c.method !== "ListPartners").map((c) => `${c.service}.${c.method}`);
const tokens = () => [...new Set(mesh.downstream.calls.map((c) => c.token))];
const requestId = expect.stringMatching(/^web-[0-9a-f-]{36}$/);

/** What a download of an attachment streams: its facts, then its bytes in two chunks. */
function download(bytes: Buffer, filename: string) {
  return async function* () {
    yield {
      part: "metadata",
      metadata: {
        ...attachment(ATTACHMENT_ID, filename, String(bytes.length)),
        reportRequest: "reportRequests/rq-1",
        partner: "partners/csp-dover",
        sha256: "ab".repeat(32),
        createTime: null,
      },
    };
    yield { part: "chunk", chunk: bytes.subarray(0, 10) };
    yield { part: "chunk", chunk: bytes.subarray(10) };
  };
}

/** An upload's messages as the service receives them: the metadata, then the file's bytes in chunks. */
async function received(messages: unknown) {
  const all: { metadata?: unknown; chunk?: Buffer }[] = [];
  for await (const m of messages as AsyncIterable<{ metadata?: unknown; chunk?: Buffer }>) all.push(m);
  const chunks = all.slice(1).map((m) => m.chunk as Buffer);
  return { metadata: all[0]?.metadata, chunks, bytes: Buffer.concat(chunks) };
}

const routes: PageTests = {
  "GET /requests": {
    "the OPCC's list: one page of 25 with no filters, each request with every partnership's state and the counts":
      async () => {
        mesh.downstream.on(
          "reports",
          "ListReportRequests",
          list([request(), request({ name: "reportRequests/rq-2", title: "Knife crime", withdrawn: true })], {
            stateCounts: [
              { state: "ADDRESSEE_STATE_SUBMITTED", count: 3 },
              { state: "ADDRESSEE_STATE_DRAFT", count: 0 },
            ],
            overdueCount: 2,
          }),
        );
        const page = await mesh.send("GET", "/requests", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Report requests");
        expect(mesh.downstream.requests("reports", "ListReportRequests")).toEqual([
          {
            pageSize: 25,
            pageToken: "",
            query: "",
            state: "",
            overdueOnly: false,
            addressee: "",
            classification: "",
            legalBasis: "",
            dueAfter: null,
            dueBefore: null,
            orderBy: "",
          },
        ]);
        expect(tokens()).toEqual(["token-opcc"]);
        expect(tables(page.text)).toEqual([
          {
            caption: "All report requests",
            head: ["Request", "Due", "Partnerships"],
            rows: [
              ["Retail crime", "5pm on 1 July 2027", "Dover CSP: Submitted Maidstone CSP: Requested Overdue"],
              ["Knife crime", "5pm on 1 July 2027", "Withdrawn"],
            ],
          },
        ]);
        expect(page.text).toContain('<a class="govuk-link" href="/requests/rq-2">Knife crime</a>');
        expect(textOf(page.text)).toContain("Submitted 3 Overdue 2");
        expect(textOf(page.text)).not.toContain("Draft 0");
        expect(page.text).toContain('href="/requests/new"');
      },
    "filters and words from the query string go to the service, invalid ones are dropped, and the next page keeps them":
      async () => {
        mesh.downstream.on("reports", "ListReportRequests", list([request()], { nextPageToken: "tok-2" }));
        const query =
          "q=+shop+theft+&state=ADDRESSEE_STATE_RETURNED&overdue=yes&partner=partners/csp-dover" +
          "&classification=CLASSIFICATION_OFFICIAL_SENSITIVE&legalBasis=NOT_A_BASIS&order=title" +
          "&from-day=1&from-month=7&from-year=2027&to-day=31&to-month=7&to-year=2027&page=tok-1";
        const page = await mesh.send("GET", `/requests?${query}`, { as: "opcc" });
        expect(page.status).toBe(200);
        expect(mesh.downstream.requests("reports", "ListReportRequests")).toEqual([
          {
            pageSize: 25,
            pageToken: "tok-1",
            query: "shop theft",
            state: "ADDRESSEE_STATE_RETURNED",
            overdueOnly: true,
            addressee: "partners/csp-dover",
            classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
            legalBasis: "",
            // From the start of 1 July, to 5pm on 31 July, London time (summer: UTC+1).
            dueAfter: { seconds: String(Date.parse("2027-06-30T23:00:00Z") / 1000), nanos: 0 },
            dueBefore: { seconds: String(Date.parse("2027-07-31T16:00:00Z") / 1000), nanos: 0 },
            orderBy: "title",
          },
        ]);
        expect(tables(page.text)[0]?.caption).toBe("Requests matching “shop theft”");
        const next = /href="([^"]+)" rel="next"/.exec(page.text)?.[1]?.replace(/&amp;/g, "&") ?? "";
        expect(Object.fromEntries(new URL(next, mesh.url).searchParams)).toEqual({
          q: "shop theft",
          state: "ADDRESSEE_STATE_RETURNED",
          overdue: "yes",
          partner: "partners/csp-dover",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          order: "title",
          "from-day": "1",
          "from-month": "7",
          "from-year": "2027",
          "to-day": "31",
          "to-month": "7",
          "to-year": "2027",
          page: "tok-2",
        });
        expect(fieldValue(page.text, "q")).toBe("shop theft");
        expect(chosen(page.text, "state")).toEqual(["ADDRESSEE_STATE_RETURNED"]);
        expect(chosen(page.text, "partner")).toEqual(["partners/csp-dover"]);
      },
    "a partnership's list is its own: no partnership filter is sent, statuses without names, nothing to create":
      async () => {
        mesh.downstream.on("reports", "ListReportRequests", list([request()]));
        const page = await mesh.send("GET", "/requests?partner=partners/csp-maidstone", { as: "officer" });
        expect(headingOf(page.text)).toBe("What your partnership must report");
        expect(mesh.downstream.requests("reports", "ListReportRequests")[0]).toMatchObject({ addressee: "" });
        expect(tokens()).toEqual(["token-officer"]);
        expect(tables(page.text)[0]?.rows[0]).toEqual([
          "Retail crime",
          "5pm on 1 July 2027",
          "Submitted Requested Overdue",
        ]);
        expect(page.text).not.toContain('href="/requests/new"');
        expect(page.text).not.toContain('name="partner"');
      },
    "a date range that is not real or runs backwards: 400, each date named in the summary, the dates kept":
      async () => {
        mesh.downstream.on("reports", "ListReportRequests", list([]));
        const page = await mesh.send(
          "GET",
          "/requests?from-day=31&from-month=2&from-year=2027&to-day=1&to-month=7&to-year=2027",
          { as: "opcc" },
        );
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([{ text: "Due from date must be a real date", href: "#from-day" }]);
        expect(fieldValue(page.text, "from-day")).toBe("31");
        const backwards = await mesh.send(
          "GET",
          "/requests?from-day=2&from-month=7&from-year=2027&to-day=1&to-month=7&to-year=2027",
          { as: "opcc" },
        );
        expect(backwards.status).toBe(400);
        expect(errorSummary(backwards.text)).toEqual([
          { text: "Due to date must be the same as or after the due from date", href: "#to-day" },
        ]);
        expect(textOf(backwards.text)).toContain("No requests match.");
      },
    "words the service cannot search for: 400 with the search box named": async () => {
      mesh.downstream.on("reports", "ListReportRequests", () => {
        throw refusedFields("query too short", [{ field: "query", description: "must be 2 letters or more" }]);
      });
      const page = await mesh.send("GET", "/requests?q=a", { as: "opcc" });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Enter a word of 2 letters or more to search for", href: "#q" },
      ]);
      expect(fieldValue(page.text, "q")).toBe("a");
    },
    "the reports service unavailable: 503": async () => {
      mesh.downstream.on("reports", "ListReportRequests", () => {
        throw grpcError("UNAVAILABLE", "connection refused");
      });
      const page = await mesh.send("GET", "/requests", { as: "opcc" });
      expect(page.status).toBe(503);
    },
    "not signed in: to sign in": async () => {
      const page = await mesh.send("GET", "/requests");
      expect([page.status, page.location]).toEqual([303, "/sign-in"]);
      expect(mesh.downstream.calls).toEqual([]);
    },
  },

  "GET /requests/new": {
    "the OPCC's form offers every community safety partnership by name and one question, asking no service":
      async () => {
        const page = await mesh.send("GET", "/requests/new", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Create a report request");
        const boxes = [...page.text.matchAll(/name="addressees"[^>]*value="([^"]+)"/g)].map((m) => m[1]);
        expect(boxes).toEqual(["all", "partners/csp-dover", "partners/csp-maidstone"]);
        expect(textOf(page.text)).toContain("Dover CSP");
        expect(page.text).not.toContain('value="partners/opcc-kent"');
        expect(fieldValue(page.text, "questionCount")).toBe("1");
        expect(called()).toEqual([]);
      },
    "anyone but the OPCC: page not found": async () => {
      for (const as of ["officer", "panel"]) {
        const page = await mesh.send("GET", "/requests/new", { as });
        expect(page.status).toBe(404);
        expect(headingOf(page.text)).toBe("Page not found");
      }
    },
  },

  "POST /requests/new": {
    "creates the request from the form, due 5pm London time, and goes to it": async () => {
      mesh.downstream.on("reports", "CreateReportRequest", request({ name: "reportRequests/rq-new" }));
      const sent = await mesh.send("POST", "/requests/new", {
        as: "opcc",
        form: {
          title: " Retail crime ",
          issue: "Shop theft in town centres",
          addressees: ["partners/csp-dover", "partners/csp-maidstone"],
          "due-day": "1",
          "due-month": "7",
          "due-year": "2031",
          classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
          legalBasis: "LEGAL_BASIS_FORMAL_S7",
          s7: ["notSatisfied", "reasonable"],
          s7reasoning: "Repeated failures to share data",
          s7publish: "yes",
          s7manner: "On the OPCC website",
          questionCount: "2",
          q0_title: "Summary",
          q0_type: "SECTION_TYPE_TEXT",
          q0_required: "yes",
          q1_title: "Which areas?",
          q1_type: "SECTION_TYPE_MULTIPLE_CHOICE",
          q1_options: "Town centre\r\n \r\nHarbour\r\n",
          action: "create",
        },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-new?created=1"]);
      expect(mesh.downstream.requests("reports", "CreateReportRequest")).toEqual([
        {
          reportRequest: {
            title: "Retail crime",
            issueOfConcern: "Shop theft in town centres",
            addressees: [{ partner: "partners/csp-dover" }, { partner: "partners/csp-maidstone" }],
            sections: [
              { id: "q1", title: "Summary", help: "", type: "SECTION_TYPE_TEXT", required: true, options: [] },
              {
                id: "q2",
                title: "Which areas?",
                help: "",
                type: "SECTION_TYPE_MULTIPLE_CHOICE",
                required: false,
                options: ["Town centre", "Harbour"],
              },
            ],
            dueTime: { seconds: String(Date.parse("2031-07-01T16:00:00Z") / 1000), nanos: 0 },
            classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
            legalBasis: "LEGAL_BASIS_FORMAL_S7",
            formalS7: {
              notSatisfiedEffectiveEfficient: true,
              reasonableAndProportionate: true,
              reasoning: "Repeated failures to share data",
              publish: true,
              publicationManner: "On the OPCC website",
            },
          },
          allActiveCsps: false,
          requestId,
          validateOnly: false,
        },
      ]);
      expect(tokens()).toEqual(["token-opcc"]);
    },
    "'all active partnerships' sends none by name, and an informal request no section 7 findings": async () => {
      mesh.downstream.on("reports", "CreateReportRequest", request({ name: "reportRequests/rq-all" }));
      const sent = await mesh.send("POST", "/requests/new", {
        as: "opcc",
        form: {
          title: "Retail crime",
          issue: "Shop theft in town centres",
          addressees: "all",
          "due-day": "1",
          "due-month": "12",
          "due-year": "2031",
          q0_title: "Summary",
        },
      });
      expect(sent.location).toBe("/requests/rq-all?created=1");
      const [body] = mesh.downstream.requests("reports", "CreateReportRequest");
      expect(body).toMatchObject({
        allActiveCsps: true,
        reportRequest: {
          addressees: [],
          legalBasis: "LEGAL_BASIS_INFORMAL",
          classification: "CLASSIFICATION_OFFICIAL",
          formalS7: null,
          // Winter: 5pm London is 17:00 UTC.
          dueTime: { seconds: String(Date.parse("2031-12-01T17:00:00Z") / 1000), nanos: 0 },
        },
      });
    },
    "every problem at once: the page's own (a past date, no partnership) and the service's (validate only), nothing created, the values kept":
      async () => {
        mesh.downstream.on("reports", "CreateReportRequest", () => {
          throw refusedFields("invalid request", [
            { field: "report_request.title", description: "must be 5 characters or more" },
            { field: "report_request.sections[0].title", description: "must be 3 characters or more" },
          ]);
        });
        const page = await mesh.send("POST", "/requests/new", {
          as: "opcc",
          form: {
            title: "Shop",
            issue: "Shop theft <b>in town</b>",
            "due-day": "1",
            "due-month": "1",
            "due-year": "2020",
            q0_title: "Q",
          },
        });
        expect(page.status).toBe(400);
        expect(titleOf(page.text)).toBe("Error: Create a report request - Community safety partnership work");
        expect(errorSummary(page.text)).toEqual([
          { text: "Enter a title of 5 characters or more", href: "#title" },
          { text: "Select the partnerships that must report", href: "#addressees" },
          { text: "Due date must be in the future", href: "#due-day" },
          { text: "Enter question 1 in 3 characters or more", href: "#q0_title" },
        ]);
        const [asked] = mesh.downstream.requests("reports", "CreateReportRequest");
        expect(asked).toMatchObject({ validateOnly: true, allActiveCsps: true });
        expect(fieldValue(page.text, "title")).toBe("Shop");
        expect(fieldValue(page.text, "issue")).toBe("Shop theft <b>in town</b>");
        expect(page.text).not.toContain("<b>in town</b>");
        expect(fieldValue(page.text, "due-year")).toBe("2020");
        expect(fieldValue(page.text, "q0_title")).toBe("Q");
      },
    "'add another question' shows the form again with one more, sending nothing": async () => {
      const page = await mesh.send("POST", "/requests/new", {
        as: "opcc",
        form: { title: "Retail crime", questionCount: "1", q0_title: "Summary", action: "add-question" },
      });
      expect(page.status).toBe(200);
      expect(fieldValue(page.text, "questionCount")).toBe("2");
      expect(fieldValue(page.text, "q0_title")).toBe("Summary");
      expect(fieldValue(page.text, "q1_title")).toBe("");
      expect(errorSummary(page.text)).toEqual([]);
      expect(called()).toEqual([]);
    },
    "a partnership cannot create one: page not found, nothing sent": async () => {
      const page = await mesh.send("POST", "/requests/new", { as: "officer", form: { title: "Retail crime" } });
      expect(page.status).toBe(404);
      expect(called()).toEqual([]);
    },
    "signed out mid-form: kept, and to sign in": async () => {
      const sent = await mesh.send("POST", "/requests/new", { as: "ended-opcc", form: { title: "Retail crime" } });
      expect([sent.status, sent.location]).toEqual([303, "/sign-in?kept=1"]);
      expect([...mesh.keptForms.values()].at(-1)).toMatchObject({
        path: "/requests/new",
        fields: { title: "Retail crime" },
        person: "people/opcc-staff-1",
      });
      expect(called()).toEqual([]);
    },
  },

  "GET /requests/:id": {
    "the OPCC's page: the request, each partnership's state and latest version, versions, history in words, the withdraw form":
      async () => {
        mesh.downstream
          .on(
            "reports",
            "GetReportRequest",
            request({
              legalBasis: "LEGAL_BASIS_FORMAL_S7",
              formalS7: {
                notSatisfiedEffectiveEfficient: true,
                reasonableAndProportionate: true,
                reasoning: "Repeated failures",
                publish: true,
                publicationManner: "On the website",
              },
            }),
          )
          .on("reports", "ListSubmissions", { submissions: [submission(2, [])], nextPageToken: "" })
          .on("reports", "ListReportRequestHistory", {
            entries: [
              {
                time: ts("2027-06-20T09:00:00Z"),
                actor: "people/dover-officer",
                actorDisplayName: "Sam Patel",
                partner: "partners/csp-dover",
                action: "submit",
                fromState: "ADDRESSEE_STATE_DRAFT",
                toState: "ADDRESSEE_STATE_SUBMITTED",
                version: 2,
                reasons: "",
              },
            ],
            nextPageToken: "",
          });
        const page = await mesh.send("GET", "/requests/rq-1?created=1", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(titleOf(page.text)).toBe("Retail crime - Community safety partnership work");
        expect(textOf(page.text)).toContain("Report request created");
        expect(textOf(page.text)).toContain("Formal requirement, section 7(1) Crime and Disorder Act 1998");
        expect(summaryRows(page.text)).toEqual([
          ["Issue of concern", "Shop theft in town centres"],
          ["Due", "5pm on 1 July 2027"],
          ["Classification", "OFFICIAL"],
          ["Reasoning (s.7(1A))", "Repeated failures"],
          ["Publication (s.7(3))", "To be published: On the website"],
        ]);
        expect(mesh.downstream.requests("reports", "GetReportRequest")).toEqual([{ name: "reportRequests/rq-1" }]);
        expect(mesh.downstream.requests("reports", "ListReportRequestHistory")).toEqual([
          { name: "reportRequests/rq-1", pageSize: 200 },
        ]);
        expect(mesh.downstream.requests("reports", "ListSubmissions")).toEqual([
          { parent: "reportRequests/rq-1", pageSize: 200 },
        ]);
        const [partnerships, versions, history] = tables(page.text);
        expect(partnerships?.rows).toEqual([
          ["Dover CSP", "Submitted", "2", "Review"],
          ["Maidstone CSP", "Requested Overdue", "None", ""],
        ]);
        expect(page.text).toContain('href="/requests/rq-1/submissions/csp-dover/versions/2">Review</a>');
        expect(versions?.rows).toEqual([["Version 2", "Dover CSP", "10am on 20 June 2027", `${"2".repeat(16)}…`]]);
        expect(history?.rows).toEqual([["10am on 20 June 2027", "Sam Patel submitted version 2 for Dover CSP"]]);
        // Withdrawing is offered from the partnerships that have not finished (and from every one).
        expect(page.text).toContain('action="/requests/rq-1/withdraw"');
        expect([...page.text.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([
          "",
          "partners/csp-dover",
          "partners/csp-maidstone",
        ]);
        expect(page.text).toContain('href="/requests/rq-1/answers"');
      },
    "a partnership sees its own state with what it can do; no one else's, no withdrawing": async () => {
      mesh.downstream.on(
        "reports",
        "GetReportRequest",
        request({ addressees: [addressee("partners/csp-dover", "ADDRESSEE_STATE_REQUESTED")] }),
      );
      const page = await mesh.send("GET", "/requests/rq-1", { as: "officer" });
      expect(page.status).toBe(200);
      expect(/id="my-status">([^<]*)</.exec(page.text)?.[1]).toBe("Requested");
      expect(page.text).toContain('action="/requests/rq-1/acknowledge"');
      expect(textOf(page.text)).toContain("Start your report");
      expect(page.text).toContain('href="/requests/rq-1/report"');
      expect(page.text).not.toContain("/withdraw");
      expect(page.text).not.toContain('id="answers-link"');
      expect(tokens()).toEqual(["token-officer"]);
    },
    "a request the person may not see (NOT_FOUND): the 404 page, nothing more asked": async () => {
      mesh.downstream.on("reports", "GetReportRequest", () => {
        throw grpcError("NOT_FOUND", "reportRequests/rq-9 not found");
      });
      const page = await mesh.send("GET", "/requests/rq-9", { as: "officer" });
      expect(page.status).toBe(404);
      expect(headingOf(page.text)).toBe("Page not found");
      expect(called()).toEqual(["reports.GetReportRequest"]);
    },
  },

  "POST /requests/:id/withdraw": {
    "withdraws it from the partnership chosen, with the reasons, and back to the request": async () => {
      mesh.downstream.on("reports", "WithdrawReportRequest", request({ withdrawn: true }));
      const sent = await mesh.send("POST", "/requests/rq-1/withdraw", {
        as: "opcc",
        form: { partner: "partners/csp-maidstone", reasons: " No longer needed " },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1"]);
      expect(mesh.downstream.requests("reports", "WithdrawReportRequest")).toEqual([
        { name: "reportRequests/rq-1", partner: "partners/csp-maidstone", reasons: "No longer needed", requestId },
      ]);
    },
    "without reasons: the request page with status 400, the reasons named, nothing withdrawn": async () => {
      const page = await mesh.send("POST", "/requests/rq-1/withdraw", { as: "opcc", form: { reasons: "no" } });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Say why the request is being withdrawn", href: "#withdraw-reasons" },
      ]);
      expect(page.text).toContain('<details class="govuk-details" open>');
      expect(called()).not.toContain("reports.WithdrawReportRequest");
    },
    "a partnership may not (PERMISSION_DENIED): 403 with the service's reason": async () => {
      mesh.downstream.on("reports", "WithdrawReportRequest", () => {
        throw grpcError("PERMISSION_DENIED", "only the OPCC may withdraw a request");
      });
      const page = await mesh.send("POST", "/requests/rq-1/withdraw", {
        as: "officer",
        form: { reasons: "We do not want to report" },
      });
      expect(page.status).toBe(403);
      expect(headingOf(page.text)).toBe("You cannot do that");
      expect(textOf(page.text)).toContain("only the OPCC may withdraw a request");
      expect(tokens()).toEqual(["token-officer"]);
    },
  },

  "POST /requests/:id/acknowledge": {
    "acknowledges the request for the officer's partnership, and back to it": async () => {
      mesh.downstream.on("reports", "AcknowledgeReportRequest", request());
      const sent = await mesh.send("POST", "/requests/rq-1/acknowledge", { as: "officer" });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1"]);
      expect(mesh.downstream.requests("reports", "AcknowledgeReportRequest")).toEqual([
        { name: "reportRequests/rq-1", requestId },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "already past that (FAILED_PRECONDITION): 409 with the reason and a way back": async () => {
      mesh.downstream.on("reports", "AcknowledgeReportRequest", () => {
        throw grpcError("FAILED_PRECONDITION", "the report was already submitted");
      });
      const page = await mesh.send("POST", "/requests/rq-1/acknowledge", { as: "officer" });
      expect(page.status).toBe(409);
      expect(headingOf(page.text)).toBe("That is not possible now");
      expect(textOf(page.text)).toContain("the report was already submitted");
      expect(page.text).toContain('href="/requests/rq-1">Go back</a>');
    },
  },

  "GET /requests/:id/report": {
    "the officer's form starts from their draft: its answers, dates in three boxes, its attachments; the upload carries the form token":
      async () => {
        mesh.downstream.on("reports", "GetDraft", () =>
          draft(
            [
              { sectionId: "q1", text: "Thefts rose" },
              { sectionId: "q2", number: 42 },
              { sectionId: "q3", date: "2027-03-09" },
            ],
            { attachments: [attachment(ATTACHMENT_ID, "wards.pdf", "3145728")] },
          ),
        );
        const page = await mesh.send("GET", "/requests/rq-1/report?saved=1", { as: "officer" });
        expect(page.status).toBe(200);
        expect(titleOf(page.text)).toBe("Your report: Retail crime - Community safety partnership work");
        expect(mesh.downstream.requests("reports", "GetDraft")).toEqual([{ parent: "reportRequests/rq-1" }]);
        expect(called()).toEqual(["reports.GetReportRequest", "reports.GetDraft"]);
        expect(fieldValue(page.text, "a_q1")).toBe("Thefts rose");
        expect(fieldValue(page.text, "a_q2")).toBe("42");
        expect([
          fieldValue(page.text, "a_q3-day"),
          fieldValue(page.text, "a_q3-month"),
          fieldValue(page.text, "a_q3-year"),
        ]).toEqual(["9", "3", "2027"]);
        expect(textOf(page.text)).toContain("Last operation (optional)");
        expect(textOf(page.text)).toContain("wards.pdf (3.0 MB)");
        expect(page.text).toContain(`<input type="hidden" name="attachments" value="attachments/${ATTACHMENT_ID}">`);
        expect(textOf(page.text)).toContain("Your draft has been saved");
        const token = fieldValue(page.text, "_csrf") ?? "";
        expect(token).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{64}$/);
        expect(page.text).toContain(`formaction="/requests/rq-1/attachments?_csrf=${encodeURIComponent(token)}"`);
      },
    "after a return, without a draft, it starts from the latest version sent": async () => {
      mesh.downstream
        .on(
          "reports",
          "GetReportRequest",
          request({ addressees: [addressee("partners/csp-dover", "ADDRESSEE_STATE_RETURNED", { latestVersion: 2 })] }),
        )
        .on("reports", "GetSubmission", submission(2, [{ sectionId: "q1", text: "As sent in version 2" }]));
      const page = await mesh.send("GET", "/requests/rq-1/report", { as: "officer" });
      expect(page.status).toBe(200);
      expect(mesh.downstream.requests("reports", "GetSubmission")).toEqual([
        { name: "reportRequests/rq-1/submissions/csp-dover/versions/2" },
      ]);
      expect(fieldValue(page.text, "a_q1")).toBe("As sent in version 2");
    },
    "the OPCC and the panel do not answer requests: page not found": async () => {
      for (const as of ["opcc", "panel"]) {
        const page = await mesh.send("GET", "/requests/rq-1/report", { as });
        expect(page.status).toBe(404);
      }
      expect(called()).not.toContain("reports.GetDraft");
    },
  },

  "POST /requests/:id/report": {
    "'save draft' saves the answers typed, each as its type, with the attachments kept, and shows the form again":
      async () => {
        mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
        const sent = await mesh.send("POST", "/requests/rq-1/report", {
          as: "officer",
          form: {
            a_q1: " Thefts rose ",
            a_q2: "42",
            "a_q3-day": "9",
            "a_q3-month": "3",
            "a_q3-year": "2027",
            attachments: `attachments/${ATTACHMENT_ID}`,
            action: "save",
          },
        });
        expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report?saved=1"]);
        expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
          {
            parent: "reportRequests/rq-1",
            answers: [
              { sectionId: "q1", text: "Thefts rose" },
              { sectionId: "q2", number: 42 },
              { sectionId: "q3", date: "2027-03-09" },
            ],
            attachments: [`attachments/${ATTACHMENT_ID}`],
          },
        ]);
        expect(tokens()).toEqual(["token-officer"]);
      },
    "'continue' with every required answer goes to check the answers": async () => {
      mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
      const sent = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", a_q2: "42", action: "continue" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/check"]);
    },
    "'continue' with answers missing: 400 naming each, after saving what was typed": async () => {
      mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
      const page = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", action: "continue" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: 'Answer "Incidents"', href: "#a_q2" }]);
      expect(fieldValue(page.text, "a_q1")).toBe("Thefts rose");
      expect(called()).toContain("reports.SaveDraft");
    },
    "a date that is not real is named with GOV.UK's words and never sent; the rest is saved": async () => {
      mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
      const page = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", "a_q3-day": "31", "a_q3-month": "2", "a_q3-year": "2027", action: "save" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Last operation must be a real date", href: "#a_q3-day" }]);
      expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
        { parent: "reportRequests/rq-1", answers: [{ sectionId: "q1", text: "Thefts rose" }], attachments: [] },
      ]);
      expect(fieldValue(page.text, "a_q3-day")).toBe("31");
    },
    "an answer the service refuses is named by its question, with the typed values kept": async () => {
      mesh.downstream.on("reports", "SaveDraft", () => {
        throw refusedFields("invalid answers", [{ field: "answers.q2", description: "must be 0 or more" }]);
      });
      const page = await mesh.send("POST", "/requests/rq-1/report", {
        as: "officer",
        form: { a_q1: "Thefts rose", a_q2: "-4", action: "save" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Incidents must be 0 or more", href: "#a_q2" }]);
      expect(fieldValue(page.text, "a_q2")).toBe("-4");
      expect(called()).toEqual(["reports.GetReportRequest", "reports.SaveDraft", "reports.GetDraft"]);
    },
  },

  "POST /requests/:id/attachments": {
    "streams the file to the reports service's upload, then saves the draft with the answers typed and the new attachment":
      async () => {
        const bytes = Buffer.alloc(200_000, "x");
        bytes.write("%PDF-1.7\n", 0);
        let upload: Awaited<ReturnType<typeof received>> | undefined;
        mesh.downstream.on("reports", "UploadAttachment", async (messages) => {
          upload = await received(messages);
          return attachment("fedcba9876543210fedcba98", "wards.pdf");
        });
        mesh.downstream.on("reports", "SaveDraft", (req) => draft(req.answers as Answer[]));
        const form = new FormData();
        form.append("a_q1", "Thefts rose");
        form.append("attachments", `attachments/${ATTACHMENT_ID}`);
        form.append("file", new Blob([bytes], { type: "application/pdf" }), "wards.pdf");
        const sent = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
        expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report?saved=1"]);
        expect(upload?.metadata).toEqual({ parent: "reportRequests/rq-1", filename: "wards.pdf" });
        expect(upload?.bytes.equals(bytes)).toBe(true);
        expect(upload?.chunks.length).toBeGreaterThan(1); // streamed as it arrived, not one buffer
        expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
          {
            parent: "reportRequests/rq-1",
            answers: [{ sectionId: "q1", text: "Thefts rose" }],
            attachments: [`attachments/${ATTACHMENT_ID}`, "attachments/fedcba9876543210fedcba98"],
          },
        ]);
        expect(tokens()).toEqual(["token-officer"]);
      },
    "no file chosen: 400 naming the file input, the answers typed kept, nothing uploaded": async () => {
      const form = new FormData();
      form.append("a_q1", "Thefts rose");
      form.append("file", new Blob([]), "");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "Select a file to add", href: "#file" }]);
      expect(fieldValue(page.text, "a_q1")).toBe("Thefts rose");
      expect(called()).not.toContain("reports.UploadAttachment");
    },
    "a file of a type the service refuses: 400 saying which types it takes": async () => {
      mesh.downstream.on("reports", "UploadAttachment", async (messages) => {
        await received(messages);
        throw refusedFields("unsupported type", [{ field: "chunk", description: "the file is an executable" }]);
      });
      const form = new FormData();
      form.append("file", new Blob([Buffer.from("MZ\x90\x00")]), "tool.exe");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "The file must be a PDF, CSV, XLSX, DOCX or ODT: unsupported type", href: "#file" },
      ]);
      expect(called()).not.toContain("reports.SaveDraft");
    },
    "a body declared larger than the limit is refused before any of it is read or uploaded": async () => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.alloc(1_400_000)]), "huge.pdf");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", { as: "officer", multipart: form });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([{ text: "The file must be smaller than 1 MB", href: "#file" }]);
      expect(called()).not.toContain("reports.UploadAttachment");
    },
    "without the form token in the address it is refused": async () => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.from("%PDF")]), "a.pdf");
      const page = await mesh.send("POST", "/requests/rq-1/attachments", {
        as: "officer",
        multipart: form,
        csrf: false,
      });
      expect(page.status).toBe(403);
      expect(called()).toEqual([]);
    },
  },

  "GET /requests/:id/check": {
    "lists each answer of the draft with a link to change it, and the submit form with a fresh request id":
      async () => {
        mesh.downstream.on("reports", "GetDraft", () =>
          draft(
            [
              { sectionId: "q1", text: "Thefts rose" },
              { sectionId: "q3", date: "2027-03-09" },
            ],
            {
              attachments: [attachment(ATTACHMENT_ID, "wards.pdf")],
            },
          ),
        );
        const page = await mesh.send("GET", "/requests/rq-1/check", { as: "officer" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Check your answers before submitting your report");
        expect(summaryRows(page.text)).toEqual([
          ["Summary", "Thefts rose"],
          ["Incidents", "Not answered"],
          ["Last operation", "9 March 2027"],
          ["Attachments", "wards.pdf"],
        ]);
        expect(page.text).toContain('href="/requests/rq-1/report#a_q2"');
        expect(fieldValue(page.text, "requestId")).toMatch(/^web-[0-9a-f-]{36}$/);
        expect(page.text).toContain('action="/requests/rq-1/submit"');
      },
    "no draft yet: back to the form": async () => {
      const page = await mesh.send("GET", "/requests/rq-1/check", { as: "officer" });
      expect([page.status, page.location]).toEqual([303, "/requests/rq-1/report"]);
    },
  },

  "POST /requests/:id/submit": {
    "submits the draft with the page's request id and says which version was sent": async () => {
      mesh.downstream.on("reports", "SubmitReport", submission(3, []));
      const sent = await mesh.send("POST", "/requests/rq-1/submit", {
        as: "officer",
        form: { requestId: "web-11111111-2222-3333-4444-555555555555" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/submitted?version=3"]);
      expect(mesh.downstream.requests("reports", "SubmitReport")).toEqual([
        { parent: "reportRequests/rq-1", fromDraft: true, requestId: "web-11111111-2222-3333-4444-555555555555" },
      ]);
      expect(tokens()).toEqual(["token-officer"]);
    },
    "answers missing (INVALID_ARGUMENT): back to the form, which names them": async () => {
      mesh.downstream.on("reports", "SubmitReport", () => {
        throw refusedFields("incomplete", [{ field: "answers.q2", description: "is required" }]);
      });
      const sent = await mesh.send("POST", "/requests/rq-1/submit", { as: "officer", form: { requestId: "web-1" } });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report"]);
    },
    "the request was withdrawn meanwhile (FAILED_PRECONDITION): 409": async () => {
      mesh.downstream.on("reports", "SubmitReport", () => {
        throw grpcError("FAILED_PRECONDITION", "the request was withdrawn");
      });
      const page = await mesh.send("POST", "/requests/rq-1/submit", { as: "officer", form: { requestId: "web-1" } });
      expect(page.status).toBe(409);
      expect(textOf(page.text)).toContain("the request was withdrawn");
    },
  },

  "GET /requests/:id/submitted": {
    "the confirmation shows the version sent and links back, asking nothing": async () => {
      const page = await mesh.send("GET", "/requests/rq-1/submitted?version=3", { as: "officer" });
      expect(page.status).toBe(200);
      expect(textOf(page.text)).toContain("Report submitted Version 3");
      expect(page.text).toContain('href="/requests/rq-1">Back to the request</a>');
      expect(called()).toEqual([]);
    },
  },

  "GET /published": {
    "the published reports, one page of 50, each linking to its version": async () => {
      mesh.downstream.on("reports", "ListPublishedReports", {
        submissions: [submission(2, [], { published: true })],
        nextPageToken: "",
      });
      const page = await mesh.send("GET", "/published", { as: "panel" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Published reports");
      expect(mesh.downstream.requests("reports", "ListPublishedReports")).toEqual([{ pageSize: 50 }]);
      expect(tables(page.text)[0]?.rows).toEqual([["reportRequests/rq-1", "Dover CSP", "2"]]);
      expect(page.text).toContain('href="/requests/rq-1/submissions/csp-dover/versions/2"');
      expect(tokens()).toEqual(["token-panel"]);
    },
    "none yet: says so": async () => {
      mesh.downstream.on("reports", "ListPublishedReports", { submissions: [], nextPageToken: "" });
      const page = await mesh.send("GET", "/published", { as: "opcc" });
      expect(textOf(page.text)).toContain("No reports have been published yet.");
    },
  },

  "GET /requests/:id/submissions/:partner/versions/:version": {
    "a resubmission to review: its answers, attachments to download, what changed since version 1, the review form":
      async () => {
        mesh.downstream.on("reports", "GetSubmission", (req) =>
          req.name === "reportRequests/rq-1/submissions/csp-dover/versions/2"
            ? submission(
                2,
                [
                  { sectionId: "q1", text: "Thefts fell" },
                  { sectionId: "q2", number: 40 },
                ],
                {
                  attachments: [attachment(ATTACHMENT_ID, "wards.pdf")],
                },
              )
            : submission(1, [
                { sectionId: "q1", text: "Thefts rose" },
                { sectionId: "q2", number: 40 },
              ]),
        );
        const page = await mesh.send("GET", "/requests/rq-1/submissions/csp-dover/versions/2", { as: "opcc" });
        expect(page.status).toBe(200);
        expect(headingOf(page.text)).toBe("Dover CSP: version 2");
        expect(mesh.downstream.requests("reports", "GetSubmission")).toEqual([
          { name: "reportRequests/rq-1/submissions/csp-dover/versions/2" },
          { name: "reportRequests/rq-1/submissions/csp-dover/versions/1" },
        ]);
        expect(summaryRows(page.text).slice(0, 4)).toEqual([
          ["Submitted", "10am on 20 June 2027 by Sam Patel"],
          ["Summary", "Thefts fell"],
          ["Incidents", "40"],
          ["Last operation", "Not answered"],
        ]);
        expect(page.text).toContain(`<a class="govuk-link" href="/attachments/${ATTACHMENT_ID}">wards.pdf</a>`);
        expect(textOf(page.text)).toContain("What changed since version 1");
        expect(page.text).toContain('<del><span class="govuk-visually-hidden">[removed: </span>rose');
        expect(page.text).toContain('<ins><span class="govuk-visually-hidden">[added: </span>fell');
        expect(page.text).toContain('action="/requests/rq-1/review"');
        expect(fieldValue(page.text, "partner")).toBe("partners/csp-dover");
        expect(fieldValue(page.text, "version")).toBe("2");
      },
    "a first version has nothing to compare; the partnership reads it without a review form": async () => {
      mesh.downstream.on("reports", "GetSubmission", submission(1, [{ sectionId: "q1", text: "Thefts rose" }]));
      const page = await mesh.send("GET", "/requests/rq-1/submissions/csp-dover/versions/1", { as: "officer" });
      expect(page.status).toBe(200);
      expect(mesh.downstream.requests("reports", "GetSubmission")).toHaveLength(1);
      expect(page.text).not.toContain('id="changes"');
      expect(page.text).not.toContain("/review");
    },
    "a version the person may not see: 404": async () => {
      mesh.downstream.on("reports", "GetSubmission", () => {
        throw grpcError("NOT_FOUND", "no such version");
      });
      const page = await mesh.send("GET", "/requests/rq-1/submissions/csp-maidstone/versions/1", { as: "officer" });
      expect(page.status).toBe(404);
    },
  },

  "POST /requests/:id/review": {
    "accepting sends the decision for the version reviewed, and back to the request": async () => {
      mesh.downstream.on("reports", "ReviewSubmission", request());
      const sent = await mesh.send("POST", "/requests/rq-1/review", {
        as: "opcc",
        form: { partner: "partners/csp-dover", version: "2", decision: "REVIEW_DECISION_ACCEPT" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1"]);
      expect(mesh.downstream.requests("reports", "ReviewSubmission")).toEqual([
        {
          name: "reportRequests/rq-1",
          partner: "partners/csp-dover",
          version: 2,
          decision: "REVIEW_DECISION_ACCEPT",
          reasons: "",
          requestId,
        },
      ]);
    },
    "returning without reasons, or deciding nothing: the version page with 400, the choice kept, nothing sent":
      async () => {
        mesh.downstream.on("reports", "GetSubmission", submission(2, [{ sectionId: "q1", text: "Thefts fell" }]));
        const page = await mesh.send("POST", "/requests/rq-1/review", {
          as: "opcc",
          form: { partner: "partners/csp-dover", version: "2", decision: "REVIEW_DECISION_RETURN", reasons: "x" },
        });
        expect(page.status).toBe(400);
        expect(errorSummary(page.text)).toEqual([{ text: "Say why the report is being returned", href: "#reasons" }]);
        expect(chosen(page.text, "decision")).toEqual(["REVIEW_DECISION_RETURN"]);
        expect(fieldValue(page.text, "reasons")).toBe("x");
        const none = await mesh.send("POST", "/requests/rq-1/review", {
          as: "opcc",
          form: { partner: "partners/csp-dover", version: "2" },
        });
        expect(none.status).toBe(400);
        expect(errorSummary(none.text)).toEqual([
          { text: "Choose whether to accept or return the report", href: "#decision" },
        ]);
        expect(called()).not.toContain("reports.ReviewSubmission");
        // The page shown again is the version posted.
        expect(mesh.downstream.requests("reports", "GetSubmission")[0]).toEqual({
          name: "reportRequests/rq-1/submissions/csp-dover/versions/2",
        });
      },
    "the service refusing the reasons: shown under the reasons": async () => {
      mesh.downstream.on("reports", "GetSubmission", submission(2, [])).on("reports", "ReviewSubmission", () => {
        throw refusedFields("reasons must not contain control characters", []);
      });
      const page = await mesh.send("POST", "/requests/rq-1/review", {
        as: "opcc",
        form: { partner: "csp-dover", version: "2", decision: "REVIEW_DECISION_RETURN", reasons: "Add figures" },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "reasons must not contain control characters", href: "#reasons" },
      ]);
      expect(mesh.downstream.requests("reports", "ReviewSubmission")[0]).toMatchObject({
        partner: "partners/csp-dover",
      });
    },
  },

  "GET /attachments/:id": {
    "streams the attachment from the reports service with its type, size, a safe file name and its digest":
      async () => {
        const bytes = Buffer.from("%PDF-1.7 a small file of the report\n");
        mesh.downstream.on("reports", "DownloadAttachment", download(bytes, 'wards "2027".pdf'));
        const res = await fetch(`${mesh.url}/attachments/${ATTACHMENT_ID}`, {
          headers: { cookie: "csp_session=opcc" },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("application/pdf");
        expect(res.headers.get("content-length")).toBe(String(bytes.length));
        expect(res.headers.get("content-disposition")).toBe('attachment; filename="wards _2027_.pdf"');
        expect(res.headers.get("digest")).toBe(`sha-256=${Buffer.from("ab".repeat(32), "hex").toString("base64")}`);
        expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
        expect(mesh.downstream.requests("reports", "DownloadAttachment")).toEqual([
          { name: `attachments/${ATTACHMENT_ID}` },
        ]);
        expect(tokens()).toEqual(["token-opcc"]);
      },
    "an id that is not an attachment's: 404 without asking": async () => {
      const page = await mesh.send("GET", "/attachments/..%2Fsecrets", { as: "opcc" });
      expect(page.status).toBe(404);
      expect(called()).toEqual([]);
    },
    "an attachment the person may not see (refused at the first read): the 404 page": async () => {
      mesh.downstream.on("reports", "DownloadAttachment", () => {
        throw grpcError("NOT_FOUND", "no such attachment");
      });
      const page = await mesh.send("GET", `/attachments/${ATTACHMENT_ID}`, { as: "panel" });
      expect(page.status).toBe(404);
      expect(headingOf(page.text)).toBe("Page not found");
    },
  },

  "GET /requests/:id/answers.csv": {
    "downloads every partnership's latest answers as CSV named with the classification, the download recorded by the service":
      async () => {
        mesh.downstream.on("reports", "ExportLatestAnswers", {
          reportRequest: request({ classification: "CLASSIFICATION_OFFICIAL_SENSITIVE" }),
          latest: [
            submission(2, [
              { sectionId: "q1", text: "=cmd" },
              { sectionId: "q2", number: 40 },
            ]),
          ],
        });
        const res = await mesh.send("GET", "/requests/rq-1/answers.csv", { as: "opcc" });
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
        expect(res.headers.get("content-disposition")).toBe(
          'attachment; filename="answers-rq-1-OFFICIAL-SENSITIVE.csv"',
        );
        expect(mesh.downstream.requests("reports", "ExportLatestAnswers")).toEqual([
          { name: "reportRequests/rq-1", forDownload: true, format: "csv" },
        ]);
        const lines = res.text.split("\r\n");
        expect(lines[0]).toBe(
          "Partnership,State,Version,Submitted at (UK time),Submitted by,Summary,Incidents,Last operation,Attachments",
        );
        expect(lines[1]).toBe("Dover CSP,Submitted,2,10am on 20 June 2027,Sam Patel,'=cmd,40,,");
        expect(lines[2]).toBe("Maidstone CSP,Requested,,,,,,,");
      },
  },

  "GET /requests/:id/answers": {
    "every partnership's latest answers side by side, a question at a time, filtered by state": async () => {
      mesh.downstream.on("reports", "ExportLatestAnswers", {
        reportRequest: request(),
        latest: [submission(2, [{ sectionId: "q1", text: "Thefts fell" }])],
      });
      const page = await mesh.send("GET", "/requests/rq-1/answers", { as: "opcc" });
      expect(page.status).toBe(200);
      expect(titleOf(page.text)).toBe("Answers: Retail crime - Community safety partnership work");
      expect(mesh.downstream.requests("reports", "ExportLatestAnswers")).toEqual([
        { name: "reportRequests/rq-1", forDownload: false, format: "" },
      ]);
      const [status, q1, q2] = tables(page.text);
      expect(status?.rows).toEqual([
        ["Dover CSP", "Submitted", "Version 1, Version 2", "Sam Patel, 10am on 20 June 2027"],
        ["Maidstone CSP", "Requested", "None yet", ""],
      ]);
      expect(q1).toMatchObject({ caption: "Question 1: Summary", rows: [["Dover CSP", "Thefts fell"]] });
      expect(q2).toMatchObject({ caption: "Question 2: Incidents", rows: [["Dover CSP", "Not answered"]] });
      expect(page.text).toContain('href="/requests/rq-1/submissions/csp-dover/versions/1"');
      const filtered = await mesh.send("GET", "/requests/rq-1/answers?state=ADDRESSEE_STATE_REQUESTED", { as: "opcc" });
      expect(tables(filtered.text).map((t) => t.rows)).toEqual([[["Maidstone CSP", "Requested", "None yet", ""]]]);
      expect(chosen(filtered.text, "state")).toEqual(["ADDRESSEE_STATE_REQUESTED"]);
    },
    "a request the person may not read (PERMISSION_DENIED): 403": async () => {
      mesh.downstream.on("reports", "ExportLatestAnswers", () => {
        throw grpcError("PERMISSION_DENIED", "only the OPCC reads every partnership's answers");
      });
      const page = await mesh.send("GET", "/requests/rq-1/answers", { as: "officer" });
      expect(page.status).toBe(403);
      expect(textOf(page.text)).toContain("only the OPCC reads every partnership's answers");
    },
  },
};

describe("report-request pages over the fake mesh", () => {
  test("every route of the area has a test, and every test names a route", () => {
    expect(
      webCoverage(
        routesOf(
          registerRequestList,
          registerCreateRequestPages,
          registerRequestPages,
          registerReportPages,
          registerVersionPages,
          registerAnswerPages,
        ),
        routes,
      ),
    ).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
