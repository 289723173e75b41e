/**
 * Server-side web sessions. The browser holds only a random session id (httpOnly cookie); the
 * person's token stays on the server, in the gateway's database under the SHA-256 of that id. A
 * session lasts while the person is active (each request pushes the idle deadline forward) up to an
 * absolute limit; its token is renewed before it expires; signing out deletes it, so the old cookie
 * is refused from then on, on every replica.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Collection } from "mongodb";

export interface SessionSettings {
  idleSeconds: number;
  maxSeconds: number;
}

export interface SessionDoc {
  _id: string;
  token: string;
  tokenExpires: Date;
  /** The person signed in, to renew the token (people/<id>). */
  person: string;
  displayName: string;
  created: Date;
  lastSeen: Date;
  idleUntil: Date;
  absoluteUntil: Date;
}

/** How long an ended session is remembered (to return a form posted after it ended to its person). */
const KEEP_ENDED_MS = 3_600_000;
/** Seconds before a token's expiry at which it is renewed. */
const RENEW_BEFORE_S = 120;
/** Activity is written at most this often (each write costs the database a round trip)... */
const TOUCH_EVERY_S = 15;
/** ...and at least four times per idle period, so steady activity always keeps a session alive. */
const touchEvery = (idleSeconds: number) => Math.min(TOUCH_EVERY_S, idleSeconds / 4);

export type Verdict = { live: false } | { live: true; renew: boolean; touch: boolean };

/** What to do with a session at `now`: pure, so the rules are unit-tested. */
export function judge(doc: SessionDoc, now: Date, idleSeconds: number): Verdict {
  if (now >= doc.idleUntil || now >= doc.absoluteUntil) return { live: false };
  return {
    live: true,
    renew: doc.tokenExpires.getTime() - now.getTime() < RENEW_BEFORE_S * 1000,
    touch: now.getTime() - doc.lastSeen.getTime() >= touchEvery(idleSeconds) * 1000,
  };
}

const digest = (id: string) => createHash("sha256").update(id).digest("hex");

export type Renew = (person: string) => Promise<{ accessToken: string; expiresIn: number } | undefined>;

export class SessionStore {
  constructor(
    private readonly col: Collection<SessionDoc>,
    private readonly settings: SessionSettings,
    private readonly renewToken: Renew,
  ) {}

  /** Starts a session; returns the id for the cookie. Expired sessions are swept at the same time. */
  async start(person: string, displayName: string, token: { accessToken: string; expiresIn: number }) {
    const id = randomBytes(32).toString("base64url");
    const now = new Date();
    await this.col.insertOne({
      _id: digest(id),
      token: token.accessToken,
      tokenExpires: new Date(now.getTime() + token.expiresIn * 1000),
      person,
      displayName,
      created: now,
      lastSeen: now,
      idleUntil: new Date(now.getTime() + this.settings.idleSeconds * 1000),
      absoluteUntil: new Date(now.getTime() + this.settings.maxSeconds * 1000),
    });
    // Ended sessions are kept an hour, long enough to give a form posted after the end back to the
    // same person when they sign in again (see PendingForms), then swept.
    const cutoff = new Date(now.getTime() - KEEP_ENDED_MS);
    await this.col
      .deleteMany({ $or: [{ absoluteUntil: { $lt: cutoff } }, { idleUntil: { $lt: cutoff } }] })
      .catch(() => undefined);
    return id;
  }

  /** When the session ends if nothing more happens, without counting this as activity (for the timeout warning). */
  async peek(id: string): Promise<{ live: boolean; endsAt?: Date }> {
    const doc = await this.col.findOne({ _id: digest(id) });
    if (!doc || !judge(doc, new Date(), this.settings.idleSeconds).live) return { live: false };
    return { live: true, endsAt: new Date(Math.min(doc.idleUntil.getTime(), doc.absoluteUntil.getTime())) };
  }

