/**
 * The access matrix: every RPC of the directory, reports, meetings, assessments and audit services, called with tokens of every role
 * from two different CSPs (and the OPCC and the panel), against resources of the caller's own CSP
 * and of the other one. Expected outcomes are written out here, not derived from the policy module,
 * so a change to the policy or to a service's enforcement shows up as a failing cell.
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type BaseConfig, bearer, clientStream, type RunningService, serverStream } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import { type CryptoKey, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GrantsConfig } from "../../services/grants/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { NotifierConfig } from "../../services/notifier/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { type Actor, ADMIN_ONLY, all, listAt, type Outcome, type Row } from "../support/matrix";
import { combinationRows } from "../support/matrix-combinations";
import {
  call,
  clients,
  dropDatabase,
  eventually,
  isolation,
  signIn,
  startBesideDirectory,
  startDirectory,
  startGrants,
  unheardBy,
} from "../support/mesh";

const ACTORS: Actor[] = ["admin", "staff", "panel", "officer", "chair", "system"];
const CSPS = ["csp-maidstone", "csp-dover"] as const;

const ANSWERS = [{ sectionId: "summary", text: "What we found" }];
const reportRequestBody = (partner: string, extra: Record<string, unknown> = {}) => ({
  reportRequest: {
    title: "Matrix request",
    issueOfConcern: "An issue of concern for the access matrix.",
    addressees: [{ partner: `partners/${partner}` }],
    sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true }],
    dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
    classification: "CLASSIFICATION_OFFICIAL",
    legalBasis: "LEGAL_BASIS_INFORMAL",
    ...extra,
  },
});

describe("access matrix: every RPC x every role x two CSPs", () => {
  const iso = isolation("acl");
  let directory: RunningService<DirectoryConfig>;
  let audit: RunningService<BaseConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let rep: Client;
  let meet: Client;
  let assessments: RunningService<AssessmentsConfig>;
  let assess: Client;
  let dir: ReturnType<typeof clients>;
  let auditClient: Client;
  let notifier: RunningService<NotifierConfig>;
  let hooksClient: Client;
  let settingsClient: Client;
  let grantsService: RunningService<GrantsConfig>;
  let plansClient: Client;
  let grantsClient: Client;
  let registerClient: Client;
  const tokens = new Map<string, string>(); // `${actor}@${csp}` -> token
  let admin: string;

  const adminCall = <T>(method: string, req: unknown) => call<T>(dir.directory, method, req, admin);
  const newPerson = async (partner: string, n: number) =>
    (
      await adminCall<{ name: string }>("CreatePerson", {
        personId: `acl-person-${n}`,
        person: {
          displayName: `Matrix Person ${n}`,
          email: `acl-${n}@example.test`,
          partner: `partners/${partner}`,
          roles: ["csp-officer"],
        },
      })
    ).name;
  const newSystem = async (partner: string, n: number) =>
    (
      await adminCall<{ partnerSystem: { name: string } }>("CreatePartnerSystem", {
        systemId: `acl-system-${n}`,
        partnerSystem: { displayName: `Matrix system ${n}`, partner: `partners/${partner}` },
      })
    ).partnerSystem.name;

  const rows: Row[] = [];
  const both = (r: Omit<Row, "target" | "expect">, own: Record<Actor, Outcome>, other: Record<Actor, Outcome>) => {
    rows.push({ ...r, target: "own", expect: own }, { ...r, target: "other", expect: other });
  };

  // Partners: the directory of partners is shared knowledge; only the OPCC admin changes it.
  both(
    { service: "directory", method: "GetPartner", request: async (p) => ({ name: `partners/${p}` }) },
    all("OK"),
    all("OK"),
  );
  rows.push({
    service: "directory",
    method: "ListPartners",
    target: "other",
    list: "partners",
    request: async () => ({ kind: "PARTNER_KIND_CSP" }),
    expect: all("SOME"),
  });
  rows.push({
    service: "directory",
    method: "CreatePartner",
    target: "other",
    request: async (_p, n) => ({
      partnerId: `csp-acl-${n}`,
      partner: { displayName: `Matrix CSP ${n}`, kind: "PARTNER_KIND_CSP", classification: "CLASSIFICATION_OFFICIAL" },
    }),
    expect: ADMIN_ONLY,
  });
  both(
    {
      service: "directory",
      method: "UpdatePartner",
      request: async (p, n) => ({
        partner: { name: `partners/${p}`, displayName: `Renamed by the matrix ${n}` },
        updateMask: { paths: ["display_name"] },
      }),
    },
    ADMIN_ONLY,
    ADMIN_ONLY,
  );

  rows.push(
    ...combinationRows(
      () => dir.combinations,
      () => admin,
    ),
  );

  // People: OPCC staff read everyone; partners see their own; chairs manage their own partnership's people.
  both(
    { service: "directory", method: "GetPerson", request: async (p, n) => ({ name: await newPerson(p, n) }) },
    { ...all("OK"), panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "OK", staff: "OK" },
  );
  rows.push({
    service: "directory",
    method: "ListPeople",
    target: "other",
    list: "people",
    request: async (p) => ({ partner: `partners/${p}` }),
    expect: { ...all("EMPTY"), admin: "SOME", staff: "SOME" },
  });
  both(
    {
      service: "directory",
      method: "CreatePerson",
      request: async (p, n) => ({
        personId: `acl-new-${n}`,
        person: {
          displayName: `New Person ${n}`,
          email: `acl-new-${n}@example.test`,
          partner: `partners/${p}`,
          roles: ["csp-officer"],
        },
      }),
    },
    { ...ADMIN_ONLY, chair: "OK" },
    ADMIN_ONLY,
  );
  both(
    {
      service: "directory",
      method: "UpdatePerson",
      request: async (p, n) => ({
        person: { name: await newPerson(p, n), displayName: `Updated ${n}` },
        updateMask: { paths: ["display_name"] },
      }),
    },
    { ...ADMIN_ONLY, chair: "OK", panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "OK", staff: "PERMISSION_DENIED" },
  );

  // Partner systems: like people, plus credentials, which only the admin and the partnership's chair manage.
  both(
    { service: "directory", method: "GetPartnerSystem", request: async (p, n) => ({ name: await newSystem(p, n) }) },
    { ...all("OK"), panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "OK", staff: "OK" },
  );
  rows.push({
    service: "directory",
    method: "ListPartnerSystems",
    target: "other",
    list: "partnerSystems",
    request: async (p, n) => {
      await newSystem(p, n); // so the other CSP has at least one
      return { partner: `partners/${p}` };
    },
    expect: { ...all("EMPTY"), admin: "SOME", staff: "SOME" },
  });
  both(
    {
      service: "directory",
      method: "CreatePartnerSystem",
      request: async (p, n) => ({
        systemId: `acl-new-system-${n}`,
        partnerSystem: { displayName: `New system ${n}`, partner: `partners/${p}` },
      }),
    },
    { ...ADMIN_ONLY, chair: "OK" },
    ADMIN_ONLY,
  );
  for (const m of ["RotatePartnerSystemSecret", "RevokePartnerSystem"]) {
    both(
      { service: "directory", method: m, request: async (p, n) => ({ name: await newSystem(p, n) }) },
      { ...ADMIN_ONLY, chair: "OK", panel: "NOT_FOUND" },
      { ...all("NOT_FOUND"), admin: "OK", staff: "PERMISSION_DENIED" },
    );
  }

  // Reports: the OPCC requires and reviews; a partnership sees and answers only what is addressed
  // to it; the panel sees only what is published.
  const officerOf = (p: string) => tokens.get(`officer@${p}`) as string;
  const newReportRequest = async (p: string, extra: Record<string, unknown> = {}) =>
    (await call<{ name: string }>(rep, "CreateReportRequest", reportRequestBody(p, extra), admin)).name;
  const submitted = async (p: string) => {
    const name = await newReportRequest(p);
    const sub = await call<{ name: string }>(rep, "SubmitReport", { parent: name, answers: ANSWERS }, officerOf(p));
    return { name, submission: sub.name };
  };
  const OPCC_ONLY: Record<Actor, Outcome> = { ...all("PERMISSION_DENIED"), admin: "OK", staff: "OK" };
  const OPCC_ACTS_PARTNER_SEES: Record<Actor, Outcome> = { ...OPCC_ONLY, panel: "NOT_FOUND" };
  const OPCC_ACTS_OTHERS_HIDDEN: Record<Actor, Outcome> = { ...all("NOT_FOUND"), admin: "OK", staff: "OK" };
  const PARTNER_ACTS: Record<Actor, Outcome> = {
    admin: "PERMISSION_DENIED",
    staff: "PERMISSION_DENIED",
    panel: "NOT_FOUND",
    officer: "OK",
    chair: "OK",
    system: "OK",
  };
  const PARTNER_ACTS_OTHER: Record<Actor, Outcome> = {
    ...all("NOT_FOUND"),
    admin: "PERMISSION_DENIED",
    staff: "PERMISSION_DENIED",
  };
  const READ_OWN: Record<Actor, Outcome> = { ...all("OK"), panel: "NOT_FOUND" };

  both(
    { service: "reports", method: "CreateReportRequest", request: async (p) => reportRequestBody(p) },
    OPCC_ONLY,
    OPCC_ONLY,
  );
  both(
    { service: "reports", method: "GetReportRequest", request: async (p) => ({ name: await newReportRequest(p) }) },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "reports",
      method: "ListReportRequests",
      list: "reportRequests",
      request: async (p) => {
        await newReportRequest(p);
        return { addressee: `partners/${p}` };
      },
    },
    { ...all("SOME"), panel: "EMPTY" },
    { ...all("EMPTY"), admin: "SOME", staff: "SOME" },
  );
  both(
    {
      service: "reports",
      method: "BatchListReportRequests",
      list: "responses.0.reportRequests",
      request: async (p) => {
        await newReportRequest(p);
        return { requests: [{ addressee: `partners/${p}` }] };
      },
    },
    { ...all("SOME"), panel: "EMPTY" },
    { ...all("EMPTY"), admin: "SOME", staff: "SOME" },
  );
  both(
    {
      service: "reports",
      method: "ListReportRequestHistory",
      request: async (p) => ({ name: await newReportRequest(p) }),
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "reports",
      method: "WithdrawReportRequest",
      request: async (p) => ({ name: await newReportRequest(p), reasons: "No longer needed" }),
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "reports",
      method: "AcknowledgeReportRequest",
      request: async (p) => ({ name: await newReportRequest(p) }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "reports",
      method: "SaveDraft",
      request: async (p) => ({
        parent: await newReportRequest(p),
        answers: [{ sectionId: "summary", text: "so far" }],
      }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "reports",
      method: "GetDraft",
      request: async (p) => {
        const parent = await newReportRequest(p);
        await call(rep, "SaveDraft", { parent, answers: [{ sectionId: "summary", text: "so far" }] }, officerOf(p));
        return { parent };
      },
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "reports",
      method: "SubmitReport",
      request: async (p) => ({ parent: await newReportRequest(p), answers: ANSWERS }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    { service: "reports", method: "GetSubmission", request: async (p) => ({ name: (await submitted(p)).submission }) },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    { service: "reports", method: "ExportLatestAnswers", request: async (p) => ({ name: (await submitted(p)).name }) },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "reports",
      method: "ListSubmissions",
      list: "submissions",
      request: async (p) => ({ parent: (await submitted(p)).name, partner: `partners/${p}` }),
    },
    { ...all("SOME"), panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "SOME", staff: "SOME" },
  );
  both(
    {
      service: "reports",
      method: "ReviewSubmission",
      request: async (p) => ({
        name: (await submitted(p)).name,
        partner: `partners/${p}`,
        version: 1,
        decision: "REVIEW_DECISION_ACCEPT",
      }),
    },
    { ...OPCC_ONLY, panel: "NOT_FOUND" },
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  rows.push({
    service: "reports",
    method: "ListPublishedReports",
    target: "own",
    list: "submissions",
    request: async (p) => {
      const name = await newReportRequest(p, {
        legalBasis: "LEGAL_BASIS_FORMAL_S7",
        formalS7: {
          notSatisfiedEffectiveEfficient: true,
          reasonableAndProportionate: true,
          reasoning: "No partnership plan for the third year running.",
          publish: true,
          publicationManner: "With the panel papers",
        },
      });
      await call(rep, "SubmitReport", { parent: name, answers: ANSWERS }, officerOf(p));
      await call(
        rep,
        "ReviewSubmission",
        { name, partner: `partners/${p}`, version: 1, decision: "REVIEW_DECISION_ACCEPT" },
        admin,
      );
      return {};
    },
    expect: all("SOME"),
  });
  both(
    {
      service: "reports",
      method: "UploadAttachment",
      stream: "upload",
      request: async (p) => ({ parent: await newReportRequest(p), filename: "a.csv" }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "reports",
      method: "DownloadAttachment",
      stream: "download",
      request: async (p) => {
        const parent = await newReportRequest(p);
        const a = await clientStream<unknown, { name: string }>(
          rep,
          "UploadAttachment",
          [{ metadata: { parent, filename: "a.csv" } }, { chunk: Buffer.from("a,b\n1,2\n") }],
          bearer(officerOf(p)),
        );
        return { name: a.name };
      },
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );

  // Meetings: the OPCC convenes and runs them; an invited partnership sees its meeting and answers
  // its own invitation; the panel sees only released minutes (these meetings are OFFICIAL-SENSITIVE,
  // so never). Actions belong to one partnership, which reads and progresses them.
  const meetingBody = (p: string) => ({
    meeting: {
      title: "Matrix meeting",
      purpose: "Priority issues for the access matrix.",
      basis: "MEETING_BASIS_REG_14A_REQUIREMENT",
      startTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
      endTime: { seconds: String(Math.floor(Date.now() / 1000) + 90_000), nanos: 0 },
      responseDeadline: { seconds: String(Math.floor(Date.now() / 1000) + 43_200), nanos: 0 },
      place: "Maidstone",
      classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
      invitations: [{ partner: `partners/${p}` }],
    },
  });
  const draftMeeting = async (p: string) =>
    (await call<{ name: string }>(meet, "CreateMeeting", meetingBody(p), admin)).name;
  const convenedMeeting = async (p: string) => {
    const name = await draftMeeting(p);
    await call(meet, "ConveneMeeting", { name }, admin);
    return name;
  };
  /** A convened meeting whose start has passed (set in the database: the matrix cannot wait a day). */
  const startedMeeting = async (p: string) => {
    const name = await convenedMeeting(p);
    await meetings.kit.mongo.db
      .collection<{ _id: string }>("meetings")
      .updateOne({ _id: name }, { $set: { start: new Date(Date.now() - 60_000), responsesOpen: false } });
    return name;
  };
  /** A convened meeting with a one-item agenda (item-1). */
  const agendaMeeting = async (p: string) => {
    const name = await convenedMeeting(p);
    const item = { id: "", title: "Matrix item", description: "", presenter: "", minutesAllotted: 10, links: [] };
    await call(meet, "SaveAgenda", { name, items: [item] }, admin);
    return name;
  };
  const paperMeta = (meeting: string) => ({ meeting, agendaItem: "item-1", title: "Matrix paper", filename: "a.csv" });
  /** A meeting with one paper (OFFICIAL-SENSITIVE, as the meeting) for every invitee. */
  const paperOf = async (p: string) => {
    const meeting = await agendaMeeting(p);
    return clientStream<unknown, { name: string; meeting: string }>(
      meet,
      "UploadPaper",
      [{ metadata: paperMeta(meeting) }, { chunk: Buffer.from("a,b\n1,2\n") }],
      bearer(admin),
    );
  };
  const heldMeeting = async (p: string) => {
    const name = await startedMeeting(p);
    await call(
      meet,
      "RecordAttendance",
      { name, attendance: [{ partner: `partners/${p}`, attendance: "ATTENDANCE_PRESENT" }] },
      admin,
    );
    await call(meet, "SaveMinutes", { name, text: "Minutes of the matrix meeting.", decisions: [] }, admin);
    return name;
  };
  const circulatedMeeting = async (p: string) => {
    const name = await heldMeeting(p);
    await call(meet, "CirculateMinutes", { name }, admin);
    return name;
  };
  const newAction = async (p: string) =>
    (
      await call<{ name: string }>(
        meet,
        "CreateAction",
        {
          action: {
            meeting: await heldMeeting(p),
            owner: `partners/${p}`,
            description: "A matrix action",
            dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          },
        },
        admin,
      )
    ).name;
  const PARTNER_SEES_OPCC_ACTS: Record<Actor, Outcome> = { ...OPCC_ONLY, panel: "NOT_FOUND" };
  both({ service: "meetings", method: "CreateMeeting", request: async (p) => meetingBody(p) }, OPCC_ONLY, OPCC_ONLY);
  both(
    { service: "meetings", method: "GetMeeting", request: async (p) => ({ name: await convenedMeeting(p) }) },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    { service: "meetings", method: "GetMeetingCalendar", request: async (p) => ({ name: await convenedMeeting(p) }) },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  rows.push({
    service: "meetings",
    method: "ListMeetings",
    target: "own",
    list: "meetings",
    request: async (p) => {
      await convenedMeeting(p);
      return {};
    },
    expect: { ...all("SOME"), panel: "EMPTY" },
  });
  // A draft is the OPCC's alone until it is convened.
  both(
    { service: "meetings", method: "ConveneMeeting", request: async (p) => ({ name: await draftMeeting(p) }) },
    OPCC_ACTS_OTHERS_HIDDEN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "meetings",
      method: "RespondToInvitation",
      request: async (p) => ({
        name: await convenedMeeting(p),
        response: "INVITATION_STATE_ACCEPTED",
        representative: "Matrix representative",
      }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  const opccRuns: [string, (p: string) => Promise<Record<string, unknown>>][] = [
    [
      "RescheduleMeeting",
      async (p) => ({
        name: await convenedMeeting(p),
        startTime: { seconds: String(Math.floor(Date.now() / 1000) + 172_800), nanos: 0 },
        endTime: { seconds: String(Math.floor(Date.now() / 1000) + 176_400), nanos: 0 },
        reason: "Moved by the matrix",
      }),
    ],
    ["CancelMeeting", async (p) => ({ name: await convenedMeeting(p), reason: "Cancelled by the matrix" })],
    [
      "RecordAttendance",
      async (p) => ({
        name: await startedMeeting(p),
        attendance: [{ partner: `partners/${p}`, attendance: "ATTENDANCE_PRESENT", attendee: "Someone" }],
      }),
    ],
    ["SaveMinutes", async (p) => ({ name: await heldMeeting(p), text: "Revised minutes.", decisions: ["One"] })],
    ["CirculateMinutes", async (p) => ({ name: await heldMeeting(p) })],
    ["ApproveMinutes", async (p) => ({ name: await circulatedMeeting(p) })],
    ["SaveAgenda", async (p) => ({ name: await agendaMeeting(p), items: [] })],
    ["PublishAgenda", async (p) => ({ name: await agendaMeeting(p) })],
    [
      "CreateAction",
      async (p) => ({
        action: {
          meeting: await heldMeeting(p),
          owner: `partners/${p}`,
          description: "Another matrix action",
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
        },
      }),
    ],
  ];
  for (const [m, request] of opccRuns)
    both({ service: "meetings", method: m, request }, PARTNER_SEES_OPCC_ACTS, OPCC_ACTS_OTHERS_HIDDEN);
  both(
    {
      service: "meetings",
      method: "UploadPaper",
      stream: "upload",
      request: async (p) => paperMeta(await agendaMeeting(p)),
    },
    PARTNER_SEES_OPCC_ACTS,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  // The invited partnership comments on circulated minutes; the OPCC wrote them.
  both(
    {
      service: "meetings",
      method: "CommentOnMinutes",
      request: async (p) => ({ name: await circulatedMeeting(p), text: "A comment from the matrix" }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "meetings",
      method: "ListPapers",
      list: "papers",
      request: async (p) => ({ meeting: (await paperOf(p)).meeting }),
    },
    { ...all("SOME"), panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "SOME", staff: "SOME" },
  );
  both(
    {
      service: "meetings",
      method: "DownloadPaper",
      stream: "download",
      request: async (p) => ({ name: (await paperOf(p)).name }),
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "meetings",
      method: "DownloadPapersPack",
      stream: "download",
      request: async (p) => ({ name: (await paperOf(p)).meeting }),
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  // Calendar feeds are the caller's own partnership's: its people manage them; the panel and partner
  // systems have none. Reading one needs only its secret.
  const FEED_MANAGERS: Record<Actor, Outcome> = {
    ...all("OK"),
    panel: "PERMISSION_DENIED",
    system: "PERMISSION_DENIED",
  };
  rows.push(
    {
      service: "meetings",
      method: "IssueCalendarFeed",
      target: "own",
      request: async () => ({}),
      expect: FEED_MANAGERS,
    },
    {
      service: "meetings",
      method: "GetCalendarFeed",
      target: "own",
      request: async () => ({}),
      expect: { ...FEED_MANAGERS, panel: "NOT_FOUND", system: "NOT_FOUND" },
    },
    {
      service: "meetings",
      method: "RevokeCalendarFeed",
      target: "own",
      request: async () => ({}),
      expect: { ...FEED_MANAGERS, panel: "NOT_FOUND", system: "NOT_FOUND" },
    },
    {
      service: "meetings",
      method: "ReadCalendarFeed",
      target: "own",
      public: true,
      request: async (p) => ({
        secret: (await call<{ secret: string }>(meet, "IssueCalendarFeed", {}, officerOf(p))).secret,
      }),
      expect: all("OK"),
    },
  );
  both(
    { service: "meetings", method: "GetAction", request: async (p) => ({ name: await newAction(p) }) },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "meetings",
      method: "UpdateAction",
      request: async (p) => ({ name: await newAction(p), note: "Progress from the matrix" }),
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  rows.push({
    service: "meetings",
    method: "ListActions",
    target: "own",
    list: "actions",
    request: async (p) => {
      await newAction(p);
      return {};
    },
    expect: { ...all("SOME"), panel: "EMPTY" },
  });

  // Assessments: the OPCC opens cycles, reviews contributions and publishes editions; a partnership
  // sees the cycles addressed to it and only its own contribution; the compilation is the OPCC's;
  // published editions (OFFICIAL here) are seen by the cycle's partnerships and the panel.
  const seconds = (s: number) => ({ seconds: String(Math.floor(Date.now() / 1000) + s), nanos: 0 });
  const cycleBody = (p: string, compileFrom = "COMPILE_FROM_ACCEPTED") => ({
    cycle: {
      year: "2026/27",
      title: "Matrix assessment",
      dueTime: seconds(86_400),
      partners: [`partners/${p}`],
      compileFrom,
      classification: "CLASSIFICATION_OFFICIAL",
    },
  });
  const contributionBody = (n: number) => ({
    priorities: [{ rank: 1, code: "ASB", emergingTitle: "", rationale: "Matrix", evidence: "" }],
    indicators: [],
    population: "1000",
    emergingThreats: "",
    communityViews: "",
    narrative: `Matrix contribution ${n}`,
  });
  const openCycle = async (p: string, compileFrom?: string) =>
    (await call<{ name: string }>(assess, "OpenCycle", cycleBody(p, compileFrom), admin)).name;
  /** A fresh cycle for the partnership with its contribution submitted (version 1). */
  const submittedContribution = async (p: string, n: number, compileFrom?: string) => {
    const cycle = await openCycle(p, compileFrom);
    await call(assess, "SubmitContribution", { cycle, content: contributionBody(n) }, tokens.get(`officer@${p}`));
    return `${cycle}/contributions/${p}`;
  };
  /** Per partnership, made once: a cycle compiled from submitted versions, with one edition. */
  const published = new Map<string, Promise<{ cycle: string; contribution: string; edition: string }>>();
  const publishedFor = (p: string) => {
    if (!published.has(p))
      published.set(
        p,
        (async () => {
          const contribution = await submittedContribution(p, 0, "COMPILE_FROM_SUBMITTED");
          const cycle = contribution.split("/contributions/")[0] as string;
          const edition = await eventually(async () => {
            const r = await call<{ name: string }>(
              assess,
              "PublishEdition",
              { cycle, requestId: `matrix-${p}` },
              admin,
            ).catch(() => undefined);
            return r?.name;
          });
          return { cycle, contribution, edition };
        })(),
      );
    return published.get(p) as Promise<{ cycle: string; contribution: string; edition: string }>;
  };
  const cycleOf = async (p: string) => (await publishedFor(p)).cycle;
  const CSP_ONLY_SEES: Record<Actor, Outcome> = { ...all("OK"), panel: "NOT_FOUND" };
  const EDITION_READERS: Record<Actor, Outcome> = all("OK");
  const EDITION_OTHER: Record<Actor, Outcome> = { ...all("NOT_FOUND"), admin: "OK", staff: "OK", panel: "OK" };
  both({ service: "assessments", method: "OpenCycle", request: async (p) => cycleBody(p) }, OPCC_ONLY, OPCC_ONLY);
  both(
    { service: "assessments", method: "GetCycle", request: async (p) => ({ name: await cycleOf(p) }) },
    CSP_ONLY_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  rows.push({
    service: "assessments",
    method: "ListCycles",
    target: "own",
    list: "cycles",
    request: async (p) => {
      await cycleOf(p);
      return {};
    },
    expect: { ...all("SOME"), panel: "EMPTY" },
  });
  both(
    { service: "assessments", method: "GetCycleProgress", request: async (p) => ({ name: await cycleOf(p) }) },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "assessments",
      method: "SaveContributionDraft",
      request: async (p, n) => ({ cycle: await cycleOf(p), content: contributionBody(n) }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "assessments",
      method: "SubmitContribution",
      request: async (p, n) => ({ cycle: await openCycle(p), content: contributionBody(n) }),
    },
    PARTNER_ACTS,
    PARTNER_ACTS_OTHER,
  );
  both(
    {
      service: "assessments",
      method: "GetContribution",
      request: async (p) => ({ name: (await publishedFor(p)).contribution }),
    },
    CSP_ONLY_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "assessments",
      method: "ListContributions",
      list: "contributions",
      request: async (p) => ({ cycle: await cycleOf(p) }),
    },
    { ...all("SOME"), panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "SOME", staff: "SOME" },
  );
  for (const method of ["ReturnContribution", "AcceptContribution"])
    both(
      {
        service: "assessments",
        method,
        request: async (p, n) => ({
          name: await submittedContribution(p, n),
          version: 1,
          reasons: "Returned by the access matrix.",
        }),
      },
      OPCC_ACTS_PARTNER_SEES,
      OPCC_ACTS_OTHERS_HIDDEN,
    );
  both(
    {
      service: "assessments",
      method: "RecordPriorityResponse",
      request: async (p) => ({
        name: (await publishedFor(p)).contribution,
        priorityKey: "ASB",
        response: "The plan's objective 3 covers it.",
      }),
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    { service: "assessments", method: "GetCompilation", request: async (p) => ({ cycle: await cycleOf(p) }) },
    OPCC_ACTS_OTHERS_HIDDEN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    { service: "assessments", method: "PublishEdition", request: async (p) => ({ cycle: await cycleOf(p) }) },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    { service: "assessments", method: "GetEdition", request: async (p) => ({ name: (await publishedFor(p)).edition }) },
    EDITION_READERS,
    EDITION_OTHER,
  );
  both(
    {
      service: "assessments",
      method: "ExportEdition",
      request: async (p) => ({ name: (await publishedFor(p)).edition, format: "EXPORT_FORMAT_CSV" }),
    },
    EDITION_READERS,
    EDITION_OTHER,
  );
  rows.push({
    service: "assessments",
    method: "ListEditions",
    target: "own",
    list: "editions",
    request: async (p) => {
      await publishedFor(p);
      return { cycle: "" };
    },
    expect: all("SOME"),
  });

  // Audit: the ledger is for the OPCC admin; for anyone else the list is empty.
  rows.push({
    service: "audit",
    method: "ListAuditRecords",
    target: "other",
    list: "records",
    request: async () => ({ pageSize: 10 }),
    expect: { ...all("EMPTY"), admin: "SOME" },
  });
  rows.push({
    service: "audit",
    method: "VerifyLedger",
    target: "other",
    request: async () => ({}),
    expect: ADMIN_ONLY,
  });
  // The export: OPCC administrators and partnerships (their own records in full, the rest hashed).
  rows.push({
    service: "audit",
    method: "ExportLedger",
    stream: "download",
    target: "other",
    request: async () => ({}),
    expect: { ...all("OK"), staff: "PERMISSION_DENIED", panel: "PERMISSION_DENIED" },
  });

  // Grants: the plan is everyone's to read and the OPCC's to write; a programme is the OPCC's while
  // a draft and everyone's to read once open (the "own" target: an open programme allocating to the
  // caller's partnership; "other": a draft allocating to another).
  const planContent = {
    title: "Matrix plan",
    period: "2025-2029",
    objectives: [{ code: "VAWG", title: "Violence against women and girls", description: "" }],
  };
  /** The plan every programme here serves, made once. */
  let matrixPlan: Promise<unknown> | undefined;
  const ensurePlan = () => {
    matrixPlan ??= call(plansClient, "CreatePlan", { planId: "matrix", plan: planContent }, admin);
    return matrixPlan;
  };
  const newPlan = async (n: number) =>
    (await call<{ name: string }>(plansClient, "CreatePlan", { planId: `matrix-plan-${n}`, plan: planContent }, admin))
      .name;
  const programmeBody = (p: string, n: number) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      programmeId: `matrix-programme-${n}`,
      programme: {
        year: "2027/28",
        title: `Matrix programme ${n}`,
        kind: "PROGRAMME_KIND_ALLOCATION",
        budgetPence: "100000",
        objectives: ["plans/matrix/objectives/VAWG"],
        windowOpenTime: { seconds: String(now), nanos: 0 },
        windowCloseTime: { seconds: String(now + 86_400), nanos: 0 },
        allocations: [{ partner: `partners/${p}`, amountPence: "100000" }],
        // Six tranches paid on agreement: a payment row's cells each take one of an award's.
        tranches: Array.from({ length: 6 }, () => ({
          numerator: 1,
          denominator: 6,
          trigger: "TRANCHE_TRIGGER_ON_AGREEMENT",
        })),
      },
    };
  };
  const newProgramme = async (p: string, n: number, open: boolean) => {
    await ensurePlan();
    const made = await call<{ name: string }>(grantsClient, "CreateProgramme", programmeBody(p, n), admin);
    if (open) await call(grantsClient, "OpenProgramme", { name: made.name }, admin);
    return made.name;
  };
  const GRANT_PLAN_READ: Record<Actor, Outcome> = all("OK");
  both(
    {
      service: "plans",
      method: "CreatePlan",
      request: async (_p, n) => ({ planId: `acl-plan-${n}`, plan: planContent }),
    },
    OPCC_ONLY,
    OPCC_ONLY,
  );
  both(
    { service: "plans", method: "GetPlan", request: async (_p, n) => ({ name: await newPlan(n) }) },
    GRANT_PLAN_READ,
    GRANT_PLAN_READ,
  );
  rows.push({
    service: "plans",
    method: "ListPlans",
    target: "own",
    list: "plans",
    request: async (_p, n) => {
      await newPlan(n);
      return {};
    },
    expect: all("SOME"),
  });
  both(
    {
      service: "plans",
      method: "PublishPlanVersion",
      request: async (_p, n) => ({ name: await newPlan(n), plan: planContent }),
    },
    OPCC_ONLY,
    OPCC_ONLY,
  );
  both(
    {
      service: "grants",
      method: "CreateProgramme",
      request: async (p, n) => {
        await ensurePlan();
        return programmeBody(p, n);
      },
    },
    OPCC_ONLY,
    OPCC_ONLY,
  );
  rows.push(
    {
      service: "grants",
      method: "GetProgramme",
      target: "own",
      request: async (p, n) => ({ name: await newProgramme(p, n, true) }),
      expect: all("OK"),
    },
    {
      service: "grants",
      method: "GetProgramme",
      target: "other",
      request: async (p, n) => ({ name: await newProgramme(p, n, false) }),
      expect: OPCC_ACTS_OTHERS_HIDDEN,
    },
    {
      service: "grants",
      method: "ListProgrammes",
      target: "own",
      list: "programmes",
      request: async (p, n) => {
        await newProgramme(p, n, true);
        return { state: "PROGRAMME_STATE_OPEN" };
      },
      expect: all("SOME"),
    },
    {
      service: "grants",
      method: "OpenProgramme",
      target: "other",
      request: async (p, n) => ({ name: await newProgramme(p, n, false) }),
      expect: OPCC_ACTS_OTHERS_HIDDEN,
    },
    {
      service: "grants",
      method: "CloseProgramme",
      target: "own",
      request: async (p, n) => ({ name: await newProgramme(p, n, true) }),
      expect: OPCC_ONLY,
    },
  );

  // Business cases: the applicant partnership's own (an allocation in the programme needed to
  // apply); the OPCC reviews; another partnership and the panel never see one.
  const caseContent = {
    projects: [
      {
        title: "Matrix project",
        summary: "What it does",
        lines: [{ description: "Staff", amountPence: "50000" }],
        measures: [{ title: "People reached", unit: "MEASURE_UNIT_COUNT", baseline: 0, target: 10 }],
        objectives: ["plans/matrix/objectives/VAWG"],
      },
    ],
    narrative: "A matrix business case",
  };
  const newCase = async (p: string, n: number, submit: boolean) => {
    const programme = await newProgramme(p, n, true);
    const made = await call<{ name: string }>(
      grantsClient,
      submit ? "SubmitApplication" : "SaveApplicationDraft",
      { programme, content: caseContent },
      officerOf(p),
    );
    return made.name;
  };
  const APPLY: Record<Actor, Outcome> = { ...PARTNER_ACTS, panel: "PERMISSION_DENIED" };
  for (const m of ["SaveApplicationDraft", "SubmitApplication"])
    both(
      {
        service: "grants",
        method: m,
        request: async (p, n) => ({ programme: await newProgramme(p, n, true), content: caseContent }),
      },
      APPLY,
      all("PERMISSION_DENIED"),
    );
  both(
    {
      service: "grants",
      method: "GetApplication",
      request: async (p, n) => ({ name: await newCase(p, n, false) }),
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "grants",
      method: "ListApplications",
      list: "applications",
      request: async (p, n) => {
        const name = await newCase(p, n, true);
        return { programme: name.split("/applications/")[0] };
      },
    },
    { ...all("SOME"), panel: "EMPTY" },
    { ...all("EMPTY"), admin: "SOME", staff: "SOME" },
  );
  both(
    {
      service: "grants",
      method: "ReturnApplication",
      request: async (p, n) => ({ name: await newCase(p, n, true), version: 1, reasons: "Say more about the costs" }),
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "grants",
      method: "AcceptApplication",
      request: async (p, n) => ({ name: await newCase(p, n, true), version: 1 }),
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );

  // Assessment and awards: the OPCC declares, scores and decides (another partnership's case is not
  // found to a partnership); an award is the recipient's own and the OPCC's.
  const RUBRIC = ["STRATEGIC-FIT", "NEED", "OUTCOMES", "VALUE", "DELIVERY"].map((code) => ({ code, score: 3 }));
  const acceptedCase = async (p: string, n: number) => {
    const name = await newCase(p, n, true);
    await call(grantsClient, "AcceptApplication", { name, version: 1 }, admin);
    return name;
  };
  /** An accepted case scored by two OPCC people, ready to decide. */
  const scoredCase = async (p: string, n: number) => {
    const name = await acceptedCase(p, n);
    for (const who of [admin, tokens.get("staff@") as string]) {
      await call(grantsClient, "DeclareInterest", { name, conflict: false }, who);
      await call(grantsClient, "ScoreApplication", { name, version: 1, scores: RUBRIC }, who);
    }
    return name;
  };
  const newAward = async (p: string, n: number) => {
    const name = await scoredCase(p, n);
    const decided = await call<{ decision: { award: string } }>(
      grantsClient,
      "DecideApplication",
      { name, decision: "DECISION_AWARD", amountPence: "50000", reasons: "Funded by the matrix" },
      admin,
    );
    return decided.decision.award;
  };
  // Rows whose cells change the case or award share one per target (`shared`): a partnership's or
  // the panel's refusal changes nothing, and the OPCC's two people each act once (the same decision
  // twice is one).
  both(
    {
      service: "grants",
      method: "DeclareInterest",
      shared: true,
      request: async (p, n) => ({ name: await acceptedCase(p, n), conflict: false }),
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "grants",
      method: "ScoreApplication",
      shared: true,
      request: async (p, n) => {
        const name = await acceptedCase(p, n);
        for (const who of [admin, tokens.get("staff@") as string])
          await call(grantsClient, "DeclareInterest", { name, conflict: false }, who);
        return { name, version: 1, scores: RUBRIC };
      },
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "grants",
      method: "DecideApplication",
      shared: true,
      request: async (p, n) => ({
        name: await scoredCase(p, n),
        decision: "DECISION_DECLINE",
        reasons: "Declined by the matrix",
      }),
    },
    OPCC_ACTS_PARTNER_SEES,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "grants",
      method: "GetAward",
      request: async (p, n) => ({ name: await newAward(p, n) }),
    },
    READ_OWN,
    OPCC_ACTS_OTHERS_HIDDEN,
  );
  both(
    {
      service: "grants",
      method: "ListAwards",
      list: "awards",
      request: async (p, n) => {
        await newAward(p, n);
        return { programme: `programmes/matrix-programme-${n}` };
      },
    },
    { ...all("SOME"), panel: "EMPTY" },
    { ...all("EMPTY"), admin: "SOME", staff: "SOME" },
  );
  both(
    {
      service: "grants",
      method: "GetProgrammeLedger",
      request: async (p, n) => ({ programme: await newProgramme(p, n, true) }),
    },
    OPCC_ONLY,
    OPCC_ONLY,
  );

  // The agreement is the recipient's chair's to accept; payments are the OPCC's, two people each.
  const sha = async (award: string) =>
    (await call<{ agreementSha256: string }>(grantsClient, "GetAward", { name: award }, admin)).agreementSha256;
  both(
    {
      service: "grants",
      method: "AcceptAgreement",
      shared: true,
      request: async (p, n) => {
        const award = await newAward(p, n);
        return { name: award, agreementSha256: await sha(award) };
      },
    },
    { ...all("PERMISSION_DENIED"), panel: "NOT_FOUND", chair: "OK" },
    { ...all("NOT_FOUND"), admin: "PERMISSION_DENIED", staff: "PERMISSION_DENIED" },
  );
  /** A grant made (its agreement accepted) is published: the panel reads it and may change nothing. */
  const ON_GRANT_MADE = (o: Record<Actor, Outcome>): Record<Actor, Outcome> => ({ ...o, panel: "PERMISSION_DENIED" });
  /**
   * A payment row's cells on one active award per target, each cell its own tranche of six: made
   * once, then (for approving, rejecting, recording) every tranche proposed by another OPCC person,
   * and (for recording) approved.
   */
  const perTranche = (stage: "due" | "proposed" | "approved", extra: (n: number) => object) => {
    const awards = new Map<string, Promise<string>>();
    const taken = new Map<string, number>();
    const make = async (p: string, n: number) => {
      const award = await newAward(p, n);
      await call(
        grantsClient,
        "AcceptAgreement",
        { name: award, agreementSha256: await sha(award) },
        tokens.get(`chair@${p}`) as string,
      );
      for (let number = 1; number <= 6 && stage !== "due"; number++) {
        await call(
          grantsClient,
          "ProposeTranche",
          { award, number, amountPence: "8333" },
          tokens.get("staff2@") as string,
        );
        if (stage === "approved") await call(grantsClient, "ApproveTranche", { award, number }, admin);
      }
      return award;
    };
    return async (p: string, n: number) => {
      // The tranche is chosen before anything is awaited, so the row's six cells take six tranches
      // (the second CSP's run, partnerships' cells only, is refused before any tranche is looked at).
      const number = ((taken.get(p) ?? 0) % 6) + 1;
      taken.set(p, number);
      if (!awards.has(p)) awards.set(p, make(p, n));
      return { award: await awards.get(p), number, ...extra(n) };
    };
  };
  both(
    {
      service: "grants",
      method: "ProposeTranche",
      request: perTranche("due", () => ({ amountPence: "8333" })),
    },
    ON_GRANT_MADE(OPCC_ACTS_PARTNER_SEES),
    ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN),
  );
  for (const m of ["ApproveTranche", "RejectTranche"])
    both(
      {
        service: "grants",
        method: m,
        request: perTranche("proposed", () => ({ reasons: "Rejected by the matrix" })),
      },
      ON_GRANT_MADE(OPCC_ACTS_PARTNER_SEES),
      ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN),
    );
  both(
    {
      service: "grants",
      method: "RecordDisbursement",
      request: perTranche("approved", (n) => ({ paidDate: "2026-01-05", reference: `MATRIX-${n}` })),
    },
    ON_GRANT_MADE(OPCC_ACTS_PARTNER_SEES),
    ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN),
  );

  // Monitoring returns: one accepted award per target; each cell expected to succeed (the two OPCC
  // people) issues one kind of return, chosen before anything is awaited, as the tranches above.
  const returnAwards = new Map<string, Promise<string>>();
  const returnsTaken = new Map<string, number>();
  /** One award per target whose agreement is accepted. */
  const acceptedAward = (p: string, n: number) => {
    if (!returnAwards.has(p))
      returnAwards.set(
        p,
        newAward(p, n).then(async (award) => {
          const chair = tokens.get(`chair@${p}`) as string;
          await call(grantsClient, "AcceptAgreement", { name: award, agreementSha256: await sha(award) }, chair);
          return award;
        }),
      );
    return returnAwards.get(p) as Promise<string>;
  };
  both(
    {
      service: "grants",
      method: "IssueMonitoringReturn",
      request: async (p, n) => {
        const turn = returnsTaken.get(p) ?? 0;
        returnsTaken.set(p, turn + 1);
        return {
          award: await acceptedAward(p, n),
          kind: turn % 2 === 0 ? "RETURN_KIND_MID_YEAR" : "RETURN_KIND_YEAR_END",
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 30 * 86_400), nanos: 0 },
        };
      },
    },
    ON_GRANT_MADE(OPCC_ACTS_PARTNER_SEES),
    ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN),
  );
  // Close-out: the OPCC is let through and refused for the award's state (no year-end return
  // accepted, so nothing to close or repay: grants.e2e runs them through); no one else gets so far.
  const closing = (o: Record<Actor, Outcome>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === "OK" ? "FAILED_PRECONDITION" : v])) as Record<
      Actor,
      Outcome
    >;
  for (const [m, extra] of [
    ["CloseAward", {}],
    ["RecordRepayment", { amountPence: "100", paidDate: "2026-01-05", reference: "MATRIX" }],
  ] as const)
    both(
      {
        service: "grants",
        method: m,
        request: async (p, n) => ({ name: await acceptedAward(p, n), ...extra }),
      },
      closing(ON_GRANT_MADE(OPCC_ACTS_PARTNER_SEES)),
      closing(ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN)),
    );

  // Variations: either side proposes (the OPCC, the recipient's chair), checked without storing
  // (validate_only) so the row's cells share one accepted award; the other side agrees one the
  // funder proposed, and either side declines (or withdraws) it: a fresh award per cell let through.
  const VARIATION = {
    changes: { amountPence: "0", purposes: ["Patrols varied by the matrix"], conditions: [], tranches: [] },
    reasons: "Varied by the access matrix",
  };
  const proposedVariation = async (p: string, n: number) => {
    const award = await newAward(p, n);
    await call(
      grantsClient,
      "AcceptAgreement",
      { name: award, agreementSha256: await sha(award) },
      tokens.get(`chair@${p}`) as string,
    );
    const v = await call<{ variations: { termsSha256: string }[] }>(
      grantsClient,
      "ProposeVariation",
      { name: award, ...VARIATION },
      admin,
    );
    return { name: award, number: 1, termsSha256: v.variations[0]?.termsSha256 };
  };
  both(
    {
      service: "grants",
      method: "ProposeVariation",
      shared: true,
      request: async (p, n) => ({ name: await acceptedAward(p, n), ...VARIATION, validateOnly: true }),
    },
    ON_GRANT_MADE({ ...OPCC_ACTS_PARTNER_SEES, chair: "OK" }),
    ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN),
  );
  both(
    { service: "grants", method: "AgreeVariation", request: proposedVariation },
    ON_GRANT_MADE({ ...all("PERMISSION_DENIED"), chair: "OK" }),
    ON_GRANT_MADE({ ...all("NOT_FOUND"), admin: "PERMISSION_DENIED", staff: "PERMISSION_DENIED" }),
  );
  both(
    {
      service: "grants",
      method: "DeclineVariation",
      request: async (p, n) => {
        const { name, number } = await proposedVariation(p, n);
        return { name, number, reasons: "Declined by the access matrix" };
      },
    },
    ON_GRANT_MADE({ ...OPCC_ACTS_PARTNER_SEES, chair: "OK" }),
    ON_GRANT_MADE(OPCC_ACTS_OTHERS_HIDDEN),
  );

  // Reads of grants made: the panel's too (published); the programme's summary over what each may read.
  both(
    { service: "grants", method: "GetAward", request: async (p, n) => ({ name: await acceptedAward(p, n) }) },
    all("OK"),
    { ...all("NOT_FOUND"), admin: "OK", staff: "OK", panel: "OK" },
  );
  both(
    {
      service: "grants",
      method: "GetProgrammeSummary",
      list: "recipients",
      request: async (p, n) => {
        const award = await acceptedAward(p, n);
        return {
          programme: (await call<{ programme: string }>(grantsClient, "GetAward", { name: award }, admin)).programme,
        };
      },
    },
    all("SOME"),
    { ...all("EMPTY"), admin: "SOME", staff: "SOME", panel: "SOME" },
  );

  // The register of grants made is public: anyone, signed in or not, reads it.
  rows.push({
    service: "register",
    method: "ListPublishedGrants",
    target: "own",
    public: true,
    request: async () => ({ year: "" }),
    expect: all("OK"),
  });

  // Webhooks: a partnership's chair and systems manage its subscriptions, its officers see them, the
  // OPCC sees all and its administrators manage any.
  // The subscriptions are to overdue reports, which the matrix never makes (every request is due
  // tomorrow): no cell reads a delivery of a real event (ResendWebhookDelivery's is put in place), and
  // subscribed to `report.requested` each request the matrix made was delivered to every subscription
  // made before it (some 440 deliveries, a fifth of the suite's database writes with their lists). A
  // delivery that is made goes to a receiver that accepts it, as a partner's system would.
  const HOOK_EVENTS = ["report.overdue"];
  let hookUrl = "";
  let receiver: Server | undefined;
  const newHook = async (p: string, n: number) =>
    (
      await call<{ subscription: { name: string } }>(
        hooksClient,
        "CreateWebhookSubscription",
        {
          subscriptionId: `acl-hook-${n}`,
          subscription: { partner: `partners/${p}`, url: hookUrl, eventTypes: HOOK_EVENTS },
        },
        admin,
      )
    ).subscription.name;
  /** A failed delivery to resend, put in place directly (making one fail for real takes minutes). */
  const newDelivery = async (p: string, n: number) => {
    const subscription = await newHook(p, n);
    const name = `${subscription}/deliveries/acl-event-${n}`;
    await notifier.kit.mongo.db.collection("webhook_deliveries").insertOne({
      _id: name as never,
      subscription,
      owner: `partners/${p}`,
      classification: "OFFICIAL",
      eventId: `acl-event-${n}`,
      eventType: "report.overdue",
      body: "{}",
      status: "FAILED",
      attempts: [],
      nextAttemptTime: new Date(),
      createTime: new Date(),
    });
    return name;
  };
  const HOOK_MANAGE_OWN: Record<Actor, Outcome> = {
    ...all("PERMISSION_DENIED"),
    panel: "NOT_FOUND",
    admin: "OK",
    chair: "OK",
    system: "OK",
  };
  const HOOK_MANAGE_OTHER: Record<Actor, Outcome> = {
    ...all("NOT_FOUND"),
    admin: "OK",
    staff: "PERMISSION_DENIED",
  };
  const HOOK_READ_OWN: Record<Actor, Outcome> = { ...all("OK"), panel: "NOT_FOUND" };
  const HOOK_READ_OTHER: Record<Actor, Outcome> = { ...all("NOT_FOUND"), admin: "OK", staff: "OK" };
  both(
    {
      service: "notifier",
      method: "CreateWebhookSubscription",
      request: async (p, n) => ({
        subscriptionId: `acl-new-hook-${n}`,
        subscription: { partner: `partners/${p}`, url: hookUrl, eventTypes: HOOK_EVENTS },
      }),
    },
    { ...all("PERMISSION_DENIED"), admin: "OK", chair: "OK", system: "OK" },
    { ...all("PERMISSION_DENIED"), admin: "OK" },
  );
  both(
    { service: "notifier", method: "GetWebhookSubscription", request: async (p, n) => ({ name: await newHook(p, n) }) },
    HOOK_READ_OWN,
    HOOK_READ_OTHER,
  );
  // Email settings: each person reads and changes only their own; partner systems get no email.
  const ownSettings = "people/-/notificationSettings";
  const othersSettings = (p: string) => `people/${p.replace(/^csp-/, "")}-chair/notificationSettings`;
  const SETTINGS_OWN: Record<Actor, Outcome> = { ...all("OK"), system: "PERMISSION_DENIED" };
  const SETTINGS_OTHER: Record<Actor, Outcome> = { ...all("NOT_FOUND"), system: "PERMISSION_DENIED" };
  for (const [method, request] of [
    ["GetNotificationSettings", (name: string) => ({ name })],
    [
      "UpdateNotificationSettings",
      (name: string) => ({ notificationSettings: { name, emailDelivery: "EMAIL_DELIVERY_IMMEDIATE" } }),
    ],
  ] as const) {
    rows.push(
      {
        service: "notificationSettings",
        method,
        target: "own",
        request: async () => request(ownSettings),
        expect: SETTINGS_OWN,
      },
      {
        service: "notificationSettings",
        method,
        target: "other",
        request: async (p) => request(othersSettings(p)),
        // The other partnership's chair: not the caller, so not there for anyone.
        expect: SETTINGS_OTHER,
      },
    );
  }
  rows.push({
    service: "notifier",
    method: "ListWebhookSubscriptions",
    target: "own",
    list: "subscriptions",
    request: async (p, n) => {
      await newHook(p, n);
      return {};
    },
    expect: { ...all("SOME"), panel: "EMPTY" },
  });
  both(
    {
      service: "notifier",
      method: "SetWebhookSubscriptionState",
      request: async (p, n) => ({ name: await newHook(p, n), state: "SUBSCRIPTION_STATE_PAUSED" }),
    },
    HOOK_MANAGE_OWN,
    HOOK_MANAGE_OTHER,
  );
  both(
    {
      service: "notifier",
      method: "DeleteWebhookSubscription",
      request: async (p, n) => ({ name: await newHook(p, n) }),
    },
    HOOK_MANAGE_OWN,
    HOOK_MANAGE_OTHER,
  );
  both(
    {
      service: "notifier",
      method: "ListWebhookDeliveries",
      request: async (p, n) => ({ parent: await newHook(p, n) }),
    },
    HOOK_READ_OWN,
    HOOK_READ_OTHER,
  );
  both(
    {
      service: "notifier",
      method: "ResendWebhookDelivery",
      request: async (p, n) => ({ name: await newDelivery(p, n) }),
    },
    HOOK_MANAGE_OWN,
    HOOK_MANAGE_OTHER,
  );

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/matrix`;
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    // The cells' work goes where audit and the notifier do not listen (see `unheardBy`).
    const quiet = unheardBy(iso);
    const [heard, unheard] = await Promise.all([
      startBesideDirectory(iso, directory, ["notifier", "audit"]),
      startBesideDirectory(quiet, directory, ["reports", "meetings", "assessments"]),
    ]);
    ({ notifier, audit } = heard);
    ({ reports, meetings, assessments } = unheard);
    hooksClient = clients(notifier.grpcPort).webhooks;
    settingsClient = clients(notifier.grpcPort).notificationSettings;
    rep = clients(reports.grpcPort).reports;
    meet = clients(meetings.grpcPort).meetings;
    assess = clients(assessments.grpcPort).assessments;
    grantsService = await startGrants(`${iso.db}_g`, quiet.topicPrefix, directory, {
      ASSESSMENTS_ADDRESS: `127.0.0.1:${assessments.grpcPort}`,
      REPORTS_ADDRESS: `127.0.0.1:${reports.grpcPort}`,
    });
    ({ plans: plansClient, grants: grantsClient, register: registerClient } = clients(grantsService.grpcPort));
    dir = clients(directory.grpcPort);
    auditClient = clients(audit.grpcPort).audit;
    admin = await signIn(dir.identity, "people/opcc-admin-1");
    const people: Record<string, string> = {
      "admin@": "opcc-admin-1",
      "staff@": "opcc-staff-1",
      "staff2@": "opcc-staff-2",
      "panel@": "panel-member-1",
      "officer@csp-maidstone": "maidstone-officer",
      "chair@csp-maidstone": "maidstone-chair",
      "officer@csp-dover": "dover-officer",
      "chair@csp-dover": "dover-chair",
    };
    for (const [key, id] of Object.entries(people)) tokens.set(key, await signIn(dir.identity, `people/${id}`));
    for (const csp of CSPS) {
      const created = await adminCall<{ partnerSystem: { clientId: string }; clientSecret: string }>(
        "CreatePartnerSystem",
        {
          systemId: `${csp}-matrix`,
          partnerSystem: { displayName: `${csp} matrix client`, partner: `partners/${csp}` },
        },
      );
      const t = await call<{ accessToken: string }>(dir.identity, "ExchangeClientCredentials", {
        clientId: created.partnerSystem.clientId,
        clientSecret: created.clientSecret,
      });
      tokens.set(`system@${csp}`, t.accessToken);
    }
  });

  afterAll(async () => {
    receiver?.closeAllConnections();
    receiver?.close();
    await audit?.stop();
    await dropDatabase(grantsService);
    await grantsService?.stop();
    await dropDatabase(notifier);
    await notifier?.stop();
    await dropDatabase(assessments);
    await assessments?.stop();
    await dropDatabase(meetings);
    await meetings?.stop();
    await dropDatabase(reports);
    await reports?.stop();
    await dropDatabase(directory);
    await directory?.stop();
  });

  const clientFor = (row: Row) =>
    row.service === "combinations"
      ? dir.combinations
      : row.service === "audit"
        ? auditClient
        : row.service === "notifier"
          ? hooksClient
          : row.service === "notificationSettings"
            ? settingsClient
            : row.service === "reports"
              ? rep
              : row.service === "meetings"
                ? meet
                : row.service === "assessments"
                  ? assess
                  : row.service === "plans"
                    ? plansClient
                    : row.service === "grants"
                      ? grantsClient
                      : row.service === "register"
                        ? registerClient
                        : dir.directory;

  /** One call of a row's method, unary or streaming, as the given token. */
  const invoke = async (row: Row, request: unknown, token: string | undefined) => {
    const metadata = token ? bearer(token) : undefined;
    // An upload row's request is the metadata message; a small CSV follows it.
    if (row.stream === "upload")
      return clientStream(
        clientFor(row),
        row.method,
        [{ metadata: request }, { chunk: Buffer.from("a,b\n1,2\n") }],
        metadata,
      );
    if (row.stream === "download") {
      const out: unknown[] = [];
      // A download (a whole-ledger export) is a long call: the ledger CLI gives it 30 minutes. The
      // unary 5 s default made the export a timing test as the ledger grew under the matrix.
      const options = { deadline: Date.now() + 60_000 };
      for await (const m of serverStream(clientFor(row), row.method, request, metadata, options)) out.push(m);
      return out;
    }
    return call<Record<string, unknown[]>>(clientFor(row), row.method, request, token);
  };

  /**
   * A row's request for a target partnership. A read (Get, List, Download, Export) changes nothing,
   * so every actor's cell of it asks about the same freshly built resources, and so do the cells of
   * any row that a refusal is expected in: a refused call changes nothing (the property under test).
   * A change that is expected to succeed gets fresh resources for its cell, since one actor's success
   * changes what the next would find; rows marked `shared` share theirs anyway (see above).
   */
  const built = new Map<string, Promise<unknown>>();
  const isRead = (row: Row) => /^(Get|List|Download|Export|Read)/.test(row.method);
  const requestFor = (row: Row, target: string, n: number, refused: boolean) => {
    if (!isRead(row) && !row.shared && !refused) return row.request(target, n);
    const key = `${rows.indexOf(row)}|${target}|${isRead(row) || row.shared ? "all" : "refused"}`;
    if (!built.has(key)) built.set(key, row.request(target, n));
    return built.get(key) as Promise<unknown>;
  };
  const REFUSALS: Outcome[] = ["NOT_FOUND", "PERMISSION_DENIED", "FAILED_PRECONDITION"];

  test("the matrix covers every RPC of every service under test", () => {
    const covered = new Set(rows.map((r) => `${r.service}.${r.method}`));
    const methods = [
      ...Object.keys(Object.getPrototypeOf(dir.directory)).map((m) => `directory.${m}`),
      ...Object.keys(Object.getPrototypeOf(dir.combinations)).map((m) => `combinations.${m}`),
      ...Object.keys(Object.getPrototypeOf(auditClient)).map((m) => `audit.${m}`),
      ...Object.keys(Object.getPrototypeOf(rep)).map((m) => `reports.${m}`),
      ...Object.keys(Object.getPrototypeOf(meet)).map((m) => `meetings.${m}`),
      ...Object.keys(Object.getPrototypeOf(assess)).map((m) => `assessments.${m}`),
      ...Object.keys(Object.getPrototypeOf(hooksClient)).map((m) => `notifier.${m}`),
      ...Object.keys(Object.getPrototypeOf(settingsClient)).map((m) => `notificationSettings.${m}`),
      ...Object.keys(Object.getPrototypeOf(plansClient)).map((m) => `plans.${m}`),
      ...Object.keys(Object.getPrototypeOf(grantsClient)).map((m) => `grants.${m}`),
      ...Object.keys(Object.getPrototypeOf(registerClient)).map((m) => `register.${m}`),
    ].filter((m) => /\.[A-Z]/.test(m));
    expect(methods.length).toBeGreaterThan(10);
    expect(methods.filter((m) => !covered.has(m))).toEqual([]);
  });

  test.each(CSPS)("callers from %s get exactly the expected outcome in every cell", async (csp) => {
    const otherCsp = CSPS.find((c) => c !== csp) as string;
    const failures: string[] = [];
    let n = 0;
    /** One cell: the actor's call of the row's method, judged against what the row expects. */
    const cell = async (row: Row, actor: Actor, cellNumber: number) => {
      const token = tokens.get(["admin", "staff", "panel"].includes(actor) ? `${actor}@` : `${actor}@${csp}`);
      const target = row.target === "own" ? csp : otherCsp;
      const want = row.expect[actor];
      const request = await requestFor(
        row,
        target,
        Number(`${CSPS.indexOf(csp as never) + 1}${cellNumber}`),
        REFUSALS.includes(want),
      );
      let got: Outcome;
      try {
        const res = await invoke(row, request, token);
        got = row.list ? (listAt(res, row.list).length > 0 ? "SOME" : "EMPTY") : "OK";
      } catch (err) {
        const code = (err as { code: number }).code;
        got =
          code === status.NOT_FOUND
            ? "NOT_FOUND"
            : code === status.PERMISSION_DENIED
              ? "PERMISSION_DENIED"
              : code === status.FAILED_PRECONDITION
                ? "FAILED_PRECONDITION"
                : "OK";
        if (got === "OK") got = `code ${code}: ${(err as Error).message}` as Outcome;
      }
      if (got !== want)
        failures.push(`${row.method} on ${row.target} (${target}) as ${actor}: want ${want}, got ${got}`);
    };
    for (const row of rows) {
      // OPCC and panel members belong to no CSP: the first run covers them.
      const actors = ACTORS.filter((a) => !(["admin", "staff", "panel"].includes(a) && csp !== CSPS[0]));
      const cells = actors.map((actor) => [actor, ++n] as const);
      // A row's cells run at once: a read's actors ask about the same resources, which a read does
      // not change; any other method's cells each build resources of their own.
      await Promise.all(cells.map(([actor, k]) => cell(row, actor, k)));
    }
    expect(failures).toEqual([]);
  }, 600_000);

  describe("tokens", () => {
    let signingJwk: JWK;
    const claims = { partner: "partners/opcc-kent", roles: ["opcc-admin"], kind: "person" };

    beforeAll(async () => {
      const key = await directory.kit.mongo.db
        .collection<{ privateJwk: JWK }>("signing_keys")
        .findOne({}, { sort: { createdAt: -1 } });
      signingJwk = key?.privateJwk as JWK;
    });

    const mint = async (opts: { key?: CryptoKey | Uint8Array; exp?: number; aud?: string }) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid: signingJwk.kid as string, typ: "JWT" })
        .setSubject("people/opcc-admin-1")
        .setIssuer(directory.kit.config.AUTH_ISSUER)
        .setAudience(opts.aud ?? directory.kit.config.AUTH_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 300)
        .sign(opts.key ?? ((await importJWK(signingJwk, "ES256")) as CryptoKey));

    test("a token minted with the real key is accepted (the control for the cases below)", async () => {
      const good = await mint({});
      await expect(call(dir.directory, "ListPartners", {}, good)).resolves.toBeDefined();
    });

    test("no token, an expired token, a wrongly signed token, a wrong audience, garbage: UNAUTHENTICATED on every RPC", async () => {
      const otherKey = (await generateKeyPair("ES256")).privateKey as CryptoKey;
      const bad: Record<string, string | undefined> = {
        none: undefined,
        expired: await mint({ exp: Math.floor(Date.now() / 1000) - 120 }),
        "wrongly signed": await mint({ key: otherKey }),
        "wrong audience": await mint({ aud: "someone-else" }),
        garbage: "not.a.token",
      };
      const failures: string[] = [];
      let n = 0;
      // Any well-formed request will do, since nothing succeeds: the resources the matrix's refused
      // cells asked about (built again only for a row that had none).
      for (const row of rows.filter((r) => !r.public)) {
        const request = await requestFor(row, CSPS[0], 900 + n++, true);
        await Promise.all(
          Object.entries(bad).map(async ([label, token]) => {
            try {
              await invoke(row, request, token);
              failures.push(`${row.method} with ${label} token: succeeded`);
            } catch (err) {
              const code = (err as { code: number }).code;
              if (code !== status.UNAUTHENTICATED) failures.push(`${row.method} with ${label} token: code ${code}`);
            }
          }),
        );
      }
      expect(failures).toEqual([]);
    });
  });
});

describe("limits on the public surface", () => {
  const iso = isolation("limits");
  let directory: RunningService<DirectoryConfig>;
  let dir: ReturnType<typeof clients>;

  beforeAll(async () => {
    directory = await startDirectory(iso.db, iso.topicPrefix, {
      RATE_LIMIT_PER_MINUTE: "5",
      GRPC_MAX_MESSAGE_BYTES: String(64 * 1024),
    });
    dir = clients(directory.grpcPort);
  });

  afterAll(async () => {
    await dropDatabase(directory);
    await directory?.stop();
  });

  test("a caller over its per-minute budget gets RESOURCE_EXHAUSTED; other callers are unaffected", async () => {
    const officer = await signIn(dir.identity, "people/dover-officer");
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      codes.push(
        await call(dir.directory, "ListPartners", {}, officer).then(
          () => status.OK,
          (e: { code: number }) => e.code,
        ),
      );
    }
    expect(codes.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(codes.slice(5)).toEqual([status.RESOURCE_EXHAUSTED, status.RESOURCE_EXHAUSTED]);
    const chair = await signIn(dir.identity, "people/dover-chair");
    await expect(call(dir.directory, "ListPartners", {}, chair)).resolves.toBeDefined();
  });

  test("a request larger than the message size limit is refused with RESOURCE_EXHAUSTED", async () => {
    const chair = await signIn(dir.identity, "people/maidstone-chair");
    const err = await call(dir.directory, "GetPartner", { name: `partners/${"x".repeat(100 * 1024)}` }, chair).catch(
      (e: { code: number }) => e,
    );
    expect((err as { code: number }).code).toBe(status.RESOURCE_EXHAUSTED);
  });
});
