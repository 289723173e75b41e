import { policyViolations } from "@csp-mesh/kit";
import { NOTIFIER_KINDS } from "./resources";

test("the platform's promises hold for every notifier kind", () => {
  expect(NOTIFIER_KINDS.map((k) => k.name).length).toBeGreaterThan(0);
  expect(NOTIFIER_KINDS.flatMap((k) => policyViolations(k))).toEqual([]);
});
