/**
 * Web sessions: kept alive by activity, ended after the idle timeout, and ended on the server at
 * sign-out, so a copied cookie replayed afterwards gets the sign-in page. Plain HTTP with the
 * cookies and the CSRF token handled as a browser would.
 */
import type { RunningService } from "@csp-mesh/kit";
import type { AssessmentsConfig } from "../../services/assessments/src/config";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { GatewayConfig } from "../../services/gateway/src/config";
import type { MeetingsConfig } from "../../services/meetings/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import {
  call,
  clients,
  dropDatabase,
  isolation,
  startBesideDirectory,
  startDirectory,
  startGateway,
  signIn as tokenFor,
} from "../support/mesh";

const IDLE_S = 3;

describe("web sessions", () => {
  const iso = isolation("sess");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let meetings: RunningService<MeetingsConfig>;
  let assessments: RunningService<AssessmentsConfig>;
  let gateway: RunningService<GatewayConfig>;
  let base: string;

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    ({ reports, meetings, assessments } = await startBesideDirectory(iso, directory, [
      "reports",
      "meetings",
      "assessments",
    ]));
    gateway = await startGateway(`${iso.db}_g`, iso.topicPrefix, directory, reports, meetings, assessments, {
      SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_S),
      INSECURE_COOKIES: "true",
    });
    base = `http://127.0.0.1:${gateway.httpPort}`;
  });

  afterAll(async () => {
    await gateway?.stop();
    for (const svc of [assessments, meetings, reports, directory]) {
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

  async function signIn(person: string, into = new Jar()): Promise<Jar> {
    const jar = into;
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

  const csrfOf = async (jar: Jar, path: string) =>
    /name="_csrf" value="([^"]+)"/.exec(await (await jar.get(path)).text())?.[1] as string;
  const post = async (jar: Jar, path: string, fields: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
    jar.take(res);
    return res;
  };

  test("the timeout warning's status call is not activity; 'stay signed in' is", async () => {
    const jar = await signIn("opcc-staff-1");
    const status = async () =>
      (await (await jar.get("/session/status")).json()) as { live: boolean; secondsLeft: number };
    expect(await status()).toEqual({ live: true, secondsLeft: expect.any(Number) });
    await sleep(2_000);
    expect((await status()).secondsLeft).toBeLessThanOrEqual(1);
    const csrf = /data-csrf="([^"]+)"/.exec(await (await jar.get("/session/status")).text())?.[1];
    expect(csrf).toBeUndefined(); // the status is JSON, not a page
    await sleep(1_500);
    expect((await status()).live).toBe(false); // asking did not keep it alive

    const kept = await signIn("opcc-staff-1");
    const token = /data-csrf="([^"]+)"/.exec(await (await kept.get("/")).text())?.[1] as string;
    await sleep(2_000);
    const stay = await post(kept, "/session/keep-alive", { _csrf: token });
    expect(((await stay.json()) as { secondsLeft: number }).secondsLeft).toBeGreaterThanOrEqual(IDLE_S - 1);
    await sleep(2_000);
    expect(await signedIn(kept)).toBe(true); // 4 s after sign-in, alive because of "stay signed in"
  });

  test("an answer saved after the session ended is in the draft once the same person signs in again", async () => {
    const dir = clients(directory.grpcPort);
    const rep = clients(reports.grpcPort).reports;
    const opcc = await tokenFor(dir.identity, "people/opcc-staff-1");
    const rq = await call<{ name: string }>(
      rep,
      "CreateReportRequest",
      {
        reportRequest: {
          title: "Night-time economy",
          issueOfConcern: "Violence around late-night venues in the town centre.",
          addressees: [{ partner: "partners/csp-dover" }],
          sections: [
            { id: "summary", title: "Summary", help: "", type: "SECTION_TYPE_TEXT", required: true, options: [] },
          ],
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          classification: "CLASSIFICATION_OFFICIAL",
          legalBasis: "LEGAL_BASIS_INFORMAL",
        },
      },
      opcc,
    );
    const id = rq.name.replace("reportRequests/", "");
    const jar = await signIn("dover-officer");
    const csrf = await csrfOf(jar, `/requests/${id}/report`);
    await sleep((IDLE_S + 1) * 1000); // the form sits open past the idle timeout
    const late = await post(jar, `/requests/${id}/report`, {
      _csrf: csrf,
      a_summary: "Typed while idle",
      action: "save",
    });
    expect([late.status, late.headers.get("location")]).toEqual([303, "/sign-in?kept=1"]);
    expect(await (await jar.get("/sign-in?kept=1")).text()).toContain("What you typed has been kept");

    // Someone else signing in on this browser does not get it.
    const other = new Jar();
    for (const [k, v] of jar.cookies) other.cookies.set(k, v);
    await signIn("maidstone-officer", other);

    const back = await signIn("dover-officer", jar);
    expect(back.cookies.get("csp_pending_form")).toBe("");
    const form = await (await jar.get(`/requests/${id}/report?resumed=1`)).text();
    expect(form).toContain("Typed while idle");
    const dover = await tokenFor(dir.identity, "people/dover-officer");
    const draft = await call<{ answers: { sectionId: string; text: string }[] }>(
      rep,
      "GetDraft",
      { parent: rq.name },
      dover,
    );
    expect(draft.answers).toEqual([expect.objectContaining({ sectionId: "summary", text: "Typed while idle" })]);
  });

  test("any other form posted after the session ended is shown back to send, with a fresh form token", async () => {
    const jar = await signIn("opcc-staff-1");
    const csrf = await csrfOf(jar, "/requests/new");
    await sleep((IDLE_S + 1) * 1000);
    const late = await post(jar, "/requests/new", { _csrf: csrf, title: "Kept title", issue: "" });
    expect(late.headers.get("location")).toBe("/sign-in?kept=1");
    await signIn("opcc-staff-1", jar);
    const resume = await jar.get("/resume");
    const html = await resume.text();
    expect(resume.status).toBe(200);
    expect(html).toContain('action="/requests/new"');
    expect(html).toContain('name="title" value="Kept title"');
    // Sending it runs the form as usual (here: the create form's own checks, with the title kept).
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    const sent = await post(jar, "/requests/new", fields);
    expect(sent.status).toBe(400);
    expect(await sent.text()).toContain("Kept title");
    expect((await jar.get("/resume")).headers.get("location")).toBe("/"); // taken once
  });
});
