import { judge, type SessionDoc } from "./sessions";

const t0 = new Date("2027-01-01T09:00:00Z");
const plus = (s: number) => new Date(t0.getTime() + s * 1000);
const session = (over: Partial<SessionDoc> = {}): SessionDoc => ({
  _id: "x",
  token: "t",
  tokenExpires: plus(900),
  person: "people/p",
  displayName: "P",
  created: t0,
  lastSeen: t0,
  idleUntil: plus(1800),
  absoluteUntil: plus(36_000),
  ...over,
});

describe("web session rules", () => {
  test("live while active; ends at the idle deadline and at the absolute limit", () => {
    expect(judge(session(), plus(60), 1800)).toEqual({ live: true, renew: false, touch: true });
    expect(judge(session(), plus(5), 1800)).toEqual({ live: true, renew: false, touch: false });
    expect(judge(session(), plus(1800), 1800)).toEqual({ live: false });
    expect(judge(session({ idleUntil: plus(40_000) }), plus(36_000), 1800)).toEqual({ live: false });
  });

  test("with a short idle timeout, activity is recorded often enough to keep the session", () => {
    expect(judge(session(), plus(1), 4)).toEqual({ live: true, renew: false, touch: true });
  });

  test("the token is renewed shortly before it expires", () => {
    expect(judge(session(), plus(800), 1800)).toMatchObject({ live: true, renew: true });
    expect(judge(session({ tokenExpires: plus(-1) }), plus(10), 1800)).toMatchObject({ live: true, renew: true });
  });
});
