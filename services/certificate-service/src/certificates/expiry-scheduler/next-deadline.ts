import { DAY_MS, thresholdsOfPeriod } from '../certificate.rules';
import type { ExpiryCandidate } from './expiry-candidates.port';

/**
 * The next instant at which something is due for these candidates: an access expiring, or a
 * warning threshold not yet warned about in its period being crossed. A threshold already crossed
 * but not warned about is due at `overdueAt`: at once for an access just granted, at the next
 * periodic pass after a pass that could not warn (so a failing warning never spins the timer).
 * Undefined when nothing among them is due any more.
 */
export function nextDeadline(
  candidates: Array<Omit<ExpiryCandidate, 'certificateId'>>,
  thresholdsOf: (issuerId: string) => number[],
  now: Date,
  overdueAt: number,
): number | undefined {
  let next: number | undefined;
  const consider = (instant: number) => {
    const at = instant <= now.getTime() ? overdueAt : instant;
    next = Math.min(next ?? at, at);
  };
  for (const candidate of candidates) {
    const expiresAt = Date.parse(candidate.expiresAt);
    if (expiresAt <= now.getTime()) continue;
    consider(expiresAt);
    // Warned at a threshold, the larger ones are spent for the period too (only the latest crossed is sent).
    const latestWarned = Math.min(Infinity, ...candidate.warnedThresholds);
    for (const days of thresholdsOfPeriod(thresholdsOf(candidate.issuerId), candidate)) {
      if (days < latestWarned) consider(expiresAt - days * DAY_MS);
    }
  }
  return next;
}
