import { canonicalJson, contentSha256 } from "./canonical";

test("key order does not change the canonical form or the hash", () => {
  const a = { b: 1, a: { d: [3, { y: 1, x: 2 }], c: "s" } };
  const b = { a: { c: "s", d: [3, { x: 2, y: 1 }] }, b: 1 };
  expect(canonicalJson(a)).toBe('{"a":{"c":"s","d":[3,{"x":2,"y":1}]},"b":1}');
  expect(contentSha256(a)).toBe(contentSha256(b));
});

test("any change of content changes the hash; array order is content", () => {
  expect(contentSha256({ a: [1, 2] })).not.toBe(contentSha256({ a: [2, 1] }));
  expect(contentSha256({ a: "x" })).not.toBe(contentSha256({ a: "y" }));
});
