import { policyViolations } from "@csp-mesh/kit";
import { MEETING_KINDS } from "./resources";

test("the platform's promises hold for every meetings kind", () => {
  expect(MEETING_KINDS.map((k) => k.name).length).toBeGreaterThan(0);
  expect(MEETING_KINDS.flatMap((k) => policyViolations(k))).toEqual([]);
});