  /** "Stay signed in": counts as activity now, however recently the last was recorded. */
  async keepAlive(id: string): Promise<{ live: boolean; endsAt?: Date }> {
    const key = digest(id);
    const doc = await this.col.findOne({ _id: key });
    const now = new Date();
    if (!doc || !judge(doc, now, this.settings.idleSeconds).live) return { live: false };
    const idleUntil = new Date(Math.min(now.getTime() + this.settings.idleSeconds * 1000, doc.absoluteUntil.getTime()));
    await this.col.updateOne({ _id: key }, { $set: { lastSeen: now, idleUntil } });
    return { live: true, endsAt: idleUntil };
  }

  /** Who a session that has ended (idle or at its limit, not signed out) belonged to. */
  async personOfEnded(id: string): Promise<string | undefined> {
    const doc = await this.col.findOne({ _id: digest(id) });
    return doc && !judge(doc, new Date(), this.settings.idleSeconds).live ? doc.person : undefined;
  }

  /** The live session for a cookie's id, renewed and kept alive; undefined if it has ended. */
  async resolve(id: string): Promise<SessionDoc | undefined> {
    const key = digest(id);
    const doc = await this.col.findOne({ _id: key });
    if (!doc) return undefined;
    const now = new Date();
    const v = judge(doc, now, this.settings.idleSeconds);
    // Not deleted here: an ended session is kept a while (see start), dead whatever its cookie says.
    if (!v.live) return undefined;
    const set: Partial<SessionDoc> = {};
    if (v.renew) {
      const t = await this.renewToken(doc.person);
      if (t) Object.assign(set, { token: t.accessToken, tokenExpires: new Date(now.getTime() + t.expiresIn * 1000) });
    }
    if (v.touch || v.renew) {
      const idle = new Date(Math.min(now.getTime() + this.settings.idleSeconds * 1000, doc.absoluteUntil.getTime()));
      Object.assign(set, { lastSeen: now, idleUntil: idle });
    }
    if (Object.keys(set).length > 0) await this.col.updateOne({ _id: key }, { $set: set });
    return { ...doc, ...set };
  }

  /** Ends the session on the server: the cookie is worthless from now on. */
  async end(id: string): Promise<void> {
    await this.col.deleteOne({ _id: digest(id) });
  }
}

/**
 * A form posted after its session ended, kept until its person signs in again so nothing typed is
 * lost. Bound to the browser (a random id in its own httpOnly cookie, stored here only as a hash)
 * and to the person whose session ended; kept for an hour.
 */
export interface PendingFormDoc {
  _id: string;
  path: string;
  fields: Record<string, string | string[]>;
  /** The person whose session had ended, when known; only they get the form back. */
  person?: string;
  created: Date;
}

export const PENDING_COOKIE = "csp_pending_form";
export const PENDING_SECONDS = 3600;

export class PendingForms {
  constructor(private readonly col: Collection<PendingFormDoc>) {}

  /** Keeps a posted form; returns the id for the browser's cookie. */
  async keep(path: string, body: Record<string, unknown>, person: string | undefined): Promise<string> {
    const id = randomBytes(24).toString("base64url");
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === "_csrf") continue; // bound to the old session; a fresh one is issued
      fields[k] = Array.isArray(v) ? v.map(String) : String(v);
    }
    const now = new Date();
    await this.col.insertOne({ _id: digest(id), path, fields, ...(person ? { person } : {}), created: now });
    await this.col
      .deleteMany({ created: { $lt: new Date(now.getTime() - PENDING_SECONDS * 1000) } })
      .catch(() => undefined);
    return id;
  }

  /** The kept form for `person`, removed as it is taken; a form kept for someone else is dropped. */
  async take(id: string, person: string): Promise<PendingFormDoc | undefined> {
    const doc = await this.get(id, person);
    await this.drop(id);
    return doc;
  }

  /** The kept form for `person`, left in place (the sign-in decides what to do with it). */
  async get(id: string, person: string): Promise<PendingFormDoc | undefined> {
    const doc = await this.col.findOne({ _id: digest(id) });
    const usable =
      doc && Date.now() - doc.created.getTime() < PENDING_SECONDS * 1000 && (!doc.person || doc.person === person);
    return usable ? doc : undefined;
  }

  async drop(id: string): Promise<void> {
    await this.col.deleteOne({ _id: digest(id) });
  }
}
