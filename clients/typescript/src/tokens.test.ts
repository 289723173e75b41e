import { cachedToken } from "./tokens";

describe("cachedToken", () => {
  test("exchanges once, reuses the token, and renews it before it expires", async () => {
    let now = 0;
    let exchanges = 0;
    const source = cachedToken(
      async () => ({ accessToken: `t${++exchanges}`, expiresIn: 900 }),
      () => now,
    );
    expect(await source.token()).toBe("t1");
    now = 800_000; // within the lifetime, before the renewal margin (90 s before expiry)
    expect(await source.token()).toBe("t1");
    now = 811_000; // inside the margin: renewed before the server would refuse it
    expect(await source.token()).toBe("t2");
    expect(exchanges).toBe(2);
  });

  test("concurrent callers share one exchange; invalidate forces the next", async () => {
    let exchanges = 0;
    const source = cachedToken(async () => {
      exchanges += 1;
      await new Promise((r) => setTimeout(r, 10));
      return { accessToken: `t${exchanges}`, expiresIn: 900 };
    });
    expect(await Promise.all([source.token(), source.token(), source.token()])).toEqual(["t1", "t1", "t1"]);
    source.invalidate();
    expect(await source.token()).toBe("t2");
  });

  test("a failed exchange is not cached", async () => {
    let calls = 0;
    const source = cachedToken(async () => {
      calls += 1;
      if (calls === 1) throw new Error("directory unavailable");
      return { accessToken: "ok", expiresIn: 900 };
    });
    await expect(source.token()).rejects.toThrow("directory unavailable");
    expect(await source.token()).toBe("ok");
  });
});
