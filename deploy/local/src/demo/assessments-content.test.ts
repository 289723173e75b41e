/**
 * The demonstration's assessment cycle as the assessments service will see it: each message through
 * the mesh's proto encoding, then the service's own request schemas and its default template.
 */
import { loadProtos } from "@csp-mesh/kit";
import { openCycleSchema, responseSchema, saveDraftSchema } from "../../../../services/assessments/src/api/schemas";
import { contentProblems } from "../../../../services/assessments/src/domain/contribution";
import { DEFAULT_TEMPLATE } from "../../../../services/assessments/src/domain/template";
import { demoAssessment } from "./assessments-content";
import { contentToProto, openCycleMessage } from "./messages";
import { demoTimes, PARTNERS } from "./plan";

const protos = loadProtos(["csp/assessments/v1/assessments.proto"]);
type Codec = { requestSerialize(v: unknown): Buffer; requestDeserialize(b: Buffer): unknown };
/** The request as the service's handler receives it. */
function wire(method: string, message: object): unknown {
  const codec = (protos.definition["csp.assessments.v1.AssessmentsService"] as unknown as Record<string, Codec>)[
    method
  ];
  if (!codec) throw new Error(`no method ${method}`);
  return codec.requestDeserialize(codec.requestSerialize(message));
}

const CYCLE = "assessments/a-2026-27-0a1b2c3d";

const seasons: [string, Date][] = [
  ["in December", new Date("2025-12-03T10:00:00Z")],
  ["in May", new Date("2026-05-20T10:00:00Z")],
];

describe.each(seasons)("the demonstration's assessment %s", (_when, now) => {
  const t = demoTimes(now);
  const a = demoAssessment(t);

  it("opens a cycle on the default template that the service accepts, due in the future", () => {
    const sent = openCycleMessage(a, "demo-x-cycle");
    const decoded = wire("OpenCycle", sent);
    expect(decoded).toMatchObject(sent);
    const parsed = openCycleSchema.parse(decoded).cycle;
    expect(parsed.template).toBeUndefined();
    expect(parsed.compileFrom).toBe("ACCEPTED");
    expect(parsed.dueTime?.getTime()).toBeGreaterThan(now.getTime());
    expect(parsed.partners).toEqual(a.partnerships.map((p) => PARTNERS[p]));
  });

  it("has contributions from addressed partnerships that the template takes, complete where submitted", () => {
    for (const c of a.contributions) {
      expect(a.partnerships).toContain(c.partnership);
      const sent = {
        cycle: CYCLE,
        content: contentToProto(c.content),
        requestId: `demo-x-${c.partnership}`,
        etag: "",
        validateOnly: false,
      };
      const decoded = wire("SaveContributionDraft", sent);
      expect(decoded).toMatchObject(sent);
      const content = saveDraftSchema.parse(decoded).content;
      expect(contentProblems(content, DEFAULT_TEMPLATE, c.outcome !== "DRAFT")).toEqual([]);
      for (const i of content.indicators) expect(i.period).toBe(t.cycle.period);
    }
    expect(new Set(a.contributions.map((c) => c.partnership)).size).toBe(a.contributions.length);
    expect(a.contributions.filter((c) => c.outcome === "ACCEPTED").length).toBeGreaterThan(0);
  });

  it("responds under s.10 to a priority an accepted contribution ranked", () => {
    const r = a.response;
    const target = a.contributions.find((c) => c.partnership === r.partnership);
    expect(target?.outcome).toBe("ACCEPTED");
    expect(target?.content.priorities.map((p) => p.code)).toContain(r.priorityKey);
    const sent = {
      name: `${CYCLE}/contributions/${PARTNERS[r.partnership].slice("partners/".length)}`,
      priorityKey: r.priorityKey,
      response: r.response,
      planObjective: r.planObjective,
      requestId: "demo-x-s10",
    };
    expect(responseSchema.safeParse(wire("RecordPriorityResponse", sent)).success).toBe(true);
  });
});
