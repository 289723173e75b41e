/**
 * Which partner systems have been revoked, so their tokens stop working within a stated bound rather
 * than when they expire (up to TOKEN_TTL_SECONDS later). The directory publishes the systems revoked
 * within the last token lifetime at /.well-known/revoked-systems (older ones hold no live token); each
 * service re-reads it at most every `refreshMs`, when a system's token arrives, so a revocation takes
 * effect everywhere within `refreshMs` (plus one fetch). If the directory cannot be reached the last
 * list is kept and asked for again a second later.
 */
export const REVOKED_SYSTEMS_PATH = "/.well-known/revoked-systems";

export type RevocationCheck = (subject: string) => Promise<boolean>;

export class RevocationList {
  private revoked = new Set<string>();
  private freshUntil = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly refreshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  readonly isRevoked: RevocationCheck = async (subject) => {
    if (this.now() >= this.freshUntil) {
      this.pending ??= this.refresh().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
    return this.revoked.has(subject);
  };

  private async refresh(): Promise<void> {
    try {
      const res = await fetch(this.url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`answered ${res.status}`);
      const body = (await res.json()) as { revoked?: unknown };
      if (!Array.isArray(body.revoked)) throw new Error("no revoked list");
      this.revoked = new Set(body.revoked.filter((s): s is string => typeof s === "string"));
      this.freshUntil = this.now() + this.refreshMs;
    } catch {
      this.freshUntil = this.now() + Math.min(1_000, this.refreshMs);
    }
  }
}

/** The revocation list's address beside the JWKS (same origin), unless configured. */
export const revocationUrlFor = (jwksUrl: string) => new URL(REVOKED_SYSTEMS_PATH, jwksUrl).toString();
