/** Exponential backoff: the delay doubles from `initialDelayMs` up to `maxDelayMs`. */
export interface Backoff {
  initialDelayMs: number;
  maxDelayMs: number;
  /** ± this fraction of random spread (0.2: ±20%), so retrying workers drift apart; default none. */
  jitter?: number;
}

/** Delay before retry number `retry` (1 = the first retry). */
export function backoffDelay(backoff: Backoff, retry: number, random = Math.random): number {
  const base = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.max(0, retry - 1));
  const jitter = backoff.jitter ?? 0;
  return Math.min(backoff.maxDelayMs, Math.round(base * (1 - jitter + 2 * jitter * random())));
}
