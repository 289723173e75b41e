/**
 * Tokens for a partner system: exchanged for its client credentials, cached, and renewed before they
 * expire (a margin of a tenth of the lifetime, at least 10 s), with one exchange in flight at a time.
 */

export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds, as the directory reports it. */
  expiresIn: number;
}

export interface TokenSource {
  token(): Promise<string>;
  /** Forget the cached token (the server refused it, e.g. after a key rotation). */
  invalidate(): void;
}

export function cachedToken(exchange: () => Promise<IssuedToken>, now: () => number = Date.now): TokenSource {
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const renew = async () => {
    const issued = await exchange();
    const lifetimeMs = Math.max(0, issued.expiresIn) * 1000;
    const margin = Math.max(10_000, lifetimeMs / 10);
    current = { token: issued.accessToken, renewAt: now() + lifetimeMs - margin };
    return issued.accessToken;
  };
  return {
    token() {
      if (current && now() < current.renewAt) return Promise.resolve(current.token);
      pending ??= renew().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      current = undefined;
    },
  };
}

/** A token someone else manages (a person's, from the OpenID Connect provider). */
export function fixedToken(get: () => string | Promise<string>): TokenSource {
  return { token: async () => get(), invalidate: () => {} };
}
