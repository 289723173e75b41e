import { expressionAllowed, type LicencePolicy, licenceOffenders } from "./licence-policy";

const policy: LicencePolicy = {
  allow: ["MIT", "Apache-2.0", "BSD-3-Clause"],
  firstPartyGroup: "@csp-mesh",
  exceptions: { "odd-one@1.0.0": "reviewed: dual-licensed by letter" },
};
const allow = new Set(policy.allow);

describe("licence policy", () => {
  it("accepts allowed ids and expressions with an allowed branch", () => {
    expect(expressionAllowed("MIT", allow)).toBe(true);
    expect(expressionAllowed("(MIT OR GPL-3.0-only)", allow)).toBe(true);
    expect(expressionAllowed("Apache-2.0 WITH LLVM-exception", allow)).toBe(true);
    expect(expressionAllowed("MIT AND BSD-3-Clause", allow)).toBe(true);
  });

  it("refuses copyleft, unknown and empty licences, and AND with a refused term", () => {
    expect(expressionAllowed("GPL-3.0-only", allow)).toBe(false);
    expect(expressionAllowed("MIT AND GPL-2.0-only", allow)).toBe(false);
    expect(expressionAllowed("SEE LICENSE IN LICENSE.md", allow)).toBe(false);
    expect(expressionAllowed("", allow)).toBe(false);
  });

  it("names each offending component with its licence; skips our own packages and written exceptions", () => {
    const offenders = licenceOffenders(
      [
        { name: "express", version: "5.3.0", licenses: [{ license: { id: "MIT" } }] },
        { group: "@csp-mesh", name: "kit", version: "0.1.0" },
        { name: "odd-one", version: "1.0.0", licenses: [{ license: { name: "custom" } }] },
        { name: "copyleft", version: "2.0.0", licenses: [{ license: { id: "AGPL-3.0-only" } }] },
        { group: "@x", name: "nolicence", version: "0.0.1" },
        {
          name: "mixed",
          version: "1.0.0",
          licenses: [{ license: { id: "MIT" } }, { expression: "LGPL-2.1-or-later" }],
        },
      ],
      policy,
    );
    expect(offenders).toEqual([
      { component: "copyleft@2.0.0", licences: "AGPL-3.0-only", reason: "not on the allow-list: AGPL-3.0-only" },
      { component: "@x/nolicence@0.0.1", licences: "", reason: "declares no licence" },
      {
        component: "mixed@1.0.0",
        licences: "MIT, LGPL-2.1-or-later",
        reason: "not on the allow-list: LGPL-2.1-or-later",
      },
    ]);
  });
});
