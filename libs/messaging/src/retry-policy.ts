import type { Backoff } from '@signstash/platform';

/** Bounded retry of a failing handler: `attempts` tries in all, the delay doubling between them. */
export interface RetryPolicy extends Backoff {
  attempts: number;
}

/** ±20% jitter keeps the retries of consumers that failed together apart. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 3000, jitter: 0.2 };
