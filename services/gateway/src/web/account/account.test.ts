/**
 * Signing in and out, the timeout warning's two calls, and a form kept over an ended session, over the
 * fake mesh (development sign-in on).
 */
import type { Reply } from "../../downstream";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { errorSummary, headingOf, textOf, titleOf } from "../../testing/page-reading";
import { type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { registerSessionPages, type SessionPagesOptions } from "./session-pages";
import { type DemoPerson, registerSignInPages, type SignInOptions } from "./sign-in";

const PEOPLE_TO_CHOOSE: DemoPerson[] = [
  { id: "opcc-staff-1", displayName: "Priya Shah", partner: "partners/opcc-kent", roles: ["opcc-staff"] },
  { id: "dover-officer", displayName: "Sam Patel", partner: "partners/csp-dover", roles: ["csp-officer"] },
];

const signedIn = (key: string): Reply<"identity", "DevSignIn"> => ({
  accessToken: `token-${key}`,
  tokenType: "Bearer",
  expiresIn: 900,
  person: null,
});

/** A report request with one text question, as the answer form's resumer reads it. */
const request: Reply<"reports", "GetReportRequest"> = {
  name: "reportRequests/rq-1",
  requester: "partners/opcc-kent",
  addressees: [],
  title: "Retail crime",
  issueOfConcern: "Shop theft in the town centre",
  sections: [{ id: "q1", title: "Summary", help: "", type: "SECTION_TYPE_TEXT", required: true, options: [] }],
  dueTime: null,
  classification: "CLASSIFICATION_OFFICIAL",
  legalBasis: "LEGAL_BASIS_INFORMAL",
  formalS7: null,
  withdrawn: false,
  etag: "",
  createTime: null,
  updateTime: null,
  createdBy: "people/opcc-staff-1",
  objective: "",
  objectiveTitle: "",
};

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh({ devSignIn: PEOPLE_TO_CHOOSE });
  mesh.downstream.on("identity", "DevSignIn", (req) =>
    signedIn(req.person === "people/dover-officer" ? "officer" : "opcc"),
  );
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.keptForms.clear();
  jest.restoreAllMocks();
});

const called = () =>
  mesh.downstream.calls.filter((c) => c.method !== "ListPartners").map((c) => `${c.service}.${c.method}`);

/** Posts a form as a person whose session has ended: kept for them, and the id of its cookie. */
async function keptWhenEnded(path: string, form: Record<string, string>, key = "officer") {
  const sent = await mesh.send("POST", path, { as: `ended-${key}`, form });
  expect([sent.status, sent.location]).toEqual([303, "/sign-in?kept=1"]);
  const id = sent.cookies.csp_pending_form ?? "";
  expect(mesh.keptForms.get(id)).toBeDefined();
  return id;
}

