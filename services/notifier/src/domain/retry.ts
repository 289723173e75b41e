/** When a failed delivery is tried again: exponential backoff with full jitter, capped, pure. */
export function nextAttemptDelay(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(60 * 60_000, baseMs * 2 ** Math.max(0, attempts - 1));
  // Half fixed, half random: spreads retries out without ever retrying at once.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
