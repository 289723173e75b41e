import { canonicalJson } from "@csp-mesh/kit";
import fc from "fast-check";
import { type CompileInput, compile, pointsFor } from "./compile";
import { type Content, EMPTY_CONTENT, type RankedPriority } from "./contribution";
import { DEFAULT_TEMPLATE } from "./template";

const p = (rank: number, code: string, emergingTitle = ""): RankedPriority => ({
  rank,
  code,
  emergingTitle,
  rationale: "because",
  evidence: "",
});

const input = (partner: string, content: Partial<Content>, version = 1): CompileInput => ({
  partner: `partners/${partner}`,
  version,
  sha256: `${partner}-sha`,
  state: "ACCEPTED",
  content: { ...EMPTY_CONTENT, ...content },
});

const value = (code: string, v: number, unit: "COUNT" | "RATE_PER_1000" | "PERCENT" = "COUNT") => ({
  code,
  value: v,
  unit,
  period: "2025/26",
  trend: "" as const,
  source: "police",
});

const ALL = ["partners/a", "partners/b", "partners/c", "partners/d"];

describe("compile: priority scores", () => {
  test("Borda points: rank 1 earns 10, rank 10 earns 1", () => {
    expect([1, 2, 10].map(pointsFor)).toEqual([10, 9, 1]);
  });

  test("sums points across partnerships, counts and lists them, and keeps the provenance", () => {
    const c = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [
      input("a", { priorities: [p(1, "VAWG"), p(2, "ASB")] }),
      input("b", { priorities: [p(1, "ASB"), p(2, "FRAUD")] }, 3),
    ]);
    // ASB: 9 (a, rank 2) + 10 (b, rank 1) = 19; VAWG: 10; FRAUD: 9.
    expect(c.priorities.map((x) => [x.position, x.key, x.score, x.partnerCount, x.bestRank])).toEqual([
      [1, "ASB", 19, 2, 1],
      [2, "VAWG", 10, 1, 1],
      [3, "FRAUD", 9, 1, 2],
    ]);
    expect(c.priorities[0]?.partners).toEqual(["partners/a", "partners/b"]);
    expect(c.priorities[0]?.provenance).toEqual([
      { partner: "partners/a", version: 1, sha256: "a-sha", rank: 2 },
      { partner: "partners/b", version: 3, sha256: "b-sha", rank: 1 },
    ]);
    expect(c.priorities[0]?.title).toBe("Anti-social behaviour");
  });

  test("ties: more partnerships first, then the better best rank, then the key", () => {
    const c = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [
      // FRAUD 10 (one partnership, rank 1); ASB 5 + 5 = 10 (two partnerships, best rank 6).
      input("a", { priorities: [p(1, "FRAUD"), p(6, "ASB")] }),
      input("b", { priorities: [p(6, "ASB"), p(1, "HATE-CRIME")] }),
      // VAWG and ROAD-SAFETY both 8 from one partnership each, best rank 3: by key.
      input("c", { priorities: [p(3, "VAWG")] }),
      input("d", { priorities: [p(3, "ROAD-SAFETY")] }),
    ]);
    expect(c.priorities.map((x) => `${x.key}:${x.score}`)).toEqual([
      "ASB:10",
      "FRAUD:10",
      "HATE-CRIME:10",
      "ROAD-SAFETY:8",
      "VAWG:8",
    ]);
  });

  test("emerging issues are matched by their normalised title and flagged", () => {
    const c = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [
      input("a", { priorities: [p(1, "", "Vape sales to  children")] }),
      input("b", { priorities: [p(2, "", "vape sales to children "), p(1, "ASB")] }),
    ]);
    const emerging = c.priorities.find((x) => x.emerging);
    expect(emerging).toMatchObject({
      key: "EMERGING:vape sales to children",
      title: "Vape sales to  children",
      score: 19,
      partnerCount: 2,
    });
  });
});

describe("compile: gaps and inputs", () => {
  test("areas without a usable version are gaps; inputs list each version used, sorted", () => {
    const c = compile(
      "assessments/x",
      DEFAULT_TEMPLATE,
      "SUBMITTED",
      ["partners/d", ...ALL],
      [input("c", { priorities: [p(1, "ASB")] }, 2), input("a", { priorities: [p(1, "ASB")] })],
    );
    expect(c.gaps).toEqual(["partners/b", "partners/d"]);
    expect(c.inputs.map((i) => `${i.partner}@${i.version}`)).toEqual(["partners/a@1", "partners/c@2"]);
    expect(c.compileFrom).toBe("SUBMITTED");
  });

  test("nobody contributed: every area is a gap, nothing is scored, indicators are not combined", () => {
    const c = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, []);
    expect(c.gaps).toEqual(ALL);
    expect(c.priorities).toEqual([]);
    expect(c.indicators.every((f) => !f.combined && f.areas === 0)).toBe(true);
  });
});

