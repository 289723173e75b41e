import { type FormalS7, formalS7Violations, publishesOnAcceptance } from "./report-request";

const full: FormalS7 = {
  notSatisfiedEffectiveEfficient: true,
  reasonableAndProportionate: true,
  reasoning: "Three quarters of rising ASB with no partnership plan in place.",
  publish: true,
  publicationManner: "With the panel papers",
};

describe("s.7 formal requirement", () => {
  test("with both findings and the reasoning it may be issued", () => {
    expect(formalS7Violations("FORMAL_S7", full)).toEqual([]);
  });

  test("without both findings it is refused, naming each", () => {
    const v = formalS7Violations("FORMAL_S7", {
      ...full,
      notSatisfiedEffectiveEfficient: false,
      reasonableAndProportionate: false,
    });
    expect(v.map((x) => x.field)).toEqual([
      "report_request.formal_s7.not_satisfied_effective_efficient",
      "report_request.formal_s7.reasonable_and_proportionate",
    ]);
    expect(formalS7Violations("FORMAL_S7", undefined).length).toBe(3);
  });

  test("a publish decision needs its manner; findings on an informal request are refused", () => {
    expect(formalS7Violations("FORMAL_S7", { ...full, publicationManner: "" }).map((x) => x.field)).toEqual([
      "report_request.formal_s7.publication_manner",
    ]);
    expect(formalS7Violations("INFORMAL", full)).toHaveLength(1);
    expect(formalS7Violations("INFORMAL", undefined)).toEqual([]);
  });

  test("only an OFFICIAL formal request with a publish decision is published on acceptance", () => {
    expect(publishesOnAcceptance("FORMAL_S7", full, "OFFICIAL")).toBe(true);
    expect(publishesOnAcceptance("FORMAL_S7", full, "OFFICIAL-SENSITIVE")).toBe(false);
    expect(publishesOnAcceptance("FORMAL_S7", { ...full, publish: false }, "OFFICIAL")).toBe(false);
    expect(publishesOnAcceptance("INFORMAL", full, "OFFICIAL")).toBe(false);
  });
});
