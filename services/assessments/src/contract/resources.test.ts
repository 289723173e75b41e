import { policyViolations } from "@csp-mesh/kit";
import { ASSESSMENT_KINDS } from "./resources";

test("the platform's promises hold for every assessments kind", () => {
  expect(ASSESSMENT_KINDS.map((k) => k.name).length).toBeGreaterThan(0);
  expect(ASSESSMENT_KINDS.flatMap((k) => policyViolations(k))).toEqual([]);
});