describe("compile: indicators by their declared rule", () => {
  const c = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [
    input("a", {
      population: 100_000,
      indicators: [value("TOTAL-CRIME", 1200), value("DA-RATE", 10, "RATE_PER_1000"), value("LOCAL-MEASURE", 4)],
    }),
    input("b", {
      population: 300_000,
      indicators: [value("TOTAL-CRIME", 800), value("DA-RATE", 20, "RATE_PER_1000"), value("LOCAL-MEASURE", 9)],
    }),
    input("c", { population: 50_000, indicators: [value("FEEL-SAFE", 71.25, "PERCENT")] }),
  ]);
  const fig = (code: string) => c.indicators.find((f) => f.code === code);

  test("SUM adds the areas' values", () => {
    expect(fig("TOTAL-CRIME")).toMatchObject({ combined: true, value: 2000, areas: 2 });
  });

  test("POPULATION_WEIGHTED_MEAN weights each area by its population", () => {
    // (10 x 100,000 + 20 x 300,000) / 400,000 = 17.5
    expect(fig("DA-RATE")).toMatchObject({ combined: true, value: 17.5, areas: 2 });
    expect(fig("FEEL-SAFE")).toMatchObject({ combined: true, value: 71.25, areas: 1 });
  });

  test("NOT_COMBINABLE gives no force-wide figure but lists every area's value", () => {
    expect(fig("LOCAL-MEASURE")).toMatchObject({ combined: false, value: 0, areas: 2 });
    expect(fig("LOCAL-MEASURE")?.provenance.map((x) => [x.partner, x.value])).toEqual([
      ["partners/a", 4],
      ["partners/b", 9],
    ]);
  });

  test("an indicator nobody gave is listed, not combined", () => {
    expect(fig("ASB-INCIDENTS")).toMatchObject({ combined: false, areas: 0, provenance: [] });
  });

  test("weighted means are rounded to 4 decimal places", () => {
    const r = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [
      input("a", { population: 3, indicators: [value("DA-RATE", 1, "RATE_PER_1000")] }),
      input("b", { population: 6, indicators: [value("DA-RATE", 0, "RATE_PER_1000")] }),
    ]);
    expect(r.indicators.find((f) => f.code === "DA-RATE")?.value).toBe(0.3333);
  });
});

describe("compile: determinism", () => {
  const codes = DEFAULT_TEMPLATE.themes.map((t) => t.code);
  const contentArb = fc
    .record({
      codes: fc.shuffledSubarray(codes, { minLength: 1, maxLength: codes.length }),
      emerging: fc.option(fc.constantFrom("Vapes", "Retail theft", "E-scooters"), { nil: undefined }),
      population: fc.integer({ min: 1000, max: 500_000 }),
      crime: fc.integer({ min: 0, max: 100_000 }),
      rate: fc.double({ min: 0, max: 100, noNaN: true }),
    })
    .map(
      (r): Partial<Content> => ({
        population: r.population,
        priorities: [
          ...r.codes.map((code, i) => p(i + 1, code)),
          ...(r.emerging ? [p(r.codes.length + 1, "", r.emerging)] : []),
        ].slice(0, 10),
        indicators: [value("TOTAL-CRIME", r.crime), value("DA-RATE", r.rate, "RATE_PER_1000")],
      }),
    );
  const inputsArb = fc
    .uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), { minLength: 0, maxLength: 7 })
    .chain((ids) =>
      fc
        .tuple(...ids.map(() => contentArb))
        .map((contents) => ids.map((id, i) => input(id, contents[i] as Partial<Content>))),
    );

  test("the output, byte for byte, does not depend on the order contributions arrive", () => {
    fc.assert(
      fc.property(inputsArb, fc.infiniteStream(fc.nat()), (inputs, seeds) => {
        const shuffled = [...inputs].sort(() => (seeds.next().value % 3) - 1);
        const addressees = ["partners/a", "partners/b", "partners/c", "partners/d", "partners/e", "partners/f"];
        const one = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", addressees, inputs);
        const two = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", [...addressees].reverse(), shuffled);
        expect(canonicalJson(two)).toBe(canonicalJson(one));
        expect(two.sha256).toBe(one.sha256);
      }),
      { numRuns: 200 },
    );
  });

  test("a different input gives a different hash", () => {
    const a = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [input("a", { priorities: [p(1, "ASB")] })]);
    const b = compile("assessments/x", DEFAULT_TEMPLATE, "ACCEPTED", ALL, [input("a", { priorities: [p(2, "ASB")] })]);
    expect(a.sha256).not.toBe(b.sha256);
  });
});
