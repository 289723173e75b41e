import { RevocationList, revocationUrlFor } from "./revocations";

describe("RevocationList", () => {
  const answers: (string[] | Error)[] = [];
  let fetches = 0;
  beforeEach(() => {
    answers.length = 0;
    fetches = 0;
    jest.spyOn(global, "fetch").mockImplementation(async () => {
      fetches += 1;
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return new Response(JSON.stringify({ revoked: next ?? [] }), { status: 200 });
    });
  });
  afterEach(() => jest.restoreAllMocks());

  test("reads the list at most once per refresh interval, then sees a new revocation", async () => {
    let now = 0;
    const list = new RevocationList("http://directory/.well-known/revoked-systems", 5_000, () => now);
    answers.push([], ["systems/a"]);
    expect(await list.isRevoked("systems/a")).toBe(false);
    now = 4_999;
    expect(await list.isRevoked("systems/a")).toBe(false);
    expect(fetches).toBe(1);
    now = 5_000; // the bound: from here the revocation holds
    expect(await list.isRevoked("systems/a")).toBe(true);
    expect(fetches).toBe(2);
  });

  test("when the directory cannot be reached, the last list is kept and asked for again a second later", async () => {
    let now = 0;
    const list = new RevocationList("http://directory/x", 5_000, () => now);
    answers.push(["systems/a"], new Error("unreachable"), ["systems/a", "systems/b"]);
    expect(await list.isRevoked("systems/a")).toBe(true);
    now = 5_000;
    expect(await list.isRevoked("systems/a")).toBe(true);
    now = 5_999;
    expect(await list.isRevoked("systems/b")).toBe(false);
    now = 6_000;
    expect(await list.isRevoked("systems/b")).toBe(true);
  });

  test("concurrent checks share one fetch; the address sits beside the JWKS", async () => {
    const list = new RevocationList("http://directory/x", 5_000);
    answers.push(["systems/a"]);
    expect(await Promise.all([list.isRevoked("systems/a"), list.isRevoked("systems/b")])).toEqual([true, false]);
    expect(fetches).toBe(1);
    expect(revocationUrlFor("http://127.0.0.1:9401/.well-known/jwks.json")).toBe(
      "http://127.0.0.1:9401/.well-known/revoked-systems",
    );
  });
});
