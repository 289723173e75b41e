/**
 * Web sessions: kept alive by activity, ended after the idle timeout, and ended on the server at
 * sign-out, so a copied cookie replayed afterwards gets the sign-in page. Plain HTTP with the
 * cookies and the CSRF token handled as a browser would.
 */
import type { RunningService } from "@csp-mesh/kit";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { dropDatabase, isolation, startDirectory, startGateway, startMeetings, startReports } from "../support/mesh";

const IDLE_S = 3;

describe("web sessions", () => {
  const iso = isolation("sess");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let base: string;

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory);
    meetings = await startMeetings(`${iso.db}_m`, iso.topicPrefix, directory);
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, {
      SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_S),
      INSECURE_COOKIES: "true",
    });
    base = `http://127.0.0.1:${gateway.httpPort}`;
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const svc of [meetings, reports, directory]) {
      await dropDatabase(svc);
      await svc?.stop();
    }
  });

  /** A cookie jar of name=value pairs, as a browser keeps them. */
  class Jar {
    readonly cookies = new Map<string, string>();
    header() {
      return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    }
    take(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const [k, ...v] = (pair ?? "").split("=");
        if (k) this.cookies.set(k.trim(), v.join("="));
      }
    }
    async get(path: string) {
      const res = await fetch(`${base}${path}`, { headers: { cookie: this.header() }, redirect: "manual" });
      this.take(res);
      return res;
    }
  }

  async function signIn(person: string): Promise<Jar> {
    const jar = new Jar();
    const page = await jar.get("/sign-in");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] as string;
    const res = await fetch(`${base}/sign-in`, {
      method: "POST",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, person }).toString(),
      redirect: "manual",
    });
    jar.take(res);
    expect(res.status).toBe(303);
    expect(jar.cookies.get("csp_session")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    return jar;
  }
  const signedIn = async (jar: Jar) => (await jar.get("/requests")).status === 200;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test("the cookie holds an opaque id, not the token", async () => {
    const jar = await signIn("opcc-staff-1");
    expect(jar.cookies.get("csp_session")?.startsWith("ey")).toBe(false);
    expect(await signedIn(jar)).toBe(true);
  });

  test("activity keeps a session; idleness past the timeout ends it", async () => {
    const active = await signIn("maidstone-officer");
    for (let i = 0; i < 5; i++) {
      await sleep(1_000);
      expect(await signedIn(active)).toBe(true); // 5 s in all, longer than the 3 s idle timeout
    }
    const idle = await signIn("dover-officer");
    await sleep((IDLE_S + 1) * 1000);
    const res = await idle.get("/requests");
    expect([res.status, res.headers.get("location")]).toEqual([303, "/sign-in"]);
  });

  test("after sign-out the old cookie, replayed, gets the sign-in page", async () => {
    const jar = await signIn("opcc-staff-1");
    const copied = new Jar();
    for (const [k, v] of jar.cookies) copied.cookies.set(k, v);
    expect(await signedIn(copied)).toBe(true);
    await jar.get("/sign-out");
    const replay = await copied.get("/requests");
    expect([replay.status, replay.headers.get("location")]).toEqual([303, "/sign-in"]);
  });
});
