/**
 * The demonstration's report requests as the reports service will see them: each message encoded
 * and decoded with the mesh's proto-loader settings, then checked by the service's own request
 * schemas and domain rules, so a request the service would refuse fails here rather than at start.
 */
import { loadProtos, SNIFF_WINDOW, sniff } from "@csp-mesh/kit";
import { answersFromProto } from "../../../../services/reports/src/api/mapping";
import {
  createRequestSchema,
  reviewSchema,
  saveDraftSchema,
  submitSchema,
  uploadMessageSchema,
} from "../../../../services/reports/src/api/schemas";
import {
  formalS7Violations,
  type LegalBasis,
  publishesOnAcceptance,
} from "../../../../services/reports/src/domain/report-request";
import { answersSchema, sectionProblems } from "../../../../services/reports/src/domain/sections";
import { csv } from "./files";
import { answersToProto, createRequestMessage, reviewMessage, submitMessage } from "./messages";
import { demoTimes, PARTNERS } from "./plan";
import { type Answers, demoRequests, type RequestSpec } from "./reports-content";

const protos = loadProtos(["csp/reports/v1/reports.proto"]);
type Codec = { requestSerialize(v: unknown): Buffer; requestDeserialize(b: Buffer): unknown };
/** The request as the service's handler receives it. */
function wire(method: string, message: object): unknown {
  const codec = (protos.definition["csp.reports.v1.ReportsService"] as unknown as Record<string, Codec>)[method];
  if (!codec) throw new Error(`no method ${method}`);
  return codec.requestDeserialize(codec.requestSerialize(message));
}

const PARENT = "reportRequests/rq-demo-0001";

const seasons: [string, Date][] = [
  ["in summer", new Date("2026-06-10T08:00:00Z")],
  ["in winter", new Date("2026-12-18T16:30:00Z")],
];

describe.each(seasons)("the demonstration's report requests %s", (_when, now) => {
  const t = demoTimes(now);
  const r = demoRequests(t);
  const all: RequestSpec[] = [r.overdue, r.formal, r.returned, r.published, r.shared];
  const sectionsOf = (s: RequestSpec) =>
    createRequestSchema.parse(wire("CreateReportRequest", createRequestMessage(s, "demo-x-create"))).reportRequest
      .sections;

  it("are requests the reports service accepts, due in the future, to real partnerships", () => {
    for (const s of all) {
      const sent = createRequestMessage(s, `demo-x-${s.key}`);
      const decoded = wire("CreateReportRequest", sent);
      expect(decoded).toMatchObject(sent);
      const parsed = createRequestSchema.parse(decoded).reportRequest;
      expect(sectionProblems(parsed.sections)).toEqual([]);
      expect(formalS7Violations(parsed.legalBasis as LegalBasis, parsed.formalS7)).toEqual([]);
      expect(parsed.dueTime?.getTime()).toBeGreaterThan(now.getTime());
      for (const a of parsed.addressees) expect(Object.values(PARTNERS)).toContain(a.partner);
    }
    expect(new Set(all.map((s) => s.key)).size).toBe(all.length);
  });

  it("include a formal s.7 requirement, and one whose acceptance releases it to the panel", () => {
    expect(r.formal.legalBasis).toBe("FORMAL_S7");
    expect(r.published.legalBasis).toBe("FORMAL_S7");
    expect(publishesOnAcceptance("FORMAL_S7", r.published.formalS7, "OFFICIAL")).toBe(true);
  });

  it("fall overdue moments after the seed starts, for the one left unanswered", () => {
    expect(r.overdue.due).toEqual(t.soon);
    expect(r.overdue.addressees).toHaveLength(1);
  });

  it("are answered as the service checks answers: every required one when submitted", () => {
    const cases: [RequestSpec, Answers, boolean][] = [
      [r.formal, r.formal.draft, false],
      [r.returned, r.returned.answers, true],
      [r.published, r.published.answers, true],
      [r.shared, r.shared.answers, true],
    ];
    for (const [spec, answers, complete] of cases) {
      const sent = submitMessage(spec, PARENT, answers, [], "demo-x-submit");
      const decoded = wire("SubmitReport", sent);
      expect(decoded).toMatchObject(sent);
      const sections = sectionsOf(spec);
      const { answers: given, violations } = answersFromProto(submitSchema.parse(decoded).answers, sections);
      expect(violations).toEqual([]);
      expect(given).toEqual(answers);
      const check = answersSchema(sections, complete).safeParse(given);
      expect(check.error?.issues ?? []).toEqual([]);
    }
    const draft = { parent: PARENT, answers: answersToProto(r.formal.sections, r.formal.draft), attachments: [] };
    expect(saveDraftSchema.safeParse(wire("SaveDraft", draft)).success).toBe(true);
  });

  it("are reviewed with messages the service accepts: returned with reasons, or accepted", () => {
    const back = reviewMessage(PARENT, PARTNERS.canterbury, 1, r.returned.returnReasons, "demo-x-return");
    expect(reviewSchema.parse(wire("ReviewSubmission", back)).decision).toBe("RETURN");
    const yes = reviewMessage(PARENT, PARTNERS.maidstone, 1, undefined, "demo-x-accept");
    expect(reviewSchema.parse(wire("ReviewSubmission", yes)).decision).toBe("ACCEPT");
  });

  it("attach a CSV the file store accepts, a row per month", async () => {
    const a = r.published.attachment;
    const meta = { metadata: { parent: PARENT, filename: a.filename } };
    expect(uploadMessageSchema.safeParse(wire("UploadAttachment", meta)).success).toBe(true);
    const bytes = csv(a.rows);
    expect(await sniff(bytes.subarray(0, SNIFF_WINDOW), bytes.subarray(-SNIFF_WINDOW))).toBe("csv");
    expect(a.rows).toHaveLength(13);
  });
});
