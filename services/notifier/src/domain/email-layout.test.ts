import { renderEmail } from "./email-layout";

test("an email: escaped HTML, a plain-text alternative with the link, the recipient's name", () => {
  const e = renderEmail(
    {
      subject: "New report request: <b>Bins</b> & rats",
      paragraphs: ['A title with "quotes" & <script>alert(1)</script>'],
      link: { href: "https://mesh.example/requests/r-1?a=1&b=2", text: "Read it" },
    },
    "Sam O'Neil",
  );
  expect(e.html).not.toContain("<script>");
  expect(e.html).toContain("&lt;script&gt;");
  expect(e.html).toContain('href="https://mesh.example/requests/r-1?a=1&amp;b=2"');
  expect(e.html).toContain("Dear Sam O&#39;Neil");
  expect(e.text).toContain("Read it: https://mesh.example/requests/r-1?a=1&b=2");
  expect(e.text.startsWith("Dear Sam O'Neil")).toBe(true);
});
