import fc from "fast-check";
import { z } from "zod";
import { singleLine, textPattern, textProblem, unsafeText } from "./text-safety";

describe("text safety", () => {
  test.each([
    ["NUL", "a\u0000b"],
    ["bell", "a\u0007b"],
    ["escape", "\u001b[31mred"],
    ["DEL", "a\u007fb"],
    ["C1 control", "a\u0085b"],
    ["right-to-left override", "invoice\u202Egpj.exe"],
    ["left-to-right embedding", "a\u202Ab"],
    ["first strong isolate", "a\u2068b"],
    ["pop directional isolate", "a\u2069b"],
  ])("%s is refused", (_label, s) => {
    expect(textProblem(s)).toBeDefined();
  });

  test.each([
    ["tab and new lines", "line one\tcol\r\nline two\n"],
    ["Welsh and accents", "Cyngor Sir Ddinbych, café, naïve"],
    ["right-to-left text without controls", "مرحبا بالعالم"],
    ["emoji", "Safer streets 🚶"],
  ])("%s are allowed", (_label, s) => {
    expect(textProblem(s)).toBeUndefined();
  });

  test("every string of a message is checked and named by its field path; bytes are not text", () => {
    const message = {
      meeting: { title: "ok", invitations: [{ partner: "partners/a" }, { partner: "b\u202E" }] },
      reportRequest: { issueOfConcern: "x\u0000" },
      chunk: Buffer.from([0, 1, 2]),
    };
    expect(unsafeText(message).map((v) => v.field)).toEqual([
      "meeting.invitations[1].partner",
      "report_request.issue_of_concern",
    ]);
  });

  test("single-line fields refuse tabs and line breaks, count their minimum after trimming", () => {
    const title = singleLine(200, 5);
    expect(title.safeParse("  Retail crime  ").data).toBe("Retail crime");
    expect(title.safeParse("Retail\ncrime").success).toBe(false);
    expect(title.safeParse("Retail\tcrime").success).toBe(false);
    expect(title.safeParse("   abc   ").success).toBe(false);
    expect(singleLine(3).safeParse("abcd").success).toBe(false);
  });
});

describe("textPattern states the same rule as the kit's checks", () => {
  // Characters near every boundary of the rule, so generated strings hit them often.
  const interesting = fc.constantFrom(
    ...[..."aZ9 \t\n\r\u0000\u0007\u000b\u001f\u007f\u0085\u00a0\u2000\u2028\u202e\u2066\ufeff\u3000é🚶"],
  );
  const strings = fc.oneof(fc.string({ unit: interesting, maxLength: 12 }), fc.string({ maxLength: 12 }));

  test.each([
    [0, false],
    [1, false],
    [5, false],
    [0, true],
    [1, true],
    [3, true],
  ])("min %i, single line %s", (min, oneLine) => {
    const pattern = textPattern(min, oneLine);
    const kit = oneLine ? singleLine(100, min) : z.string().trim().min(min);
    fc.assert(
      fc.property(strings, (s) => {
        const accepted = textProblem(s) === undefined && kit.safeParse(s).success;
        expect(pattern.test(s)).toBe(accepted);
      }),
      { numRuns: 2000 },
    );
  });
});