const routes: PageTests = {
  "GET /sign-in": {
    "development sign-in offers each demonstration person, with their roles and partner, and asks nothing":
      async () => {
        const page = await mesh.send("GET", "/sign-in");
        expect(page.status).toBe(200);
        expect(titleOf(page.text)).toBe("Sign in - Community safety partnership work");
        expect(page.text).toContain('value="dover-officer"');
        expect(textOf(page.text)).toContain("Sam Patel csp-officer, partners/csp-dover");
        expect(textOf(page.text)).toContain("Priya Shah opcc-staff, partners/opcc-kent");
        expect(page.text).not.toContain("You have been signed out");
        expect(mesh.downstream.calls).toEqual([]);
      },
    "after a form was kept it says so": async () => {
      const page = await mesh.send("GET", "/sign-in", { cookies: { csp_pending_form: "kept-9" } });
      expect(textOf(page.text)).toContain("You have been signed out");
      expect(textOf(page.text)).toContain("What you typed has been kept.");
    },
    "without development sign-in it points to the organisation's sign-in": async () => {
      const page = await off.send("GET", "/sign-in");
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Sign in");
      expect(textOf(page.text)).toContain("development sign-in is off");
      expect(page.text).not.toContain('name="person"');
    },
  },
  "POST /sign-in": {
    "signs in as the person chosen: their token from DevSignIn, a session, its cookie, and home": async () => {
      const sent = await mesh.send("POST", "/sign-in", { form: { person: "dover-officer" } });
      expect([sent.status, sent.location]).toEqual([303, "/"]);
      expect(mesh.downstream.calls).toEqual([
        { service: "identity", method: "DevSignIn", request: { person: "people/dover-officer" }, token: undefined },
      ]);
      expect(mesh.sessionsStarted.at(-1)).toBe("officer");
      expect(sent.cookies.csp_session).toBe("officer");
      expect(sent.headers.getSetCookie().find((c) => c.startsWith("csp_session="))).toMatch(/HttpOnly/i);
    },
    "nobody chosen, or someone not offered: 400 naming the field, and nobody is signed in": async () => {
      for (const form of [{}, { person: "someone-else" }] as Record<string, string>[]) {
        const page = await mesh.send("POST", "/sign-in", { form });
        expect(page.status).toBe(400);
        expect(titleOf(page.text)).toBe("Error: Sign in - Community safety partnership work");
        expect(errorSummary(page.text)).toEqual([{ text: "Choose who you want to sign in as", href: "#person" }]);
        expect(page.text).toContain('value="opcc-staff-1"');
      }
      expect(mesh.downstream.calls).toEqual([]);
    },
    "someone added to the directory since, by their id: the directory decides; unknown or blank is named": async () => {
      const sent = await mesh.send("POST", "/sign-in", {
        form: { person: "other", "person-id": "people/dover-officer" },
      });
      expect([sent.status, sent.location]).toEqual([303, "/"]);
      expect(mesh.downstream.requests("identity", "DevSignIn")).toEqual([{ person: "people/dover-officer" }]);
      mesh.downstream.calls.splice(0);
      const blank = await mesh.send("POST", "/sign-in", { form: { "person-id": "Not an id!" } });
      expect(blank.status).toBe(400);
      expect(errorSummary(blank.text)).toEqual([
        { text: "Enter the person's id in the directory, like dg-officer", href: "#person-id" },
      ]);
      expect(mesh.downstream.calls).toEqual([]);
      mesh.downstream.on("identity", "DevSignIn", () => {
        throw grpcError("UNAUTHENTICATED", "no active person with that name");
      });
      const unknown = await mesh.send("POST", "/sign-in", { form: { "person-id": "nobody" } });
      expect(unknown.status).toBe(400);
      expect(errorSummary(unknown.text)).toEqual([
        { text: "There is no active person with that id in the directory", href: "#person-id" },
      ]);
      expect(unknown.cookies.csp_session).toBeUndefined();
      mesh.downstream.on("identity", "DevSignIn", (req) =>
        signedIn(req.person === "people/dover-officer" ? "officer" : "opcc"),
      );
    },
    "without development sign-in nobody can be chosen": async () => {
      const page = await off.send("POST", "/sign-in", { form: { person: "dover-officer" } });
      expect(page.status).toBe(400);
      expect(off.downstream.calls).toEqual([]);
    },
    "a draft kept over an ended session is saved as the same person signs in, and they are back on their form":
      async () => {
        mesh.downstream.on("reports", "GetReportRequest", request);
        mesh.downstream.on("reports", "SaveDraft", (req) => ({ ...req, answers: [], attachments: [] }));
        const kept = await keptWhenEnded("/requests/rq-1/report", { a_q1: "Thefts rose by a third", action: "save" });
        expect(called()).toEqual([]); // nothing is saved while signed out
        const sent = await mesh.send("POST", "/sign-in", {
          form: { person: "dover-officer" },
          cookies: { csp_pending_form: kept },
        });
        expect([sent.status, sent.location]).toEqual([303, "/requests/rq-1/report?resumed=1"]);
        expect(mesh.downstream.requests("reports", "SaveDraft")).toEqual([
          {
            parent: "reportRequests/rq-1",
            answers: [{ sectionId: "q1", text: "Thefts rose by a third" }],
            attachments: [],
          },
        ]);
        expect(mesh.downstream.calls.find((c) => c.method === "SaveDraft")?.token).toBe("token-officer");
        expect(mesh.keptForms.size).toBe(0);
        expect(sent.cookies.csp_pending_form).toBe("");
      },
    "any other kept form waits on /resume to be sent; a form kept for someone else is dropped": async () => {
      const kept = await keptWhenEnded("/requests/rq-1/withdraw", { reasons: "No longer needed" }, "opcc");
      const opcc = await mesh.send("POST", "/sign-in", {
        form: { person: "opcc-staff-1" },
        cookies: { csp_pending_form: kept },
      });
      expect([opcc.status, opcc.location]).toEqual([303, "/resume"]);
      expect(mesh.keptForms.has(kept)).toBe(true);
      expect(called()).toEqual(["identity.DevSignIn"]); // nothing withdrawn

      const other = await mesh.send("POST", "/sign-in", {
        form: { person: "dover-officer" },
        cookies: { csp_pending_form: kept },
      });
      expect([other.status, other.location]).toEqual([303, "/"]);
      expect(other.cookies.csp_pending_form).toBe("");
    },
  },
  "GET /sign-out": {
    "ends the session on the server, clears its cookie and goes to sign in": async () => {
      const out = await mesh.send("GET", "/sign-out", { as: "panel" });
      expect([out.status, out.location]).toEqual([303, "/sign-in"]);
      expect(mesh.sessionsEnded.at(-1)).toBe("panel");
      expect(out.cookies.csp_session).toBe("");
      expect(mesh.downstream.calls).toEqual([]);
    },
    "without a session there is nothing to end": async () => {
      const before = mesh.sessionsEnded.length;
      const out = await mesh.send("GET", "/sign-out");
      expect([out.status, out.location]).toEqual([303, "/sign-in"]);
      expect(mesh.sessionsEnded).toHaveLength(before);
    },
  },
  "GET /session/status": {
    "how long is left, looked at without counting as activity, never cached": async () => {
      const peek = jest
        .spyOn(mesh.sessions, "peek")
        .mockResolvedValue({ live: true, endsAt: new Date(Date.now() + 600_500) });
      const keepAlive = jest.spyOn(mesh.sessions, "keepAlive");
      const reply = await mesh.send("GET", "/session/status", { as: "officer" });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.text)).toEqual({ live: true, secondsLeft: 600 });
      expect(reply.headers.get("cache-control")).toBe("no-store");
      expect(peek).toHaveBeenCalledWith("officer");
      expect(keepAlive).not.toHaveBeenCalled();
    },
    "without a session: not live, and the store is not asked": async () => {
      const peek = jest.spyOn(mesh.sessions, "peek");
      const reply = await mesh.send("GET", "/session/status");
      expect(JSON.parse(reply.text)).toEqual({ live: false, secondsLeft: 0 });
      expect(peek).not.toHaveBeenCalled();
    },
  },
  "POST /session/keep-alive": {
    "'stay signed in' counts as activity and says the new time left": async () => {
      const keepAlive = jest
        .spyOn(mesh.sessions, "keepAlive")
        .mockResolvedValue({ live: true, endsAt: new Date(Date.now() + 1_800_500) });
      const reply = await mesh.send("POST", "/session/keep-alive", { as: "officer" });
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.text)).toEqual({ live: true, secondsLeft: 1800 });
      expect(keepAlive).toHaveBeenCalledWith("officer");
    },
    "an ended session stays ended": async () => {
      jest.spyOn(mesh.sessions, "keepAlive").mockResolvedValue({ live: false });
      const reply = await mesh.send("POST", "/session/keep-alive", { as: "officer" });
      expect(JSON.parse(reply.text)).toEqual({ live: false, secondsLeft: 0 });
    },
    "without the form token it is refused and the session is not touched": async () => {
      const keepAlive = jest.spyOn(mesh.sessions, "keepAlive");
      const reply = await mesh.send("POST", "/session/keep-alive", { as: "officer", csrf: false });
      expect(reply.status).toBe(403);
      expect(keepAlive).not.toHaveBeenCalled();
    },
  },
  "GET /resume": {
    "shows a kept form back to its person as hidden fields to send with a fresh token, once": async () => {
      const kept = await keptWhenEnded(
        "/requests/rq-1/withdraw",
        { reasons: "Duplicate of rq-0 <b>", partner: "partners/csp-dover", requestId: "web-1" },
        "opcc",
      );
      const page = await mesh.send("GET", "/resume", { as: "opcc", cookies: { csp_pending_form: kept } });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Send what you typed");
      expect(page.text).toContain('<form method="post" action="/requests/rq-1/withdraw"');
      expect(page.text).toContain('<input type="hidden" name="reasons" value="Duplicate of rq-0 &lt;b&gt;">');
      expect(page.text).toContain('<input type="hidden" name="partner" value="partners/csp-dover">');
      // What they typed is listed; the page's own fields are not.
      expect(textOf(page.text)).toContain("reasons Duplicate of rq-0 <b>");
      expect(textOf(page.text)).not.toContain("requestId web-1");
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      expect(token).toBe(page.cookies["csp.x-csrf"]);
      expect(page.cookies.csp_pending_form).toBe("");
      expect(mesh.keptForms.size).toBe(0);
      const again = await mesh.send("GET", "/resume", { as: "opcc", cookies: { csp_pending_form: kept } });
      expect([again.status, again.location]).toEqual([303, "/"]);
    },
    "a form kept for someone else is not shown, and is dropped": async () => {
      const kept = await keptWhenEnded("/requests/rq-1/withdraw", { reasons: "Not theirs to see" }, "opcc");
      const page = await mesh.send("GET", "/resume", { as: "officer", cookies: { csp_pending_form: kept } });
      expect([page.status, page.location]).toEqual([303, "/"]);
      expect(mesh.keptForms.size).toBe(0);
    },
    "signed out, it sends the person to sign in and keeps the form": async () => {
      const kept = await keptWhenEnded("/requests/rq-1/withdraw", { reasons: "Later" }, "opcc");
      const page = await mesh.send("GET", "/resume", { cookies: { csp_pending_form: kept } });
      expect([page.status, page.location]).toEqual([303, "/sign-in"]);
      expect(mesh.keptForms.has(kept)).toBe(true);
    },
  },
};

/** A second app without development sign-in (production's OpenID Connect sign-in is elsewhere). */
let off: FakeMesh;
beforeAll(async () => {
  off = await startFakeMesh();
});
afterAll(() => off.close());

describe("account pages over the fake mesh", () => {
  test("every sign-in and session route has a test, and every test names a route", () => {
    expect(
      webCoverage(
        routesOf(
          (r, a) => registerSignInPages(r, a, {} as SignInOptions),
          (r, a) => registerSessionPages(r, a, {} as SessionPagesOptions),
        ),
        routes,
      ),
    ).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
