/**
 * The people of the handler tests and what the app keeps about them: a session store holding one
 * signed-in person per cookie (the cookie's value is the person's key, their token "token-<key>"),
 * a verifier that trusts those tokens, and kept forms in memory.
 */
import type { Caller, TokenVerifier } from "@csp-mesh/kit";
import type { PendingFormDoc, SessionStore } from "../web/frame/sessions";
import { grpcError } from "./fake-downstream";

/** People to sign in as, one per role, named like the demonstration's. */
export const PEOPLE: Record<string, Caller> = {
  opcc: { subject: "people/opcc-staff-1", partner: "partners/opcc-kent", roles: ["opcc-staff"], kind: "person" },
  officer: { subject: "people/dover-officer", partner: "partners/csp-dover", roles: ["csp-officer"], kind: "person" },
  chair: { subject: "people/dover-chair", partner: "partners/csp-dover", roles: ["csp-chair"], kind: "person" },
  /** A person of a responsible authority (a party to combination agreements), not of a partnership. */
  authority: {
    subject: "people/dover-council-officer",
    partner: "partners/dover-council",
    roles: ["csp-officer"],
    kind: "person",
  },
  panel: {
    subject: "people/panel-member-1",
    partner: "partners/police-and-crime-panel",
    roles: ["panel-member"],
    kind: "person",
  },
};

/** The person a fake token ("token-<key>", or the key alone) stands for; any other is UNAUTHENTICATED. */
export const callerOf = (token: string | undefined): Caller => {
  const who = PEOPLE[String(token).replace(/^token-/, "")];
  if (!who) throw grpcError("UNAUTHENTICATED", "no such fake token");
  return who;
};

/** A verifier that trusts the fake tokens. */
export const fakeVerifier = () => ({ verify: async (token: string) => callerOf(token) }) as unknown as TokenVerifier;

/**
 * The session store: a session id is the key of a person in PEOPLE, whose token is "token-<key>"; a
 * sign-in starts the session of the person its token names; "ended-<key>" is <key>'s ended session.
 * Session ids started and ended are recorded in order.
 */
export function fakeSessions(): { sessions: SessionStore; sessionsStarted: string[]; sessionsEnded: string[] } {
  const sessionsStarted: string[] = [];
  const sessionsEnded: string[] = [];
  const sessions = {
    resolve: async (id: string) =>
      PEOPLE[id] ? { token: `token-${id}`, displayName: PEOPLE[id]?.subject ?? id } : undefined,
    peek: async (id: string) => ({ live: Boolean(PEOPLE[id]) }),
    keepAlive: async (id: string) => ({ live: Boolean(PEOPLE[id]) }),
    start: async (_person: string, _displayName: string, t: { accessToken: string }) => {
      const id = t.accessToken.replace(/^token-/, "");
      sessionsStarted.push(id);
      return id;
    },
    end: async (id: string) => {
      sessionsEnded.push(id);
    },
    personOfEnded: async (id: string) => (id.startsWith("ended-") ? PEOPLE[id.slice(6)]?.subject : undefined),
  } as unknown as SessionStore;
  return { sessions, sessionsStarted, sessionsEnded };
}

/** In memory, as PendingForms keeps forms: without the form token, bound to the person when known. */
export class MemoryPendingForms {
  readonly kept = new Map<string, PendingFormDoc>();
  private next = 1;
  async keep(path: string, body: Record<string, unknown>, person: string | undefined): Promise<string> {
    const id = `kept-${this.next++}`;
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(body))
      if (k !== "_csrf") fields[k] = Array.isArray(v) ? v.map(String) : String(v);
    this.kept.set(id, { _id: id, path, fields, ...(person ? { person } : {}), created: new Date() });
    return id;
  }
  async get(id: string, person: string): Promise<PendingFormDoc | undefined> {
    const doc = this.kept.get(id);
    return doc && (!doc.person || doc.person === person) ? doc : undefined;
  }
  async take(id: string, person: string): Promise<PendingFormDoc | undefined> {
    const doc = await this.get(id, person);
    this.kept.delete(id);
    return doc;
  }
  async drop(id: string): Promise<void> {
    this.kept.delete(id);
  }
}
