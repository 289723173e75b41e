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
    await this.col.deleteMany({ absoluteUntil: { $lt: now } }).catch(() => undefined);
    return id;
  }

  /** The live session for a cookie's id, renewed and kept alive; undefined if it has ended. */
  async resolve(id: string): Promise<SessionDoc | undefined> {
    const key = digest(id);
    const doc = await this.col.findOne({ _id: key });
    if (!doc) return undefined;
    const now = new Date();
    const v = judge(doc, now, this.settings.idleSeconds);
    if (!v.live) {
      await this.col.deleteOne({ _id: key });
      return undefined;
    }
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
