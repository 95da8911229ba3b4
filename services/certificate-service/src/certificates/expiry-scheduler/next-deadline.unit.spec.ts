import { nextDeadline } from './next-deadline';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-06-01T10:00:00.000Z');
const t = (ms: number) => new Date(now.getTime() + ms).toISOString();
const daily = () => [7, 6, 5, 4, 3, 2, 1];
const overdueAt = now.getTime() + 60_000;
const candidate = (expiresInMs: number, warnedThresholds: number[] = [], extra = {}) => ({
  issuerId: 'issuer-a',
  expiresAt: t(expiresInMs),
  grantedAt: t(expiresInMs - 60 * DAY),
  period: 1,
  warnedThresholds,
  ...extra,
});

describe('the expiry scheduler’s next deadline', () => {
  it('is the next threshold not yet warned about, before the expiry', () =>
    expect(nextDeadline([candidate(3.5 * DAY, [4])], daily, now, overdueAt)).toBe(now.getTime() + 0.5 * DAY));

  it('is the expiry itself once every threshold was warned about', () =>
    expect(nextDeadline([candidate(5000, [1])], daily, now, overdueAt)).toBe(now.getTime() + 5000));

  it('is the earliest of all candidates', () =>
    expect(
      nextDeadline([candidate(10 * DAY), candidate(2000, [1]), candidate(3 * DAY, [3])], daily, now, overdueAt),
    ).toBe(now.getTime() + 2000));

  it('puts a crossed threshold not warned about at `overdueAt`, never in the past', () =>
    expect(nextDeadline([candidate(3.5 * DAY)], daily, now, overdueAt)).toBe(overdueAt));

  it('skips the thresholds a renewal’s grant starts inside of', () =>
    // Renewed for 5 days: 7, 6 and 5 are not warned about in this period; 4 days before is next.
    expect(
      nextDeadline([candidate(4.5 * DAY, [], { grantedAt: t(-0.5 * DAY), period: 2 })], daily, now, overdueAt),
    ).toBe(now.getTime() + 0.5 * DAY));

  it('is nothing once every access has expired', () =>
    expect(nextDeadline([candidate(-1000)], daily, now, overdueAt)).toBeUndefined());
});
