import { singleLine, textProblem, unsafeText } from "./text-safety";

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
