import * as assessments from "@csp-mesh/assessments/contract";
import * as directory from "@csp-mesh/directory/contract";
import * as grants from "@csp-mesh/grants/contract";
import type { EventContract } from "@csp-mesh/kit";
import * as meetings from "@csp-mesh/meetings/contract";
import * as reports from "@csp-mesh/reports/contract";
import { MESH_EVENT_DOMAINS, WEBHOOK_EVENT_TYPES } from "./mesh-events";

const isContract = (v: unknown): v is EventContract =>
  typeof v === "object" && v !== null && "type" in v && "domain" in v && "schema" in v;

describe("the mesh's event domains", () => {
  test("every event a service's contract declares is in its domain, listed here and documented", () => {
    const declared = [directory, reports, meetings, assessments, grants].flatMap((c) =>
      (Object.values(c) as unknown[]).filter(isContract),
    );
    expect(declared.length).toBeGreaterThanOrEqual(38);
    const listed = new Map(MESH_EVENT_DOMAINS.flatMap((d) => d.events.map((e) => [e.type, d.domain])));
    for (const e of declared) {
      expect([e.type, listed.get(e.type)]).toEqual([e.type, e.domain]);
      expect([e.type, e.description.length > 10]).toEqual([e.type, true]);
    }
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(declared.length);
  });

  test("one domain per service, each described", () => {
    expect(MESH_EVENT_DOMAINS.map((d) => d.domain)).toEqual([
      "directory",
      "reports",
      "meetings",
      "assessments",
      "grants",
    ]);
    for (const d of MESH_EVENT_DOMAINS) expect(d.description).toMatch(/\(the \w+ service\)\.$/);
  });
});
