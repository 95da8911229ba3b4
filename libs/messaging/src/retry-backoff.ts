/** Bounded retry of a failing handler: `attempts` tries in all, the delay doubling between them. */
export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 3000 };

/** Delay before retry number `retry` (1 = the first retry); ±20% jitter keeps retrying consumers apart. */
export function backoffDelay(
  policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>,
  retry: number,
  random = Math.random,
): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.min(policy.maxDelayMs, Math.round(base * (0.8 + 0.4 * random())));
}

export class Stopped extends Error {
  constructor() {
    super('stopped while waiting to retry');
    this.name = 'Stopped';
  }
}

/**
 * Sleeps in slices so a long backoff still heartbeats (the group would otherwise evict the
 * member) and ends early with `Stopped` when the worker shuts down.
 */
export async function pause(
  ms: number,
  options: { isStopping: () => boolean; heartbeat?: () => Promise<void>; sliceMs?: number },
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (options.isStopping()) throw new Stopped();
    await options.heartbeat?.();
    const left = deadline - Date.now();
    if (left <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, options.sliceMs ?? 500)));
  }
}
