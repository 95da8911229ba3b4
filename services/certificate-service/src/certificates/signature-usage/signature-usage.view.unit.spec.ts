import { accessSignatures } from './signature-usage.view';

const DAY = 24 * 60 * 60 * 1000;
const grantedAt = '2026-06-01T00:00:00.000Z';
const at = (days: number) => new Date(Date.parse(grantedAt) + days * DAY);
const access = { grantedAt, expiresAt: at(60).toISOString(), state: 'granted' };

describe('the signatures a CA access card shows', () => {
  it('shows none used before any report, and no date for the limit', () =>
    expect(accessSignatures(access, undefined, at(1))).toEqual({ used: 0, limit: 1_000_000_000, share: 0 }));

  it('projects the limit at the rate since the grant when it comes before the time limit', () =>
    // 500 million in 10 days: the other 500 million in 10 more days, 20 days after the grant.
    expect(accessSignatures(access, { signatures: 500_000_000, lastAt: at(10) }, at(10))).toEqual({
      used: 500_000_000,
      limit: 1_000_000_000,
      share: 0.5,
      limitReachedAt: at(20).toISOString(),
    }));

  it('gives no date when the time limit comes first, or the access is no longer granted', () => {
    expect(
      accessSignatures(access, { signatures: 100_000_000, lastAt: at(10) }, at(10)).limitReachedAt,
    ).toBeUndefined();
    const expired = { ...access, state: 'expired' };
    expect(
      accessSignatures(expired, { signatures: 900_000_000, lastAt: at(10) }, at(10)).limitReachedAt,
    ).toBeUndefined();
  });

  it("counts against the grant's own limit when it carries one", () =>
    expect(
      accessSignatures({ ...access, signatureLimit: 1000 }, { signatures: 950, lastAt: at(1) }, at(1)),
    ).toMatchObject({
      limit: 1000,
      share: 0.95,
    }));
});
